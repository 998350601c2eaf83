import { TeamsInfo, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import type { Clock, Logger } from '../app/ports';
import { forLog } from '../domain/bounded';
import type { Actor, Change, NoticeKind } from '../domain/change';
import type { Decision } from '../domain/events';
import type { ChangeStore } from '../store/types';
import type { Card, CardSet } from './cardSet';
import { normalizeChangeId } from './commands';
import { readFormInput } from './formInput';
import { tenantOf } from './gate';
import { isPersonalKey, threadLinkOf } from './personalNotice';
import { NO_IDENTITY_MESSAGE, personOf } from './identity';
import { CREATE_VERB, isStateVerb, readPress, type ActionData } from './verbs';

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

export function cardResponse(card: Card): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: CARD_TYPE, value: card };
}

/** A short message for the presser; the card stays as it was. */
export function messageResponse(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE_TYPE, value: message as unknown as Record<string, unknown> };
}

/** A failure on the bot's side: Teams shows the message; the log line has the details and the activity id. */
export function errorResponse(message: string): AdaptiveCardInvokeResponse {
  return {
    statusCode: 500,
    type: 'application/vnd.microsoft.error',
    value: { code: 'InternalError', message },
  };
}

/**
 * The implementer with their e-mail address when Teams tells it (blocked and hand-off notices are mailed to
 * them). A roster that does not answer quickly must not hold up the form's answer.
 */
async function implementerOf(context: TurnContext, actor: Actor): Promise<Actor> {
  const member = await Promise.race([
    TeamsInfo.getMember(context, context.activity.from.id).catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), MEMBER_LOOKUP_MS).unref()),
  ]);
  const email = member?.email ?? member?.userPrincipalName;
  return email && email.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(email)
    ? { ...actor, email: email.toLowerCase() }
    : actor;
}

const MEMBER_LOOKUP_MS = 800;

export interface CardActionDeps {
  lifecycle: Lifecycle;
  /** Reads the change a refused press is answered with. */
  store: Pick<ChangeStore, 'get'>;
  cards: CardSet;
  clock: Clock;
  logger: Logger;
  /** Where a change created in this conversation lives (its service's team channel); here by default. */
  placeOfNewChange?: (
    activity: TurnContext['activity'],
    conversationKey: string,
    service?: string,
  ) => Promise<{ conversationKey: string } | { problem: string }>;
  /** A change created here lives elsewhere (the team channel): tell this chat where, once it is posted. */
  confirmCreatedElsewhere?: (context: TurnContext, change: Change) => void;
  /** Runs after the press was answered: updates the pressed card in place for everyone. */
  afterAccepted?: (context: TurnContext, card: Card, change: Change, source?: NoticeKind) => void;
  /** Who may create a change for the service there (changeAccess.ts); `created` counts one that was. */
  creation?: {
    mayCreate(
      context: TurnContext,
      service: string | undefined,
      placeKey: string,
    ): Promise<string | undefined>;
    created(context: TurnContext): void;
  };
}

/**
 * One small handler per verb, all of the same shape: turn the press into a domain event, store the decision,
 * answer with the card that shows the new state, or say why nothing changed.
 */
