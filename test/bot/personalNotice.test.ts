/**
 * Personal notices, as the recording connector receives them: every new post that asks someone to act
 * also opens a 1:1 chat with each person asked (POST /v3/conversations with the member and the tenant) and
 * posts a short card into it; a 403 there is e-mailed to the person instead, logged, and shown under
 * "Not delivered"; `notify off` in a personal chat stops them; each is sent once however often the ticks run.
 */
import type { MilestoneName } from '../../src/domain/change';
import type { ConnectorCall } from '../support/connector';
import { cardOf, rawTexts, verbsOf, type CardJson } from './support/cards';
import { createChange, tickAt, type CreatedChange } from './support/flows';
import {
  BOT,
  CHANNEL,
  TENANT,
  approver,
  fromOf,
  implementer,
  nextActivityId,
  secondApprover,
  startHarness,
  type Harness,
  type Person,
} from './support/harness';

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
  // Teams tells the implementer's e-mail address when the change is created (the mail fallback needs it).
  h.connector.addMember(implementer);
  created = await createChange(h);
});
afterEach(async () => {
  await h.stop();
});

async function reach(milestone: MilestoneName): Promise<void> {
  const due = (await h.change(created.id)).milestones[milestone].due;
  await tickAt(h, new Date(due));
  await h.bot.delivery.deliver(created.id);
}

function isPersonalChat(call: ConnectorCall): boolean {
  return call.kind === 'createConversation' && Array.isArray(call.body.members);
}

function personalChatsWith(memberId: string, since = 0): ConnectorCall[] {
  return h.connector.calls
    .slice(since)
    .filter((call) => isPersonalChat(call) && (call.body.members as { id: string }[])[0]?.id === memberId);
}

/** The card posted into the 1:1 chat the connector opened for `memberId`. */
function personalCardFor(memberId: string, since = 0): CardJson {
  const sent = h.connector.calls.slice(since).filter(
    // botbuilder sends it as a reply to the chat's "create" activity; in a 1:1 chat Teams shows it as a message.
    (call) =>
      (call.kind === 'send' || call.kind === 'reply') && call.conversationId === `a:personal-${memberId}`,
  );
  expect(sent).toHaveLength(1);
  return cardOf(h.connector.activityOf(sent[0]!));
}

/** A message typed in the person's own 1:1 chat with the bot. */
async function sayInPersonalChat(from: Person, text: string): Promise<string> {
  const id = nextActivityId();
  const { status } = await h.post({
    type: 'message',
    id,
    text,
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: fromOf(from),
    recipient: { ...BOT },
    conversation: { id: `a:chat-${from.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  });
  expect(status).toBe(200);
  const reply = await h.connector.waitFor(
    `the answer to ${text}`,
    (call) => call.conversationId === `a:chat-${from.aadObjectId}` && call.kind !== 'other',
  );
  return String(h.connector.activityOf(reply).text ?? '');
}

test('GO/NOGO opens a 1:1 chat with each approver (Teams id, else object id; the tenant) and posts the GO/NOGO card with its buttons and the link to the thread', async () => {
  // Alice wrote to the bot, so her Teams id is known; Bruno never did: Teams takes his Entra object id.
  expect((await h.say(approver, 'help')).status).toBe(200);

  await reach('precheck');
  const since = h.connector.calls.length;
  await reach('goNoGo');

  for (const memberId of [approver.id, secondApprover.aadObjectId]) {
    const [chat, ...more] = personalChatsWith(memberId, since);
    expect(more).toEqual([]);
    expect(chat!.body).toMatchObject({
      isGroup: false,
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
      bot: { id: BOT.id },
    });
    const card = personalCardFor(memberId, since);
    expect(card.version).toBe('1.4');
    const texts = rawTexts(card);
    expect(texts).toContain('Your turn: decide GO or NOGO');
    expect(texts.some((text) => text.startsWith(`${created.id} · `))).toBe(true);
    // The same buttons as the thread card, the NOGO reason included: the approver can decide from here.
    expect(verbsOf(card)).toEqual(['go', 'nogo']);
    expect(JSON.stringify(card)).toContain('"id":"reason"');
    const link = (card.actions as { type: string; url: string }[]).at(-1)!;
    expect(link.type).toBe('Action.OpenUrl');
    expect(link.url).toBe(
      `https://teams.microsoft.com/l/message/${encodeURIComponent(CHANNEL)}/${created.rootActivityId}` +
        `?parentMessageId=${created.rootActivityId}&tenantId=${TENANT}`,
    );
  }
  // The implementer is not asked at GO/NOGO.
  expect(personalChatsWith(implementer.id, since)).toEqual([]);
  expect(personalChatsWith(implementer.aadObjectId, since)).toEqual([]);
  // Each 1:1 copy is kept beside the thread card (same notice and revision), so a press updates them all.
  const change = await h.change(created.id);
  const goNoGo = change.postedCards.filter((card) => card.notice === 'goNoGo');
  expect(goNoGo.map((card) => card.conversationKey)).toEqual([
    `channel:${CHANNEL}`,
    `personal:a:personal-${approver.id}`,
    `personal:a:personal-${secondApprover.aadObjectId}`,
  ]);
  expect(new Set(goNoGo.map((card) => card.revision)).size).toBe(1);
});

