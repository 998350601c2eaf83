import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPost } from '../support/connector';
import { buttonData, cardOf, verbsOf } from '../bot/support/cards';
import { createChange, tickAt } from '../bot/support/flows';
import { approver, startHarness, type Harness } from '../bot/support/harness';

/*
 * Issue 27's done-when path, through the running bot over restify and its .eml outbox: subscribe → the
 * confirmation mail with its link → confirm → the announcement mails the subscriber with both RFC 8058 headers
 * → a one-click POST unsubscribes → the next public event mails nobody.
 */

const PUBLIC_HOST = 'status.example.org';
const READER = 'reader@example.org';
/** The valid form's window: Wed 15 Apr 2026, 18:00–20:00 Zurich; the GO/NOGO is due a week before. */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');

let h: Harness;
beforeEach(async () => {
  h = await startHarness({
    emlOutbox: true,
    env: {
      STATUS_PAGE: 'on',
      STATUS_SUBSCRIPTIONS: 'on',
      SUBSCRIPTION_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
      BOT_DOMAIN: PUBLIC_HOST,
    },
  });
});
afterEach(async () => {
  await h.stop();
});

interface Eml {
  file: string;
  headers: string;
  text: string;
}

/** The mails in DATA_DIR/outbox: unfolded headers, and the body with its quoted-printable undone. */
async function outbox(): Promise<Eml[]> {
  const dir = path.join(h.config.dataDir, 'outbox');
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.eml'));
  return Promise.all(
    names.sort().map(async (file) => {
      const raw = await fs.readFile(path.join(dir, file), 'utf8');
      const split = raw.indexOf('\r\n\r\n');
      const body = raw
        .slice(split + 4)
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return { file, headers: raw.slice(0, split).replace(/\r\n[ \t]+/g, ' '), text: body };
    }),
  );
}

const mailsTo = async (address: string) =>
  (await outbox()).filter((mail) => mail.headers.includes(`To: ${address}`));
const local = (url: string) => url.replace(`https://${PUBLIC_HOST}`, h.baseUrl);
const header = (mail: Eml, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(mail.headers)?.[1];
/** An RFC 2047 header (=?UTF-8?Q?…?= words) as text. */
const decoded = (value = '') =>
  value.replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/g, (_match, words: string) =>
    decodeURIComponent(words.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/g, '%$1')),
  );

