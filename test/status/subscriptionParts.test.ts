import { readConfig } from '../../src/config/env';
import { readSubscriptions } from '../../src/config/subscriptionConfig';
import { ConfigError } from '../../src/config/errors';
import { subscriberEffects } from '../../src/domain/subscriberNotices';
import { atomEvents, publicStatus } from '../../src/domain/publicStatus';
import {
  confirmationToken,
  readConfirmationToken,
  unsubscribeToken,
  unsubscribeTokenMatches,
} from '../../src/web/subscriptionToken';
import { cancelledChange, completedChange, lifeOfAChange } from './support/lifecycle';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const NOW = new Date('2026-03-02T08:00:00.000Z');
const REQUEST = { address: 'reader@example.org', services: ['ISC Learn Platform'], language: 'de' };

describe('the signed links', () => {
  test('a confirmation link reads back its request until it expires, 48 hours on', () => {
    const token = confirmationToken(SECRET, REQUEST, NOW);
    expect(readConfirmationToken(SECRET, token, new Date(NOW.getTime() + 47 * 3_600_000))).toEqual({
      ok: true,
      request: REQUEST,
    });
    expect(readConfirmationToken(SECRET, token, new Date(NOW.getTime() + 49 * 3_600_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  test('a link changed by one character, or signed with another secret, is refused', () => {
    const token = confirmationToken(SECRET, REQUEST, NOW);
    const [payload, signature] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), a: 'evil@example.org' }),
    ).toString('base64url');
    expect(readConfirmationToken(SECRET, `${other}.${signature}`, NOW)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(readConfirmationToken(`${SECRET}x`, token, NOW)).toEqual({ ok: false, reason: 'invalid' });
    expect(readConfirmationToken(SECRET, `${token}.x`, NOW)).toEqual({ ok: false, reason: 'invalid' });
    const key = 'f'.repeat(32);
    expect(unsubscribeTokenMatches(SECRET, key, unsubscribeToken(SECRET, key))).toBe(true);
    expect(unsubscribeTokenMatches(SECRET, 'e'.repeat(32), unsubscribeToken(SECRET, key))).toBe(false);
    expect(unsubscribeTokenMatches(SECRET, key, '')).toBe(false);
  });
});

describe('subscriber notices follow the Atom feed', () => {
  test('each step that adds a feed entry queues one notice for the subscribers, and no other step does', () => {
    const life = lifeOfAChange();
    const steps = [life.planned, life.announced, life.started, life.extended, life.incident, life.restored];
    const queued = steps
      .slice(1)
      .flatMap((step, index) =>
        subscriberEffects(steps[index]!.change, step.change, step.now).map((effect) => effect.notice),
      );
    expect(queued).toEqual(['announcement', 'start', 'extension', 'incident', 'restored']);
    // As many as the feed's entries for that change.
    const feed = atomEvents(publicStatus([life.restored.change], life.restored.now, { services: [] }));
    expect(feed.events).toHaveLength(queued.length);
    expect(subscriberEffects(life.planned.change, life.planned.change, life.planned.now)).toEqual([]);
    expect(subscriberEffects(life.started.change, completedChange().change, NOW)).toEqual([
      { notice: 'end', to: { kind: 'subscribers' } },
    ]);
    expect(subscriberEffects(life.announced.change, cancelledChange().change, NOW)).toEqual([
      { notice: 'cancellation', to: { kind: 'subscribers' } },
    ]);
  });
});

describe('STATUS_SUBSCRIPTIONS at start', () => {
  const read = (env: Record<string, string>) => readConfig(env, () => true);
  const problem = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof ConfigError ? error.field : String(error);
    }
    return 'started';
  };
  const remote = { publicHost: undefined, local: false, sharedStore: false };

  test('on with the status page unless turned off; a short secret or no status page stops the start', () => {
    expect(read({ STATUS_PAGE: 'on' }).subscriptions).toEqual({});
    expect(read({ STATUS_PAGE: 'on', STATUS_SUBSCRIPTIONS: 'off' }).subscriptions).toBeUndefined();
    expect(read({ SUBSCRIPTION_SECRET: SECRET }).subscriptions).toBeUndefined();
    expect(problem(() => read({ STATUS_SUBSCRIPTIONS: 'on' }))).toBe('STATUS_SUBSCRIPTIONS');
    expect(problem(() => read({ STATUS_PAGE: 'on', SUBSCRIPTION_SECRET: 'short' }))).toBe(
      'SUBSCRIPTION_SECRET',
    );
    expect(
      read({ STATUS_PAGE: 'on', SUBSCRIPTION_SECRET: SECRET, BOT_DOMAIN: 'status.example.org' })
        .subscriptions,
    ).toEqual({
      secret: SECRET,
      baseUrl: 'https://status.example.org',
    });
  });

  test('PUBLIC_BASE_URL before BOT_DOMAIN; https only (http on loopback); needed outside local mode', () => {
    const base = (env: Record<string, string>) => read({ STATUS_PAGE: 'on', ...env }).subscriptions?.baseUrl;
    expect(base({ PUBLIC_BASE_URL: 'https://status.example.org/', BOT_DOMAIN: 'bot.example.org' })).toBe(
      'https://status.example.org',
    );
    expect(base({ PUBLIC_BASE_URL: 'http://localhost:3978' })).toBe('http://localhost:3978');
    for (const bad of [
      'http://status.example.org',
      'status.example.org',
      'https://u:p@status.example.org',
      'https://x.org/?a=1',
    ])
      expect(problem(() => base({ PUBLIC_BASE_URL: bad }))).toBe('PUBLIC_BASE_URL');
    // Local mode: the bot's own URL, filled in once it listens.
    expect(base({})).toBeUndefined();
    expect(problem(() => readSubscriptions({ STATUS_PAGE: 'on' }, true, remote))).toBe('PUBLIC_BASE_URL');
    expect(readSubscriptions({}, true, { ...remote, publicHost: 'bot.example.org' }).subscriptions).toEqual({
      baseUrl: 'https://bot.example.org',
    });
  });

  test('with STORE=blob the instances share one secret: SUBSCRIPTION_SECRET is required', () => {
    const shared = { ...remote, publicHost: 'bot.example.org', sharedStore: true };
    expect(problem(() => readSubscriptions({}, true, shared))).toBe('SUBSCRIPTION_SECRET');
    expect(readSubscriptions({ SUBSCRIPTION_SECRET: SECRET }, true, shared).subscriptions?.secret).toBe(
      SECRET,
    );
  });
});
