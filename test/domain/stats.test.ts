import { Duration } from 'luxon';
import { outcomeStats, type PeriodFigures, type StatsPeriod } from '../../src/domain/stats';
import { readStatsQuery } from '../../src/domain/statsQuery';
import { makeChange } from '../support/changeFactory';
import { generatedHistory } from '../support/statsHistory';

const ZONE = 'Europe/Zurich';
const LEAD = Duration.fromObject({ days: 21 });
const YEAR_2026: StatsPeriod = { first: '2026-01', last: '2026-12', label: '2026' };

/*
 * Expected figures, worked out by hand from the generator's rules (test/support/statsHistory.ts), not by
 * running any of the code under test. Month m (January = 0) holds the 20 changes with i mod 10 = m, that is
 * k = i mod 20 ∈ {m, m+10}, ten of each.
 *
 * [month, completed, restored, handedOff, cancelled, failed/run, extensions, ext. minutes,
 *  recovery median, recovery worst, lead kept/of, expedited, nogo/decided, snapshot median, snapshot worst,
 *  reviews]
 */
type Row = [
  string,
  number,
  number,
  number,
  number,
  [number, number],
  number,
  number,
  number | undefined,
  number | undefined,
  [number, number],
  number,
  [number, number],
  number | undefined,
  number | undefined,
  number,
];
const U = undefined;
const MONTHS: Row[] = [
  // k 0, 10: all completed; i mod 20 = 0 → 10 first extensions (30 min) + 5 second ones (15 min);
  // i mod 5 = 0 → created 10 days ahead and i mod 10 = 0 → expedited.
  ['2026-01', 20, 0, 0, 0, [0, 20], 15, 375, U, U, [0, 20], 20, [0, 20], U, U, 0],
  // k 1, 11; i = 1, 51, 101, 151 created exactly 21 days ahead: kept.
  ['2026-02', 20, 0, 0, 0, [0, 20], 0, 0, U, U, [20, 20], 0, [0, 20], U, U, 0],
  // k 2, 12: snapshot 140 + ⌊i/10⌋ for i = 2, 12, …, 192 → 140…159, median (149+150)/2.
  ['2026-03', 20, 0, 0, 0, [0, 20], 15, 375, U, U, [20, 20], 0, [0, 20], 149.5, 159, 0],
  // k 3, 13: NOGO then GO for i = 3, 53, 103, 153.
  ['2026-04', 20, 0, 0, 0, [0, 20], 0, 0, U, U, [20, 20], 0, [4, 20], U, U, 0],
  // k 14 restored in 20 + 5j (j = 0…9) → 20…65, median (40+45)/2; a review each.
  ['2026-05', 10, 10, 0, 0, [10, 20], 15, 375, 42.5, 65, [20, 20], 0, [0, 20], U, U, 10],
  // k 15 restored in 120 + 5j → 120…165; i mod 10 = 5 → created 10 days ahead, not expedited.
  ['2026-06', 10, 10, 0, 0, [10, 20], 0, 0, 142.5, 165, [0, 20], 0, [0, 20], U, U, 0],
  // k 16 handed off: failed, no recovery time; a review each.
  ['2026-07', 10, 0, 10, 0, [10, 20], 15, 375, U, U, [20, 20], 0, [0, 20], U, U, 10],
  // k 17 NOGO then cancelled: 10 of 20 decided; snapshot i = 7 → 150, i = 107 → 170.
  ['2026-08', 10, 0, 0, 10, [0, 10], 0, 0, U, U, [20, 20], 0, [10, 20], 160, 170, 0],
  // k 18 cancelled undecided (one refused GO each); NOGO then GO for i = 28, 128.
  ['2026-09', 10, 0, 0, 10, [0, 10], 15, 375, U, U, [20, 20], 0, [2, 10], U, U, 0],
  // k 19 cancelled undecided; a snapshot started, never done: not measured.
  ['2026-10', 10, 0, 0, 10, [0, 10], 0, 0, U, U, [20, 20], 0, [0, 10], U, U, 0],
  ['2026-11', 0, 0, 0, 0, [0, 0], 0, 0, U, U, [0, 0], 0, [0, 0], U, U, 0],
  ['2026-12', 0, 0, 0, 0, [0, 0], 0, 0, U, U, [0, 0], 0, [0, 0], U, U, 0],
];
const QUARTERS: Row[] = [
  ['2026-Q1', 60, 0, 0, 0, [0, 60], 30, 750, U, U, [40, 60], 20, [0, 60], 149.5, 159, 0],
  // Recovery: 20…65 and 120…165 → median (65+120)/2.
  ['2026-Q2', 40, 20, 0, 0, [20, 60], 15, 375, 92.5, 165, [40, 60], 0, [4, 60], U, U, 10],
  ['2026-Q3', 30, 0, 10, 20, [10, 40], 30, 750, U, U, [60, 60], 0, [12, 50], 160, 170, 10],
  ['2026-Q4', 10, 0, 0, 10, [0, 10], 0, 0, U, U, [20, 20], 0, [0, 10], U, U, 0],
];
// 22 snapshots: 140…159 plus 150 and 170 → the 11th and 12th are both 150.
const TOTAL: Row = [
  'all',
  140,
  20,
  10,
  30,
  [30, 170],
  75,
  1875,
  92.5,
  165,
  [160, 200],
  20,
  [16, 180],
  150,
  170,
  20,
];

