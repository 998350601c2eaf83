import type { Change, Effect, NoticeKind } from './change';
import { publicWindow, type PublicEventKind } from './publicStatus';

/** The notice whose words a subscriber's mail about each public event borrows (its subject label). */
export const SUBSCRIBER_NOTICE: Record<PublicEventKind, NoticeKind> = {
  announced: 'announcement',
  rescheduled: 'rescheduled',
  started: 'start',
  extended: 'extension',
  incident: 'incident',
  restored: 'restored',
  handedOff: 'handoff',
  completed: 'end',
  cancelled: 'cancellation',
};

/**
 * One subscriber notice per entry the Atom feed gains with this transition: the feed and the mails are both
 * the change's public events (publicStatus.ts), so a subscriber is told exactly what a feed reader is told.
 */
export function subscriberEffects(before: Change, after: Change, now: Date): Effect[] {
  const had = publicWindow(before, now)?.events.length ?? 0;
  const events = publicWindow(after, now)?.events ?? [];
  return events
    .slice(had)
    .map((event) => ({ notice: SUBSCRIBER_NOTICE[event.kind], to: { kind: 'subscribers' } }));
}
