/** Steps many tests share: asking for the form, creating a change, waiting for the bot's posts. */
import type { ConnectorCall } from '../../support/connector';
import { cardOf, type CardJson } from './cards';
import { CHANNEL, implementer, type Harness, type InvokeAnswer, type Person } from './harness';

export const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
export const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

/** A valid request: Wed 15 Apr 2026, 18:00–20:00 in Zurich, six weeks after the harness clock. */
export const VALID_FORM: Record<string, string> = {
  title: 'Upgrade Moodle to 4.5',
  description: 'Upgrade the learning platform and its plugins on Hannibal.',
  startDate: '2026-04-15',
  startTime: '18:00',
  endDate: '2026-04-15',
  endTime: '20:00',
  downtime: '30',
  tests: 'Log in as a student\nOpen a course and submit a quiz',
  rollback: 'Restore the data snapshot taken before the window.',
  audience: 'teachers@test.example.org',
  expedited: 'false',
};

/** The card of an invoke answer; fails the test with what came instead. */
export function answeredCard(answer: InvokeAnswer): CardJson {
  expect(answer.status).toBe(200);
  if (answer.body.type !== CARD_TYPE) {
    throw new Error(`Expected a card answer, got ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  return answer.body.value as CardJson;
}

/** The text of a message answer (refused press); fails the test with what came instead. */
export function answeredMessage(answer: InvokeAnswer): string {
  expect(answer.status).toBe(200);
  if (answer.body.type !== MESSAGE_TYPE) {
    throw new Error(`Expected a message answer, got ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
  return String(answer.body.value);
}

/** The bot's reply in a thread to an incoming activity. */
export async function replyTo(h: Harness, incomingId: string): Promise<ConnectorCall> {
  return h.connector.waitFor(
    `a reply to ${incomingId}`,
    (call) => (call.kind === 'reply' && call.activityId === incomingId) || isSendTo(call, incomingId),
  );
}

function isSendTo(call: ConnectorCall, rootId: string): boolean {
  return call.kind === 'send' && call.conversationId === `${CHANNEL};messageid=${rootId}`;
}

/** `@Change <text>` in a new thread; returns the card the bot answered with and its activity id. */
export async function ask(
  h: Harness,
  from: Person,
  text: string,
): Promise<{ card: CardJson; cardActivityId: string; rootId: string; call: ConnectorCall }> {
  const said = await h.say(from, text);
  expect(said.status).toBe(200);
  const call = await replyTo(h, said.activityId);
  return {
    card: cardOf(h.connector.activityOf(call)),
    cardActivityId: call.createdActivityId!,
    rootId: said.activityId,
    call,
  };
}

export interface CreatedChange {
  id: string;
  /** The summary card answered to the Create press. */
  card: CardJson;
  /** The summary post that opened the change's thread in the channel (POST /v3/conversations). */
  summaryCall: ConnectorCall;
  rootActivityId: string;
}

/** `@Change new`, then Create with `values`; waits for the proactive summary post. */
export async function createChange(
  h: Harness,
  values: Record<string, string> = {},
  by: Person = implementer,
): Promise<CreatedChange> {
  const form = await ask(h, by, 'new');
  const answer = await h.press(
    by,
    'change.create',
    { ...VALID_FORM, ...values },
    { replyToId: form.cardActivityId, rootId: form.rootId },
  );
  const card = answeredCard(answer);
  const text = JSON.stringify(card);
  const id = /CHG-\d{4}-\d{3,}/.exec(text)?.[0];
  if (!id) throw new Error(`The Create answer names no change id: ${text.slice(0, 400)}`);
  const summaryCall = await h.connector.waitFor(
    `the summary post of ${id}`,
    (call) => call.kind === 'createConversation' && JSON.stringify(call.body).includes(id),
  );
  // The delivery records the root of the thread right after the post; wait for that write too.
  await h.bot.delivery.deliver(id);
  return { id, card, summaryCall, rootActivityId: summaryCall.createdActivityId! };
}

/** Runs the scheduler at `instant` (the fake clock moves there) and waits for its deliveries. */
export async function tickAt(h: Harness, instant: Date): Promise<void> {
  h.setNow(instant);
  await h.bot.tick();
}

/** The calls to the connector made after `since` calls were already recorded. */
export function callsSince(h: Harness, since: number): ConnectorCall[] {
  return h.connector.calls.slice(since);
}

/** The `refresh` block of a user-specific view, if the card has one. */
export function refreshOf(
  card: CardJson,
): { action: { type: string; verb: string; data: Record<string, unknown> }; userIds: string[] } | undefined {
  return card.refresh as ReturnType<typeof refreshOf>;
}

/**
 * What `person` sees of a card the bot posted: when its `refresh` names them, Teams asks the bot for their
 * own view (an automatic refresh invoke) and shows that; everyone else sees the posted card.
 */
export async function viewOf(
  h: Harness,
  person: Person,
  call: ConnectorCall,
  rootId: string,
): Promise<CardJson> {
  const card = cardOf(h.connector.activityOf(call));
  const refresh = refreshOf(card);
  if (!refresh?.userIds.includes(person.id)) return card;
  const answer = await h.press(person, refresh.action.verb, refresh.action.data, {
    replyToId: call.createdActivityId!,
    rootId,
    trigger: 'automatic',
  });
  return answeredCard(answer);
}
