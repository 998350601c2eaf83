import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { Blackout } from '../domain/blackouts';

/** Occurrences of one recurring event past this are dropped: a yearly exam session needs a handful. */
const MAX_OCCURRENCES = 500;

/**
 * An instant from an iCalendar time: all-day dates and floating times are read in the process time zone; a
 * TZID is read as an IANA zone when it is one (Google, Apple), else through the calendar's own VTIMEZONE
 * (Outlook's "W. Europe Standard Time"), and UTC times as UTC.
 */
function instant(time: ICAL.Time, processZone: string, tzidParam?: string): number {
  // ical.js reads a TZID it has no VTIMEZONE for as floating: the parameter keeps the zone's name.
  const tzid = tzidParam && IANAZone.isValidZone(tzidParam) ? tzidParam : time.zone?.tzid;
  const fields = { year: time.year, month: time.month, day: time.day };
  if (time.isDate) return DateTime.fromObject(fields, { zone: processZone }).toMillis();
  const local = { ...fields, hour: time.hour, minute: time.minute, second: time.second };
  if (tzid === 'UTC' || tzid === 'Z') return DateTime.fromObject(local, { zone: 'UTC' }).toMillis();
  if (tzid && tzid !== 'floating' && IANAZone.isValidZone(tzid)) {
    return DateTime.fromObject(local, { zone: tzid }).toMillis();
  }
  if (tzid && tzid !== 'floating' && ICAL.TimezoneService.has(tzid)) return time.toJSDate().getTime();
  return DateTime.fromObject(local, { zone: processZone }).toMillis();
}

function tzidOf(event: ICAL.Event, property: 'dtstart' | 'dtend'): string | undefined {
  const value = event.component.getFirstProperty(property)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
}

function cancelled(event: ICAL.Event): boolean {
  return String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

/**
 * The blackouts an iCalendar text describes between `from` and `to`: one per event occurrence, recurring
 * events expanded (with their moved or cancelled occurrences), named by their SUMMARY. Throws on text that
 * is not iCalendar.
 */
export function parseBlackoutCalendar(
  text: string,
  options: { timeZone: string; from: Date; to: Date },
): Blackout[] {
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== 'vcalendar') throw new Error(`not an iCalendar (it starts with ${root.name})`);
  for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Event[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if (event.isRecurrenceException()) exceptions.push(event);
    else masters.set(event.uid, event);
  }
  for (const exception of exceptions) masters.get(exception.uid)?.relateException(exception);

  const from = options.from.getTime();
  const to = options.to.getTime();
  const blackouts: Blackout[] = [];
  const add = (source: ICAL.Event, name: string, start: ICAL.Time, end: ICAL.Time | null) => {
    const startZone = tzidOf(source, 'dtstart');
    const startMs = instant(start, options.timeZone, startZone);
    // No DTEND: a date lasts the day, a date-time is an instant (RFC 5545 3.6.1).
    const endMs = end
      ? instant(end, options.timeZone, tzidOf(source, 'dtend') ?? startZone)
      : start.isDate
        ? startMs + 24 * 3600_000
        : startMs;
    if (endMs <= startMs || endMs <= from || startMs >= to) return;
    blackouts.push({ name, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() });
  };
  for (const event of masters.values()) {
    const name = event.summary?.trim() || 'Blackout';
    if (cancelled(event)) continue;
    if (!event.isRecurring()) {
      add(event, name, event.startDate, event.endDate);
      continue;
    }
    const iterator = event.iterator();
    for (
      let count = 0, next = iterator.next();
      next && count < MAX_OCCURRENCES;
      count++, next = iterator.next()
    ) {
      const details = event.getOccurrenceDetails(next);
      if (cancelled(details.item)) continue;
      if (instant(details.startDate, options.timeZone, tzidOf(details.item, 'dtstart')) >= to) break;
      add(details.item, details.item.summary?.trim() || name, details.startDate, details.endDate);
    }
  }
  return blackouts.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
