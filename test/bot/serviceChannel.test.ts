/**
 * A change lives in its service's team channel: created in a personal chat, its thread (the summary post)
 * and its notices go to the channel, through the real bot and the recording connector.
 */
import { visibleText } from './support/cards';
import { answeredCard, VALID_FORM } from './support/flows';
import {
  BOT,
  CHANNEL,
  fromOf,
  implementer,
  nextActivityId,
  startHarness,
  TENANT,
  type Harness,
} from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const PERSONAL = { id: 'a:personal-chat-ines', conversationType: 'personal', tenantId: TENANT };

/** The Create press on the form in the implementer's personal chat with the bot. */
function createInPersonalChat() {
  return h.post({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextActivityId(),
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: fromOf(implementer),
    recipient: { ...BOT },
    conversation: PERSONAL,
    channelData: { tenant: { id: TENANT } },
    replyToId: 'the-form-in-the-chat',
    value: { action: { type: 'Action.Execute', verb: 'change.create', data: VALID_FORM }, trigger: 'manual' },
  });
}

test('a change created in a personal chat opens its thread in the team channel the bot is in', async () => {
  // The bot knows the team channel: someone mentioned it there. The implementer is in its team (the roster).
  expect((await h.say(implementer, 'help')).status).toBe(200);
  h.connector.addMember(implementer);

  const { status, body } = await createInPersonalChat();

  expect(status).toBe(200);
  const answer = answeredCard({ status, body: body as never });
  const id = /CHG-\d{4}-\d{3,}/.exec(JSON.stringify(answer))![0];
  const summary = await h.connector.waitFor(
    `the summary post of ${id}`,
    (call) => call.kind === 'createConversation' && JSON.stringify(call.body).includes(id),
  );
  expect(summary.body).toMatchObject({ channelData: { channel: { id: CHANNEL } } });
  await h.bot.delivery.deliver(id);
  const change = await h.change(id);
  expect(change.thread).toEqual({
    conversationKey: `channel:${CHANNEL}`,
    rootActivityId: summary.createdActivityId,
  });
  // The personal chat gets one line: where the change lives, with a link to its thread.
  const confirmation = await h.connector.waitFor(
    'the confirmation in the personal chat',
    (call) => call.conversationId === PERSONAL.id,
  );
  const link =
    `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${summary.createdActivityId}` +
    `?parentMessageId=${summary.createdActivityId}&tenantId=${TENANT}`;
  expect(h.connector.activityOf(confirmation).text).toBe(
    `${id} is in the team channel: [open its thread](${link}). Its notices and buttons are there.`,
  );
  await h.stopBot();
  expect(h.connector.calls.filter((call) => call.conversationId === PERSONAL.id)).toHaveLength(1);
});

test('with no team channel known, the chat is told where to create the change and how to set the channel', async () => {
  const { status, body } = await createInPersonalChat();

  const text = visibleText(answeredCard({ status, body: body as never }));
  expect(text).toContain('Create the change in the team channel');
  expect(text).toContain('"channel"');
  expect(h.store.listActive()).toEqual([]);
});
