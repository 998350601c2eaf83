/**
 * Slow uploads before authentication, against the real restify server (createHttpServer, loopback): a few
 * hundred clients each declare a 262,000-byte activity, send all but the last byte and stall. The server must
 * read only as much body at once as its budget allows (the others are answered 503 at once, unread), close the
 * stalled ones at the read deadline (408), stay small, and still serve a normal request afterwards.
 */
import net from 'node:net';
import type { Server } from 'restify';
import { createHttpServer, listen } from '../../src/http/server';
import { createIntakeBudget, DEFAULT_INTAKE_LIMITS } from '../../src/http/intakeBudget';
import { recordingLogger } from '../bot/support/harness';

const UPLOADS = 400;
const DECLARED = 262_000;
const DEADLINE_MS = 1_500;
/** Generous: the deadline plus time for a loaded machine. Without a deadline Node keeps them for 300 s. */
const CLOSED_WITHIN_MS = 20_000;

let server: Server;
let port: number;
const budget = createIntakeBudget(DEFAULT_INTAKE_LIMITS);

beforeAll(async () => {
  server = createHttpServer({
    logger: recordingLogger([]),
    handleMessages: async (req, res) => {
      res.send(200, { received: (req.body as { type?: string }).type });
    },
    readiness: async () => ({ status: 'ready', checks: [] }),
    calendar: async () => '',
    intakeLimits: { readDeadlineMs: DEADLINE_MS },
    intakeBudget: budget,
  });
  port = (await listen(server, 0, '127.0.0.1')).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Upload {
  status?: number;
  closed: Promise<void>;
  socket: net.Socket;
}

/** One shared body buffer: the client side holds no copy per connection. */
const BODY = Buffer.alloc(DECLARED - 1, 'x');

function stalledUpload(): Upload {
  const socket = net.connect({ host: '127.0.0.1', port });
  const upload: Upload = { socket, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
  socket.on('error', () => undefined); // a reset after the answer is expected
  let head = '';
  socket.on('data', (chunk: Buffer) => {
    head += chunk.toString('latin1');
    upload.status ??= Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]) || undefined;
  });
  socket.write(
    `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${DECLARED}\r\n\r\n`,
  );
  socket.write(BODY);
  return upload;
}

test('400 stalled uploads: bounded memory, every connection answered and closed, the server still serves', async () => {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);

  const uploads = Array.from({ length: UPLOADS }, () => stalledUpload());
  let timer: NodeJS.Timeout | undefined;
  const allClosed = Promise.all(uploads.map((upload) => upload.closed)).then(() => 'closed' as const);
  const outcome = await Promise.race([
    allClosed,
    new Promise<'open'>((resolve) => {
      timer = setTimeout(() => resolve('open'), CLOSED_WITHIN_MS);
    }),
  ]);
  clearTimeout(timer);
  clearInterval(sampler);
  const stillOpen = uploads.filter((upload) => !upload.socket.destroyed).length;
  for (const upload of uploads) upload.socket.destroy();

  expect({ outcome, stillOpen }).toEqual({ outcome: 'closed', stillOpen: 0 });
  const statuses = uploads.map((upload) => upload.status);
  const refused = statuses.filter((status) => status === 503).length;
  const late = statuses.filter((status) => status === 408).length;
  // Every one was answered: at once when the budget was spent, at the deadline when it was being read.
  expect(refused + late).toBe(UPLOADS);
  expect(late).toBeGreaterThan(0);
  expect(refused).toBeGreaterThan(0);
  // Never more read at once than the budget: 32 bodies of this size (a slot frees at each deadline).
  expect(budget.usage().peakReaders).toBeLessThanOrEqual(
    Math.floor(DEFAULT_INTAKE_LIMITS.maxBytes / DECLARED),
  );
  expect(budget.usage().peakBytes).toBeLessThanOrEqual(DEFAULT_INTAKE_LIMITS.maxBytes);
  expect(budget.usage()).toMatchObject({ bytes: 0, readers: 0 });
  // Holding every body would cost UPLOADS × 262 KB (105 MB); the process grows by far less.
  expect(rssPeak - rssBefore).toBeLessThan((UPLOADS * DECLARED) / 2);

  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'c' },
      from: { id: 'u' },
    }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ received: 'message' });
}, 60_000);

test('Node closes a client that never finishes its headers, well before its 60 s default', () => {
  expect(server.server.headersTimeout).toBeLessThanOrEqual(10_000);
  expect(server.server.requestTimeout).toBeLessThanOrEqual(30_000);
});
