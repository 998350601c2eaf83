import { DeliveryFailure, type DirectMail, type Logger, type Mailer } from '../app/ports';
import { formatWindow } from '../cards/format';
import type { Change, NoticeKind, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { processFor } from '../domain/serviceFacts';
import type { Collection, StoredRecord, SubscriberRecord } from '../store/records';
import { unsubscribeUrl } from '../web/subscriptionToken';

/*
 * The mails of e-mail subscriptions (docs/subscriptions.md), in English until the catalogues of issue 26 land:
 * the confirmation link, and each subscriber's copy of a public notice. Only the public fields of a change
 * (service, title, window, downtime) are written, as on the status page.
 */

export interface SubscriberMailOptions {
  subscribers: Collection<SubscriberRecord>;
  mailer: Mailer;
  process: ProcessDefinition;
  secret: string;
  baseUrl: string;
  logger: Logger;
}

const HEADLINE: Partial<Record<NoticeKind, string>> = {
  announcement: 'Planned maintenance',
  rescheduled: 'Maintenance moved',
  start: 'Maintenance started',
  extension: 'Maintenance extended',
  incident: 'Problem during the maintenance',
  restored: 'Maintenance ended, service restored to its previous state',
  handoff: 'Maintenance ended, the service is being repaired',
  end: 'Maintenance completed',
  cancellation: 'Maintenance cancelled',
};

const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ').trim();

function follows(record: SubscriberRecord, service: string): boolean {
  return (
    record.services.length === 0 ||
    record.services.some((name) => name.toLowerCase() === service.toLowerCase())
  );
}

/** One subscriber's copy of a notice: the same id on every retry, so the .eml outbox writes the same file. */
export function subscriberNotice(
  change: Change,
  entry: OutboxEntry,
  subscriber: StoredRecord<SubscriberRecord>,
  options: Pick<SubscriberMailOptions, 'process' | 'secret' | 'baseUrl'>,
): DirectMail {
  const own = processFor(options.process, change);
  const headline = HEADLINE[entry.effect.notice] ?? 'Maintenance update';
  const window = formatWindow(change.window, own.timeZone);
  const unsubscribe = unsubscribeUrl(options.baseUrl, options.secret, subscriber.key);
  const page = `${options.baseUrl}/status?service=${encodeURIComponent(change.service)}`;
  return {
    id: `${change.id}.${entry.key}.${subscriber.key}`.replace(/[^A-Za-z0-9.+#-]/g, '_'),
    to: [subscriber.value.address],
    subject: oneLine(`${headline}: ${change.service}, ${change.title} (${window})`),
    text: [
      `${headline}.`,
      '',
      `Service: ${change.service}`,
      `What: ${oneLine(change.title)}`,
      `When: ${window}`,
      ...(change.downtimeMinutes > 0 ? [`Expected downtime: ${change.downtimeMinutes} minutes`] : []),
      '',
      `Status page: ${page}`,
      '',
      `You get this mail because you subscribed to maintenance notices on ${options.baseUrl}/status.`,
      `Unsubscribe (one click): ${unsubscribe}`,
    ].join('\n'),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/**
 * Delivers a `subscribers` outbox entry: one mail to each confirmed subscriber of the change's service who
 * consented before the notice was queued. The list is read at delivery, so an unsubscribe made before then is
 * honoured, and no address is copied into the change.
 */
export function createSubscriberNotices(options: SubscriberMailOptions): Pick<Mailer, 'send'> {
  // The subscribers already mailed for an entry whose sending stopped part way (Graph throttling one of them):
  // its retry mails only the rest. Kept in memory, so after a restart a retry may repeat those mails once.
  const partly = new Map<string, Set<string>>();
  return {
    async send(change, entry) {
      const sendDirect = options.mailer.sendDirect;
      if (!sendDirect) throw new DeliveryFailure('This mailer cannot send to subscribers.', 'permanent');
      const queuedAt = Date.parse(entry.createdAt);
      const subscribers = (await options.subscribers.list()).filter(
        (record) => follows(record.value, change.service) && Date.parse(record.value.consentAt) <= queuedAt,
      );
      const id = `${change.id}|${entry.key}`;
      const done = partly.get(id) ?? new Set<string>();
      partly.set(id, done);
      // Entries given up part way must not pile up: the oldest are forgotten first.
      if (partly.size > 1000) partly.delete(partly.keys().next().value!);
      for (const subscriber of subscribers) {
        if (done.has(subscriber.key)) continue;
        await sendDirect(subscriberNotice(change, entry, subscriber, options));
        done.add(subscriber.key);
      }
      partly.delete(id);
      options.logger.info(
        { changeId: change.id, delivery: entry.key, subscribers: subscribers.length },
        'notice mailed to the status page subscribers',
      );
    },
  };
}
