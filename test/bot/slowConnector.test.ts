/**
 * A chat command or a press is answered whatever the Bot Connector does: the real bot, over HTTP, against a
 * recording connector that holds every request without an answer (hanging), or answers 429 (throttling).
 * The connector's own time limit is set to a minute here, so an answer that waited on it could not arrive
 * within the test's time.
 */
import { isPost } from '../support/connector';
import { cardOf, visibleText } from './support/cards';
import { answeredCard, createChange, type CreatedChange } from './support/flows';
import { implementer, startHarness, type Harness } from './support/harness';

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness({ bot: { connectorTimeoutMs: 60_000 } });
  created = await createChange(h);
});
afterEach(async () => {
  h.connector.release();
  await h.stop();
});

test('"show" is answered while the connector holds the reply, and the reply goes out once it answers', async () => {
  h.connector.hang();
  const said = await h.say(implementer, `show ${created.id}`, { rootId: created.rootActivityId });
  expect(said.status).toBe(200);
  await h.connector.waitForHeld(1);
  expect(h.logs.some((line) => line.message?.includes('still under way'))).toBe(true);

  h.connector.release();
  const reply = await h.connector.waitFor(
    'the show card',
    (call) => isPost(call) && visibleText(cardOf(h.connector.activityOf(call))).includes(created.id),
  );
  expect(reply.status).toBe(200);
});

test('a press is answered with its card while the connector holds the update of the pressed card', async () => {
  h.connector.hang();
  const answer = await h.press(
    implementer,
    'prep.check',
    { changeId: created.id, revision: 1, item: 'prepare', checked: true },
    { replyToId: created.rootActivityId, rootId: created.rootActivityId },
  );
  expect(answeredCard(answer)).toMatchObject({ type: 'AdaptiveCard' });
  expect((await h.change(created.id)).preparation[0]).toMatchObject({ id: 'prepare', checked: true });
});

test('a throttled reply is answered at once and posted after Retry-After', async () => {
  h.connector.failNext({ status: 429, headers: { 'Retry-After': '1' } });
  const before = h.connector.calls.length;
  const said = await h.say(implementer, 'help');
  expect(said.status).toBe(200);
  const calls = await h.connector.waitForCount(
    'the throttled reply, then the help card',
    2,
    (call) => h.connector.calls.indexOf(call) >= before && isPost(call),
  );
  expect(calls.map((call) => call.status)).toEqual([429, 200]);
  expect(visibleText(cardOf(h.connector.activityOf(calls[1]!)))).toMatch(/new/);
});
