import type { DirectMail, Mailer } from '../../src/app/ports';
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
    baseUrl: 'https://status.example.org',
    logger: recordingLogger([]),
  });
  await notices.send(announced.change, ENTRY);
  expect(sent.map((mail) => mail.to)).toEqual([['all@example.org'], ['learn@example.org']]);
  const first = sent.map((mail) => mail.id);
  await notices.send(announced.change, ENTRY);
  // A retry names the same messages: the .eml outbox rewrites the same files instead of adding copies.
  expect(sent.slice(2).map((mail) => mail.id)).toEqual(first);
  for (const mail of sent) {
    expect(mail.headers?.['List-Unsubscribe']).toMatch(
      /^<https:\/\/status\.example\.org\/status\/unsubscribe\?s=[0-9a-f]{32}&t=/,
    );
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).not.toContain(announced.change.description);
  }
});
