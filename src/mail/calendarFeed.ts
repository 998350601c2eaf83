import type { ChangeStatus } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { findService } from '../domain/serviceFacts';
import { readableChange } from '../store/readableChange';
import type { ChangeStore } from '../store/types';
import { calendarText, eventLines } from './ics';

/** Announced once, but no longer going ahead: a calendar cancellation was mailed for these. */
const WITHDRAWN: readonly ChangeStatus[] = ['cancelled', 'blocked', 'rejected'];

/**
 * What a feed subscriber may see without CALENDAR_FEED_DETAILS: the title, the service and the window (and
 * the fields a calendar needs to keep the event in step). No description, no names, no addresses.
 */
const PUBLIC_PROPERTIES = new Set([
  'BEGIN',
  'END',
  'UID',
  'SEQUENCE',
  'DTSTAMP',
  'DTSTART',
  'DTEND',
  'SUMMARY',
  'LOCATION',
  'STATUS',
  'TRANSP',
  'X-MICROSOFT-CDO-BUSYSTATUS',
]);

/** Keeps the allowed properties of content lines; a folded continuation follows the line it continues. */
export function publicEventLines(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let keeping = false;
  for (const line of lines.flatMap((text) => text.split(/\r\n(?=[ \t])/))) {
    if (/^[ \t]/.test(line)) {
      if (keeping) kept[kept.length - 1] += `\r\n${line}`;
      continue;
    }
    const name = line.split(/[;:]/, 1)[0]!.toUpperCase();
    keeping = PUBLIC_PROPERTIES.has(name);
    if (keeping) kept.push(line);
  }
  return kept;
}

export interface FeedOptions {
  /** CALENDAR_FEED_DETAILS: descriptions and contacts too. */
  details?: boolean;
  /** `?service=`: the windows of that service only (its name as the process file spells it, any case). */
  service?: string;
}

/**
 * GET /calendar.ics: every announced, not cancelled window of the active changes (upcoming and running), for
 * an Outlook subscription. A finished change leaves the feed with the active index.
 */
export async function calendarFeed(
  store: ChangeStore,
  proc: ProcessDefinition,
  options: FeedOptions = {},
): Promise<string | undefined> {
  const only = options.service === undefined ? undefined : findService(proc, options.service);
  if (options.service !== undefined && !only) return undefined;
  const events: string[][] = [];
  for (const summary of store.listActive()) {
    if (only && summary.service !== only.name) continue;
    // A damaged file leaves its change out of the feed, not the feed out (the store reports it).
    const change = await readableChange(store, summary.id);
    if (!change || !change.announced || WITHDRAWN.includes(change.status)) continue;
    const lines = eventLines(change, proc, { method: 'PUBLISH', stamp: change.updatedAt });
    events.push(options.details ? lines : publicEventLines(lines));
  }
  return calendarText(events, {
    method: 'PUBLISH',
    name: `${only?.name ?? proc.services.map((service) => service.name).join(', ')} maintenance`,
    timeZone: proc.timeZone,
  });
}
