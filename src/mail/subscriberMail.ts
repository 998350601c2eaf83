import { DeliveryFailure, type DirectMail, type Logger, type Mailer } from '../app/ports';
import { formatWindow } from '../cards/format';
import type { Change, NoticeKind, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { processFor } from '../domain/serviceFacts';
import type { MessageKey } from '../i18n/catalogues';
import { isLanguage, type Language } from '../i18n/languages';
import { localWindow, t, type Values } from '../i18n/translate';
import type { Collection, StoredRecord, SubscriberRecord } from '../store/records';
import { unsubscribeUrl } from '../web/subscriptionToken';

/*
 * The mails of e-mail subscriptions (docs/subscriptions.md): each subscriber's copy of a public notice, in the
 * language they chose (the catalogues in src/i18n). Only the public fields of a change
 * (service, title, window, downtime) are written, as on the status page.
 */

export interface SubscriberMailOptions {
  subscribers: Collection<SubscriberRecord>;
  mailer: Mailer;
  process: ProcessDefinition;
  secret: string;
  /** Read when a mail is written (src/web/subscriptionLinks.ts). */
  baseUrl: () => string;
  logger: Logger;
}

/** The notices a subscriber hears of, by the name of their headline in the catalogues. */
const HEADLINES = new Set<string>([
  'announcement',
  'rescheduled',
  'start',
  'extension',
  'incident',
  'restored',
  'handoff',
  'end',
  'cancellation',
]);

function headlineKey(notice: NoticeKind): MessageKey {
  return `subscriber.headline.${HEADLINES.has(notice) ? notice : 'other'}` as MessageKey;
}

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
  const serviceProc = processFor(options.process, change);
  // The language the subscriber chose; English for a record whose language the bot does not speak.
  const language: Language = isLanguage(subscriber.value.language) ? subscriber.value.language : 'en';
  const say = (key: MessageKey, values: Values = {}) => t(language, key, values);
  const headline = say(headlineKey(entry.effect.notice));
  const window =
    language === 'en'
      ? formatWindow(change.window, serviceProc.timeZone)
      : localWindow(language, change.window, serviceProc.timeZone);
  const baseUrl = options.baseUrl();
  const unsubscribe = unsubscribeUrl(baseUrl, options.secret, subscriber.key);
  const page = `${baseUrl}/status?service=${encodeURIComponent(change.service)}`;
  const title = oneLine(change.title);
  return {
    id: `${change.id}.${entry.key}.${subscriber.key}`.replace(/[^A-Za-z0-9.+#-]/g, '_'),
    to: [subscriber.value.address],
    subject: oneLine(say('subscriber.subject', { headline, service: change.service, title, window })),
    text: [
      `${headline}.`,
      '',
      say('subscriber.service', { service: change.service }),
      say('subscriber.what', { title }),
      say('subscriber.when', { window }),
      ...(change.downtimeMinutes > 0
        ? [say('subscriber.downtime', { minutes: change.downtimeMinutes })]
        : []),
      '',
      say('subscriber.page', { url: page }),
      '',
      say('subscriber.why', { url: `${baseUrl}/status` }),
      say('subscriber.unsubscribe', { url: unsubscribe }),
    ].join('\n'),
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': language,
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
