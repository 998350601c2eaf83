import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { Blackout } from '../domain/blackouts';
import { boundedText } from '../domain/bounded';

/**
 * Occurrences of one recurring event inside the window past this are dropped: a yearly exam session needs a
 * handful, a nightly freeze about 730 over the two years the bot looks ahead. Counted from the window's start,
 * never from the event's first occurrence: a weekly freeze since 2015 still blocks its Fridays of 2027.
 */
export const MAX_OCCURRENCES = 1000;
/** A calendar that gives more blackouts than this in the window is refused, not cut: no one means that. */
export const MAX_BLACKOUTS = 20_000;
/**
 * How many candidate dates ical.js may try for one event, and for the whole calendar. A rule no date can
 * match (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`) makes ical.js's next() loop for ever inside itself; counting
 * its tries is what makes every parse end. A daily event since 1990 needs about 14,000 tries.
 */
export const STEP_BUDGET = { perEvent: 50_000, perCalendar: 1_000_000 };

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

const PAST_MARGIN_MS = 2 * 24 * 3600_000;
/** Events expanded between two turns of the event loop (a few milliseconds of work). */
const YIELD_EVERY = 100;

/** Why a calendar was refused; the message names the event and what to fix. */
export class CalendarTooCostlyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarTooCostlyError';
  }
}

function eventName(event: ICAL.Event): string {
  return boundedText(`"${event.summary?.trim() || 'Blackout'}" (UID ${event.uid ?? 'none'})`, 120);
}

/**
 * Counts every candidate date ical.js tries for `event` (its rule iterators call check_contracting_rules once
 * per candidate, also inside the loop of next() that a rule matching no date never leaves), and throws past
 * the budget. `ruleIterators` is private in ical.js's types, present in its code since 1.x.
 */
function budgeted(event: ICAL.Event, spent: { calendar: number }, budget: typeof STEP_BUDGET) {
  const expansion = event.iterator();
  let tries = 0;
  const iterators = (expansion as unknown as { ruleIterators?: ICAL.RecurIterator[] }).ruleIterators ?? [];
  for (const iterator of iterators) {
    const check = iterator.check_contracting_rules.bind(iterator);
    iterator.check_contracting_rules = () => {
      tries += 1;
      spent.calendar += 1;
      if (tries > budget.perEvent) {
        throw new CalendarTooCostlyError(
          `the event ${eventName(event)} has a repeat rule that matches no date, or too many to expand ` +
            `(more than ${budget.perEvent} dates tried). Fix or remove its RRULE in the calendar.`,
        );
      }
      if (spent.calendar > budget.perCalendar) {
        throw new CalendarTooCostlyError(
          `the calendar's repeating events need more than ${budget.perCalendar} dates tried to expand ` +
            `(the last one tried: ${eventName(event)}). Remove old or very frequent repeating events.`,
        );
      }
      return check();
    };
  }
  return expansion;
}

function cancelled(event: ICAL.Event): boolean {
  return String(event.component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

/**
 * The blackouts an iCalendar text describes between `from` and `to`: one per event occurrence, recurring
 * events expanded (with their moved or cancelled occurrences), named by their SUMMARY. Throws on text that
 * is not iCalendar. Async only to let the event loop turn between events; one event's expansion is bounded by
 * STEP_BUDGET.
 */
export async function parseBlackoutCalendar(
  text: string,
  options: { timeZone: string; from: Date; to: Date; budget?: typeof STEP_BUDGET },
): Promise<Blackout[]> {
  const budget = options.budget ?? STEP_BUDGET;
  const spent = { calendar: 0 };
  const root = new ICAL.Component(ICAL.parse(text));
  if (root.name !== 'vcalendar') throw new Error(`not an iCalendar (it starts with ${root.name})`);
  for (const zone of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  const masters = new Map<string, ICAL.Event>();
  const exceptions: ICAL.Event[] = [];
  for (const component of root.getAllSubcomponents('vevent')) {
    // Without `exceptions`, ical.js's Event scans every VEVENT of the calendar for exceptions, whatever their
    // UID: quadratic (19,000 events took about two minutes) and wrong. They are related below, by UID.
    const event = new ICAL.Event(component, { exceptions: [], strictExceptions: true });
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
    if (endMs <= startMs || endMs <= from || startMs >= to) return false;
    if (blackouts.length >= MAX_BLACKOUTS) {
      throw new CalendarTooCostlyError(
        `the calendar gives more than ${MAX_BLACKOUTS} blackouts between ${options.from.toISOString().slice(0, 10)} ` +
          `and ${options.to.toISOString().slice(0, 10)}. Remove very frequent repeating events.`,
      );
    }
    blackouts.push({ name, start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() });
    return true;
  };
  let expanded = 0;
  for (const event of masters.values()) {
    // A calendar at the size cap takes seconds to expand: requests (and /healthz) are served in between.
    if (++expanded % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const name = boundedText(event.summary?.trim() || 'Blackout', 120);
    if (cancelled(event)) continue;
    if (!event.isRecurring()) {
      add(event, name, event.startDate, event.endDate);
      continue;
    }
    const iterator = budgeted(event, spent, budget);
    // Occurrences before the window are passed over without counting: only those in the window are capped.
    let inWindow = 0;
    const lengthMs = event.endDate
      ? Math.max(0, event.endDate.subtractDate(event.startDate).toSeconds() * 1000)
      : 0;
    const exceptions = (event as unknown as { exceptions: Record<string, unknown> }).exceptions;
    for (let next = iterator.next(); next && inWindow < MAX_OCCURRENCES; next = iterator.next()) {
      // Far enough in the past whatever its zone (2 days cover any offset) and not moved by an exception: passed
      // over without the costly occurrence details, so that ten years of history stay cheap.
      if (next.toUnixTime() * 1000 + lengthMs + PAST_MARGIN_MS < from && !(next.toString() in exceptions))
        continue;
      const details = event.getOccurrenceDetails(next);
      if (cancelled(details.item)) continue;
      if (instant(details.startDate, options.timeZone, tzidOf(details.item, 'dtstart')) >= to) break;
      const occurrenceName = details.item.summary?.trim() ? boundedText(details.item.summary, 120) : name;
      if (add(details.item, occurrenceName, details.startDate, details.endDate)) inWindow += 1;
    }
  }
  return blackouts.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}
