import { promises as fs } from 'node:fs';
import path from 'node:path';
import { startHarness, type Harness } from '../bot/support/harness';

/*
 * SPEC's contract: wherever /status is served, `POST /status/subscribe` mails a confirmation link, and links use
 * PUBLIC_BASE_URL (default https://BOT_DOMAIN, in local mode the local URL). So a bot started on its defaults
 * with only STATUS_PAGE=on takes subscriptions: no STATUS_SUBSCRIPTIONS, no SUBSCRIPTION_SECRET, no BOT_DOMAIN.
 */

const READER = 'reader@example.org';
const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0)) await h.stop();
});

async function start(env: Record<string, string>, dataDir?: string): Promise<Harness> {
  const h = await startHarness({
    emlOutbox: true,
    env: { STATUS_PAGE: 'on', ...env },
    ...(dataDir ? { dataDir } : {}),
  });
  started.push(h);
  return h;
}

const subscribe = (h: Harness) =>
  fetch(`${h.baseUrl}/status/subscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: READER, language: 'en' }).toString(),
  });

/** The confirmation link mailed to READER, from the .eml outbox (quoted-printable soft breaks undone). */
async function confirmationLink(h: Harness): Promise<string> {
  const dir = path.join(h.config.dataDir, 'outbox');
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.eml'));
  const texts = await Promise.all(names.map((name) => fs.readFile(path.join(dir, name), 'utf8')));
  const mail = texts
    .map((text) => text.replace(/=\r\n/g, '').replace(/=3D/g, '='))
    .find((text) => text.includes(READER));
  const link = /https?:\/\/[^\s]+\/status\/confirm\?t=[A-Za-z0-9_.-]+/.exec(mail ?? '')?.[0];
  if (!link) throw new Error(`No confirmation link mailed to ${READER}`);
  return link;
}

test('in local mode on its defaults, the status page takes subscriptions and the links point to the bot itself', async () => {
  const h = await start({});
  expect(await (await fetch(`${h.baseUrl}/status`)).text()).toContain('action="/status/subscribe"');
  expect((await subscribe(h)).status).toBe(200);
  const link = await confirmationLink(h);
  expect(link.startsWith(`${h.baseUrl}/status/confirm?t=`)).toBe(true);
  // The link works as mailed: its page offers the confirming button.
  expect(await (await fetch(link)).text()).toContain('<form method="post" action="/status/confirm">');
  // The bot made its own secret, readable by its user only.
  const secretFile = path.join(h.config.dataDir, 'subscription-secret');
  expect((await fs.stat(secretFile)).mode & 0o777).toBe(0o600);
});

test('the secret the bot made survives a restart: a link mailed before it still confirms', async () => {
  const first = await start({});
  await subscribe(first);
  const link = await confirmationLink(first);
  const secret = await fs.readFile(path.join(first.config.dataDir, 'subscription-secret'), 'utf8');
  await first.stop({ keepData: true });
  started.splice(started.indexOf(first), 1);

  const again = await start({}, first.dataDir);
  expect(await fs.readFile(path.join(again.config.dataDir, 'subscription-secret'), 'utf8')).toBe(secret);
  const token = new URL(link).searchParams.get('t')!;
  const confirmed = await fetch(`${again.baseUrl}/status/confirm`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token }).toString(),
  });
  expect(confirmed.status).toBe(200);
  expect((await again.store.subscribers.list()).map((record) => record.value.address)).toEqual([READER]);
});

test('PUBLIC_BASE_URL names the links; STATUS_SUBSCRIPTIONS=off takes the form and its routes away', async () => {
  const h = await start({ PUBLIC_BASE_URL: 'https://status.example.org/' });
  await subscribe(h);
  expect(await confirmationLink(h)).toMatch(/^https:\/\/status\.example\.org\/status\/confirm\?t=/);

  const off = await start({ STATUS_SUBSCRIPTIONS: 'off' });
  expect(await (await fetch(`${off.baseUrl}/status`)).text()).not.toContain('action="/status/subscribe"');
  expect((await subscribe(off)).status).toBe(404);
});
