import http from 'node:http';
import type { Server } from 'restify';
import { createReadiness, type CheckResult, type Readiness } from '../../src/health/readiness';
import { createHttpServer, listen } from '../../src/http/server';
import {
  cardInvoke,
  implementer,
  recordingLogger,
  startHarness,
  type LoggedLine,
} from '../bot/support/harness';
import { createChange } from '../bot/support/flows';
import type { ChangeStore } from '../../src/store/types';

const FEED_TOKEN = 'feed-token-0123456789abcdef';
/** The smallest body that passes the intake: the fields botbuilder reads before the bot does. */
const MINIMAL_ACTIVITY = JSON.stringify({
  type: 'message',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  conversation: { id: 'c1' },
  from: { id: 'u1' },
});

describe('the HTTP server alone', () => {
  let server: Server;
  let base: string;
  let readiness: Readiness;
  /** What the second check answers; `throws` makes it throw as a broken check would. */
  let quarantine: CheckResult | 'throws';
  let handled: number;
  const logs: LoggedLine[] = [];

  beforeAll(async () => {
    server = createHttpServer({
      logger: recordingLogger(logs),
      handleMessages: async (_req, res) => {
        handled += 1;
        res.send(200, { ok: true });
      },
      readiness: () => readiness.report(),
      calendar: async () => 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
      calendarToken: FEED_TOKEN,
    });
    const { port } = await listen(server, 0, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  beforeEach(() => {
    quarantine = { state: 'ok' };
    // The real readiness module, with no cache, over two named checks.
    readiness = createReadiness({
      clock: () => new Date(),
      logger: recordingLogger(logs),
      cacheMs: 0,
      checks: [
        { name: 'dataDir', run: async () => ({ state: 'ok' }) },
        {
          name: 'quarantine',
          run: async () => {
            if (quarantine === 'throws') throw new Error('store index unreadable');
            return quarantine;
          },
        },
      ],
    });
    handled = 0;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('/healthz answers 200 whether or not the bot is ready', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    readiness.started();
    quarantine = 'throws';
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  test('/readyz answers 503 until started, then 200 naming each check, and 503 again once stopping', async () => {
    const before = await fetch(`${base}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'starting', checks: [] });

    readiness.started();

    const after = await fetch(`${base}/readyz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      status: 'ready',
      checks: [
        { name: 'dataDir', state: 'ok' },
        { name: 'quarantine', state: 'ok' },
      ],
    });

    readiness.stopping();
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });

  test('/readyz answers 503 naming a check that throws, with what it said', async () => {
    readiness.started();
    quarantine = 'throws';
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'not-ready',
      failing: ['quarantine'],
      checks: [
        { name: 'dataDir', state: 'ok' },
        { name: 'quarantine', state: 'failing', detail: expect.stringContaining('store index unreadable') },
      ],
    });
  });

  test('/readyz stays 200 for a degraded check and names it', async () => {
    readiness.started();
    quarantine = { state: 'degraded', detail: '1 change file quarantined' };
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'degraded',
      degraded: ['quarantine'],
      checks: [
        { name: 'dataDir', state: 'ok' },
        { name: 'quarantine', state: 'degraded' },
      ],
    });
  });

  test('/calendar.ics is served as text/calendar', async () => {
    const response = await fetch(`${base}/calendar.ics?token=${FEED_TOKEN}`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await response.text()).toContain('BEGIN:VCALENDAR');
  });

  test('POST /api/messages goes to the bot; other methods and paths do not', async () => {
    const posted = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: MINIMAL_ACTIVITY,
    });
    expect(posted.status).toBe(200);
    expect((await fetch(`${base}/api/messages`)).status).toBe(405);
    expect((await fetch(`${base}/api/messages`, { method: 'HEAD' })).status).toBe(204);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
    expect(handled).toBe(1);
  });

  test('every "not found" is the same JSON body, and none is logged as a warning', async () => {
    const before = logs.length;
    const answers = await Promise.all(
      ['/nothing-here', '/calendar.ics', '/calendar.ics?token=wrong-token-wrong-token', '/api/nothing'].map(
        (where) => fetch(`${base}${where}`),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await answer.json()).toEqual({ error: 'not found' });
    }
    expect(logs.slice(before).filter((line) => line.level === 'warn')).toEqual([]);
  });

  test('a body that is not JSON is refused with 400 before the bot sees it', async () => {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"type": "message", ',
    });

    expect(response.status).toBe(400);
    expect(handled).toBe(0);
  });
});

describe('the whole bot', () => {
  test('/readyz answers 200 once startBot has returned, and /calendar.ics is served', async () => {
    const h = await startHarness({ env: { CALENDAR_FEED_TOKEN: FEED_TOKEN } });
    try {
      expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
      expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
      const calendar = await fetch(`${h.baseUrl}/calendar.ics?token=${FEED_TOKEN}`);
      expect(calendar.status).toBe(200);
      expect(await calendar.text()).toContain('BEGIN:VCALENDAR');
    } finally {
      await h.stop();
    }
  });

  test('stop() lets a press under way finish and answer, then closes the port and the store', async () => {
    let release: (() => void) | undefined;
    let paused: (() => void) | undefined;
    const writePaused = new Promise<void>((resolve) => (paused = resolve));
    let armed = false;
    const h = await startHarness({
      wrapStore: (store) =>
        pausingUpdates(
          store,
          () => armed,
          () => {
            paused!();
            return new Promise<void>((resolve) => (release = resolve));
          },
        ),
    });
    const created = await createChange(h);
    armed = true;

    // A tick of the checklist: a press whose answer queues no posts, so nothing runs after the answer.
    const press = postClosingConnection(
      `${h.baseUrl}/api/messages`,
      cardInvoke(h.connector.url, implementer, 'prep.check', {
        changeId: created.id,
        revision: 1,
        item: 'prepare',
        checked: true,
      }),
    );
    await writePaused;
    const stopping = h.stopBot({ deliveriesFirst: false });
    // The port no longer takes new connections while the press is still being written.
    await expect(fetch(`${h.baseUrl}/healthz`)).rejects.toThrow();
    release!();

    const answer = await press;
    await stopping;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    await expect(h.store.get(created.id)).rejects.toThrow(/closed/);
    await h.stop({ keepData: true });

    // The press was stored before the bot stopped: a bot started on the same data sees it.
    const again = await startHarness({ dataDir: h.dataDir });
    try {
      expect((await again.change(created.id)).preparation[0]).toMatchObject({ id: 'prepare', checked: true });
    } finally {
      await again.stop();
    }
  });
});

/** POST with `Connection: close`, so that the server need not wait for an idle keep-alive connection. */
function postClosingConnection(url: string, activity: object): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', Connection: 'close' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(activity));
  });
}

/** The store, with update() paused at its start while `armed()` says so. */
function pausingUpdates(store: ChangeStore, armed: () => boolean, pause: () => Promise<void>): ChangeStore {
  return {
    open: () => store.open(),
    create: (year, build) => store.create(year, build),
    get: (id) => store.get(id),
    save: (change, version) => store.save(change, version),
    async update(id, transform) {
      if (armed()) await pause();
      return store.update(id, transform);
    },
    listActive: () => store.listActive(),
    due: (now) => store.due(now),
    ids: () => store.ids(),
    references: store.references,
    members: store.members,
    preferences: store.preferences,
    drills: store.drills,
    timings: store.timings,
    subscribers: store.subscribers,
    close: () => store.close(),
  };
}
