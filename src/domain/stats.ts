import { DateTime, type Duration } from 'luxon';
import type { Change, ChangeReview } from './change';

/*
 * How the team's changes went, per month and per quarter. Pure: a list of stored changes in, figures out.
 *
 * A change counts in the month (process time zone) where its window starts, as it stands now (after any
 * reschedule). The figures follow DORA's "change fail rate" and "failed deployment recovery time", read
 * for a change process:
 * - run: the window took place and the change is over (completed, restored, or handed to the incident team);
 * - failed: an incident was declared (it ended restored or handed off) — the fail rate is failed ÷ run;
 * - recovery: incident declared → service restored; a failed restore has no recovery time of ours, the
 *   incident process took over, so it is counted as failed but not in the recovery times;
 * - lead time kept: the change was created at least the process lead time before its window start;
 * - NOGO share: changes that got a NOGO at least once ÷ changes that got a GO or NOGO;
 * - snapshot: measured from the snapshot card's *Started* to *Done*.
 */

/** How a change ended, for the chart; changes not over yet are counted apart (open). */
export const FINAL_OUTCOMES = ['completed', 'restored', 'handedOff', 'cancelled'] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];

/** A count out of a total; `share` is absent when the total is zero (nothing to divide). */
export interface Share {
  count: number;
  of: number;
  share?: number;
}

/** Durations in minutes; absent when nothing was measured. */
export interface Durations {
  count: number;
  medianMinutes?: number;
  worstMinutes?: number;
}

export interface PeriodFigures {
  /** `2026-11` for a month, `2026-Q4` for a quarter, `all` for the whole period asked. */
  key: string;
  /** Changes whose window starts in the period, whatever became of them. */
  changes: number;
  outcomes: Record<FinalOutcome, number>;
  /** Not over yet (planned, approved, running…). */
  open: number;
  /** Changes run: completed + restored + handed off. */
  run: number;
  failRate: Share;
  extensions: { count: number; minutes: number };
  recovery: Durations;
  leadTimeKept: Share;
  expedited: Share;
  nogo: Share;
  snapshot: Durations;
  reviews: number;
}

export interface ReviewDigest {
  changeId: string;
  title: string;
  windowStart: string;
  review: ChangeReview;
}

export interface OutcomeStats {
  period: StatsPeriod;
  service?: string;
  months: PeriodFigures[];
  /** Quarters touched by the period; `partial` when the period covers only part of one. */
  quarters: (PeriodFigures & { partial: boolean })[];
  total: PeriodFigures;
  /** Reviews after trouble, newest window first. */
  reviews: ReviewDigest[];
  /** No stored change at all falls in the period (for this service): say so rather than draw zeros. */
  empty: boolean;
}

/** A run of whole months, `yyyy-MM`, first to last inclusive. */
export interface StatsPeriod {
  first: string;
  last: string;
  /** How a person would say it: "2026", "2026-Q3", "November 2026", "the last 12 months". */
  label: string;
}

export interface StatsOptions {
  timeZone: string;
  leadTime: Duration;
  period: StatsPeriod;
  /** Only this service (exact stored name); absent: all. */
  service?: string;
}

const RUN: readonly string[] = ['completed', 'restored', 'handedOff'];

/** Every month key of the period, in order. */
export function monthsOf(period: StatsPeriod): string[] {
  const months: string[] = [];
  let cursor = DateTime.fromFormat(period.first, 'yyyy-MM', { zone: 'utc' });
  const last = DateTime.fromFormat(period.last, 'yyyy-MM', { zone: 'utc' });
  while (cursor <= last && months.length < 1200) {
    months.push(cursor.toFormat('yyyy-MM'));
    cursor = cursor.plus({ months: 1 });
  }
  return months;
}

export function quarterOf(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return `${year}-Q${Math.ceil(number! / 3)}`;
}

