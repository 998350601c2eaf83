import { DateTime } from 'luxon';
import type { MaintenanceWindow } from './change';
import type { ProcessDefinition } from './process';
import { earliestAllowedStart } from './schedule';

/** Values of the new-change form, as Teams sends them (strings, by input id). */
export interface ChangeRequestInput {
  title?: string;
  description?: string;
  startDate?: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
  downtime?: string;
  tests?: string;
  rollback?: string;
  audience?: string;
  expedited?: string;
  /** Why an expedited change cannot wait: required when its window touches a blackout. */
  expeditedReason?: string;
}

export type FormField = keyof ChangeRequestInput;
export type FieldErrors = Partial<Record<FormField, string>>;

/** A validated request for a change. */
export interface ChangeRequest {
  title: string;
  description: string;
  window: MaintenanceWindow;
  downtimeMinutes: number;
  tests: string[];
  rollback: string;
  audienceEmails: string[];
  expedited: boolean;
  /** Why it cannot wait, as typed (trimmed; empty when not given). */
  expeditedReason: string;
}

export type RequestCheck =
  | { ok: true; request: ChangeRequest }
  /** `earliestStart` is set when the lead time refused the window: the form offers *expedited*. */
  | { ok: false; errors: FieldErrors; earliestStart?: string };

export const LIMITS = {
  title: 120,
  description: 4000,
  rollback: 2000,
  test: 300,
  tests: 30,
  audience: 100,
  reason: 1000,
} as const;

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

/** Formats a local time the way the form and cards show it, e.g. "Sat 19 Dec 2026, 18:00". */
export function formatLocal(instant: DateTime): string {
  return instant.toFormat('ccc d LLL yyyy, HH:mm');
}

function requiredText(value: string | undefined, label: string, max: number): string | { error: string } {
  const text = (value ?? '').trim();
  if (!text) return { error: `${label} is required.` };
  if (text.length > max)
    return { error: `${label} is too long (${text.length} characters; at most ${max}). Shorten it.` };
  return text;
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

function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
}

/** Validates the new-change form; every problem is reported against the input that caused it. */
export function checkRequest(input: ChangeRequestInput, proc: ProcessDefinition, now: Date): RequestCheck {
  const errors: FieldErrors = {};
  const title = requiredText(input.title, 'Title', LIMITS.title);
  if (typeof title !== 'string') errors.title = title.error;
  const description = requiredText(input.description, 'What will be modified', LIMITS.description);
  if (typeof description !== 'string') errors.description = description.error;
  const rollback = requiredText(input.rollback, 'Rollback plan', LIMITS.rollback);
  if (typeof rollback !== 'string') errors.rollback = rollback.error;

  const tests = (input.tests ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (tests.length === 0) {
    errors.tests =
      'List at least one validation test, one per line (how we know it worked and broke nothing).';
  } else if (tests.length > LIMITS.tests) {
    errors.tests = `At most ${LIMITS.tests} validation tests (you listed ${tests.length}); group related checks.`;
  } else {
    const long = tests.findIndex((line) => line.length > LIMITS.test);
    if (long >= 0)
      errors.tests = `Test ${long + 1} is too long (at most ${LIMITS.test} characters); shorten it.`;
  }

  const audience = splitEmails(input.audience ?? '');
  const badEmail = audience.find((address) => !EMAIL.test(address));
  if (badEmail) {
    errors.audience = `"${badEmail}" is not an e-mail address; separate addresses with commas or new lines.`;
  } else if (audience.length > LIMITS.audience) {
    errors.audience = `At most ${LIMITS.audience} extra addresses (you entered ${audience.length}); use a group mailbox.`;
  }

  const expeditedText = (input.expedited ?? 'false').trim().toLowerCase();
  if (expeditedText !== 'true' && expeditedText !== 'false' && expeditedText !== '') {
    errors.expedited = `Expedited must be "true" or "false" (you sent "${input.expedited}").`;
  }
  const expedited = expeditedText === 'true';
  const expeditedReason = (input.expeditedReason ?? '').trim();
  if (expeditedReason.length > LIMITS.reason) {
    errors.expeditedReason = `The reason is too long (${expeditedReason.length} characters; at most ${LIMITS.reason}).`;
  }

  const window = checkWindow(input, expedited, proc, now);
  if (!window.ok) Object.assign(errors, window.errors);

  const downtimeText = (input.downtime ?? '').trim();
  const downtime = Number(downtimeText);
  if (!/^\d+$/.test(downtimeText)) {
    errors.downtime = `Downtime is required in whole minutes, 0 if the service stays up (you entered "${downtimeText}").`;
  } else if (window.ok) {
    const windowMinutes = (Date.parse(window.window.end) - Date.parse(window.window.start)) / 60_000;
    if (downtime > windowMinutes) {
      errors.downtime = `Downtime ${downtime} min is longer than the window (${Math.floor(windowMinutes)} min); lengthen the window or lower the downtime.`;
    }
  }

  if (Object.keys(errors).length > 0 || !window.ok) {
    return {
      ok: false,
      errors,
      ...(!window.ok && window.earliestStart ? { earliestStart: window.earliestStart } : {}),
    };
  }
  return {
    ok: true,
    request: {
      title: title as string,
      description: description as string,
      window: window.window,
      downtimeMinutes: downtime,
      tests,
      rollback: rollback as string,
      audienceEmails: [...new Set(audience)],
      expedited,
      expeditedReason,
    },
  };
}
