/**
 * Signed webhooks through the running bot (startBot over restify, the scheduler ticked on a fake clock): a
 * receiver on loopback checks each event's Standard Webhooks signature with the reference library, and that
 * one lifecycle (announced → started → extended → completed) reaches it once per event, a failed attempt
 * retried under the same webhook-id.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { tickAt } from '../bot/support/flows';
import { startHarness, type Harness } from '../bot/support/harness';
import { extendThenDone, runToStart } from './support/lifecycle';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

interface Received {
  id: string;
  type: string;
  verified: boolean;
}

/** A webhook receiver that verifies every request and answers 503 to the first `failFirst` of a type. */
async function startReceiver(failFirst: string) {
  const received: Received[] = [];
  const processed = new Set<string>();
  let failed = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const headers = {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      };
      // The bot signs with its (fake) clock: the library's 5-minute tolerance is judged at that time.
      const now = jest.spyOn(Date, 'now').mockReturnValue(Number(headers['webhook-timestamp']) * 1000);
      let verified = false;
      let type = '';
      try {
        type = (new Webhook(SECRET).verify(body, headers) as { type: string }).type;
        verified = true;
      } catch {
        // recorded as not verified
      } finally {
        now.mockRestore();
      }
      received.push({ id: headers['webhook-id'], type, verified });
      if (type === failFirst && !failed) {
        failed = true;
        res.statusCode = 503;
        res.end('busy');
        return;
      }
      processed.add(headers['webhook-id']);
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return { url, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the Standard Webhooks signature', () => {
  it('matches the specification’s published test vector (reference library and by hand)', () => {
    const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
    const at = 1614265330;
    const payload = '{"test": 2432232314}';
    const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';
    expect(new Webhook(SECRET).sign(id, new Date(at * 1000), payload)).toBe(expected);
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const byHand = createHmac('sha256', key).update(`${id}.${at}.${payload}`).digest('base64');
    expect(`v1,${byHand}`).toBe(expected);
  });
});

describe('webhooks through the running bot', () => {
  let h: Harness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeEach(async () => {
    receiver = await startReceiver('maintenance.started');
    h = await startHarness({
      env: { TEST_WEBHOOK_SECRET: SECRET },
      processOverrides: { webhooks: [{ url: receiver.url, secretEnv: 'TEST_WEBHOOK_SECRET' }] },
    });
  });

  afterEach(async () => {
    await h.stop();
    await receiver.stop();
  });

  it('sends each event of one lifecycle once, signed, a failed attempt retried with the same id', async () => {
    const id = await runToStart(h);
    // The start's webhook got a 503: it waits for its retry, which the next tick sends.
    expect(receiver.received.map((r) => r.type)).toEqual(['maintenance.announced', 'maintenance.started']);
    await tickAt(h, new Date(h.now().getTime() + 60_000));
    await extendThenDone(h, id, 30);

    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.received.map((r) => r.type)).toEqual([
      'maintenance.announced',
      'maintenance.started',
      'maintenance.started',
      'maintenance.extended',
      'maintenance.completed',
    ]);
    const [announced, firstStart, retry, extended, completed] = receiver.received;
    expect(retry!.id).toBe(firstStart!.id);
    expect(new Set([announced!.id, retry!.id, extended!.id, completed!.id]).size).toBe(4);
    const change = await h.change(id);
    const hooks = change.outbox.filter((entry) => entry.effect.to.kind === 'webhook');
    expect(hooks.map((entry) => [entry.effect.notice, entry.state])).toEqual([
      ['announcement', 'sent'],
      ['start', 'sent'],
      ['extension', 'sent'],
      ['end', 'sent'],
    ]);
  });
});