test('a 403 on the 1:1 chat: e-mailed to that person, logged with the change id, and under Not delivered in show', async () => {
  h.connector.failNext({ kind: 'createConversation', status: 403, matches: isPersonalChat });

  await reach('preparation');

  // The channel post went as usual; the one 1:1 attempt was refused.
  expect(
    (await h.change(created.id)).postedCards.filter((card) => card.notice === 'preparation'),
  ).toHaveLength(1);
  const attempts = personalChatsWith(implementer.id);
  expect(attempts.map((call) => call.status)).toEqual([403]);
  expect(h.mails.filter((mail) => mail.notice === 'preparation')).toEqual([
    { changeId: created.id, notice: 'preparation', to: [implementer.email] },
  ]);
  const logged = h.logs.find(
    (line) =>
      line.level === 'error' &&
      line.message === 'personal notice not delivered in Teams; it is e-mailed to the person instead',
  );
  expect(logged?.details).toMatchObject({
    changeId: created.id,
    notice: 'preparation',
    person: implementer.aadObjectId,
    kind: 'unreachable',
  });

  const said = await h.say(implementer, `show ${created.id}`);
  const reply = await h.connector.waitFor('the show card', (call) =>
    (call.conversationId ?? '').includes(`messageid=${said.activityId}`),
  );
  const texts = rawTexts(cardOf(h.connector.activityOf(reply)));
  expect(texts).toContain('Not delivered');
  const row = texts.find((text) => text.includes('personal chat of Ines Implementer'));
  expect(row).toContain('the app is not installed for this person, or they blocked it');
  expect(row).toContain('It was e-mailed to them instead.');
});

test("notify off in a personal chat: no 1:1 for that person; the channel post and the others' 1:1 still go", async () => {
  expect(await sayInPersonalChat(implementer, 'notify off')).toContain('no more 1:1 messages');

  await reach('preparation');
  expect(
    (await h.change(created.id)).postedCards.filter((card) => card.notice === 'preparation'),
  ).toHaveLength(1);
  expect(personalChatsWith(implementer.id)).toEqual([]);
  // Approvers are unaffected: the pre-check still reaches them one to one.
  await reach('precheck');
  expect(personalChatsWith(approver.aadObjectId)).toHaveLength(1);

  expect(await h.store.preferences.get(implementer.aadObjectId)).toMatchObject({
    value: { notify: false },
  });
  expect(await sayInPersonalChat(approver, 'notify on')).toContain('Done: you get a 1:1 message');
  expect(await h.store.preferences.get(approver.aadObjectId)).toMatchObject({
    value: { notify: true },
  });
});

test('in a channel, notify answers that it works in a personal chat and stores nothing', async () => {
  const said = await h.say(implementer, 'notify off');
  const reply = await h.connector.waitFor('the notify answer', (call) =>
    (call.conversationId ?? '').includes(`messageid=${said.activityId}`),
  );
  expect(String(h.connector.activityOf(reply).text)).toContain('work in your personal chat with the bot');
  expect(await h.store.preferences.get(implementer.aadObjectId)).toBeUndefined();
});

test('each personal notice is sent once across two ticks', async () => {
  await reach('preparation');
  await reach('preparation');
  await h.bot.tick();
  await h.bot.delivery.deliver(created.id);

  expect(personalChatsWith(implementer.id)).toHaveLength(1);
  const entries = (await h.change(created.id)).outbox.filter(
    (entry) => entry.effect.to.kind === 'personal' && entry.effect.notice === 'preparation',
  );
  expect(
    entries.map((entry) => [
      entry.key.endsWith(`:preparation:personal:${implementer.aadObjectId}`),
      entry.state,
    ]),
  ).toEqual([[true, 'sent']]);
});
