/**
 * Whoever must act always has a button, wherever Teams shows the card, and a press counts only for the card
 * its presser saw. Through the real bot and the recording connector, with the approvers and the implementer
 * known to the roster (the connector answers GET /v3/conversations/{id}/members/{aadObjectId} as Teams does)
 * and no automatic refresh ever sent, as in a Teams channel (OfficeDev/Microsoft-Teams-Samples#1246).
 */
import type { PostedCard } from '../../src/domain/change';
import type { ConnectorCall } from '../support/connector';
import { buttonData, cardOf, verbsOf, visibleText, type CardJson } from './support/cards';
import { answeredCard, createChange, refreshOf, tickAt, type CreatedChange } from './support/flows';
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
  stranger,
  type Harness,
  type InvokeAnswer,
  type Json,
  type Person,
} from './support/harness';

const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
  // Everyone is in the team roster: the bot knows their Teams ids, so the cards carry a refresh for them.
  for (const person of [approver, secondApprover, implementer, stranger]) h.connector.addMember(person);
  created = await createChange(h);
});
afterEach(async () => {
  await h.stop();
});

interface Copy {
  posted: PostedCard;
  call: ConnectorCall;
  card: CardJson;
}

/** Each message the bot sent for `notice`: the thread post first, then the 1:1 copies. */
async function copiesOf(notice: string): Promise<Copy[]> {
  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  return change.postedCards
    .filter((posted) => posted.notice === notice)
    .map((posted) => {
      const call = h.connector.calls.find((candidate) => candidate.createdActivityId === posted.activityId)!;
      return { posted, call, card: cardOf(h.connector.activityOf(call)) };
    });
}

function personalCopy(copies: Copy[], person: Person): Copy {
  const copy = copies.find(
    (candidate) =>
      candidate.posted.conversationKey === `personal:a:personal-${person.id}` ||
      candidate.posted.conversationKey === `personal:a:personal-${person.aadObjectId}`,
  );
  if (!copy)
    throw new Error(`No 1:1 copy for ${person.name}: ${JSON.stringify(copies.map((c) => c.posted))}`);
  return copy;
}

/** A press in the person's 1:1 chat with the bot, on the message `replyToId` there. */
async function pressInChat(person: Person, copy: Copy, verb: string, data: Json): Promise<InvokeAnswer> {
  const { status, body } = await h.post({
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextActivityId(),
    channelId: 'msteams',
    serviceUrl: h.connector.url,
    from: fromOf(person),
    recipient: { ...BOT },
    conversation: { id: copy.posted.conversationId!, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    replyToId: copy.posted.activityId,
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  });
  return { status, body: body as InvokeAnswer['body'] };
}

function pressInThread(person: Person, copy: Copy, verb: string, data: Json): Promise<InvokeAnswer> {
  return h.press(person, verb, data, { replyToId: copy.posted.activityId, rootId: created.rootActivityId });
}

/** The card of the last update of a message, once it came. */
async function updatedCard(copy: Copy): Promise<CardJson> {
  const update = await h.connector.waitFor(
    `an update of ${copy.posted.conversationKey} #${copy.posted.activityId}`,
    (call) => call.kind === 'update' && call.activityId === copy.posted.activityId,
  );
  expect(update.conversationId).toBe(copy.posted.conversationId);
  return cardOf(update.body);
}

test('with the approvers known and no refresh, each approver reaches GO on the thread card and in their 1:1 chat', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const [thread, ...personal] = await copiesOf('goNoGo');

  expect(thread!.call.conversationId).toBe(`${CHANNEL};messageid=${created.rootActivityId}`);
  // The refresh is there to tailor the view, but nothing waits for it: GO and NOGO are on the post itself.
  expect(refreshOf(thread!.card)?.userIds).toEqual([approver.id, secondApprover.id]);
  expect(verbsOf(thread!.card)).toEqual(['go', 'nogo', 'card.refresh']);
  expect(visibleText(thread!.card)).toContain(
    `GO / NOGO — ${approver.name} or ${secondApprover.name} decides (only they can press)`,
  );

  expect(personal).toHaveLength(2);
  for (const person of [approver, secondApprover]) {
    const { card } = personalCopy(personal, person);
    expect(verbsOf(card)).toEqual(['go', 'nogo']);
    expect(JSON.stringify(card)).toContain('"id":"reason"');
    expect(visibleText(card)).toContain('Your turn: decide GO or NOGO');
    expect(JSON.stringify(card.actions)).toContain('https://teams.microsoft.com/l/message/');
  }
});

