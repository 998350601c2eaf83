import type { TurnContext } from 'botbuilder';
import type { Clock } from '../app/ports';
import { peopleAsked } from '../domain/asked';
import { noticeSpec } from '../domain/milestoneRegistry';
import type { Change, NoticeKind } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { Card, CardSet } from './cardSet';
import type { Roster } from './roster';

/** The verb of the `refresh` action Teams invokes to get a user's own view of a card. */
export const REFRESH_VERB = 'card.refresh';

/**
 * Cards with a user-specific view: those whose step says so (the approvers' pre-check and GO/NOGO, the
 * implementer's control, checkpoint and review) get their own through `refresh`, where Teams sends it.
 */
export function hasUserViews(notice: string, proc: ProcessDefinition): notice is NoticeKind {
  return noticeSpec(notice, proc)?.userViews === true;
}

export interface UserViewsDeps {
  cards: CardSet;
  process: ProcessDefinition;
  roster: Roster;
  clock: Clock;
}

/**
 * Who sees what. The refresh tailors, it never gates: the message everyone sees keeps the buttons of whoever
 * must act, labelled with their names ("GO / NOGO — Alice Approver decides"), because Teams does not send the
 * automatic refresh for cards in a channel (OfficeDev/Microsoft-Teams-Samples#1246), never for more than 60
 * users, and only from the client that shows the card. The server refuses a press by anyone else. Where the
 * refresh does fire (its `userIds` name the people who act, once their Teams ids are known), they get their
 * own view, and anyone else whose client asks gets the read-only view that says who must act.
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
      const asked = peopleAsked(notice, change, proc);
      const card = cards.notice(notice, change, asked.length > 0 ? { ...opts, actionsFor: asked } : opts);
      if (!hasUserViews(notice, proc)) return card;
      const userIds = await roster.userIds(context, asked);
      return userIds.length > 0 ? withRefresh(card, notice, change, userIds) : card;
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
