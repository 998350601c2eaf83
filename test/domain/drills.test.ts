import {
  drillFigures,
  exceedsProcessFigure,
  finishDrill,
  median,
  newDrill,
  snapshotFigure,
  startDrill,
  type RestoreDrill,
} from '../../src/domain/drills';

const by = { aadObjectId: 'a-1', name: 'Ada' };
const PATHS = ['NAS backup', 'Data snapshot'];
const MINUTE = 60_000;
const t0 = new Date('2026-10-03T08:00:00Z');
const after = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);

function ok(step: ReturnType<typeof startDrill>): RestoreDrill {
  if (!step.ok) throw new Error(step.message);
  return step.drill;
}

describe('a restore drill, timed on the clock it is given', () => {
  it('Started, then Restored 52 min later, measures 52 min', () => {
    const started = ok(startDrill(newDrill('DRILL-1', 'S', by, t0), 'Data snapshot', PATHS, by, after(1)));
    const restored = ok(finishDrill(started, 'restored', '  went fine ', by, after(53)));
    expect(drillFigures([restored], 'S', 'Data snapshot')).toEqual({
      count: 1,
      last: { durationMs: 52 * MINUTE, at: after(53).toISOString() },
      recentMedianMs: 52 * MINUTE,
    });
    expect(restored.note).toBe('went fine');
  });

  it('refuses an unknown path, a second Started, a Restored before Started and a press after the end', () => {
    const ready = newDrill('DRILL-1', 'S', by, t0);
    expect(startDrill(ready, 'Tape', PATHS, by, t0)).toEqual({
      ok: false,
      message: 'Choose which restore path you drill: NAS backup, Data snapshot.',
    });
    expect(finishDrill(ready, 'restored', '', by, t0)).toEqual({
      ok: false,
      message: 'Press Started first: the drill is timed from there.',
    });
    const started = ok(startDrill(ready, 'NAS backup', PATHS, by, t0));
    expect(startDrill(started, 'NAS backup', PATHS, by, t0)).toEqual({
      ok: false,
      message: 'This drill was already started.',
    });
    const abandoned = ok(finishDrill(started, 'abandoned', 'NAS offline', by, after(5)));
    expect(finishDrill(abandoned, 'restored', '', by, after(6))).toEqual({
      ok: false,
      message: 'This drill was already abandoned.',
    });
    expect(drillFigures([abandoned], 'S', 'NAS backup')).toEqual({ count: 0 });
  });

  it('the last drill is the latest finished, whatever the order stored; the median takes the last three', () => {
    const drills = [60, 90, 50, 70].map((minutes, i) => {
      const start = new Date(Date.UTC(2026, 8, 10 - i));
      const started = ok(startDrill(newDrill(`D${i}`, 'S', by, start), 'Data snapshot', PATHS, by, start));
      return ok(finishDrill(started, 'restored', '', by, new Date(start.getTime() + minutes * MINUTE)));
    });
    // Finished on 7, 8, 9, 10 Sep: 70, 50, 90, 60 min; the last three are 50, 90, 60.
    const figures = drillFigures(drills, 'S', 'Data snapshot');
    expect(figures.last?.durationMs).toBe(60 * MINUTE);
    expect(figures.recentMedianMs).toBe(60 * MINUTE);
    expect(drillFigures(drills, 'Other service', 'Data snapshot')).toEqual({ count: 0 });
  });

  it('median of an even count is the mean of the middle two; of nothing, undefined', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('more than 20 % over warns: 72 min of 60 does not, 72 min 60 ms does', () => {
    expect(exceedsProcessFigure(72 * MINUTE, 60 * MINUTE)).toBe(false);
    expect(exceedsProcessFigure(72 * MINUTE + 60, 60 * MINUTE)).toBe(true);
    expect(exceedsProcessFigure(undefined, 60 * MINUTE)).toBe(false);
  });

  it('the snapshot figure switches to the measured median only when it is longer', () => {
    const timing = (day: number, minutes: number) => ({
      changeId: `CHG-2026-00${day}`,
      service: 'S',
      startedAt: new Date(Date.UTC(2026, 5, day, 3)).toISOString(),
      doneAt: new Date(Date.UTC(2026, 5, day, 3) + minutes * MINUTE).toISOString(),
    });
    const processMs = 150 * MINUTE;
    expect(snapshotFigure([timing(1, 150), timing(2, 150), timing(3, 150)], 'S', processMs).source).toBe(
      'process',
    );
    expect(snapshotFigure([timing(1, 151), timing(2, 151), timing(3, 10)], 'S', processMs)).toEqual({
      durationMs: 151 * MINUTE,
      source: 'measured',
      processMs,
      measuredMedianMs: 151 * MINUTE,
      measuredCount: 3,
    });
    expect(snapshotFigure([], 'S', processMs)).toEqual({
      durationMs: processMs,
      source: 'process',
      processMs,
      measuredCount: 0,
    });
  });
});
