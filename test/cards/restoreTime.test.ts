import type { Change } from '../../src/domain/change';
import type { RestoreDrill } from '../../src/domain/drills';
import { makeChange } from '../support/changeFactory';
import { card, change, seen, WINDOW } from './support';

/** The decision card at render time: what an incident now and an extension cost, in local time. */

const implementer = { aadObjectId: '00000000-0000-0000-0000-00000000a001', name: 'Ada Implementer' };

function running(overrides: Partial<Change> = {}): Change {
  return change({ status: 'running', ...overrides });
}

function drill(endedAt: string, minutes: number, path = 'Data snapshot'): RestoreDrill {
  const started = new Date(Date.parse(endedAt) - minutes * 60_000).toISOString();
  return {
    id: `DRILL-${endedAt}`,
    service: 'ISC Learn Platform',
    path,
    state: 'restored',
    createdAt: started,
    createdBy: implementer,
    startedAt: started,
    endedAt,
  };
}

describe('the decision card says what each choice costs in time', () => {
  it('at 21:40 (window 18:00–22:00): the snapshot restore is back around 22:40, 40 min after the window', () => {
    const text = seen(card('decision', running(), { now: new Date('2026-12-19T20:40:00Z') }));
    expect(text).toContain(
      'Incident now: the restore takes about 1 h (Data snapshot; never drilled), the service is back around 22:40, 40 min after the window.',
    );
    expect(text).toContain(
      'Extend by 30 min: the window ends at 22:30, you decide again at 22:00; an incident then has the service back around 23:00 (Data snapshot), 30 min after the extended window.',
    );
  });

  it('earlier, at 20:30: the restore would end 30 min before the end of the window', () => {
    const text = seen(card('decision', running(), { now: new Date('2026-12-19T19:30:00Z') }));
    expect(text).toContain('the service is back around 21:30, 30 min before the end of the window.');
  });

  it('exactly one restore before the end: "at the end of the window"', () => {
    const text = seen(card('decision', running(), { now: new Date('2026-12-19T20:00:00Z') }));
    expect(text).toContain('the service is back around 22:00, at the end of the window.');
  });

  it('after a 60 min extension the same arithmetic counts from the new end (23:00)', () => {
    const extended = running({
      window: { start: WINDOW.start, end: '2026-12-19T22:00:00.000Z' },
      extensions: [
        {
          extraMinutes: 60,
          previousEnd: WINDOW.end,
          newEnd: '2026-12-19T22:00:00.000Z',
          by: implementer,
          at: '2026-12-19T20:35:00.000Z',
        },
      ],
    });
    const decision = seen(card('decision', extended, { now: new Date('2026-12-19T21:35:00Z') }));
    expect(decision).toContain('the service is back around 23:35, 35 min after the window.');
    expect(decision).toContain('Extend by 30 min: the window ends at 23:30, you decide again at 23:00;');
    // The extension card: an incident at the moved decision point (22:30).
    const moved = {
      ...extended,
      milestones: {
        ...extended.milestones,
        decision: { due: '2026-12-19T21:30:00.000Z', state: 'pending' as const },
      },
    };
    const extension = seen(card('extension', moved, { now: new Date('2026-12-19T20:35:00Z') }));
    expect(extension).toContain(
      'Incident at the decision point (22:30): the restore takes about 1 h (Data snapshot; never drilled), the service is back around 23:30, 30 min after the window.',
    );
  });

  it('is recomputed from the clock at each render (a refresh later shows a later time)', () => {
    const subject = running();
    const first = seen(card('decision', subject, { now: new Date('2026-12-19T20:40:00Z') }));
    const later = seen(card('decision', subject, { now: new Date('2026-12-19T20:55:00Z') }));
    expect(first).toContain('back around 22:40, 40 min after');
    expect(later).toContain('back around 22:55, 55 min after');
  });

  it('on the night clocks go back (Sun 25 Oct 2026), 1 h after 02:30 CEST is 02:30 CET, 90 min before a 04:00 end', () => {
    const night = makeChange({
      status: 'running',
      // 01:00 CEST – 04:00 CET: four real hours.
      window: { start: '2026-10-24T23:00:00.000Z', end: '2026-10-25T03:00:00.000Z' },
    });
    const text = seen(card('decision', night, { now: new Date('2026-10-25T00:30:00Z') }));
    expect(text).toContain('the service is back around 02:30, 1 h 30 min before the end of the window.');
  });

  it('on the night clocks go forward (Sun 29 Mar 2026), 1 h after 01:45 CET is 03:45 CEST', () => {
    const night = makeChange({
      status: 'running',
      // 00:00 CET – 04:00 CEST: three real hours.
      window: { start: '2026-03-28T23:00:00.000Z', end: '2026-03-29T02:00:00.000Z' },
    });
    const text = seen(card('decision', night, { now: new Date('2026-03-29T00:45:00Z') }));
    expect(text).toContain('the service is back around 03:45, 15 min before the end of the window.');
  });

  it('once the window is closed the card shows no arithmetic', () => {
    const text = seen(
      card('decision', running({ status: 'completed' }), { now: new Date('2026-12-19T20:40:00Z') }),
    );
    expect(text).not.toContain('Incident now');
  });

  it('shows the last drill next to the process figure, on the decision and the incident card', () => {
    const measured = {
      drills: [drill('2026-09-12T10:00:00Z', 70), drill('2026-10-03T10:00:00Z', 52)],
      snapshots: [],
    };
    const decision = seen(card('decision', running(), { now: new Date('2026-12-19T20:40:00Z'), measured }));
    expect(decision).toContain(
      'the restore takes about 1 h (Data snapshot; last drill: 52 min on Sat 3 Oct 2026)',
    );
    const incident = seen(
      card('incident', running({ status: 'incident' }), { now: new Date('2026-12-19T20:40:00Z'), measured }),
    );
    expect(incident).toContain('It takes about 1 h (last drill: 52 min on Sat 3 Oct 2026).');
  });
});