function asRow(figures: PeriodFigures): Row {
  return [
    figures.key,
    figures.outcomes.completed,
    figures.outcomes.restored,
    figures.outcomes.handedOff,
    figures.outcomes.cancelled,
    [figures.failRate.count, figures.failRate.of],
    figures.extensions.count,
    figures.extensions.minutes,
    figures.recovery.medianMinutes,
    figures.recovery.worstMinutes,
    [figures.leadTimeKept.count, figures.leadTimeKept.of],
    figures.expedited.count,
    [figures.nogo.count, figures.nogo.of],
    figures.snapshot.medianMinutes,
    figures.snapshot.worstMinutes,
    figures.reviews,
  ];
}

describe('outcome stats over a generated history of 200 changes', () => {
  const stats = outcomeStats(generatedHistory(), { timeZone: ZONE, leadTime: LEAD, period: YEAR_2026 });

  it.each(MONTHS.map((row) => [row[0], row] as const))(
    'month %s matches the hand-computed figures',
    (key, row) => {
      expect(asRow(stats.months.find((month) => month.key === key)!)).toEqual(row);
    },
  );

  it.each(QUARTERS.map((row) => [row[0], row] as const))(
    'quarter %s matches the hand-computed figures',
    (key, row) => {
      const quarter = stats.quarters.find((entry) => entry.key === key)!;
      expect(asRow(quarter)).toEqual(row);
      expect(quarter.partial).toBe(false);
    },
  );

  it('the whole year matches the hand-computed figures, with the shares as fractions', () => {
    expect(asRow(stats.total)).toEqual(TOTAL);
    expect(stats.total.changes).toBe(200);
    expect(stats.total.run).toBe(170);
    expect(stats.total.failRate.share).toBeCloseTo(30 / 170, 12);
    expect(stats.total.leadTimeKept.share).toBeCloseTo(0.8, 12);
    expect(stats.total.expedited.share).toBeCloseTo(0.1, 12);
    expect(stats.total.nogo.share).toBeCloseTo(16 / 180, 12);
    expect(stats.total.recovery.count).toBe(20);
    expect(stats.total.snapshot.count).toBe(22);
    expect(stats.empty).toBe(false);
  });

  it('an empty month has no shares and no durations rather than zeros', () => {
    const november = stats.months.find((month) => month.key === '2026-11')!;
    expect(november.failRate.share).toBeUndefined();
    expect(november.recovery).toEqual({ count: 0 });
  });

  it('lists the 20 reviews, newest window first', () => {
    expect(stats.reviews).toHaveLength(20);
    expect(stats.reviews[0]!.review.after).toBe('restoreFailed');
    expect(stats.reviews.map((entry) => entry.windowStart)).toEqual(
      [...stats.reviews.map((entry) => entry.windowStart)].sort().reverse(),
    );
  });

  it('a quarter cut by the period is marked partial and holds only the months asked', () => {
    const cut = outcomeStats(generatedHistory(), {
      timeZone: ZONE,
      leadTime: LEAD,
      period: { first: '2026-02', last: '2026-04', label: 'Feb–Apr' },
    });
    expect(cut.quarters.map((quarter) => [quarter.key, quarter.partial, quarter.changes])).toEqual([
      ['2026-Q1', true, 40],
      ['2026-Q2', true, 20],
    ]);
  });
});