test('GO pressed in a 1:1 chat updates the thread card and every other copy; a press on another copy gets the current state', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const copies = await copiesOf('goNoGo');
  const [thread] = copies;
  const alice = personalCopy(copies, approver);
  const bruno = personalCopy(copies, secondApprover);
  const before = await h.change(created.id);

  const answer = answeredCard(await pressInChat(approver, alice, 'go', buttonData(alice.card, 'go')));

  // The presser's 1:1 card shows the decision and keeps the link to the thread.
  expect(visibleText(answer)).toContain(`GO by ${approver.name}`);
  expect(verbsOf(answer)).toEqual([]);
  expect(JSON.stringify(answer.actions)).toContain('https://teams.microsoft.com/l/message/');
  const decided = await h.change(created.id);
  expect(decided.status).toBe('approved');
  expect(decided.revision).toBe(before.revision + 1);

  // Every copy shows the GO in place: the thread card for everyone, Bruno's and Alice's own 1:1 copies.
  const threadNow = await updatedCard(thread!);
  expect(visibleText(threadNow)).toContain(`GO by ${approver.name}`);
  expect(verbsOf(threadNow).filter((verb) => verb !== 'card.refresh')).toEqual([]);
  for (const copy of [bruno, alice]) {
    const shown = await updatedCard(copy);
    expect(visibleText(shown)).toContain(`GO by ${approver.name}`);
    expect(visibleText(shown)).toContain('Handled (decide GO or NOGO)');
    expect(verbsOf(shown)).toEqual([]);
  }

  // Bruno's client still showed GO (or his press crossed the update): the current state, no second GO.
  const late = answeredCard(await pressInChat(secondApprover, bruno, 'go', buttonData(bruno.card, 'go')));
  expect(visibleText(late)).toContain('Not done');
  expect(visibleText(late)).toContain(`${approver.name} already decided GO`);
  // The same on the thread card, as it was before the update.
  const onThread = answeredCard(
    await pressInThread(secondApprover, thread!, 'nogo', {
      ...buttonData(thread!.card, 'nogo'),
      reason: 'No',
    }),
  );
  expect(visibleText(onThread)).toContain('Not done');

  const after = await h.change(created.id);
  expect(after.revision).toBe(decided.revision);
  expect(after.decision).toMatchObject({ verdict: 'go', by: { aadObjectId: approver.aadObjectId } });
  expect(after.history.filter((line) => line.event === 'go' && line.accepted)).toHaveLength(1);
  expect(
    after.outbox.filter(
      (entry) => entry.effect.notice === 'announcement' && entry.effect.to.kind === 'channel',
    ),
  ).toHaveLength(1);
});

test('rescheduled to another day and a 9-hour window, then GO from the card of revision 1: refused, the current card says what moved', async () => {
  expect((await h.change(created.id)).revision).toBe(1);
  const moved = await h.press(
    implementer,
    'reschedule',
    {
      changeId: created.id,
      revision: 1,
      startDate: '2026-04-23',
      startTime: '02:00',
      endDate: '2026-04-23',
      endTime: '11:00',
    },
    { replyToId: created.summaryCall.createdActivityId!, rootId: created.rootActivityId },
  );
  expect(visibleText(answeredCard(moved))).toContain('rescheduled');

  const stale = answeredCard(
    await h.press(approver, 'go', { changeId: created.id, revision: 1 }, { rootId: created.rootActivityId }),
  );

  const text = visibleText(stale);
  expect(text).toContain('Not done');
  expect(text).toContain('the window moved to Thu 23 Apr 02:00–11:00 since it was sent');
  const change = await h.change(created.id);
  expect(change.status).toBe('planned');
  expect(change.decision).toBeUndefined();
  expect(change.announced).toBe(false);
  expect(h.mails.filter((mail) => mail.changeId === created.id && mail.notice === 'announcement')).toEqual(
    [],
  );

  // GO on the card as it is now counts.
  await tickAt(h, new Date('2026-04-16T00:00:00.000Z'));
  const [thread] = await copiesOf('goNoGo');
  answeredCard(await pressInThread(approver, thread!, 'go', buttonData(thread!.card, 'go')));
  expect((await h.change(created.id)).status).toBe('approved');
});

test('where the refresh fires: the approver gets their own view, a member the read-only one; the card everyone sees keeps GO', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const [thread] = await copiesOf('goNoGo');
  expect(verbsOf(thread!.card)).toContain('go');
  const refresh = refreshOf(thread!.card)!;
  const viewAs = async (person: Person) =>
    answeredCard(
      await h.press(person, refresh.action.verb, refresh.action.data, {
        replyToId: thread!.posted.activityId,
        rootId: created.rootActivityId,
        trigger: 'automatic',
      }),
    );

  const own = await viewAs(approver);
  expect(verbsOf(own)).toEqual(['go', 'nogo', 'card.refresh']);
  expect(visibleText(own)).not.toContain('(only they can press)');
  const member = await viewAs(stranger);
  expect(verbsOf(member)).toEqual(['card.refresh']);
  expect(visibleText(member)).toContain(
    `Waiting for ${approver.name} or ${secondApprover.name}: only they can act on this card`,
  );
});

test("the implementer's Solved from the control card after an extension from the decision card: refused with the new end", async () => {
  await tickAt(h, GO_NOGO_DUE);
  const [goNoGo] = await copiesOf('goNoGo');
  answeredCard(await pressInThread(approver, goNoGo!, 'go', buttonData(goNoGo!.card, 'go')));
  await tickAt(h, new Date('2026-04-15T16:00:00.000Z'));
  const [control] = await copiesOf('control');
  await tickAt(h, new Date('2026-04-15T17:30:00.000Z'));
  const copies = await copiesOf('decision');
  const inChat = personalCopy(copies, implementer);
  expect(verbsOf(inChat.card)).toEqual(['done', 'extend', 'incident']);
  answeredCard(
    await pressInChat(implementer, inChat, 'extend', {
      ...buttonData(inChat.card, 'extend'),
      extraMinutes: '30',
    }),
  );

  const stale = answeredCard(
    await pressInThread(implementer, control!, 'done', buttonData(control!.card, 'done')),
  );

  expect(visibleText(stale)).toContain(
    'the window was extended: it now ends Wed 15 Apr, 20:30 since it was sent',
  );
  const change = await h.change(created.id);
  expect(change.status).toBe('running');
  // The answer under the refusal is the control card as it is now: Solved again counts.
  answeredCard(await pressInThread(implementer, control!, 'done', buttonData(stale, 'done')));
  expect((await h.change(created.id)).status).toBe('completed');
});