function postForm(url: string, fields: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function announce(): Promise<string> {
  const created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  const call = await h.connector.waitFor(
    'the GO/NOGO card',
    (candidate) => isPost(candidate) && verbsOf(cardOf(h.connector.activityOf(candidate))).includes('go'),
  );
  const answer = await h.press(approver, 'go', buttonData(cardOf(h.connector.activityOf(call)), 'go'), {
    replyToId: call.createdActivityId!,
    rootId: created.rootActivityId,
  });
  expect(answer.status).toBe(200);
  await h.bot.delivery.deliver(created.id);
  return created.id;
}

test('subscribe, confirm, get the announcement with one-click unsubscribe, unsubscribe, get nothing more', async () => {
  const page = await (await fetch(`${h.baseUrl}/status`)).text();
  expect(page).toContain('<form method="post" action="/status/subscribe">');

  const subscribed = await postForm(`${h.baseUrl}/status/subscribe`, { email: READER, language: 'en' });
  expect(subscribed.status).toBe(200);
  const answer = await subscribed.text();
  expect(answer).toContain('Check your mail');
  // Nothing is stored before the confirmation.
  expect(await h.store.subscribers.list()).toEqual([]);

  const [confirmation, ...others] = await mailsTo(READER);
  expect(others).toEqual([]);
  expect(header(confirmation!, 'Subject')).toBe('Confirm your subscription to maintenance notices');
  const link = /https:\/\/status\.example\.org\/status\/confirm\?t=[A-Za-z0-9_.-]+/.exec(
    confirmation!.text,
  )?.[0];
  expect(link).toBeDefined();

  // A GET (what a mail scanner does) only shows the button.
  const shown = await fetch(local(link!));
  expect(shown.status).toBe(200);
  expect(await shown.text()).toContain('<form method="post" action="/status/confirm">');
  expect(await h.store.subscribers.list()).toEqual([]);

  const token = new URL(link!).searchParams.get('t')!;
  const confirmed = await postForm(`${h.baseUrl}/status/confirm`, { t: token });
  expect(confirmed.status).toBe(200);
  const [stored, ...more] = await h.store.subscribers.list();
  expect(more).toEqual([]);
  expect(Object.keys(stored!.value).sort()).toEqual([
    'address',
    'consentAt',
    'language',
    'services',
    'tokenHash',
  ]);
  expect(stored!.value).toMatchObject({ address: READER, services: [], language: 'en' });
  expect(JSON.stringify(stored)).not.toContain(token);

  const id = await announce();
  const notices = (await mailsTo(READER)).filter(
    (mail) => mail !== undefined && mail.file !== confirmation!.file,
  );
  expect(notices).toHaveLength(1);
  const notice = notices[0]!;
  expect(decoded(header(notice, 'Subject'))).toMatch(/^Planned maintenance: ISC Learn Platform, /);
  const unsubscribe =
    /^<(https:\/\/status\.example\.org\/status\/unsubscribe\?s=[0-9a-f]{32}&t=[A-Za-z0-9_-]+)>$/.exec(
      header(notice, 'List-Unsubscribe') ?? '',
    )?.[1];
  expect(unsubscribe).toBeDefined();
  expect(header(notice, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  expect(notice.text).toContain(unsubscribe);

  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the URL, with nothing else.
  const gone = await postForm(local(unsubscribe!), { 'List-Unsubscribe': 'One-Click' });
  expect(gone.status).toBe(200);
  expect(await h.store.subscribers.list()).toEqual([]);

  // The window starts: the feed gets its "started" entry, the subscribers' notice is delivered, to nobody.
  await tickAt(h, WINDOW_START);
  await h.bot.delivery.deliver(id);
  const started = (await h.change(id)).outbox.find(
    (entry) => entry.effect.to.kind === 'subscribers' && entry.effect.notice === 'start',
  );
  expect(started?.state).toBe('sent');
  expect(await mailsTo(READER)).toHaveLength(2);
});

test('the same answer whether the address is subscribed or not, and no second mail past the limit', async () => {
  const first = await postForm(`${h.baseUrl}/status/subscribe`, { email: READER });
  const again = await postForm(`${h.baseUrl}/status/subscribe`, { email: READER });
  expect(again.status).toBe(first.status);
  expect(await again.text()).toBe(await first.text());
  for (let i = 0; i < 3; i++) await postForm(`${h.baseUrl}/status/subscribe`, { email: READER });
  expect(await mailsTo(READER)).toHaveLength(3);
});

test('the forms are read bounded: urlencoded or multipart only, 8 KB at most; a forged unsubscribe deletes nothing', async () => {
  const json = await fetch(`${h.baseUrl}/status/subscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: READER }),
  });
  expect(json.status).toBe(415);
  const huge = await postForm(`${h.baseUrl}/status/subscribe`, { email: READER, padding: 'x'.repeat(9000) });
  expect(huge.status).toBe(413);
  expect((await fetch(`${h.baseUrl}/status/subscribe`)).status).toBe(405);
  expect(await mailsTo(READER)).toEqual([]);

  await h.store.subscribers.put('0'.repeat(32), {
    address: READER,
    services: [],
    language: 'en',
    consentAt: new Date(0).toISOString(),
    tokenHash: '0'.repeat(64),
  });
  const forged = await postForm(`${h.baseUrl}/status/unsubscribe?s=${'0'.repeat(32)}&t=AAAA`, {
    'List-Unsubscribe': 'One-Click',
  });
  expect(forged.status).toBe(400);
  expect(await h.store.subscribers.list()).toHaveLength(1);
});

test('20 forms an hour per client, the client named by the proxy (the last X-Forwarded-For hop)', async () => {
  const from = (client: string, index: number) =>
    fetch(`${h.baseUrl}/status/subscribe`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Forwarded-For': `198.51.100.1, ${client}`,
      },
      body: new URLSearchParams({ email: `reader${index}@example.org` }).toString(),
    });
  for (let index = 0; index < 20; index++) expect((await from('203.0.113.7', index)).status).toBe(200);
  const refused = await from('203.0.113.7', 20);
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('3600');
  expect((await from('203.0.113.8', 21)).status).toBe(200);
});
