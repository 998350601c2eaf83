import type { ChangeStatus } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { ChangeStore } from '../store/types';
import { calendarText, eventLines } from './ics';

/** Announced once, but no longer going ahead: a calendar cancellation was mailed for these. */
const WITHDRAWN: readonly ChangeStatus[] = ['cancelled', 'blocked', 'rejected'];

/**
 * GET /calendar.ics: every announced, not cancelled window of the active changes (upcoming and running), for
 * an Outlook subscription. A finished change leaves the feed with the active index.
 */
export async function calendarFeed(store: ChangeStore, process: ProcessDefinition): Promise<string> {
  const events: string[][] = [];
  for (const summary of store.listActive()) {
    const change = (await store.get(summary.id))?.change;
    if (!change || !change.announced || WITHDRAWN.includes(change.status)) continue;
    events.push(eventLines(change, process, { method: 'PUBLISH', stamp: change.updatedAt }));
  }
  return calendarText(events, {
    method: 'PUBLISH',
    name: `${process.service.name} maintenance`,
    timeZone: process.timeZone,
  });
}
