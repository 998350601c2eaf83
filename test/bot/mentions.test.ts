/**
 * @mentions in the cards the bot posts, as the recording connector receives them: every new post that asks
 * someone to act names them in the card text (`<at>Name</at>`) and in `msteams.entities` with their Entra
 * object id; announcements mention nobody, and in-place updates carry no mention (an update never notifies).
 */
import type { MilestoneName, NoticeKind } from '../../src/domain/change';
import type { ConnectorCall } from '../support/connector';
import { buttonData, cardOf, rawTexts, type CardJson } from './support/cards';
import { answeredCard, createChange, tickAt, type CreatedChange } from './support/flows';
import {
  approver,
  implementer,
  secondApprover,
  startHarness,
  type Harness,
  type Person,
} from './support/harness';

let h: Harness;
let created: CreatedChange;

beforeEach(async () => {
  h = await startHarness();
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

async function postOf(notice: NoticeKind): Promise<{ call: ConnectorCall; card: CardJson }> {
  const change = await h.change(created.id);
  const activityId = change.postedCards.find((card) => card.notice === notice)?.activityId;
  if (!activityId) throw new Error(`No ${notice} card was posted: ${JSON.stringify(change.postedCards)}`);
  const call = h.connector.calls.find((candidate) => candidate.createdActivityId === activityId)!;
  return { call, card: cardOf(h.connector.activityOf(call)) };
}

function mentioned(card: CardJson): { entityIds: string[]; entityTexts: string[]; cardTexts: string[] } {
  const entities = ((card.msteams as { entities?: unknown[] } | undefined)?.entities ?? []) as {
    type: string;
    text: string;
    mentioned: { id: string; name: string };
  }[];
  expect(entities.every((entity) => entity.type === 'mention')).toBe(true);
  return {
    entityIds: entities.map((entity) => entity.mentioned.id),
    entityTexts: entities.map((entity) => entity.text),
    cardTexts: rawTexts(card).filter((text) => text.includes('<at>')),
  };
}

function expectMentions(card: CardJson, people: Person[]): void {
  const { entityIds, entityTexts, cardTexts } = mentioned(card);
  expect(entityIds).toEqual(people.map((person) => person.aadObjectId));
  expect(entityTexts).toEqual(people.map((person) => `<at>${person.name}</at>`));
  // Teams turns the text into a mention only when the entity's text is in the card exactly.
  expect(cardTexts).toEqual(entityTexts);
}

test('the posts that ask mention whom they ask; announcements mention nobody; the updated card carries no mention', async () => {
  await reach('preparation');
  expectMentions((await postOf('preparation')).card, [implementer]);
  await reach('precheck');
  expectMentions((await postOf('precheck')).card, [approver, secondApprover]);
  await reach('goNoGo');
  const goNoGo = await postOf('goNoGo');
  expectMentions(goNoGo.card, [approver, secondApprover]);

  answeredCard(
    await h.press(approver, 'go', buttonData(goNoGo.card, 'go'), {
      replyToId: goNoGo.call.createdActivityId!,
      rootId: created.rootActivityId,
    }),
  );
  const update = await h.connector.waitFor('the GO/NOGO card updated', (call) => call.kind === 'update');
  expectMentions(cardOf(update.body), []);
  await h.bot.delivery.deliver(created.id);
  expectMentions((await postOf('announcement')).card, []);
  expectMentions((await postOf('created')).card, []);

  await reach('snapshot');
  expectMentions((await postOf('snapshot')).card, [implementer]);
  await reach('start');
  expectMentions((await postOf('start')).card, []);
  expectMentions((await postOf('control')).card, [implementer]);
  await reach('decision');
  expectMentions((await postOf('decision')).card, [implementer]);
});

test('the blocked notice mentions the implementer and the approvers', async () => {
  await reach('reminder');
  expectMentions((await postOf('blocked')).card, [implementer, approver, secondApprover]);
});

test('a name with markdown in it is escaped alike in the card text and in the mention entity', async () => {
  const odd = { ...implementer, name: 'Ines *Star* [Ops]' };
  await h.stop();
  h = await startHarness();
  created = await createChange(h, {}, odd);
  await reach('preparation');
  const { entityTexts, cardTexts } = mentioned((await postOf('preparation')).card);
  expect(entityTexts).toEqual(['<at>Ines \\*Star\\* \\[Ops\\]</at>']);
  expect(cardTexts).toEqual(entityTexts);
});
