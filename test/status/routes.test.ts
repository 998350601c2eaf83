import type { Server } from 'restify';
import type { Change } from '../../src/domain/change';
import { createHttpServer, listen } from '../../src/http/server';
import { statusRoutes } from '../../src/status/routes';
import { recordingLogger } from '../bot/support/harness';
import { zurich } from '../domain/support';
import {
  cancelledChange,
  completedChange,
  lifeOfAChange,
  PRIVATE_STRINGS,
  type Step,
} from './support/lifecycle';
import { readAtom, readCalendar } from './support/readFeeds';

const SERVICE = 'ISC Learn Platform';
const ZONE = 'Europe/Zurich';

/** The real restify server with the status routes, fed by a list of changes and a fake clock the tests set. */
describe('GET /status, /status/feed.atom and /status/maintenance.ics on a real server', () => {
  let server: Server;
  let base: string;
  let changes: Change[] = [];
  let now = new Date();
  let failing = false;

  beforeAll(async () => {
    server = createHttpServer({
      logger: recordingLogger([]),
      handleMessages: async (_req, res) => {
        res.send(200);
      },
      readiness: async () => ({ status: 'ready', checks: [] }),
      calendar: async () => '',
      routes: statusRoutes({
        changes: async () => {
          if (failing) throw new Error('EIO: the disk is gone');
          return changes;
        },
        services: [SERVICE],
        timeZone: ZONE,
        clock: () => new Date(now.getTime()),
        logger: recordingLogger([]),
      }),
    });
    base = `http://127.0.0.1:${(await listen(server, 0, '127.0.0.1')).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    failing = false;
  });

  function at(step: Step, ...more: Change[]): void {
    changes = [step.change, ...more];
    now = step.now;
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${base}${path}`, { headers });
    return { response, body: await response.text() };
  }

  async function page(headers: Record<string, string> = {}): Promise<string> {
    const { response, body } = await get('/status', headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    return body;
  }

  /** The text of the page without tags, whitespace collapsed. */
  function visible(html: string): string {
    return html
      .replace(/<style>[\s\S]*?<\/style>/, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');
  }

  async function atom(path = '/status/feed.atom') {
    const { response, body } = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    return readAtom(body);
  }

  async function calendar(path = '/status/maintenance.ics') {
    const { response, body } = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    return readCalendar(body);
  }

  const life = lifeOfAChange();

  test('planned, not announced: operational, nothing upcoming, empty feeds', async () => {
    at(life.planned);
    const text = visible(await page());
    expect(text).toContain(`${SERVICE} Operational`);
    expect(text).toContain('No maintenance announced.');
    expect(text).not.toContain('Upgrade Moodle');
    expect((await atom()).entries).toEqual([]);
    expect((await calendar()).events).toEqual([]);
  });

  test('announced: the window is upcoming on the page, an "announced" entry and a confirmed event', async () => {
    at(life.announced);
    const text = visible(await page());
    expect(text).toContain(`${SERVICE} Operational`);
    expect(text).toMatch(/Upcoming maintenance Upgrade Moodle to 4\.5 Window Sat 19 Jun 2027, 18:00 – 20:00/);
    expect(text).toContain('Unavailable for 45 min');
    expect(text).toContain('The service may be unavailable for up to 45 min during this window.');
    const feed = await atom();
    expect(feed.entries.map((entry) => entry.title)).toEqual([
      `${SERVICE} — Maintenance announced: Upgrade Moodle to 4.5`,
    ]);
    expect(feed.entries[0]?.updated).toBe(zurich('2027-06-12 18:30').toISOString());
    const { method, events } = await calendar();
    expect(method).toBe('PUBLISH');
    expect(events).toEqual([
      expect.objectContaining({
        summary: `${SERVICE} maintenance: Upgrade Moodle to 4.5`,
        status: 'CONFIRMED',
        start: zurich('2027-06-19 18:00').toISOString(),
        end: zurich('2027-06-19 20:00').toISOString(),
        sequence: 1,
      }),
    ]);
  });

  test('started: under maintenance, a "started" entry, the event updated (higher SEQUENCE)', async () => {
    at(life.started);
    const text = visible(await page());
    expect(text).toContain(`${SERVICE} Under maintenance`);
    expect(text).toMatch(/Now Upgrade Moodle to 4\.5 .*State In progress/);
    expect((await atom()).entries.map((entry) => entry.title.split(' — ')[1])).toEqual([
      'Maintenance started: Upgrade Moodle to 4.5',
      'Maintenance announced: Upgrade Moodle to 4.5',
    ]);
    expect((await calendar()).events[0]?.sequence).toBe(2);
  });

  test('extended: the new end on the page (and the first planned end), in the feed and the calendar', async () => {
    at(life.extended);
    const text = visible(await page());
    expect(text).toContain(
      'Sat 19 Jun 2027, 18:00 – 21:00 (extended, first planned to end at Sat 19 Jun 2027, 20:00)',
    );
    const feed = await atom();
    expect(feed.entries[0]?.title).toBe(`${SERVICE} — Maintenance extended: Upgrade Moodle to 4.5`);
    expect(feed.entries[0]?.summary).toContain('→ Sat 19 Jun 2027, 21:00');
    expect((await calendar()).events[0]).toMatchObject({
      end: zurich('2027-06-19 21:00').toISOString(),
      sequence: 3,
    });
  });

  test('incident: the service shows Incident until Restored; then operational with the history', async () => {
    at(life.incident);
    expect(visible(await page())).toContain(`${SERVICE} Incident`);
    expect((await atom()).entries[0]?.title).toContain('Incident declared');
    at(life.restored);
    const text = visible(await page());
    expect(text).toContain(`${SERVICE} Operational`);
    expect(text).toMatch(/Recent maintenance Upgrade Moodle to 4\.5 .*State Incident, restored/);
    expect(text).toContain('Sat 19 Jun 2027, 21:40 — Service restored');
    const feed = await atom();
    expect(feed.entries.map((entry) => entry.title.split(' — ')[1]?.split(':')[0])).toEqual([
      'Service restored',
      'Incident declared',
      'Maintenance extended',
      'Maintenance started',
      'Maintenance announced',
    ]);
    expect((await calendar()).events[0]).toMatchObject({ status: 'CONFIRMED', sequence: 5 });
  });

  test('completed: operational, "Maintenance completed" entry; cancelled: a CANCELLED event', async () => {
    at(completedChange());
    expect(visible(await page())).toMatch(/Recent maintenance Upgrade Moodle to 4\.5 .*State Completed/);
    expect((await atom()).entries[0]?.title).toContain('Maintenance completed');
    at(cancelledChange());
    expect((await atom()).entries[0]?.title).toContain('Maintenance cancelled');
    expect((await calendar()).events[0]?.status).toBe('CANCELLED');
  });

  test('a description with a name and an e-mail address never shows, in any state, on the page or the feeds', async () => {
    const steps = [...Object.values(lifeOfAChange()), completedChange(), cancelledChange()];
    for (const step of steps) {
      at(step);
      for (const path of ['/status', '/status/feed.atom', '/status/maintenance.ics']) {
        const { body } = await get(path);
        for (const secret of PRIVATE_STRINGS)
          expect({ path, step: step.name, leaked: body.includes(secret) }).toEqual({
            path,
            step: step.name,
            leaked: false,
          });
        expect(body).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.-]+/);
      }
    }
  });

  test('a title with markup is escaped on the page and in the Atom feed', async () => {
    const step = lifeOfAChange().announced;
    at({ ...step, change: { ...step.change, title: 'Fix <script>alert(1)</script> & "quotes" ]]>' } });
    const html = await page();
    expect(html).not.toContain('<script>');
    expect(html).toContain('Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; ]]&gt;');
    const feed = await atom();
    expect(feed.entries[0]?.title).toContain('&lt;script&gt;');
  });

  test('a title with U+0008 stored before intake dropped it: the Atom feed is still XML, without it', async () => {
    const step = lifeOfAChange().announced;
    at({ ...step, change: { ...step.change, title: 'Backspace\u0008 here' } });
    const feed = await atom();
    expect(feed.entries[0]?.title).toContain('Backspace here');
  });

  test('Cache-Control and ETag; If-None-Match with the same tag answers 304, a new state a new tag', async () => {
    at(life.announced);
    for (const path of ['/status', '/status/feed.atom', '/status/maintenance.ics']) {
      const first = await get(path);
      expect(first.response.headers.get('cache-control')).toBe('public, max-age=60');
      const etag = first.response.headers.get('etag');
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(path, { 'If-None-Match': etag! });
      expect(again.response.status).toBe(304);
      expect(again.body).toBe('');
      const other = await get(path, { 'If-None-Match': '"something-else"' });
      expect(other.response.status).toBe(200);
    }
    const before = (await get('/status')).response.headers.get('etag');
    at(life.started);
    const after = await get('/status', { 'If-None-Match': before! });
    expect(after.response.status).toBe(200);
    expect(after.response.headers.get('etag')).not.toBe(before);
  });

  test('French for Accept-Language fr-CH, English by default and when English ranks higher', async () => {
    at(life.started);
    const fr = await get('/status', { 'Accept-Language': 'fr-CH, fr;q=0.9, en;q=0.8' });
    expect(fr.response.headers.get('vary')).toContain('Accept-Language');
    expect(fr.body).toContain('<html lang="fr">');
    expect(visible(fr.body)).toContain(`${SERVICE} En maintenance`);
    expect(visible(fr.body)).toContain('Maintenances à venir');
    expect(visible(fr.body)).toContain('sam. 19 juin 2027, 18:00 – 20:00');
    const en = await get('/status', { 'Accept-Language': 'de-CH, en;q=0.9, fr;q=0.5' });
    expect(en.body).toContain('<html lang="en">');
    expect((await get('/status')).body).toContain('<html lang="en">');
    expect(fr.response.headers.get('etag')).not.toBe(en.response.headers.get('etag'));
  });

  test('?service= limits the page and the feeds to one service; an unknown one is 404 naming the known', async () => {
    const other: Change = {
      ...life.announced.change,
      id: 'CHG-2027-002',
      service: 'Mail relay',
      title: 'Renew the relay certificate',
      window: {
        start: zurich('2027-06-26 18:00').toISOString(),
        end: zurich('2027-06-26 19:00').toISOString(),
      },
    };
    at(life.started, other);
    const all = visible(await page());
    expect(all).toContain('Mail relay Operational');
    expect(all).toContain(`${SERVICE} Under maintenance`);
    const mail = visible((await get('/status?service=mail%20relay')).body);
    expect(mail).toContain('Mail relay Operational');
    expect(mail).not.toContain(SERVICE);
    expect(
      (await atom('/status/feed.atom?service=Mail%20relay')).entries.map((entry) => entry.title),
    ).toEqual(['Mail relay — Maintenance announced: Renew the relay certificate']);
    expect(
      (await calendar(`/status/maintenance.ics?service=${encodeURIComponent(SERVICE)}`)).events,
    ).toHaveLength(1);
    expect((await calendar()).events).toHaveLength(2);
    const unknown = await get('/status/feed.atom?service=Nope');
    expect(unknown.response.status).toBe(404);
    expect(unknown.body).toContain(`No service named "Nope". Known services: ${SERVICE}, Mail relay.`);
  });

  test('an unreadable store answers 503 with a plain sentence, never a stack trace', async () => {
    failing = true;
    const { response, body } = await get('/status');
    expect(response.status).toBe(503);
    expect(body).toBe('The maintenance status cannot be read right now; try again in a minute.\n');
  });
});
