import type { Collection, SubscriberRecord } from '../store/records';
import { subscriberKey } from '../web/subscriptionToken';

/** Everything the bot keeps about one subscriber, as `npm run subscriber:forget` prints it. */
export interface SubscriberExport {
  /** The stored key: a hash of the address. */
  key: string;
  record: SubscriberRecord;
  /** When the record was last written. */
  updatedAt: string;
}

/**
 * Exports one subscriber's data and, unless `keep`, deletes it: the answer to a person asking what is kept about
 * them and to be forgotten. Only the subscriber record holds their address; the changes' outboxes name the
 * subscribers as a group, never one by one (src/domain/notice.ts), so nothing else is left to delete.
 */
export async function exportAndForget(
  subscribers: Collection<SubscriberRecord>,
  address: string,
  options: { keep?: boolean } = {},
): Promise<SubscriberExport | undefined> {
  const key = subscriberKey(address);
  const stored = await subscribers.get(key);
  if (!stored) return undefined;
  if (!options.keep) await subscribers.delete(key);
  return { key, record: stored.value, updatedAt: stored.updatedAt };
}
