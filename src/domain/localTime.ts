/*
 * Short local times for history lines and refusals ("Sat 19 Dec, 18:00"), written on every press. One Intl
 * formatter per time zone, built once, instead of a luxon DateTime per instant (a profile of presses showed
 * luxon's parsing and formatting there); the output is what luxon's 'ccc d LLL, HH:mm' gives in English.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** "Sat 19 Dec, 18:00" for an ISO instant in `timeZone`; "Invalid DateTime" (as luxon) for a bad instant. */
export function shortLocalTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Invalid DateTime';
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(date)) parts[type] = value;
  return `${parts.weekday} ${parts.day} ${MONTHS[Number(parts.month) - 1]}, ${parts.hour}:${parts.minute}`;
}
