import { DateTime } from 'luxon';
import type { MaintenanceWindow } from './change';

/**
 * A period no change may touch (an exam session, a term start): from the process file or a calendar.
 * `start` is included and `end` excluded, as ISO instants; a process file's "end 23:59" ends at 00:00.
 */
export interface Blackout {
  name: string;
  start: string;
  end: string;
  /** The services it protects; all when absent. */
  services?: readonly string[];
}

function appliesTo(blackout: Blackout, service: string): boolean {
  return !blackout.services || blackout.services.length === 0 || blackout.services.includes(service);
}

function overlaps(window: MaintenanceWindow, blackout: Blackout): boolean {
  return (
    Date.parse(window.start) < Date.parse(blackout.end) && Date.parse(window.end) > Date.parse(blackout.start)
  );
}

/** The blackouts of `service` that the window shares any time with, soonest first. */
export function blackoutsTouching(
  window: MaintenanceWindow,
  service: string,
  blackouts: readonly Blackout[],
): Blackout[] {
  return blackouts
    .filter((blackout) => appliesTo(blackout, service) && overlaps(window, blackout))
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** Blackouts of `service` that have not ended at `now`, soonest first. */
export function upcomingBlackouts(blackouts: readonly Blackout[], service: string, now: Date): Blackout[] {
  return blackouts
    .filter((blackout) => appliesTo(blackout, service) && Date.parse(blackout.end) > now.getTime())
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/**
 * The nearest windows of the same length that touch no blackout: the latest one before (not earlier than
 * `notBefore`, the earliest start the process allows) and the earliest one after.
 */
export function nearestAllowedWindows(
  window: MaintenanceWindow,
  service: string,
  blackouts: readonly Blackout[],
  notBefore: Date,
): { before?: MaintenanceWindow; after?: MaintenanceWindow } {
  const length = Date.parse(window.end) - Date.parse(window.start);
  const mine = blackouts.filter((blackout) => appliesTo(blackout, service));
  const at = (start: number): MaintenanceWindow => ({
    start: new Date(start).toISOString(),
    end: new Date(start + length).toISOString(),
  });
  // Each step jumps past (or before) one blackout, so the loops end within the number of blackouts.
  let after = at(Date.parse(window.start));
  for (let guard = 0; guard <= mine.length; guard++) {
    const hit: Blackout | undefined = blackoutsTouching(after, service, mine).at(-1);
    if (!hit) break;
    after = at(Date.parse(hit.end));
  }
  let before: MaintenanceWindow | undefined = at(Date.parse(window.start));
  for (let guard = 0; guard <= mine.length && before; guard++) {
    const hit: Blackout | undefined = blackoutsTouching(before, service, mine)[0];
    if (!hit) break;
    const start: number = Date.parse(hit.start) - length;
    before = start >= notBefore.getTime() ? at(start) : undefined;
  }
  return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

/** "Exam session, Mon 18 Jan 2027, 00:00 → Sat 30 Jan 2027, 00:00", local to the process time zone. */
export function describeBlackout(blackout: Blackout, zone: string): string {
  const format = (iso: string) => DateTime.fromISO(iso).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm');
  return `${blackout.name}, ${format(blackout.start)} → ${format(blackout.end)}`;
}

/** A window allowed into blackouts: their names and why it cannot wait; the approver sees both. */
export interface BlackoutOverride {
  blackouts: string[];
  reason: string;
}

export type BlackoutCheck =
  | { ok: true; override?: BlackoutOverride }
  | { ok: false; errors: { startDate?: string; expeditedReason?: string } };

/**
 * A window that touches a blackout is refused with the blackout's name and the nearest allowed windows,
 * unless the change is expedited with a reason. Shared by the form and reschedule.
 */
export function checkBlackouts(
  window: MaintenanceWindow,
  service: string,
  blackouts: readonly Blackout[],
  options: { expedited: boolean; reason: string; notBefore: Date; timeZone: string },
): BlackoutCheck {
  const touched = blackoutsTouching(window, service, blackouts);
  if (touched.length === 0) return { ok: true };
  const names = touched.map((blackout) => blackout.name);
  if (options.expedited && options.reason) {
    return { ok: true, override: { blackouts: names, reason: options.reason } };
  }
  const zone = options.timeZone;
  const { before, after } = nearestAllowedWindows(window, service, blackouts, options.notBefore);
  const format = (w: MaintenanceWindow) =>
    `${DateTime.fromISO(w.start).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm')} → ${DateTime.fromISO(w.end)
      .setZone(zone)
      .toFormat('ccc d LLL yyyy, HH:mm')}`;
  const nearest = [before, after].filter((w): w is MaintenanceWindow => w !== undefined).map(format);
  const startDate =
    `The window touches the blackout ${touched.map((blackout) => `"${describeBlackout(blackout, zone)}"`).join(' and ')}, ` +
    `when no change may be made. Nearest allowed windows of the same length (${zone}): ${nearest.join(' or ')}. ` +
    'Pick one of them, or tick Expedited and say why it cannot wait (the approver sees the reason on the GO/NOGO card).';
  return {
    ok: false,
    errors: {
      startDate,
      ...(options.expedited
        ? {
            expeditedReason: `Say why this change cannot wait until after ${names.join(' and ')}: an expedited change inside a blackout needs a reason.`,
          }
        : {}),
    },
  };
}
