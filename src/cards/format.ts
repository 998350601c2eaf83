import type { Duration } from 'luxon';
import type { MaintenanceWindow } from '../domain/change';

/**
 * How cards write times: always local to the process time zone, and always naming it,
 * e.g. "Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)". Month names are fixed so that cards
 * read the same on every server, whatever its locale.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface LocalParts {
  weekday: string;
  day: string;
  month: string;
  year: string;
  hour: string;
  minute: string;
}

// Cards format many instants per press: one Intl formatter per time zone, built once, is several times
// cheaper than converting each instant with luxon.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function local(instant: string | Date, timeZone: string): LocalParts {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(date)) parts[type] = value;
  return {
    weekday: parts.weekday ?? '',
    day: parts.day ?? '',
    month: parts.month ?? '',
    year: parts.year ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

const dayText = (p: LocalParts) => `${p.weekday} ${p.day} ${MONTHS[Number(p.month) - 1]} ${p.year}`;
const timeText = (p: LocalParts) => `${p.hour}:${p.minute}`;

/** "Sat 19 Dec 2026, 18:00 (Europe/Zurich)" */
export function formatInstant(instant: string | Date, timeZone: string): string {
  return `${formatLocal(instant, timeZone)} (${timeZone})`;
}

/** "Sat 19 Dec 2026, 18:00", for lists whose heading names the time zone once. */
export function formatLocal(instant: string | Date, timeZone: string): string {
  const parts = local(instant, timeZone);
  return `${dayText(parts)}, ${timeText(parts)}`;
}

/** "18:00" */
export function formatTime(instant: string | Date, timeZone: string): string {
  return timeText(local(instant, timeZone));
}

/** "Sat 19 Dec 2026" */
export function formatDay(instant: string | Date, timeZone: string): string {
  return dayText(local(instant, timeZone));
}

/**
 * "Sat 19 Dec 2026, 18:00–22:00 (Europe/Zurich)", or with both dates when the window
 * crosses midnight: "Sat 19 Dec 2026, 22:00 – Sun 20 Dec 2026, 02:00 (Europe/Zurich)".
 */
export function formatWindow(window: MaintenanceWindow, timeZone: string): string {
  const start = local(window.start, timeZone);
  const end = local(window.end, timeZone);
  if (dayText(start) === dayText(end)) {
    return `${dayText(start)}, ${timeText(start)}–${timeText(end)} (${timeZone})`;
  }
  return `${dayText(start)}, ${timeText(start)} – ${dayText(end)}, ${timeText(end)} (${timeZone})`;
}

/** "YYYY-MM-DD" and "HH:mm" in the time zone, as the form's date and time inputs expect them. */
export function toFormDateTime(instant: string | Date, timeZone: string): { date: string; time: string } {
  const parts = local(instant, timeZone);
  return { date: `${parts.year}-${parts.month}-${parts.day.padStart(2, '0')}`, time: timeText(parts) };
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