function median(sorted: number[]): number | undefined {
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function durations(minutes: number[]): Durations {
  const sorted = [...minutes].sort((a, b) => a - b);
  const result: Durations = { count: sorted.length };
  const middle = median(sorted);
  if (middle !== undefined) {
    result.medianMinutes = middle;
    result.worstMinutes = sorted[sorted.length - 1]!;
  }
  return result;
}

function share(count: number, of: number): Share {
  return of > 0 ? { count, of, share: count / of } : { count, of };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

function hadVerdict(change: Change, verdict: 'go' | 'nogo'): boolean {
  return (
    change.history.some((entry) => entry.accepted && entry.event === verdict) ||
    change.decision?.verdict === verdict
  );
}

/** Created at least the lead time before the window start, counted in local days as the form counts them. */
function keptLeadTime(change: Change, leadTime: Duration, timeZone: string): boolean {
  const earliest = DateTime.fromISO(change.createdAt, { zone: timeZone }).plus(leadTime);
  return earliest.toMillis() <= Date.parse(change.window.start);
}

/** The figures of one group of changes. */
export function figures(
  key: string,
  changes: readonly Change[],
  leadTime: Duration,
  timeZone: string,
): PeriodFigures {
  const outcomes: Record<FinalOutcome, number> = { completed: 0, restored: 0, handedOff: 0, cancelled: 0 };
  let open = 0;
  let extensionCount = 0;
  let extensionMinutes = 0;
  let leadKept = 0;
  let expedited = 0;
  let nogo = 0;
  let decided = 0;
  let reviews = 0;
  const recovery: number[] = [];
  const snapshot: number[] = [];
  for (const change of changes) {
    if ((FINAL_OUTCOMES as readonly string[]).includes(change.status))
      outcomes[change.status as FinalOutcome] += 1;
    else open += 1;
    extensionCount += change.extensions.length;
    for (const extension of change.extensions) extensionMinutes += extension.extraMinutes;
    if (keptLeadTime(change, leadTime, timeZone)) leadKept += 1;
    if (change.expedited) expedited += 1;
    const gotNogo = hadVerdict(change, 'nogo');
    if (gotNogo) nogo += 1;
    if (gotNogo || hadVerdict(change, 'go')) decided += 1;
    const { incident } = change;
    if (incident?.outcome === 'restored' && incident.outcomeAt)
      recovery.push(minutesBetween(incident.declaredAt, incident.outcomeAt));
    if (change.snapshot.startedAt && change.snapshot.doneAt)
      snapshot.push(minutesBetween(change.snapshot.startedAt, change.snapshot.doneAt));
    if (change.review) reviews += 1;
  }
  const run = changes.filter((change) => RUN.includes(change.status)).length;
  return {
    key,
    changes: changes.length,
    outcomes,
    open,
    run,
    failRate: share(outcomes.restored + outcomes.handedOff, run),
    extensions: { count: extensionCount, minutes: extensionMinutes },
    recovery: durations(recovery),
    leadTimeKept: share(leadKept, changes.length),
    expedited: share(expedited, changes.length),
    nogo: share(nogo, decided),
    snapshot: durations(snapshot),
    reviews,
  };
}

/** The month (process time zone) a change counts in: that of its window start. */
export function monthOfChange(change: Change, timeZone: string): string {
  return DateTime.fromISO(change.window.start, { zone: timeZone }).toFormat('yyyy-MM');
}

/** The figures for a period: each month, each quarter it touches, and the whole. */
export function outcomeStats(changes: readonly Change[], options: StatsOptions): OutcomeStats {
  const months = monthsOf(options.period);
  const wanted = new Set(months);
  const byMonth = new Map<string, Change[]>(months.map((month) => [month, []]));
  const service = options.service?.toLowerCase();
  for (const change of changes) {
    if (service !== undefined && change.service.toLowerCase() !== service) continue;
    const month = monthOfChange(change, options.timeZone);
    if (wanted.has(month)) byMonth.get(month)!.push(change);
  }
  const inPeriod = months.flatMap((month) => byMonth.get(month)!);
  const quarterKeys = [...new Set(months.map(quarterOf))];
  const quarters = quarterKeys.map((quarter) => {
    const own = months.filter((month) => quarterOf(month) === quarter);
    return {
      ...figures(
        quarter,
        own.flatMap((month) => byMonth.get(month)!),
        options.leadTime,
        options.timeZone,
      ),
      partial: own.length < 3,
    };
  });
  const reviews = inPeriod
    .filter((change): change is Change & { review: ChangeReview } => change.review !== undefined)
    .sort((a, b) => b.window.start.localeCompare(a.window.start))
    .map((change) => ({
      changeId: change.id,
      title: change.title,
      windowStart: change.window.start,
      review: change.review,
    }));
  return {
    period: options.period,
    ...(options.service !== undefined ? { service: options.service } : {}),
    months: months.map((month) => figures(month, byMonth.get(month)!, options.leadTime, options.timeZone)),
    quarters,
    total: figures('all', inPeriod, options.leadTime, options.timeZone),
    reviews,
    empty: inPeriod.length === 0,
  };
}
