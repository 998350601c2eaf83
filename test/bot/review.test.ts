/**
 * The review after trouble through the real bot: a change goes wrong (restored after an incident, or extended),
 * the implementer gets the review card in the change's thread (and a 1:1 pointer), answers it, and the answers
 * are stored with the change, shown by `show`, and refused a second time.
 */
import type { NoticeKind } from '../../src/domain/change';
import type { ConnectorCall } from '../support/connector';
import { buttonData, cardOf, inputValues, visibleText, verbsOf, type CardJson } from './support/cards';
import {
  answeredCard,
  answeredMessage,
  ask,
  createChange,
  tickAt,
  viewOf,
  type CreatedChange,
} from './support/flows';
import { approver, implementer, startHarness, stranger, type Harness } from './support/harness';

/** The valid form's window is Wed 15 Apr 2026, 18:00–20:00 Zurich (UTC+2). */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');

const ANSWERS = {
  whatHappened: 'The quiz plugin did not upgrade; courses showed errors.',
  whatHelped: 'The fresh data snapshot: the restore took 40 minutes.',
  oneChange: 'Upgrade the plugins on a copy of the VM a week before.',
};

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
  created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  const goNoGo = await posted('goNoGo');
  const approverView = await viewOf(h, approver, goNoGo.call, created.rootActivityId);
  answeredCard(
    await h.press(approver, 'go', buttonData(approverView, 'go'), {
      replyToId: goNoGo.call.createdActivityId!,
      rootId: created.rootActivityId,
    }),
  );
  await tickAt(h, WINDOW_START);
});
afterEach(async () => {
  await h.stop();
});

async function posted(notice: NoticeKind): Promise<{ call: ConnectorCall; card: CardJson }> {
  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  const activityId = change.postedCards.find((card) => card.notice === notice)?.activityId;
  if (!activityId)
    throw new Error(`No ${notice} card was posted; posted: ${JSON.stringify(change.postedCards)}`);
  const call = h.connector.calls.find((candidate) => candidate.createdActivityId === activityId)!;
  return { call, card: cardOf(h.connector.activityOf(call)) };
}

/** A press on the posted card as `who` sees it, with the card's inputs and `changes` applied. */
async function pressOn(
  notice: NoticeKind,
  verb: string,
  changes: Record<string, string> = {},
  who = implementer,
) {
  const { call } = await posted(notice);
  const card = await viewOf(h, implementer, call, created.rootActivityId);
  const inputs = Object.fromEntries(
    Object.entries(inputValues(card)).map(([id, value]) => [id, String(value ?? '')]),
  );
  return h.press(
    who,
    verb,
    { ...inputs, ...buttonData(card, verb), ...changes },
    { replyToId: call.createdActivityId!, rootId: created.rootActivityId },
  );
}

async function restore(): Promise<void> {
  answeredCard(await pressOn('control', 'incident'));
  answeredCard(await pressOn('incident', 'restored'));
  expect((await h.change(created.id)).status).toBe('restored');
}

test('after Restored the implementer gets the review card; the answers are stored, in the history and in show', async () => {
  await restore();
  const review = await posted('review');
  // Posted in the thread, mentioning the implementer; the questions stay on the card everyone sees, labelled
  // for the implementer (a channel sends no refresh), and the server takes the answers from them only.
  expect(visibleText(review.card)).toContain('Review after trouble');
  expect(JSON.stringify(review.card)).toContain(`<at>${implementer.name}</at>`);
  const own = await viewOf(h, implementer, review.call, created.rootActivityId);
  expect(Object.keys(inputValues(own))).toEqual(['whatHappened', 'whatHelped', 'oneChange']);
  const buttons = (card: CardJson) => verbsOf(card).filter((verb) => verb !== 'card.refresh');
  expect(buttons(own)).toEqual(['review']);
  const forOthers = await viewOf(h, stranger, review.call, created.rootActivityId);
  expect(buttons(forOthers)).toEqual(['review']);
  expect(visibleText(forOthers)).toContain(`Review — ${implementer.name} writes it (only they can press)`);
  // …and a 1:1 copy with the same questions.
  const change = await h.change(created.id);
  expect(
    change.outbox.some((entry) => entry.effect.notice === 'review' && entry.effect.to.kind === 'personal'),
  ).toBe(true);

  const answered = answeredCard(await pressOn('review', 'review', ANSWERS));
  expect(visibleText(answered)).toContain(ANSWERS.oneChange);
  expect(buttons(answered)).toEqual([]);

  const stored = await h.change(created.id);
  expect(stored.review).toMatchObject({
    after: 'restored',
    ...ANSWERS,
    by: { aadObjectId: implementer.aadObjectId },
  });
  expect(stored.history.at(-1)).toMatchObject({ event: 'review', accepted: true, revision: stored.revision });

  const shown = visibleText((await ask(h, approver, `show ${created.id}`)).card);
  expect(shown).toContain('Review after trouble');
  expect(shown).toContain(ANSWERS.whatHappened);
  expect(shown).toContain(ANSWERS.whatHelped);
  expect(shown).toContain(ANSWERS.oneChange);
});

test('show says a review is still awaited; an empty answer, a stranger and a second review are refused', async () => {
  await restore();
  expect(visibleText((await ask(h, approver, `show ${created.id}`)).card)).toContain(
    `A review after trouble is asked of ${implementer.name}`,
  );
  const empty = answeredMessage(await pressOn('review', 'review', { ...ANSWERS, whatHelped: '  ' }));
  expect(empty).toBe('What helped: a line is enough, but it cannot be empty.');
  const byStranger = await pressOn('review', 'review', ANSWERS, stranger);
  expect(JSON.stringify(byStranger.body)).toContain(`Only the implementer of ${created.id}`);
  expect((await h.change(created.id)).review).toBeUndefined();

  const { call } = await posted('review');
  const before = buttonData(await viewOf(h, implementer, call, created.rootActivityId), 'review');
  answeredCard(await pressOn('review', 'review', ANSWERS));
  // The same button again (a second client, a double press): the review is not overwritten.
  const again = await h.press(
    implementer,
    'review',
    { ...before, ...ANSWERS, oneChange: 'Something else' },
    { replyToId: call.createdActivityId!, rootId: created.rootActivityId },
  );
  expect(JSON.stringify(again.body)).toContain(
    `The review of ${created.id} was already sent by ${implementer.name}`,
  );
  expect((await h.change(created.id)).review?.oneChange).toBe(ANSWERS.oneChange);
});

test('an extended window that ends well asks for a review too; a change that went as planned does not', async () => {
  answeredCard(await pressOn('control', 'extend', { extraMinutes: '30' }));
  answeredCard(await pressOn('control', 'done'));
  const change = await h.change(created.id);
  expect(change.status).toBe('completed');
  expect(
    change.outbox.filter((entry) => entry.effect.notice === 'review').map((entry) => entry.effect.to.kind),
  ).toEqual(['implementer', 'personal']);
  answeredCard(await pressOn('review', 'review', ANSWERS));
  expect((await h.change(created.id)).review?.after).toBe('extended');
});

test('a change done within its window gets no review card, and a review press on it is refused', async () => {
  answeredCard(await pressOn('control', 'done'));
  const change = await h.change(created.id);
  expect(change.outbox.some((entry) => entry.effect.notice === 'review')).toBe(false);
  const press = await h.press(
    implementer,
    'review',
    { changeId: created.id, revision: change.revision, ...ANSWERS },
    { rootId: created.rootActivityId },
  );
  expect(JSON.stringify(press.body)).toContain('asks for no review');
});
