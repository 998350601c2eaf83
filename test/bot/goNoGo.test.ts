import { isPost, type ConnectorCall } from '../support/connector';
import { buttonData, cardOf, verbsOf, visibleText } from './support/cards';
import {
  answeredCard,
  answeredMessage,
  CARD_TYPE,
  createChange,
  tickAt,
  type CreatedChange,
} from './support/flows';
import {
  approver,
  CHANNEL,
  implementer,
  secondApprover,
  startHarness,
  stranger,
  type Harness,
} from './support/harness';

/** D-7 of the valid form's window (Wed 15 Apr 2026, 18:00 Zurich), at 18:00. */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');

let h: Harness;
let created: CreatedChange;
/** The GO/NOGO card the bot posted to the approvers in the change's thread. */
let goNoGoCall: ConnectorCall;

beforeEach(async () => {
  h = await startHarness();
  created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  goNoGoCall = await h.connector.waitFor(
    'the GO/NOGO card',
    (call) => isPost(call) && verbsOf(cardOf(h.connector.activityOf(call))).includes('go'),
  );
});
afterEach(async () => {
  await h.stop();
});

function goNoGoCard() {
  return cardOf(h.connector.activityOf(goNoGoCall));
}

function press(who: typeof approver, verb: 'go' | 'nogo', extra: Record<string, unknown> = {}) {
  return h.press(
    who,
    verb,
    { ...buttonData(goNoGoCard(), verb), ...extra },
    {
      replyToId: goNoGoCall.createdActivityId!,
      rootId: created.rootActivityId,
    },
  );
}

function updatesOf(activityId: string): ConnectorCall[] {
  return h.connector.calls.filter((call) => call.kind === 'update' && call.activityId === activityId);
}

test('the GO/NOGO card goes to the approvers in the change thread, its buttons carry the id and revision', async () => {
  expect(goNoGoCall.conversationId).toBe(`${CHANNEL};messageid=${created.rootActivityId}`);
  const change = await h.change(created.id);
  expect(buttonData(goNoGoCard(), 'go')).toMatchObject({ changeId: created.id, revision: change.revision });
  expect(verbsOf(goNoGoCard())).toEqual(expect.arrayContaining(['go', 'nogo']));
});

test('GO by someone who is not an approver is refused with a message; the card and the change stay as they are', async () => {
  const before = await h.change(created.id);

  const refused = await press(stranger, 'go');

  const message = answeredMessage(refused);
  expect(message).toContain('Only an approver');
  expect(message).toContain(approver.name);
  const after = await h.change(created.id);
  expect(after.revision).toBe(before.revision);
  expect(after.status).toBe('planned');
  expect(after.decision).toBeUndefined();
  // The stranger has no role on the change: the press is logged, not stored in it.
  expect(after.history).toEqual(before.history);
  expect(h.logs).toContainEqual(
    expect.objectContaining({
      message: 'press refused: not allowed for this person',
      details: expect.objectContaining({ changeId: created.id, event: 'go', by: stranger.aadObjectId }),
    }),
  );

  // The approver's press afterwards is the only one that updates the card.
  const accepted = await press(approver, 'go');
  expect(answeredCard(accepted)).toBeDefined();
  await h.connector.waitFor(
    'the GO/NOGO card updated',
    (call) => call.kind === 'update' && call.activityId === goNoGoCall.createdActivityId,
  );
  expect(updatesOf(goNoGoCall.createdActivityId!)).toHaveLength(1);
});

test('GO by an approver: the card shows who decided, is updated in place, and the announcement goes out', async () => {
  const answer = await press(approver, 'go');

  const card = answeredCard(answer);
  expect(visibleText(card)).toContain(approver.name);
  expect(verbsOf(card)).not.toContain('go');
  // The thread card and the approvers' 1:1 copies are updated at the same time: find the thread card's.
  const update = await h.connector.waitFor(
    'the GO/NOGO card updated',
    (call) => call.kind === 'update' && call.activityId === goNoGoCall.createdActivityId,
  );
  expect(update.conversationId).toBe(`${CHANNEL};messageid=${created.rootActivityId}`);
  // Everyone else gets the shared view: the same card, with the refresh that gives the approvers theirs.
  const { refresh, ...shared } = cardOf(update.body);
  expect(shared).toEqual(card);
  expect(refresh).toMatchObject({ action: { verb: 'card.refresh' }, userIds: [approver.id] });

  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  expect(change.status).toBe('approved');
  expect(change.decision).toMatchObject({ verdict: 'go', by: { aadObjectId: approver.aadObjectId } });
  const announcements = h.connector.calls.filter(
    (call) =>
      call.kind === 'createConversation' &&
      change.postedCards.find((posted) => posted.activityId === call.createdActivityId)?.notice ===
        'announcement',
  );
  expect(announcements).toHaveLength(1);
  expect(h.mails.filter((mail) => mail.notice === 'announcement')).toHaveLength(1);
  expect(h.mails[0]?.to).toEqual(expect.arrayContaining([approver.email, 'teachers@test.example.org']));
});