describe('outcome stats: edges', () => {
  it('an empty store is empty, not a year of zeros', () => {
    const stats = outcomeStats([], { timeZone: ZONE, leadTime: LEAD, period: YEAR_2026 });
    expect(stats.empty).toBe(true);
    expect(stats.total.changes).toBe(0);
  });

  it('a window starting 00:30 on 1 April in Zurich counts in April, though it is still March in UTC', () => {
    const change = makeChange({
      window: { start: '2026-03-31T22:30:00.000Z', end: '2026-04-01T01:00:00.000Z' },
      status: 'completed',
    });
    const stats = outcomeStats([change], { timeZone: ZONE, leadTime: LEAD, period: YEAR_2026 });
    expect(stats.months.find((month) => month.key === '2026-03')!.changes).toBe(0);
    expect(stats.months.find((month) => month.key === '2026-04')!.changes).toBe(1);
  });

  it('a service filter keeps that service only, whatever its case', () => {
    const ours = makeChange({ id: 'CHG-2026-001', status: 'completed' });
    const theirs = makeChange({ id: 'CHG-2026-002', service: 'Mail', status: 'completed' });
    const stats = outcomeStats([ours, theirs], {
      timeZone: ZONE,
      leadTime: LEAD,
      period: YEAR_2026,
      service: 'mail',
    });
    expect(stats.total.changes).toBe(1);
  });

  it('a change created 21 days ahead across the October clock change kept the lead time', () => {
    // 21 local days before 2026-11-14 20:00 Zurich is 2026-10-24 20:00 Zurich (summer time then: 18:00Z).
    const change = makeChange({
      window: { start: '2026-11-14T19:00:00.000Z', end: '2026-11-14T22:00:00.000Z' },
      createdAt: '2026-10-24T18:00:00.000Z',
    });
    const later = makeChange({ ...change, createdAt: '2026-10-24T18:00:00.001Z' });
    const kept = (c: typeof change) =>
      outcomeStats([c], { timeZone: ZONE, leadTime: LEAD, period: YEAR_2026 }).total.leadTimeKept.count;
    expect(kept(change)).toBe(1);
    expect(kept(later)).toBe(0);
  });
});

describe('stats [service] [period]', () => {
  const now = new Date('2026-11-30T02:00:00Z');
  const services = ['ISC Learn Platform', 'Mail'];
  const read = (args: string) => readStatsQuery(args, services, now, ZONE);

  it('nothing: the last 12 months up to this one', () => {
    expect(read('')).toEqual({
      ok: true,
      period: { first: '2025-12', last: '2026-11', label: 'the last 12 months' },
      periodWord: '',
    });
  });

  it('a service with spaces and a quarter', () => {
    expect(read('isc learn platform 2026-q3')).toEqual({
      ok: true,
      service: 'ISC Learn Platform',
      period: { first: '2026-07', last: '2026-09', label: '2026-Q3' },
      periodWord: '2026-q3',
    });
  });

  it('a year, a month, the last N months', () => {
    expect(read('2025')).toMatchObject({ ok: true, period: { first: '2025-01', last: '2025-12' } });
    expect(read('Mail 2026-02')).toMatchObject({
      ok: true,
      service: 'Mail',
      period: { first: '2026-02', last: '2026-02', label: 'February 2026' },
    });
    expect(read('6m')).toMatchObject({ ok: true, period: { first: '2026-06', last: '2026-11' } });
  });

  it.each([
    ['2026-13', /not a month/],
    ['2026-Q5', /"2026-Q5" is not a period/],
    ['0m', /1 to 60 months/],
    ['Payroll', /No service named "Payroll"\. Known services: ISC Learn Platform, Mail/],
  ])('"%s" gets a message saying how to ask', (args, message) => {
    const query = read(args);
    expect(query.ok).toBe(false);
    if (!query.ok) {
      expect(query.message).toMatch(message);
      expect(query.message).toMatch(/stats <service name> 2026-Q3/);
    }
  });
});
