import { TeamsInfo, type AdaptiveCardInvokeResponse, type TurnContext } from 'botbuilder';
import type { Lifecycle } from '../app/lifecycle';
import { FORM_FIELDS, unescapeInputValue } from '../cards';
import type { Clock, Logger } from '../app/ports';
import type { Actor, Change, NoticeKind } from '../domain/change';
import type { Decision } from '../domain/events';
import type { ChangeRequestInput } from '../domain/request';
import type { Card, CardSet } from './cardSet';
import { normalizeChangeId } from './commands';
import { CREATE_VERB, eventForVerb, type ActionData } from './verbs';

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

export function actorOf(context: TurnContext): Actor {
  const from = context.activity.from;
  return { aadObjectId: from.aadObjectId ?? from.id, name: from.name || 'someone' };
}

/** What the user typed: a form shown again after an error carries its values escaped for the templating. */
export function formValues(data: ActionData): ChangeRequestInput {
  const values: ChangeRequestInput = {};
  for (const field of FORM_FIELDS) {
    const value = data[field];
    if (value !== undefined && value !== null) values[field] = unescapeInputValue(String(value));
  }
  return values;
}

/**
 * The implementer with their e-mail address when Teams tells it (blocked and hand-off notices are mailed to
 * them). A roster that does not answer quickly must not hold up the form's answer.
 */
async function implementerOf(context: TurnContext): Promise<Actor> {
  const actor = actorOf(context);
  const member = await Promise.race([
    TeamsInfo.getMember(context, context.activity.from.id).catch(() => undefined),
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), MEMBER_LOOKUP_MS).unref()),
  ]);
  const email = member?.email ?? member?.userPrincipalName;
  return email && /^[^\s@]+@[^\s@]+$/.test(email) ? { ...actor, email: email.toLowerCase() } : actor;
}

const MEMBER_LOOKUP_MS = 800;

export interface CardActionDeps {
  lifecycle: Lifecycle;
  cards: CardSet;
  clock: Clock;
  logger: Logger;
  /** Where a change created in this conversation lives (its service's team channel); here by default. */
  placeOfNewChange?: (
    activity: TurnContext['activity'],
    conversationKey: string,
  ) => Promise<{ conversationKey: string } | { problem: string }>;
  /** Runs after the press was answered: updates the pressed card in place for everyone. */
  afterAccepted?: (context: TurnContext, card: Card, change: Change, source?: NoticeKind) => void;
}

/**
 * One small handler per verb, all of the same shape: turn the press into a domain event, store the outcome,
 * answer with the card that shows the new state, or say why nothing changed.
 */
export function createCardActions(deps: CardActionDeps) {
  const { lifecycle, cards, clock } = deps;

  /** Which card was pressed: from the stored activity ids of the cards the bot posted. */
  function sourceNotice(change: Change, replyToId: string | undefined): NoticeKind | undefined {
    if (!replyToId) return undefined;
    return change.postedCards.find((card) => card.activityId === replyToId)?.notice;
  }

  function currentCard(change: Change, source: NoticeKind | undefined): Card {
    return source ? cards.notice(source, change, { now: clock() }) : cards.show(change, clock());
  }

  function answer(context: TurnContext, decision: Decision, change: Change, source: NoticeKind | undefined) {
    if (decision.accepted) {
      const card = currentCard(change, source);
      deps.afterAccepted?.(context, card, change, source);
      return cardResponse(card);
    }
    const { code, message } = decision.refusal;
    // Someone without the role, or a wrong input: the card must stay exactly as it is for everyone.
    if (code === 'forbidden' || code === 'invalid') return messageResponse(message);
    // Already done, or an old card: show what is true now, and why the press did nothing.
    return cardResponse(cards.refusal(message, change, clock(), source));
  }

  async function create(context: TurnContext, data: ActionData, conversationKey: string) {
    const values = formValues(data);
    const place = deps.placeOfNewChange
      ? await deps.placeOfNewChange(context.activity, conversationKey)
      : { conversationKey };
    if ('problem' in place) return cardResponse(cards.refusal(place.problem));
    const result = await lifecycle.submit(values, await implementerOf(context), place);
    if (!result.ok) return cardResponse(cards.form(values, result.errors, result.earliestStart));
    return cardResponse(cards.show(result.change, clock()));
  }

  async function reschedule(context: TurnContext, id: string, data: ActionData) {
    const values = formValues(data);
    const revision = typeof data.revision === 'number' ? data.revision : Number(data.revision);
    const result = await lifecycle.reschedule(
      id,
      values,
      actorOf(context),
      Number.isFinite(revision) ? revision : undefined,
      'reschedule',
    );
    if (!result.found)
      return messageResponse(`${id} does not exist (any more). Type "list" to see the current changes.`);
    if ('errors' in result) {
      return cardResponse(
        cards.reschedule(result.change, clock(), values, result.errors, result.earliestStart),
      );
    }
    return answer(context, result.decision, result.change, 'rescheduled');
  }

  async function handle(
    context: TurnContext,
    verb: string,
    data: ActionData,
    conversationKey: string,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (verb === CREATE_VERB) return create(context, data, conversationKey);
    const rawId = typeof data.changeId === 'string' ? data.changeId : '';
    const id = normalizeChangeId(rawId);
    if (!id)
      return messageResponse('This button does not name a change. Type "list" to see the current changes.');
    if (verb === 'reschedule') return reschedule(context, id, data);
    const event = eventForVerb(verb, data);
    if (!event) {
      return messageResponse(
        `The button "${verb}" is not known to this version of the bot; type "show ${id}" for a fresh card.`,
      );
    }
    const revision = Number(data.revision);
    const replyToId = context.activity.replyToId;
    const result = await lifecycle.act(id, {
      event,
      by: actorOf(context),
      ...(Number.isFinite(revision) ? { revision } : {}),
      source: (current) => sourceNotice(current, replyToId) ?? verb,
    });
    if (!result.found)
      return messageResponse(`${id} does not exist (any more). Type "list" to see the current changes.`);
    return answer(context, result.decision, result.change, sourceNotice(result.change, replyToId));
  }

  return { handle };
}