test('a second GO press is answered with the current state and not applied twice', async () => {
  await press(approver, 'go');
  const afterFirst = await h.change(created.id);

  const second = await press(approver, 'go');

  expect(second.body.type).toBe(CARD_TYPE);
  const text = visibleText(answeredCard(second));
  expect(text).toContain(`${approver.name} already decided GO`);
  await h.bot.delivery.deliver(created.id);
  const after = await h.change(created.id);
  expect(after.revision).toBe(afterFirst.revision);
  expect(after.outbox.filter((entry) => entry.effect.notice === 'announcement')).toHaveLength(2); // channel + mail
  expect(h.mails.filter((mail) => mail.notice === 'announcement')).toHaveLength(1);
  expect(after.history.filter((line) => line.event === 'go').map((line) => line.accepted)).toEqual([
    true,
    false,
  ]);
});

test('GO and NOGO pressed at once by two approvers: exactly one decision, the other is told who decided', async () => {
  const [go, nogo] = await Promise.all([
    press(approver, 'go'),
    press(secondApprover, 'nogo', { reason: 'The rollback plan is not tested.' }),
  ]);

  const change = await h.change(created.id);
  const decisions = change.history.filter(
    (line) => (line.event === 'go' || line.event === 'nogo') && line.accepted,
  );
  expect(decisions).toHaveLength(1);
  const goWon = change.decision?.verdict === 'go';
  const [winner, loser] = goWon ? [go, nogo] : [nogo, go];
  const winnerName = goWon ? approver.name : secondApprover.name;
  expect(change.status).toBe(goWon ? 'approved' : 'rejected');
  expect(visibleText(answeredCard(winner))).toContain(winnerName);
  const told = visibleText(answeredCard(loser));
  expect(told).toContain(`${winnerName} already decided ${goWon ? 'GO' : 'NOGO'}`);
  expect(change.history.filter((line) => !line.accepted && ['go', 'nogo'].includes(line.event))).toHaveLength(
    1,
  );
});

test('NOGO without a reason is refused with a message and changes nothing', async () => {
  const before = await h.change(created.id);

  const answer = await press(approver, 'nogo', { reason: '   ' });

  expect(answeredMessage(answer)).toContain('reason');
  const after = await h.change(created.id);
  expect(after.revision).toBe(before.revision);
  expect(after.status).toBe('planned');
});

test('NOGO with a reason: the implementer is told why in the thread', async () => {
  const answer = await press(approver, 'nogo', { reason: 'The rollback plan is not tested.' });

  expect(visibleText(answeredCard(answer))).toContain('NOGO');
  const told = await h.connector.waitFor(
    'the NOGO notice',
    (call) =>
      isPost(call) &&
      visibleText(cardOf(h.connector.activityOf(call))).includes('The rollback plan is not tested.'),
  );
  expect(told.conversationId).toBe(`${CHANNEL};messageid=${created.rootActivityId}`);
  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  expect(change.status).toBe('rejected');
  // The post is the NOGO notice addressed to the implementer (the outbox entry that recorded its id), and
  // its card names the implementer, gives the approver's reason and offers to reschedule.
  const entry = change.outbox.find((candidate) => candidate.activityId === told.createdActivityId);
  expect(entry?.effect).toEqual({ notice: 'nogo', to: { kind: 'implementer' } });
  const card = cardOf(h.connector.activityOf(told));
  expect(visibleText(card)).toContain(implementer.name);
  expect(visibleText(card)).toContain('The rollback plan is not tested.');
  expect(verbsOf(card)).toContain('reschedule');
});
