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

/** How far the nearest allowed windows are looked for, in days either way. */
const SEARCH_DAYS = 400;

/**
 * The nearest windows at the same local time of day and of the same length that touch no blackout: the
 * latest one before (not earlier than `notBefore`, the earliest start the process allows) and the earliest
 * one after. Days are local days, so a window keeps its wall-clock time across a DST change.
 */
export function nearestAllowedWindows(
  window: MaintenanceWindow,
  service: string,
  blackouts: readonly Blackout[],
  options: { notBefore: Date; timeZone: string },
): { before?: MaintenanceWindow; after?: MaintenanceWindow } {
  const start = DateTime.fromISO(window.start).setZone(options.timeZone);
  const length = Date.parse(window.end) - Date.parse(window.start);
  const shifted = (days: number): MaintenanceWindow => {
    const moved = start.plus({ days }).toUTC();
    return { start: moved.toISO()!, end: moved.plus({ milliseconds: length }).toISO()! };
  };
  const free = (candidate: MaintenanceWindow) =>
    blackoutsTouching(candidate, service, blackouts).length === 0;
  let after: MaintenanceWindow | undefined;
  for (let days = 1; days <= SEARCH_DAYS && !after; days++) {
    const candidate = shifted(days);
    if (free(candidate)) after = candidate;
  }
  let before: MaintenanceWindow | undefined;
  for (let days = 1; days <= SEARCH_DAYS && !before; days++) {
    const candidate = shifted(-days);
    if (Date.parse(candidate.start) < options.notBefore.getTime()) break;
    if (free(candidate)) before = candidate;
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
  const { before, after } = nearestAllowedWindows(window, service, blackouts, {
    notBefore: options.notBefore,
    timeZone: zone,
  });
  const format = (w: MaintenanceWindow) =>
    `${DateTime.fromISO(w.start).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm')} → ${DateTime.fromISO(w.end)
      .setZone(zone)
      .toFormat('ccc d LLL yyyy, HH:mm')}`;
  const nearest = [before, after].filter((w): w is MaintenanceWindow => w !== undefined).map(format);
  const suggestion =
    nearest.length > 0
      ? `Nearest allowed windows at the same time of day (${zone}): ${nearest.join(' or ')}. Pick one of them`
      : `No window at the same time of day is free within ${SEARCH_DAYS} days. Pick another time`;
  const startDate =
    `The window touches the blackout ${touched.map((blackout) => `"${describeBlackout(blackout, zone)}"`).join(' and ')}, ` +
    `when no change may be made. ${suggestion}, or tick Expedited and say why it cannot wait ` +
    '(the approver sees the reason on the GO/NOGO card).';
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
