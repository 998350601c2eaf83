import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import type { Clock, Logger } from '../app/ports';
import { peopleAsked } from '../domain/asked';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { ChangeStore } from '../store/types';
import { cardResponse } from './cardActions';
import type { CardSet } from './cardSet';
import { normalizeChangeId } from './commands';
import { hasUserViews, type UserViews } from './userViews';
import type { ActionData } from './verbs';

export interface RefreshDeps {
  store: ChangeStore;
  cards: CardSet;
  views: UserViews;
  process: ProcessDefinition;
  clock: Clock;
  logger: Logger;
  /** Who may see a change (changeAccess.ts): undefined when allowed, else the sentence they are told. */
  mayRead?: (context: TurnContext, change: Change) => Promise<string | undefined>;
}

/**
 * Answers the refresh Teams sends for a user-specific view (`value.trigger: "automatic"` when the user looks
 * at the card): that user's card, always 200. It never updates the shared message: an update there makes
 * Teams refresh again, in a loop. After a failure Teams may stop asking, so even then it answers 200, with
 * the shared read-only card.
 */
export async function answerRefresh(
  deps: RefreshDeps,
  context: TurnContext,
  data: ActionData,
): Promise<AdaptiveCardInvokeResponse> {
  const id = normalizeChangeId(typeof data.changeId === 'string' ? data.changeId : '');
  const notice = typeof data.notice === 'string' ? data.notice : '';
  if (!id || !hasUserViews(notice, deps.process)) {
    return cardResponse(
      deps.cards.refusal('This card cannot be shown again. Type "list" to see the current changes.'),
    );
  }
  let change: Change | undefined;
  try {
    change = (await deps.store.get(id))?.change;
    if (!change) {
      return cardResponse(
        deps.cards.refusal(`${id} does not exist (any more). Type "list" to see the current changes.`),
      );
    }
    const refused = await deps.mayRead?.(context, change);
    // Still 200 with a card (a failed refresh can make Teams stop asking), one that shows nothing of the change.
    if (refused !== undefined) return cardResponse(deps.cards.refusal(refused));
    return cardResponse(await deps.views.forUser(context, notice, change));
  } catch (error) {
    deps.logger.warn(
      { err: error, changeId: id, activityId: context.activity.id },
      'refresh failed; answered with the shared card',
    );
    if (!change) {
      return cardResponse(
        deps.cards.refusal(`${id} could not be read just now. Type "show ${id}" in a minute.`),
      );
    }
    const onlyFor = peopleAsked(notice, change, deps.process);
    return cardResponse(deps.cards.notice(notice, change, { now: deps.clock(), onlyFor }));
  }
}
