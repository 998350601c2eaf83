/**
 * The validation checklist follows the change through the real bot: every press on the control or decision
 * card sends the toggles shown on it (as Teams does: the button's data merged with the card's inputs), the
 * stored ticks are what the end notice and the refreshed cards show.
 */
import type { NoticeKind } from '../../src/domain/change';
import type { ConnectorCall } from '../support/connector';
import { buttonData, cardOf, inputValues, visibleText, type CardJson } from './support/cards';
import { answeredCard, createChange, tickAt, viewOf, type CreatedChange } from './support/flows';
import { approver, implementer, startHarness, type Harness } from './support/harness';

/** The valid form's window is Wed 15 Apr 2026, 18:00–20:00 Zurich (UTC+2). */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');
const DECISION_DUE = new Date('2026-04-15T17:30:00.000Z');

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
  created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  const goNoGo = await posted('goNoGo');
  const approverView = await viewOf(h, approver, goNoGo.call, created.rootActivityId);
  const go = await h.press(approver, 'go', buttonData(approverView, 'go'), {
    replyToId: goNoGo.call.createdActivityId!,
    rootId: created.rootActivityId,
  });
  answeredCard(go);
  await tickAt(h, WINDOW_START);
});
afterEach(async () => {
  await h.stop();
});

/** The card the bot posted for this notice (found through the activity ids the change stores). */
async function posted(notice: NoticeKind): Promise<{ call: ConnectorCall; card: CardJson }> {
  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  const activityId = change.postedCards.find((card) => card.notice === notice)?.activityId;
  if (!activityId)
    throw new Error(`No ${notice} card was posted; posted: ${JSON.stringify(change.postedCards)}`);
  const call = h.connector.calls.find((candidate) => candidate.createdActivityId === activityId)!;
  return { call, card: cardOf(h.connector.activityOf(call)) };
}

/** A press as Teams sends it: the button's data plus every input of the card, with `changes` applied. */
async function pressOn(
  notice: NoticeKind,
  verb: string,
  changes: Record<string, string> = {},
): Promise<CardJson> {
  const { call } = await posted(notice);
  // The implementer's own view of the card (Teams refreshes it for them), as they press it.
  const card = await viewOf(h, implementer, call, created.rootActivityId);
  const inputs = Object.fromEntries(
    Object.entries(inputValues(card)).map(([id, value]) => [id, String(value ?? '')]),
  );
  const answer = await h.press(
    implementer,
    verb,
    { ...inputs, ...buttonData(card, verb), ...changes },
    { replyToId: call.createdActivityId!, rootId: created.rootActivityId },
  );
  return answeredCard(answer);
}

test('Problem with the first test ticked, then Solved on the decision card: the end notice lists the ticks as pressed', async () => {
  const afterProblem = await pressOn('control', 'problem', { 'test-0': 'true', 'test-1': 'false' });
  expect(inputValues(afterProblem)).toMatchObject({ 'test-0': 'true', 'test-1': 'false' });
  expect((await h.change(created.id)).testResults).toEqual([true, false]);

  await tickAt(h, DECISION_DUE);
  const decision = await posted('decision');
  // The decision card shows the checklist as stored, so Solved sends it back.
  const implementerView = await viewOf(h, implementer, decision.call, created.rootActivityId);
  expect(inputValues(implementerView)).toMatchObject({ 'test-0': 'true', 'test-1': 'false' });

  await pressOn('decision', 'done');

  const change = await h.change(created.id);
  expect(change.status).toBe('completed');
  expect(change.testResults).toEqual([true, false]);
  const end = visibleText((await posted('end')).card);
  expect(end).toContain('1 of 2 passed');
  expect(end).toContain('☑ Log in as a student (passed)');
  expect(end).toContain('☐ Open a course and submit a quiz (not confirmed)');
});

test('the decision card shows the checklist, and the ticks changed on it are the ones Solved stores', async () => {
  await tickAt(h, DECISION_DUE);
  const decision = await posted('decision');
  const implementerView = await viewOf(h, implementer, decision.call, created.rootActivityId);
  expect(Object.keys(inputValues(implementerView))).toEqual(expect.arrayContaining(['test-0', 'test-1']));
  await pressOn('decision', 'done', { 'test-0': 'true', 'test-1': 'true' });

  expect((await h.change(created.id)).testResults).toEqual([true, true]);
  expect(visibleText((await posted('end')).card)).toContain('2 of 2 passed');
});

test('Extend and Declare incident on the control card store the ticks they carry', async () => {
  await pressOn('control', 'extend', { extraMinutes: '15', 'test-1': 'true' });
  expect((await h.change(created.id)).testResults).toEqual([false, true]);

  const afterIncident = await pressOn('control', 'incident', { 'test-0': 'true', 'test-1': 'true' });
  expect((await h.change(created.id)).testResults).toEqual([true, true]);
  // The control card, now closed, shows the stored checklist to everyone.
  expect(visibleText(afterIncident)).toMatch(/☑ Log in as a student[\s\S]*☑ Open a course/);
});
