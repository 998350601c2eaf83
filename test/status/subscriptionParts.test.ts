import { readConfig } from '../../src/config/env';
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
  const on = { STATUS_PAGE: 'on', STATUS_SUBSCRIPTIONS: 'on', BOT_DOMAIN: 'status.example.org' };
  const read = (env: Record<string, string>) => readConfig(env, () => true);

  test('a missing or short secret, no status page or no BOT_DOMAIN stops the start, naming the setting', () => {
    const problem = (env: Record<string, string>) => {
      try {
        read(env);
      } catch (error) {
        return error instanceof ConfigError ? error.field : String(error);
      }
      return 'started';
    };
    expect(problem(on)).toBe('SUBSCRIPTION_SECRET');
    expect(problem({ ...on, SUBSCRIPTION_SECRET: 'short' })).toBe('SUBSCRIPTION_SECRET');
    expect(problem({ ...on, SUBSCRIPTION_SECRET: SECRET, STATUS_PAGE: 'off' })).toBe('STATUS_SUBSCRIPTIONS');
    expect(problem({ ...on, SUBSCRIPTION_SECRET: SECRET, BOT_DOMAIN: '' })).toBe('BOT_DOMAIN');
    expect(read({ ...on, SUBSCRIPTION_SECRET: SECRET }).subscriptions).toEqual({
      secret: SECRET,
      baseUrl: 'https://status.example.org',
    });
    expect(read({ SUBSCRIPTION_SECRET: SECRET }).subscriptions).toBeUndefined();
  });
});