export function createCardActions(deps: CardActionDeps) {
  const { lifecycle, cards, clock } = deps;

  /** Which card was pressed: from the stored activity ids of the cards the bot posted. */
  function sourceNotice(change: Change, replyToId: string | undefined): NoticeKind | undefined {
    if (!replyToId) return undefined;
    return change.postedCards.find((card) => card.activityId === replyToId)?.notice;
  }

  /** The presser's own card as it is now; pressed in a 1:1 chat, the 1:1 copy (with the link to the thread). */
  function currentCard(context: TurnContext, change: Change, source: NoticeKind | undefined): Card {
    if (!source) return cards.show(change, clock());
    const replyToId = context.activity.replyToId;
    const copy = change.postedCards.find((card) => card.activityId === replyToId);
    if (copy && isPersonalKey(copy.conversationKey)) {
      return cards.personal(source, change, clock(), threadLinkOf(change, tenantOf(context.activity)));
    }
    return cards.notice(source, change, { now: clock() });
  }

  function answer(context: TurnContext, decision: Decision, change: Change, source: NoticeKind | undefined) {
    if (decision.accepted) {
      const card = currentCard(context, change, source);
      deps.afterAccepted?.(context, card, change, source);
      return cardResponse(card);
    }
    const { code, message } = decision.refusal;
    // Someone without the role, or a wrong input: the card must stay exactly as it is for everyone.
    if (code === 'forbidden' || code === 'invalid') return messageResponse(message);
    // Already done, or an old card: show what is true now, and why the press did nothing.
    return cardResponse(cards.refusal(message, change, clock(), source));
  }

  async function create(context: TurnContext, actor: Actor, data: ActionData, conversationKey: string) {
    const { values, errors } = readFormInput(data);
    if (Object.keys(errors).length > 0) return cardResponse(cards.form(values, errors));
    const place = deps.placeOfNewChange
      ? await deps.placeOfNewChange(context.activity, conversationKey, values.service)
      : { conversationKey };
    if ('problem' in place) return cardResponse(cards.refusal(place.problem));
    const refused = await deps.creation?.mayCreate(context, values.service, place.conversationKey);
    if (refused !== undefined) return cardResponse(cards.refusal(refused));
    const result = await lifecycle.submit(values, await implementerOf(context, actor), place);
    if (!result.ok) return cardResponse(cards.form(values, result.errors, result.earliestStart));
    deps.creation?.created(context);
    if (place.conversationKey !== conversationKey) deps.confirmCreatedElsewhere?.(context, result.change);
    return cardResponse(cards.show(result.change, clock()));
  }

  async function reschedule(
    context: TurnContext,
    actor: Actor,
    id: string,
    data: ActionData,
    revision: number,
  ) {
    const { values, errors } = readFormInput(data);
    if (Object.keys(errors).length > 0) {
      const stored = await deps.store.get(id);
      if (!stored) return notFound(id);
      return cardResponse(cards.reschedule(stored.change, clock(), values, errors));
    }
    const result = await lifecycle.reschedule(id, values, actor, revision, 'reschedule');
    if (!result.found) return notFound(id);
    if ('errors' in result) {
      return cardResponse(
        cards.reschedule(result.change, clock(), values, result.errors, result.earliestStart),
      );
    }
    return answer(context, result.decision, result.change, 'rescheduled');
  }

  const notFound = (id: string) =>
    messageResponse(`${id} does not exist (any more). Type "list" to see the current changes.`);

  async function handle(
    context: TurnContext,
    verb: string,
    data: ActionData,
    conversationKey: string,
  ): Promise<AdaptiveCardInvokeResponse> {
    const actor = personOf(context.activity);
    if (!actor) return messageResponse(NO_IDENTITY_MESSAGE);
    if (verb === CREATE_VERB) return create(context, actor, data, conversationKey);
    const rawId = typeof data.changeId === 'string' ? data.changeId.slice(0, 32) : '';
    const id = normalizeChangeId(rawId);
    if (!id)
      return messageResponse('This button does not name a change. Type "list" to see the current changes.');
    if (!isStateVerb(verb, lifecycle.process.steps)) {
      return messageResponse(
        `The button "${forLog(verb, 40) ?? ''}" is not known to this version of the bot; type "show ${id}" for a fresh card.`,
      );
    }
    const replyToId = context.activity.replyToId;
    const press = readPress(verb, data, lifecycle.process.steps);
    if (!press.ok) {
      if (press.problem !== 'revision') return messageResponse(press.message);
      // No revision: nothing is applied, the presser sees the card as it is now.
      const stored = await deps.store.get(id);
      if (!stored) return notFound(id);
      return cardResponse(
        cards.refusal(press.message, stored.change, clock(), sourceNotice(stored.change, replyToId)),
      );
    }
    if (!press.event) return reschedule(context, actor, id, data, press.revision);
    const result = await lifecycle.act(id, {
      event: press.event,
      by: actor,
      revision: press.revision,
      source: (current) => sourceNotice(current, replyToId) ?? verb,
    });
    if (!result.found) return notFound(id);
    return answer(context, result.decision, result.change, sourceNotice(result.change, replyToId));
  }

  return { handle };
}
