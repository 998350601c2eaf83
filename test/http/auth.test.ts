import { cardInvoke, implementer, mentionMessage, startHarness, type Harness } from '../bot/support/harness';
import { VALID_FORM } from '../bot/support/flows';
import { watchOutbound, type OutboundWatch } from './support/outboundWatch';
import { everyRecord } from '../../src/store/records';

/**
 * With MicrosoftAppId set, CloudAdapter checks the Bot Framework token of every request. An unsigned request
 * (or one whose Authorization is not a JWT) is refused before any key is fetched: botbuilder only downloads
 * the OpenID metadata of login.botframework.com for a well-formed JWT, which these tests never send.
 */
let h: Harness;
let watch: OutboundWatch;
let consoleError: jest.SpyInstance;

beforeEach(async () => {
  h = await startHarness({
    env: {
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: '99999999-2222-4333-8444-555555555555',
    },
  });
  watch = watchOutbound();
  // CloudAdapter prints each refused request on the console.
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  watch.stop();
  consoleError.mockRestore();
  await h.stop();
});

test('the bot runs in authenticated mode', () => {
  expect(h.config.mode).toBe('authenticated');
});

test.each([
  ['no Authorization header', {}],
  ['an empty bearer token', { Authorization: 'Bearer ' }],
  ['a bearer value that is not a token', { Authorization: 'Bearer not-a-token' }],
  ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
])('a message with %s gets 401 and never reaches the bot', async (_what, headers: Record<string, string>) => {
  const message = mentionMessage(h.connector.url, implementer, 'help', 'root-1', 'message-1');

  const answer = await h.post(message, headers);

  expect(answer.status).toBe(401);
  expect(await everyRecord(h.store)).toEqual([]);
  expect(h.connector.calls).toEqual([]);
  expect(consoleError).toHaveBeenCalledWith(
    expect.objectContaining({ message: expect.stringMatching(/^Unauthorized/) }),
  );
});

test('an unsigned Create press gets 401 and creates nothing', async () => {
  const press = cardInvoke(h.connector.url, implementer, 'change.create', VALID_FORM);

  const answer = await h.post(press);

  expect(answer.status).toBe(401);
  expect(h.store.ids()).toEqual([]);
});

test('starting, and refusing unsigned requests, needs no connection off this machine', async () => {
  await h.post(mentionMessage(h.connector.url, implementer, 'help', 'root-2', 'message-2'));
  await h.post(mentionMessage(h.connector.url, implementer, 'help', 'root-3', 'message-3'), {
    Authorization: 'Bearer not-a-token',
  });

  // The watch saw the test's own requests to the bot, so it does see connections.
  expect(watch.targets).toContain('127.0.0.1');
  expect(watch.offLoopback()).toEqual([]);
});

test('health checks need no token', async () => {
  expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  expect((await fetch(`${h.baseUrl}/readyz`)).status).toBe(200);
});
