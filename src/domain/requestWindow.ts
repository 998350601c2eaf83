import { DateTime } from 'luxon';
import type { MaintenanceWindow } from './change';
import type { ProcessDefinition } from './process';
import type { ChangeRequestInput, FieldErrors, FormField } from './requestForm';
import { earliestAllowedStart } from './schedule';

/* The window of a change as the form gives it (local dates and times), checked against the process. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** Formats a local time the way the form and cards show it, e.g. "Sat 19 Dec 2026, 18:00". */
export function formatLocal(instant: DateTime): string {
  return instant.toFormat('ccc d LLL yyyy, HH:mm');
}

function localInstant(
  date: string | undefined,
  time: string | undefined,
  zone: string,
  which: 'Start' | 'End',
): DateTime | { field: FormField; error: string } {
  const dateField: FormField = which === 'Start' ? 'startDate' : 'endDate';
  const timeField: FormField = which === 'Start' ? 'startTime' : 'endTime';
  const day = (date ?? '').trim();
  const clock = (time ?? '').trim();
  if (!DATE.test(day)) {
    return { field: dateField, error: `${which} date is required as YYYY-MM-DD (you entered "${day}").` };
  }
  if (!TIME.test(clock)) {
    return {
      field: timeField,
      error: `${which} time is required as HH:mm, 24-hour (you entered "${clock}").`,
    };
  }
  const instant = DateTime.fromISO(`${day}T${clock}`, { zone });
  if (!instant.isValid) {
    return { field: dateField, error: `${which} ${day} ${clock} is not a real date and time.` };
  }
  // Luxon moves a time inside a DST gap forward; the user must pick a time that exists.
  if (instant.toFormat('yyyy-MM-dd HH:mm') !== `${day} ${clock}`) {
    return {
      field: timeField,
      error: `${which} ${day} ${clock} does not exist in ${zone} (the clocks jump forward then). Pick another time.`,
    };
  }
  return instant;
}

/**
 * Checks a window against the process: end after start, start not in the past, no longer than maxWindow,
 * and the lead time unless expedited. Shared by the form and by reschedule.
 */
export function checkWindow(
  input: Pick<ChangeRequestInput, 'startDate' | 'startTime' | 'endDate' | 'endTime'>,
  expedited: boolean,
  proc: ProcessDefinition,
  now: Date,
): { ok: true; window: MaintenanceWindow } | { ok: false; errors: FieldErrors; earliestStart?: string } {
  const zone = proc.timeZone;
  const start = localInstant(input.startDate, input.startTime, zone, 'Start');
  const endDate = input.endDate?.trim() ? input.endDate : input.startDate;
  const end = localInstant(endDate, input.endTime, zone, 'End');
  const errors: FieldErrors = {};
  if (!DateTime.isDateTime(start)) errors[start.field] = start.error;
  if (!DateTime.isDateTime(end)) errors[end.field] = end.error;
  if (!DateTime.isDateTime(start) || !DateTime.isDateTime(end)) return { ok: false, errors };

  if (end <= start) {
    errors.endTime =
      `End must be after start (you entered ${start.toFormat('yyyy-MM-dd HH:mm')} → ` +
      `${end.toFormat('yyyy-MM-dd HH:mm')}).`;
    return { ok: false, errors };
  }
  const nowLocal = DateTime.fromJSDate(now, { zone });
  if (start <= nowLocal) {
    errors.startDate = `Start ${formatLocal(start)} is in the past (now it is ${formatLocal(nowLocal)} in ${zone}).`;
    return { ok: false, errors };
  }
  const maxEnd = start.plus(proc.maxWindow);
  if (end > maxEnd) {
    const hours = proc.maxWindow.shiftTo('hours').hours;
    errors.endTime = `The window is longer than the ${Number(hours.toFixed(2))} h the process allows; end at ${formatLocal(maxEnd)} at the latest, or split the change.`;
    return { ok: false, errors };
  }
  const earliest = earliestAllowedStart(proc, now);
  if (!expedited && start < earliest) {
    const earliestText = formatLocal(earliest);
    errors.startDate =
      `Starts too soon: the process needs ${proc.leadTime.reconfigure({ locale: 'en' }).toHuman()} of notice, so the earliest allowed start is ` +
      `${earliestText} (${zone}). Pick a later date, or mark the change expedited.`;
    return { ok: false, errors, earliestStart: earliest.toISO() ?? undefined };
  }
  return { ok: true, window: { start: start.toUTC().toISO()!, end: end.toUTC().toISO()! } };
}
