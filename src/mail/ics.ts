import ical, {
  escape,
  foldLines,
  formatDate,
  ICalAttendeeRole,
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { processFor } from '../domain/serviceFacts';
import { formatDowntime, formatWindow } from '../cards/format';
import { actorText } from '../cards/views/common';
import type { MessageKey } from '../i18n/catalogues';
import type { Language } from '../i18n/languages';
import { alternatives, duration, localWindow, t } from '../i18n/translate';
import { publicTextOf } from './localized';

/*
 * iCalendar (RFC 5545) for maintenance windows: the invitation attached to the announcement mail (iTIP
 * REQUEST, updated by a higher SEQUENCE on reschedule, CANCEL on cancellation) and the feed behind
 * GET /calendar.ics. ical-generator writes the text (escaping, dates, folding); this module decides what goes
 * in it. Times are written in UTC: every client shows them in its own zone, and no VTIMEZONE rules can go
 * stale.
 */

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface Person {
  name: string;
  email: string;
}

const PRODUCT = { company: 'change-bot', product: 'Maintenance windows', language: 'EN' };
const CRLF = '\r\n';

/** "20261219T170000Z" */
export function icsInstant(iso: string): string {
  return formatDate(null, new Date(iso).toISOString());
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function icsText(text: string): string {
  return escape(text, false);
}

/** Folds a content line at 75 octets, never inside a UTF-8 character; continuation lines start with a space. */
export function foldLine(line: string): string {
  return foldLines(line);
}

/** Content lines of an iCalendar text, unfolded, without empty ones. */
function unfoldedLines(text: string): string[] {
  return text
    .replace(/\r\n[ \t]/g, '')
    .split(CRLF)
    .filter((line) => line !== '');
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'service'
  );
}

/** Stable per change, so that an update or a cancellation replaces the event the announcement created. */
export function eventUid(change: Change, proc: ProcessDefinition): string {
  return `${change.id}@${slug(proc.service.name)}.change-bot`;
}

function description(change: Change, proc: ProcessDefinition, language?: Language): string {
  if (language) {
    const people = [actorText(change.implementer), ...proc.approvers.map((a) => `${a.name} (${a.email})`)];
    const fact = (key: MessageKey, value: string) => `${t(language, key)}${t(language, 'colon')} ${value}`;
    const text = publicTextOf(change, proc, language);
    return [
      `${change.id}: ${text.title}`,
      ...(text.summary ? [text.summary] : []),
      fact('mail.fact.window', localWindow(language, change.window, proc.timeZone)),
      fact('mail.fact.downtime', duration(language, change.downtimeMinutes)),
      fact('mail.fact.description', change.description),
      fact('mail.fact.contact', alternatives(language, people)),
    ].join('\n');
  }
  return [
    `${change.id}: ${change.title}`,
    `Window: ${formatWindow(change.window, proc.timeZone)}`,
    `Downtime: ${formatDowntime(change.downtimeMinutes)}`,
    `What will be modified: ${change.description}`,
    `Contact: ${[actorText(change.implementer), ...proc.approvers.map((a) => `${a.name} (${a.email})`)].join(', or ')}`,
  ].join('\n');
}

export interface EventOptions {
  method: CalendarMethod;
  /** DTSTAMP: when this version of the event was made (ISO instant). */
  stamp: string;
  organizer?: Person;
  attendees?: readonly string[];
  /** The readers' language: the summary and description are written in it (English when absent). */
  language?: Language;
}

/** The VEVENT of a change's window, as content lines (not folded): named after the change's own service. */
export function eventLines(change: Change, proc: ProcessDefinition, options: EventOptions): string[] {
  const serviceProc = processFor(proc, change);
  const cancelled = options.method === 'CANCEL' || change.status === 'cancelled';
  // Rescheduled after the announcement and waiting for a new GO: the window is not confirmed yet.
  const status = cancelled
    ? ICalEventStatus.CANCELLED
    : change.status === 'planned'
      ? ICalEventStatus.TENTATIVE
      : ICalEventStatus.CONFIRMED;
  const calendar = ical({ prodId: PRODUCT });
  calendar.createEvent({
    id: eventUid(change, serviceProc),
    sequence: change.calendarSequence,
    stamp: new Date(options.stamp),
    start: new Date(change.window.start),
    end: new Date(change.window.end),
    summary: options.language
      ? t(options.language, 'ics.summary', {
          id: change.id,
          service: serviceProc.service.name,
          title: publicTextOf(change, serviceProc, options.language).title,
        })
      : `${change.id} ${serviceProc.service.name} maintenance: ${change.title}`,
    description: description(change, serviceProc, options.language),
    location: `${serviceProc.service.name} (${serviceProc.service.host})`,
    status,
    // A maintenance window informs; it must not mark everyone busy.
    transparency: ICalEventTransparency.TRANSPARENT,
    busystatus: ICalEventBusyStatus.FREE,
    ...(options.organizer
      ? { organizer: { name: options.organizer.name, email: options.organizer.email } }
      : {}),
    attendees: (options.attendees ?? []).map((email) => ({
      email,
      role: ICalAttendeeRole.NON,
      rsvp: false,
    })),
  });
  const lines = unfoldedLines(calendar.toString());
  return lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.lastIndexOf('END:VEVENT') + 1);
}

export interface CalendarOptions {
  method?: CalendarMethod;
  name?: string;
  timeZone?: string;
}

const METHODS: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
};

/** A VCALENDAR around the given VEVENT lines, folded, with CRLF line ends. */
export function calendarText(events: readonly string[][], options: CalendarOptions = {}): string {
  const calendar = ical({
    prodId: PRODUCT,
    scale: 'gregorian',
    ...(options.method ? { method: METHODS[options.method] } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.timeZone ? { x: { 'X-WR-TIMEZONE': options.timeZone } } : {}),
  });
  const lines = unfoldedLines(calendar.toString());
  const end = lines.lastIndexOf('END:VCALENDAR');
  const all = [...lines.slice(0, end), ...events.flat(), ...lines.slice(end)];
  return foldLines(all.join(CRLF)) + CRLF;
}

/** The invitation a mail carries: REQUEST for a new or moved window, CANCEL when it is called off. */
export function invitation(
  change: Change,
  proc: ProcessDefinition,
  options: {
    method: 'REQUEST' | 'CANCEL';
    stamp: string;
    organizer: Person;
    attendees: readonly string[];
    language?: Language;
  },
): string {
  return calendarText([eventLines(change, proc, options)], { method: options.method });
}
