/**
 * POST /api/messages against the real bot (restify on loopback, local mode): the requests that stopped the
 * process or filled the disk before the body reader was replaced. After each one the bot must still serve.
 */
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { MAX_ACTIVITY_BYTES } from '../../src/http/activityIntake';
import { implementer, mentionMessage, startHarness, type Harness } from '../bot/support/harness';
import { everyRecord } from '../../src/store/records';

let h: Harness;
let tempDir: string;
let savedTmp: string | undefined;

beforeEach(async () => {
  h = await startHarness();
  // Any temp file a body parser might write lands here (os.tmpdir() reads TMPDIR on every call).
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'intake-tmp-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = tempDir;
});
afterEach(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await h.stop();
  await fs.rm(tempDir, { recursive: true, force: true });
});

interface RawAnswer {
  status: number;
  body: string;
}

/** A raw POST: headers exactly as given, the body streamed in chunks (so a server may stop reading it). */
function rawPost(headers: Record<string, string>, chunks: Buffer[]): Promise<RawAnswer> {
  const { port } = new URL(h.baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/api/messages', method: 'POST', headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', reject);
      },
    );
    // The server may close the connection before the whole body is sent: that is the point of the limit.
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    const writeNext = (index: number) => {
      if (index >= chunks.length) {
        request.end();
        return;
      }
      if (request.destroyed) return;
      if (request.write(chunks[index]!)) setImmediate(() => writeNext(index + 1));
      else request.once('drain', () => writeNext(index + 1));
    };
    writeNext(0);
  });
}

/** The bot still answers: health and a real command that goes through the whole turn. */
async function expectStillServing(): Promise<void> {
  expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  const posted = (call: { kind: string }) => call.kind === 'send' || call.kind === 'reply';
  const before = h.connector.calls.filter(posted).length;
  const answer = await h.post(mentionMessage(h.connector.url, implementer, 'help', 'root-x', `m-${before}`));
  expect(answer.status).toBe(200);
  await h.connector.waitForCount('the help card', before + 1, posted);
}

const helpBody = () =>
  Buffer.from(JSON.stringify(mentionMessage(h.connector.url, implementer, 'help', 'root-1', 'message-1')));

test('gzip garbage is refused with 415 and the process keeps serving', async () => {
  const answer = await rawPost(
    { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip', 'Content-Length': '1' },
    [Buffer.from('x')],
  );

  expect(answer.status).toBe(415);
  expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining('compressed') });
  await expectStillServing();
});

test('a gzip bomb (20 KB that inflates to 20 MB) is refused with 415 without inflating it', async () => {
  const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
  expect(bomb.length).toBeLessThan(64 * 1024);

  const answer = await rawPost({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, [bomb]);

  expect(answer.status).toBe(415);
  await expectStillServing();
});

test('a multipart/form-data body is refused with 415 and leaves no file in the temp folder', async () => {
  const boundary = '----intake-test-boundary';
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\n${'A'.repeat(200_000)}\r\n--${boundary}--\r\n`,
  );

  const answer = await rawPost({ 'Content-Type': `multipart/form-data; boundary=${boundary}` }, [body]);

  expect(answer.status).toBe(415);
  expect(await fs.readdir(tempDir)).toEqual([]);
  await expectStillServing();
});

test.each([
  ['text/plain', 'text/plain'],
  ['a form', 'application/x-www-form-urlencoded'],
  ['no content type', ''],
])('a body sent as %s is refused with 415', async (_what, contentType) => {
  const headers: Record<string, string> = contentType ? { 'Content-Type': contentType } : {};
  const answer = await rawPost(headers, [helpBody()]);

  expect(answer.status).toBe(415);
  expect(h.connector.calls).toEqual([]);
});

test('application/json with a charset parameter and Content-Encoding identity is accepted', async () => {
  const answer = await rawPost(
    { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'identity' },
    [helpBody()],
  );

  expect(answer.status).toBe(200);
  await h.connector.waitFor('the help card', (call) => call.kind !== 'other');
});

test('a 64 MB chunked body (no Content-Length) is answered 413: the limit counts the bytes read', async () => {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  // 64 MB announced as chunked (no Content-Length), so the limit must count the bytes actually read.
  const chunks = Array.from({ length: 1024 }, () => chunk);

  const answer = await rawPost({ 'Content-Type': 'application/json' }, chunks);

  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body).error).toContain(String(MAX_ACTIVITY_BYTES));
  await expectStillServing();
});

test('a Content-Length over the limit is answered 413 before reading', async () => {
  const answer = await rawPost(
    { 'Content-Type': 'application/json', 'Content-Length': String(MAX_ACTIVITY_BYTES + 1) },
    [Buffer.alloc(1024, 0x20)],
  );

  expect(answer.status).toBe(413);
  await expectStillServing();
});

test.each([
  ['malformed JSON', '{"type": "message", ', 'not valid JSON'],
  ['a JSON string', '"hello"', 'not a JSON object'],
  ['a JSON list', '[1,2]', 'not a JSON object'],
  ['no type', JSON.stringify({ channelId: 'msteams' }), '"type"'],
  [
    'a number as serviceUrl',
    JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 42 }),
    '"serviceUrl"',
  ],
  [
    'a serviceUrl that is not http(s)',
    JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 'file:///etc/passwd' }),
    '"serviceUrl"',
  ],
  [
    'no conversation',
    JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9/' }),
    '"conversation.id"',
  ],
  [
    'an object as from.id',
    JSON.stringify({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      conversation: { id: 'c' },
      from: { id: { a: 1 } },
    }),
    '"from.id"',
  ],
])('%s is refused with 400 and a short reason', async (_what, body, reason) => {
  const answer = await rawPost({ 'Content-Type': 'application/json' }, [Buffer.from(body)]);

  expect(answer.status).toBe(400);
  const { error } = JSON.parse(answer.body) as { error: string };
  expect(error).toContain(reason);
  expect(error.length).toBeLessThan(120);
  expect(await everyRecord(h.store)).toEqual([]);
});

test('GET routes read no body: a GET with a bogus gzip body is answered (4xx at worst) and the bot keeps serving', async () => {
  const { port } = new URL(h.baseUrl);
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/healthz', method: 'GET', headers: { 'Content-Encoding': 'gzip' } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end('not gzip at all');
  });

  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(500);
  await expectStillServing();
});