describe('a window too short to restore in: a warning, not a refusal', () => {
  // 18:00–22:00 is 4 h; the margin is 30 min and the restore 1 h.
  it('warns on the form answer and the pre-check card when downtime + margin + restore exceed the window', () => {
    const tight = change({ downtimeMinutes: 151 });
    const expected =
      'The window (4 h) is shorter than the downtime (2 h 31 min) + the decision margin (30 min) + the shortest restore (1 h, Data snapshot) = 4 h 1 min';
    expect(seen(card('created', tight))).toContain(expected);
    expect(seen(card('rescheduled', tight))).toContain(expected);
    expect(seen(card('precheck', tight))).toContain(expected);
  });

  it('says nothing when it fits exactly', () => {
    const fits = change({ downtimeMinutes: 150 });
    expect(seen(card('created', fits))).not.toContain('is shorter than the downtime');
    expect(seen(card('precheck', fits))).not.toContain('is shorter than the downtime');
  });
});

describe('restore drills slower than the process file: the pre-check card and show warn', () => {
  const warning = 'Restore drills of Data snapshot take longer than the process file says';
  const threeDrills = (minutes: number[]) => ({
    drills: minutes.map((m, i) => drill(`2026-10-0${i + 1}T10:00:00Z`, m)),
    snapshots: [],
  });

  it('median 72 min of a 60 min figure (exactly 20 % over): no warning', () => {
    const measured = threeDrills([50, 72, 90]);
    expect(seen(card('precheck', change(), { measured }))).not.toContain(warning);
  });

  it('median 73 min (just over 20 %): the pre-check card warns, with the median and the figure', () => {
    const measured = threeDrills([50, 73, 90]);
    expect(seen(card('precheck', change(), { measured }))).toContain(
      `${warning}: the median of the last 3 drills is 1 h 13 min, the process figure 1 h (more than 20 % over).`,
    );
  });

  it('only the last three drills count: an old slow drill is forgotten', () => {
    const measured = {
      drills: [drill('2026-01-01T10:00:00Z', 300), ...threeDrills([55, 60, 65]).drills],
      snapshots: [],
    };
    expect(seen(card('precheck', change(), { measured }))).not.toContain(warning);
  });
});
