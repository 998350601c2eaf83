import type { TurnContext } from 'botbuilder';
import type { Clock } from '../app/ports';
import { peopleAsked } from '../domain/asked';
import type { Change, NoticeKind } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { Card, CardSet } from './cardSet';
import type { Roster } from './roster';

/** The verb of the `refresh` action Teams invokes to get a user's own view of a card. */
export const REFRESH_VERB = 'card.refresh';

/** Cards only some people act on: approvers (pre-check, GO/NOGO) or the implementer (control, decision). */
const ACTED_ON_BY_FEW: readonly NoticeKind[] = ['precheck', 'goNoGo', 'control', 'decision'];

export function hasUserViews(notice: string): notice is NoticeKind {
  return (ACTED_ON_BY_FEW as readonly string[]).includes(notice);
}

export interface UserViewsDeps {
  cards: CardSet;
  process: ProcessDefinition;
  roster: Roster;
  clock: Clock;
}

/**
 * Universal Actions user-specific views: the message everyone sees is a read-only card saying who must act;
 * its `refresh` names those people's Teams ids, and Teams asks the bot for their own card (with the buttons)
 * whenever they look at it. When nobody's id is known, the shared card keeps its buttons (the server still
 * refuses a press by someone without the role), so a roster that does not answer never locks a change.
 */
export function createUserViews(deps: UserViewsDeps) {
  const { cards, process: proc, roster, clock } = deps;

  function withRefresh(card: Card, notice: NoticeKind, change: Change, userIds: string[]): Card {
    return {
      ...card,
      refresh: {
        action: {
          type: 'Action.Execute',
          verb: REFRESH_VERB,
          data: { changeId: change.id, revision: change.revision, notice },
        },
        userIds,
      },
    };
  }

  return {
    /** The card for the shared message (a post, or the update after a press). */
    async shared(
      context: TurnContext,
      notice: NoticeKind,
      change: Change,
      opts: { now: Date; late?: boolean; mentions?: readonly { name: string }[] },
    ): Promise<Card> {
      if (!hasUserViews(notice)) return cards.notice(notice, change, opts);
      const asked = peopleAsked(notice, change, proc);
      const userIds = await roster.userIds(context, asked);
      if (userIds.length === 0) return cards.notice(notice, change, opts);
      return withRefresh(cards.notice(notice, change, { ...opts, onlyFor: asked }), notice, change, userIds);
    },

    /** The answer to a refresh: the presser's own view (buttons when they must act), never an update. */
    async forUser(context: TurnContext, notice: NoticeKind, change: Change): Promise<Card> {
      const asked = peopleAsked(notice, change, proc);
      const viewer = context.activity.from?.aadObjectId;
      const acts = asked.some((person) => person.aadObjectId === viewer);
      const card = cards.notice(notice, change, { now: clock(), ...(acts ? {} : { onlyFor: asked }) });
      const userIds = await roster.userIds(context, asked);
      return userIds.length > 0 ? withRefresh(card, notice, change, userIds) : card;
    },
  };
}

export type UserViews = ReturnType<typeof createUserViews>;
