/** Changes at the points where they are mailed, with the outbox entries the domain queued for them. */
import { enqueue } from '../../../src/app/outbox';
import type { Change, OutboxEntry } from '../../../src/domain/change';
import {
  accepted,
  act,
  approver,
  dueOf,
  implementer,
  newChange,
  testProcess,
  tick,
  zurich,
} from '../../domain/support';

export const process = testProcess();

/** Typed by a user: markup, quotes, separators, non-ASCII and an emoji, long enough to fold. */
export const AWKWARD_TITLE = 'Mise à jour <script>alert("x")</script> & plugins; été, Zürich 🚀 — Moodle 4.5';

/** The change after a transition, its entries queued as lifecycle.ts queues them. */
function queued(decision: ReturnType<typeof act>, at: Date): { change: Change; entries: OutboxEntry[] } {
  const { change, effects } = accepted(decision);
  const withOutbox = enqueue({ ...change, outbox: [] }, effects, at);
  return { change: withOutbox, entries: withOutbox.outbox };
}

export function mailEntry(entries: OutboxEntry[], notice: string): OutboxEntry {
  const entry = entries.find((e) => e.effect.notice === notice && e.effect.to.kind === 'mail');
  if (!entry) throw new Error(`Test bug: no ${notice} mail among ${entries.map((e) => e.key).join(', ')}`);
  return entry;
}

/** GO on a change whose window is `start` (local, 2 h): the announcement with its invitation. */
export function announced(start = '2027-06-19 18:00', title?: string) {
  const created = newChange(start).change;
  const asked = accepted(tick(created, 'goNoGo')).change;
  const at = dueOf(asked, 'goNoGo');
  const { change, entries } = queued(
    act(title ? { ...asked, title } : asked, { type: 'go' }, approver, at),
    at,
  );
  return { change, entry: mailEntry(entries, 'announcement'), at };
}

/** The announced change moved to `newStart` by its implementer. */
export function rescheduled(change: Change, newStart: string) {
  const start = zurich(newStart);
  const window = { start: start.toISOString(), end: new Date(start.getTime() + 2 * 3_600_000).toISOString() };
  const at = new Date(Date.parse(change.updatedAt) + 60_000);
  const { change: moved, entries } = queued(
    act(change, { type: 'reschedule', window, expedited: true, overlaps: [] }, implementer, at),
    at,
  );
  return { change: moved, entry: mailEntry(entries, 'rescheduled'), at };
}

export function cancelled(change: Change) {
  const at = new Date(Date.parse(change.updatedAt) + 60_000);
  const { change: off, entries } = queued(
    act(change, { type: 'cancel', reason: 'Vendor postponed the release' }, implementer, at),
    at,
  );
  return { change: off, entry: mailEntry(entries, 'cancellation'), at };
}
