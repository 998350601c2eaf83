import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { formatDowntime, formatWindow } from '../cards/format';
import { actorText } from '../cards/views/common';

/*
 * iCalendar (RFC 5545) for maintenance windows: the invitation attached to the announcement mail (iTIP
 * REQUEST, updated by a higher SEQUENCE on reschedule, CANCEL on cancellation) and the feed behind
 * GET /calendar.ics. Times are written in UTC: every client shows them in its own zone, and no VTIMEZONE
 * rules can go stale.
 */

export type CalendarMethod = 'REQUEST' | 'CANCEL' | 'PUBLISH';

export interface Person {
  name: string;
  email: string;
}

/** "20261219T170000Z" */
export function icsInstant(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function icsText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n?|\n/g, '\\n');
}

/** A quoted parameter value (CN=...): no double quotes, no control characters. */
function paramText(text: string): string {
  return `"${text.replace(/["\p{Cc}]/gu, '')}"`;
}

/** Folds a content line at 75 octets, never inside a UTF-8 character; continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // the leading space of a continuation counts
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
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
export function eventUid(change: Change, process: ProcessDefinition): string {
  return `${change.id}@${slug(process.service.name)}.change-bot`;
}

function description(change: Change, process: ProcessDefinition): string {
  return [
    `${change.id}: ${change.title}`,
    `Window: ${formatWindow(change.window, process.timeZone)}`,
    `Downtime: ${formatDowntime(change.downtimeMinutes)}`,
    `What will be modified: ${change.description}`,
    `Contact: ${[actorText(change.implementer), ...process.approvers.map((a) => `${a.name} (${a.email})`)].join(', or ')}`,
  ].join('\n');
}

export interface EventOptions {
  method: CalendarMethod;
  /** DTSTAMP: when this version of the event was made (ISO instant). */
  stamp: string;
  organizer?: Person;
  attendees?: readonly string[];
}

/** The VEVENT of a change's window, as content lines (not folded). */
export function eventLines(change: Change, process: ProcessDefinition, options: EventOptions): string[] {
  const cancelled = options.method === 'CANCEL' || change.status === 'cancelled';
  // Rescheduled after the announcement and waiting for a new GO: the window is not confirmed yet.
  const status = cancelled ? 'CANCELLED' : change.status === 'planned' ? 'TENTATIVE' : 'CONFIRMED';
  const lines = [
    'BEGIN:VEVENT',
    `UID:${eventUid(change, process)}`,
    `SEQUENCE:${change.calendarSequence}`,
    `DTSTAMP:${icsInstant(options.stamp)}`,
    `DTSTART:${icsInstant(change.window.start)}`,
    `DTEND:${icsInstant(change.window.end)}`,
    `SUMMARY:${icsText(`${change.id} ${process.service.name} maintenance: ${change.title}`)}`,
    `DESCRIPTION:${icsText(description(change, process))}`,
    `LOCATION:${icsText(`${process.service.name} (${process.service.host})`)}`,
    `STATUS:${status}`,
    // A maintenance window informs; it must not mark everyone busy.
    'TRANSP:TRANSPARENT',
    'X-MICROSOFT-CDO-BUSYSTATUS:FREE',
  ];
  if (options.organizer) {
    lines.push(`ORGANIZER;CN=${paramText(options.organizer.name)}:mailto:${options.organizer.email}`);
  }
  for (const attendee of options.attendees ?? []) {
    lines.push(`ATTENDEE;ROLE=NON-PARTICIPANT;RSVP=FALSE:mailto:${attendee}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

export interface CalendarOptions {
  method?: CalendarMethod;
  name?: string;
  timeZone?: string;
}

/** A VCALENDAR around the given VEVENT lines, folded, with CRLF line ends. */
export function calendarText(events: readonly string[][], options: CalendarOptions = {}): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//change-bot//Maintenance windows//EN',
    'CALSCALE:GREGORIAN',
  ];
  if (options.method) lines.push(`METHOD:${options.method}`);
  if (options.name) lines.push(`X-WR-CALNAME:${icsText(options.name)}`);
  if (options.timeZone) lines.push(`X-WR-TIMEZONE:${options.timeZone}`);
  for (const event of events) lines.push(...event);
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The invitation a mail carries: REQUEST for a new or moved window, CANCEL when it is called off. */
export function invitation(
  change: Change,
  process: ProcessDefinition,
  options: { method: 'REQUEST' | 'CANCEL'; stamp: string; organizer: Person; attendees: readonly string[] },
): string {
  return calendarText([eventLines(change, process, options)], { method: options.method });
}
