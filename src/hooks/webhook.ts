import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { DeliveryFailure } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';
import { publicWindow } from '../domain/publicStatus';
import { call } from './http';

/**
 * The `webhook-id` of an entry: the same for every attempt at one event to one endpoint, so that a receiver
 * can drop a retry it already processed (Standard Webhooks, "idempotency").
 */
export function webhookId(change: Change, entry: OutboxEntry): string {
  const digest = createHash('sha256').update(`${change.id}\n${entry.key}`).digest('base64url');
  return `msg_${digest.slice(0, 27)}`;
}

/** The body: the event and the public fields of the change only (those the status page shows). */
export function webhookBody(change: Change, entry: OutboxEntry, event: string, now: Date): string {
  const window = publicWindow(change, now);
  return JSON.stringify({
    type: `maintenance.${event}`,
    timestamp: now.toISOString(),
    data: {
      id: change.id,
      service: change.service,
      title: change.title,
      status: change.status,
      state: window?.state,
      start: change.window.start,
      end: change.window.end,
      plannedEnd: change.plannedEnd,
      downtimeMinutes: change.downtimeMinutes,
      revision: entry.revision,
    },
  });
}

/** Signs and POSTs one event to one endpoint, per the Standard Webhooks specification. */
export async function sendWebhook(
  change: Change,
  entry: OutboxEntry,
  secret: string | undefined,
  now: Date,
): Promise<void> {
  const to = entry.effect.to;
  if (to.kind !== 'webhook') throw new TypeError('not a webhook entry');
  if (!secret)
    throw new DeliveryFailure(`no secret for ${to.url} (removed from the process file?)`, 'permanent');
  const id = webhookId(change, entry);
  const body = webhookBody(change, entry, to.event, now);
  const signature = new Webhook(secret).sign(id, now, body);
  await call(to.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  });
}
