import { feedTokenMatches } from '../../src/web/feedToken';
import { startHarness, type Harness } from '../bot/support/harness';

const TOKEN = 'a-long-random-feed-token-4f1c9e';

describe('the feed token check', () => {
  it.each([
    ['the right token', `/calendar.ics?token=${TOKEN}`, true],
    ['no token', '/calendar.ics', false],
    ['an empty token', '/calendar.ics?token=', false],
    ['a wrong token of the same length', `/calendar.ics?token=${'x'.repeat(TOKEN.length)}`, false],
    ['the token with one more character', `/calendar.ics?token=${TOKEN}x`, false],
    ['a prefix of the token', `/calendar.ics?token=${TOKEN.slice(0, 8)}`, false],
  ])('%s: %s', (_what, url, expected) => {
    expect(feedTokenMatches(TOKEN, url)).toBe(expected);
  });

  it('no configured token turns the feed off, whatever is sent', () => {
    expect(feedTokenMatches(undefined, '/calendar.ics?token=')).toBe(false);
    expect(feedTokenMatches(undefined, '/calendar.ics?token=undefined')).toBe(false);
  });
});

describe('GET /calendar.ics on the running bot', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('answers 404 without the token or with a wrong one, 200 with it', async () => {
    h = await startHarness({ env: { CALENDAR_FEED_TOKEN: TOKEN } });

    expect((await fetch(`${h.baseUrl}/calendar.ics`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/calendar.ics?token=wrong-token-wrong-token`)).status).toBe(404);
    const right = await fetch(`${h.baseUrl}/calendar.ics?token=${encodeURIComponent(TOKEN)}`);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('BEGIN:VCALENDAR');
  });

  it('is off (404) when CALENDAR_FEED_TOKEN is not set', async () => {
    h = await startHarness();

    expect((await fetch(`${h.baseUrl}/calendar.ics`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/calendar.ics?token=`)).status).toBe(404);
  });
});
