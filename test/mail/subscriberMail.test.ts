import { DeliveryFailure, type DirectMail, type Mailer } from '../../src/app/ports';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import type { OutboxEntry } from '../../src/domain/change';
import { createSubscriberNotices } from '../../src/mail/subscriberMail';
import type { Collection, StoredRecord, SubscriberRecord } from '../../src/store/records';
import { recordingLogger } from '../bot/support/harness';
import { lifeOfAChange } from '../status/support/lifecycle';

const ENTRY: OutboxEntry = {
  key: '5:announcement:subscribers',
  effect: { notice: 'announcement', to: { kind: 'subscribers' } },
  revision: 5,
  state: 'pending',
  attempts: 1,
  createdAt: '2027-06-12T16:30:00.000Z',
};

function subscriber(
  key: string,
  address: string,
  services: string[],
  consentAt: string,
): StoredRecord<SubscriberRecord> {
  return {
    key,
    value: { address, services, language: 'en', consentAt, tokenHash: '' },
    updatedAt: consentAt,
  };
}

test('a notice goes to each subscriber of the service who consented before it was queued, with a stable id', async () => {
  const records = [
    subscriber('a'.repeat(32), 'all@example.org', [], '2027-06-01T00:00:00.000Z'),
    subscriber('b'.repeat(32), 'learn@example.org', ['isc learn platform'], '2027-06-01T00:00:00.000Z'),
    subscriber(
      'c'.repeat(32),
      'nas@example.org',
      ['NAS backup (SSD NAS or small desktop NAS)'],
      '2027-06-01T00:00:00.000Z',
    ),
    subscriber('d'.repeat(32), 'late@example.org', [], '2027-06-12T16:31:00.000Z'),
  ];
  const collection = { list: async () => records } as unknown as Collection<SubscriberRecord>;
  const sent: DirectMail[] = [];
  const mailer: Mailer = { send: async () => undefined, sendDirect: async (mail) => void sent.push(mail) };
  const { announced } = lifeOfAChange();
  const notices = createSubscriberNotices({
    subscribers: collection,
    mailer,
    process: loadProcessFile(DEFAULT_PROCESS_FILE),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    baseUrl: () => 'https://status.example.org',
    logger: recordingLogger([]),
  });
  await notices.send(announced.change, ENTRY);
  expect(sent.map((mail) => mail.to)).toEqual([['all@example.org'], ['learn@example.org']]);
  const first = sent.map((mail) => mail.id);
  await notices.send(announced.change, { ...ENTRY, attempts: 2 });
  // Sent again (a crash before "sent" was stored), it names the same messages: the .eml outbox rewrites the
  // same files instead of adding copies.
  expect(sent.slice(2).map((mail) => mail.id)).toEqual(first);
  for (const mail of sent) {
    expect(mail.headers?.['List-Unsubscribe']).toMatch(
      /^<https:\/\/status\.example\.org\/status\/unsubscribe\?s=[0-9a-f]{32}&t=/,
    );
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).not.toContain(announced.change.description);
  }
});

test('a sending stopped part way (Graph throttles the second mail) is retried for the rest only', async () => {
  const records = [
    subscriber('a'.repeat(32), 'one@example.org', [], '2027-06-01T00:00:00.000Z'),
    subscriber('b'.repeat(32), 'two@example.org', [], '2027-06-01T00:00:00.000Z'),
    subscriber('c'.repeat(32), 'three@example.org', [], '2027-06-01T00:00:00.000Z'),
  ];
  const sent: string[] = [];
  let throttled = false;
  const mailer: Mailer = {
    send: async () => undefined,
    sendDirect: async (mail) => {
      if (mail.to[0] === 'two@example.org' && !throttled) {
        throttled = true;
        throw new DeliveryFailure('Microsoft Graph is busy (429)', 'transient', 1000);
      }
      sent.push(mail.to[0]!);
    },
  };
  const notices = createSubscriberNotices({
    subscribers: { list: async () => records } as unknown as Collection<SubscriberRecord>,
    mailer,
    process: loadProcessFile(DEFAULT_PROCESS_FILE),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    baseUrl: () => 'https://status.example.org',
    logger: recordingLogger([]),
  });
  const { announced } = lifeOfAChange();
  await expect(notices.send(announced.change, ENTRY)).rejects.toThrow(/429/);
  await notices.send(announced.change, { ...ENTRY, attempts: 2 });
  expect(sent).toEqual(['one@example.org', 'two@example.org', 'three@example.org']);
});

test('each subscriber reads the notice in the language they chose, marked with Content-Language', async () => {
  const consent = '2027-06-01T00:00:00.000Z';
  const records = (['en', 'fr', 'de'] as const).map((language, index) => ({
    ...subscriber(String(index).repeat(32), `${language}@example.org`, [], consent),
    value: { address: `${language}@example.org`, services: [], language, consentAt: consent, tokenHash: '' },
  }));
  const sent: DirectMail[] = [];
  const notices = createSubscriberNotices({
    subscribers: { list: async () => records } as unknown as Collection<SubscriberRecord>,
    mailer: { send: async () => undefined, sendDirect: async (mail) => void sent.push(mail) },
    process: loadProcessFile(DEFAULT_PROCESS_FILE),
    secret: 'a-test-secret-that-is-long-enough-0123456789',
    baseUrl: () => 'https://status.example.org',
    logger: recordingLogger([]),
  });
  const { announced } = lifeOfAChange();
  await notices.send(announced.change, ENTRY);
  const [en, fr, de] = sent;
  expect(sent.map((mail) => mail.headers?.['Content-Language'])).toEqual(['en', 'fr', 'de']);
  expect(en!.subject).toMatch(/^Planned maintenance: /);
  expect(en!.text).toContain('Unsubscribe (one click): https://status.example.org/status/unsubscribe?');
  expect(fr!.subject).toMatch(/^Maintenance planifiée\u00a0: /);
  expect(fr!.text).toContain(
    'Se désabonner (en un clic)\u00a0: https://status.example.org/status/unsubscribe?',
  );
  expect(fr!.text).not.toMatch(/Planned|Unsubscribe|Status page/);
  expect(de!.subject).toMatch(/^Geplante Wartung: /);
  expect(de!.text).toContain('Abmelden (mit einem Klick): https://status.example.org/status/unsubscribe?');
  expect(de!.text).not.toMatch(/Planned|Unsubscribe|Status page/);
  // Each in its own words for the window too: no English month or weekday in the French and German mails.
  expect(`${fr!.subject}${de!.subject}`).not.toMatch(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jun|Jul)\b/);
  // Every one still carries the one-click unsubscribe headers.
  for (const mail of sent) expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
});
