import { startHarness, implementer, type Harness } from '../bot/support/harness';
import { ask } from '../bot/support/flows';
import { visibleText } from '../bot/support/cards';
import { chartLinkMatches, chartQuery } from '../../src/stats/chartLink';
import { generatedChange } from '../support/statsHistory';

const TOKEN = 'a-long-random-feed-token-4f1c9e';
const HOST = 'change-bot.example.org';

/** The running bot (real restify, real JSON store on disk), its store seeded with the generated history. */
describe('GET /stats and the stats chat command on the running bot', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  async function seed(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await h.store.create(2026, (id) => ({ ...generatedChange(i), id }));
  }

  const page = (query: string) => fetch(`${h.baseUrl}/stats?${query}`);

  it('answers 404 without the token or with a wrong one, and is off without CALENDAR_FEED_TOKEN', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    expect((await page('')).status).toBe(404);
    expect(await (await page('')).json()).toEqual({ error: 'not found' });
    expect((await page(`token=${'x'.repeat(TOKEN.length)}`)).status).toBe(404);
    expect((await page(`token=${TOKEN.slice(0, -1)}`)).status).toBe(404);
    expect((await page(`token=${TOKEN}`)).status).toBe(200);
    await h.stop();

    h = await startHarness();
    expect((await page(`token=${TOKEN}`)).status).toBe(404);
    expect((await page('token=')).status).toBe(404);
  });

  it('shows the figures, the chart and the DORA definitions for the stored changes, finished ones included', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    await seed(200);
    const answer = await page(`token=${TOKEN}&period=2026`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('private, no-store');
    const html = await answer.text();
    expect(html).toContain('<h1>Change outcomes</h1>');
    expect(html).toMatch(/<svg [^>]*role="img"/);
    // The whole-year row, with the hand-computed figures of test/domain/stats.test.ts.
    const year = /<tr><th scope="row">2026<\/th>(.*?)<\/tr>/.exec(html)![1]!;
    const cells = [...year.matchAll(/<td>(.*?)<\/td>/g)].map((match) => match[1]);
    expect(cells).toEqual([
      '200',
      '170',
      '17.6 % (30 of 170)',
      '75 (31 h 15 min in all)',
      'median 1 h 33 min, worst 2 h 45 min (20)',
      '80 % (160 of 200)',
      '10 % (20 of 200)',
      '8.9 % (16 of 180)',
      'median 2 h 30 min, worst 2 h 50 min (22)',
      '20',
    ]);
    expect(html).toContain('The ratio of deployments that require');
    expect(html).toContain('<cite>DORA’s software delivery metrics: the four keys</cite>');
    expect(html).toContain('Rehearse migration 194 on a copy first');
  });

  it('a review written after the page was first read shows up: a change awaiting its review is read again', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    // i = 15: restored (k = 15), no review in the generated history.
    const { change } = await h.store.create(2026, (id) => ({ ...generatedChange(15), id }));
    const reviews = async () =>
      /<td>(\d+)<\/td><\/tr>/.exec(await (await page(`token=${TOKEN}&period=2026`)).text())![1];
    expect(await reviews()).toBe('0');
    await h.store.update(change.id, (current) => ({
      ...current,
      review: {
        after: 'restored',
        whatHappened: 'The upgrade broke logins.',
        whatHelped: 'The snapshot.',
        oneChange: 'Test logins on a copy.',
        by: current.implementer,
        at: '2026-06-03T08:00:00.000Z',
      },
    }));
    expect(await reviews()).toBe('1');
  });

  it('an empty store says so and draws nothing', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    const html = await (await page(`token=${TOKEN}`)).text();
    expect(html).toContain('No change has its window in the last 12 months: there is nothing to count yet.');
    expect(html).not.toContain('<svg');
    expect(html).not.toContain('<table');
  });

  it('a period it cannot read is a 400 that says how to ask', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    const answer = await page(`token=${TOKEN}&period=2026-13`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/"2026-13" is not a month.*a quarter \(period=2026-Q3\)/);
    const nonsense = await (await page(`token=${TOKEN}&period=nonsense`)).text();
    // Web words: the query's own names, not the chat command.
    expect(nonsense).toMatch(/^period="nonsense" is not a period\. Leave period= out for the last 12 months/);
    expect(nonsense).not.toContain('Type "stats"');
    const unknown = await page(`token=${TOKEN}&service=Payroll`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(
      /service="Payroll" is not a service\. Known services: ISC Learn Platform/,
    );
  });

  it('the chart PNG opens with its own signature only, never with the feed token', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    await seed(40);
    const signed = await fetch(`${h.baseUrl}/stats/chart.png?${chartQuery(TOKEN, '', '2026')}`);
    expect(signed.status).toBe(200);
    expect(signed.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await signed.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    // A signature for 2026 does not open 2025; the token itself is no signature.
    const moved = chartQuery(TOKEN, '', '2026').replace('period=2026', 'period=2025');
    expect((await fetch(`${h.baseUrl}/stats/chart.png?${moved}`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/stats/chart.png?period=2026&token=${TOKEN}`)).status).toBe(404);
    expect(
      chartLinkMatches(TOKEN, `/stats/chart.png?${chartQuery('another-token-another-token', '', '2026')}`),
    ).toBe(false);
  });

  it('`stats 2026` answers with a card: the figures and the chart linked on BOT_DOMAIN', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN, BOT_DOMAIN: HOST } });
    await seed(200);
    const { card } = await ask(h, implementer, 'stats 2026');
    const text = visibleText(card);
    expect(text).toContain('All services, 2026');
    expect(text).toContain('17.6 % (30 of 170)');
    const image = JSON.stringify(card)
      .match(/"url":"(https:[^"]+)"/)![1]!
      .replace(/\\u0026/g, '&');
    expect(image.startsWith(`https://${HOST}/stats/chart.png?`)).toBe(true);
    expect(image).not.toContain(TOKEN);
    expect(chartLinkMatches(TOKEN, image)).toBe(true);
  });

  it('`stats` with a bad period or service answers with the usage; an empty store says so', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });
    expect(visibleText((await ask(h, implementer, 'stats 2026-Q7')).card)).toContain(
      '"2026-Q7" is not a period I know.',
    );
    expect(visibleText((await ask(h, implementer, 'stats Payroll')).card)).toContain(
      'No service named "Payroll"',
    );
    const empty = (await ask(h, implementer, 'stats')).card;
    expect(visibleText(empty)).toContain('No change has its window in the last 12 months');
    expect(JSON.stringify(empty)).not.toContain('"type":"Image"');
  });
});
