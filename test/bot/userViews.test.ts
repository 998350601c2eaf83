/**
 * Approver-only and implementer-only views (Universal Actions user-specific views), through the real bot and
 * the recording connector: the shared card is read-only and names who must act, its `refresh` carries the
 * Teams ids learned from the roster, and the automatic refresh is answered per user, without ever updating
 * the shared message.
 */
import type { NoticeKind } from '../../src/domain/change';
import type { ChangeStore } from '../../src/store/types';
import type { ConnectorCall } from '../support/connector';
import { buttonData, cardOf, verbsOf, visibleText, type CardJson } from './support/cards';
import { answeredCard, createChange, refreshOf, tickAt, type CreatedChange } from './support/flows';
import {
  approver,
  implementer,
  secondApprover,
  startHarness,
  stranger,
  type Harness,
  type Person,
} from './support/harness';

const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');

let h: Harness;
let created: CreatedChange;
let failReads = false;

function failingReads(store: ChangeStore): ChangeStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'get') {
        return (id: string) => {
          if (failReads) return Promise.reject(new Error('EIO: the disk did not answer'));
          return target.get(id);
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeEach(async () => {
  failReads = false;
  h = await startHarness({ wrapStore: failingReads });
  // The team roster answers by Entra object id, as Teams does.
  for (const person of [approver, secondApprover, implementer, stranger]) h.connector.addMember(person);
  created = await createChange(h);
});
afterEach(async () => {
  await h.stop();
});

async function posted(notice: NoticeKind): Promise<{ call: ConnectorCall; card: CardJson }> {
  await h.bot.delivery.deliver(created.id);
  const change = await h.change(created.id);
  const activityId = change.postedCards.find((card) => card.notice === notice)?.activityId;
  if (!activityId) throw new Error(`No ${notice} card was posted: ${JSON.stringify(change.postedCards)}`);
  const call = h.connector.calls.find((candidate) => candidate.createdActivityId === activityId)!;
  return { call, card: cardOf(h.connector.activityOf(call)) };
}

function refreshAs(person: Person, call: ConnectorCall, card: CardJson) {
  const refresh = refreshOf(card)!;
  return h.press(person, refresh.action.verb, refresh.action.data, {
    replyToId: call.createdActivityId!,
    rootId: created.rootActivityId,
    trigger: 'automatic',
  });
}

function updates(): ConnectorCall[] {
  return h.connector.calls.filter((call) => call.kind === 'update');
}

test('the GO/NOGO card everyone sees keeps GO and NOGO, labelled for the approvers, and refreshes for their Teams ids', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const { card } = await posted('goNoGo');

  expect(refreshOf(card)).toEqual({
    action: {
      type: 'Action.Execute',
      verb: 'card.refresh',
      data: { changeId: created.id, revision: (await h.change(created.id)).revision, notice: 'goNoGo' },
    },
    userIds: [approver.id, secondApprover.id],
  });
  // No refresh ever comes in a channel: the approvers press on this very card.
  expect(verbsOf(card)).toEqual(['go', 'nogo', 'card.refresh']);
  expect(visibleText(card)).toContain(
    `GO / NOGO — ${approver.name} or ${secondApprover.name} decides (only they can press)`,
  );
  expect(visibleText(card)).not.toContain('Waiting for');
});

test('the automatic refresh gives an approver the buttons and a member the read-only card, and updates nothing', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const { call, card } = await posted('goNoGo');
  const updatesBefore = updates().length;

  const forApprover = answeredCard(await refreshAs(approver, call, card));
  const forMember = answeredCard(await refreshAs(stranger, call, card));

  expect(verbsOf(forApprover)).toEqual(expect.arrayContaining(['go', 'nogo']));
  expect(refreshOf(forApprover)?.userIds).toEqual([approver.id, secondApprover.id]);
  expect(verbsOf(forMember)).toEqual(['card.refresh']);
  expect(visibleText(forMember)).toContain(`Waiting for ${approver.name} or ${secondApprover.name}`);

  // A press that does update the card: its update is the first one since the refreshes.
  answeredCard(
    await h.press(approver, 'go', buttonData(forApprover, 'go'), {
      replyToId: call.createdActivityId!,
      rootId: created.rootActivityId,
    }),
  );
  await h.connector.waitFor('the GO/NOGO card updated', (c) => c.kind === 'update');
  expect(updates().length - updatesBefore).toBe(1);
});

test('a stranger pressing GO with the data of the approver view is still refused on the server', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const { call, card } = await posted('goNoGo');
  const forApprover = answeredCard(await refreshAs(approver, call, card));

  const refused = await h.press(stranger, 'go', buttonData(forApprover, 'go'), {
    replyToId: call.createdActivityId!,
    rootId: created.rootActivityId,
  });

  expect(String(refused.body.value)).toContain('Only an approver');
  expect((await h.change(created.id)).status).toBe('planned');
});

test("the control card keeps the implementer's buttons, labelled, and refreshes for the implementer only", async () => {
  await tickAt(h, GO_NOGO_DUE);
  const goNoGo = await posted('goNoGo');
  const forApprover = answeredCard(await refreshAs(approver, goNoGo.call, goNoGo.card));
  answeredCard(
    await h.press(approver, 'go', buttonData(forApprover, 'go'), {
      replyToId: goNoGo.call.createdActivityId!,
      rootId: created.rootActivityId,
    }),
  );
  await tickAt(h, WINDOW_START);
  const { call, card } = await posted('control');

  expect(refreshOf(card)?.userIds).toEqual([implementer.id]);
  expect(verbsOf(card)).toEqual(['done', 'problem', 'extend', 'incident', 'card.refresh']);
  expect(visibleText(card)).toContain('Your maintenance window is open');
  expect(visibleText(card)).toContain(`Solved / Problem / Extend / Incident — ${implementer.name} decides`);
  const forImplementer = answeredCard(await refreshAs(implementer, call, card));
  expect(verbsOf(forImplementer)).toEqual(expect.arrayContaining(['done', 'problem', 'extend', 'incident']));
  expect(verbsOf(answeredCard(await refreshAs(approver, call, card)))).toEqual(['card.refresh']);
});

test('a refresh that cannot read the change still answers 200 with a card, and updates nothing', async () => {
  await tickAt(h, GO_NOGO_DUE);
  const { call, card } = await posted('goNoGo');
  const updatesBefore = updates().length;
  failReads = true;

  const answer = await refreshAs(approver, call, card);

  expect(answer.status).toBe(200);
  expect(answer.body.statusCode).toBe(200);
  expect(visibleText(answeredCard(answer))).toContain(`${created.id} could not be read just now`);
  failReads = false;
  expect(updates().length).toBe(updatesBefore);
});

test('without any known Teams id the card keeps its buttons for everyone (the server still checks roles)', async () => {
  await h.stop();
  h = await startHarness();
  created = await createChange(h);
  await tickAt(h, GO_NOGO_DUE);
  const { card } = await posted('goNoGo');

  expect(refreshOf(card)).toBeUndefined();
  expect(verbsOf(card)).toEqual(expect.arrayContaining(['go', 'nogo']));
});
