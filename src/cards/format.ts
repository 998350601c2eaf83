import { DateTime, Duration } from 'luxon';
import type { MaintenanceWindow } from '../domain/change';

/**
 * How cards write times: always local to the process time zone, and always naming it,
 * e.g. "Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)". The locale is fixed so that cards
 * read the same on every server (en-US writes "Sep", not "Sept").
 */
const LOCALE = 'en-US';
const DAY = 'ccc d LLL yyyy';
const TIME = 'HH:mm';

function local(instant: string | Date, timeZone: string): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return dt.setZone(timeZone).setLocale(LOCALE);
}

/** "Sat 19 Dec 2026, 18:00 (Europe/Zurich)" */
export function formatInstant(instant: string | Date, timeZone: string): string {
  return `${local(instant, timeZone).toFormat(`${DAY}, ${TIME}`)} (${timeZone})`;
}

/** "Sat 19 Dec 2026, 18:00", for lists whose heading names the time zone once. */
export function formatLocal(instant: string | Date, timeZone: string): string {
  return local(instant, timeZone).toFormat(`${DAY}, ${TIME}`);
}

/** "18:00" */
export function formatTime(instant: string | Date, timeZone: string): string {
  return local(instant, timeZone).toFormat(TIME);
}

/** "Sat 19 Dec 2026" */
export function formatDay(instant: string | Date, timeZone: string): string {
  return local(instant, timeZone).toFormat(DAY);
}

/**
 * "Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)", or with both dates when the window
 * crosses midnight: "Sat 19 Dec 2026, 22:00 – Sun 20 Dec 2026, 02:00 (Europe/Zurich)".
 */
export function formatWindow(window: MaintenanceWindow, timeZone: string): string {
  const start = local(window.start, timeZone);
  const end = local(window.end, timeZone);
  if (start.hasSame(end, 'day')) {
    return `${start.toFormat(`${DAY}, ${TIME}`)}–${end.toFormat(TIME)} (${timeZone})`;
  }
  return `${start.toFormat(`${DAY}, ${TIME}`)} – ${end.toFormat(`${DAY}, ${TIME}`)} (${timeZone})`;
}

/** "YYYY-MM-DD" and "HH:mm" in the time zone, as the form's date and time inputs expect them. */
export function toFormDateTime(instant: string | Date, timeZone: string): { date: string; time: string } {
  const dt = local(instant, timeZone);
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat(TIME) };
}

function joinUnits(parts: [number, string][]): string {
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length > 0 ? shown.join(' ') : '0 min';
}

/** "45 min", "2 h 30 min", "21 days"; seconds only when there are any (short test processes). */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  return joinUnits([
    [days, days === 1 ? 'day' : 'days'],
    [hours, 'h'],
    [minutes, 'min'],
    [seconds % 60, 's'],
  ]);
}

export function formatMinutes(minutes: number): string {
  return formatSeconds(minutes * 60);
}

export function formatDuration(duration: Duration): string {
  return formatSeconds(duration.as('seconds'));
}

/** "none" for zero, else "about 30 min": downtime is an estimate. */
export function formatDowntime(minutes: number): string {
  return minutes <= 0 ? 'none expected' : `about ${formatMinutes(minutes)}`;
}
