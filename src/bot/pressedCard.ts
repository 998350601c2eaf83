import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Clock, Logger } from '../app/ports';
import type { Change, NoticeKind, PostedCard } from '../domain/change';
import type { Card, CardSet } from './cardSet';
import type { ConversationBook } from './conversations';
import { tenantOf } from './gate';
import { isPersonalKey, threadLinkOf } from './personalNotice';
import type { createPoster } from './poster';
import type { UserViews } from './userViews';

export interface PressedCardDeps {
  poster: Pick<ReturnType<typeof createPoster>, 'updateWith'>;
  views: UserViews;
  /** The 1:1 copies are rebuilt as the person sees them there. */
  cards: Pick<CardSet, 'personal'>;
  /** Where the change's thread is: the copies the press did not come from are updated through it. */
  book: Pick<ConversationBook, 'reference'>;
  clock: Clock;
  logger: Logger;
}

/**
 * The copies of the pressed card: the post in the thread (or the channel) and each 1:1 copy sent with it.
 * They were delivered from one outbox batch, so they share notice and revision.
 */
export function copiesOf(change: Change, pressed: PostedCard): PostedCard[] {
  return change.postedCards.filter(
    (card) =>
      card.notice === pressed.notice &&
      card.revision === pressed.revision &&
      card.activityId !== pressed.activityId,
  );
}

/**
 * Updates the pressed card for everyone once the press was answered, and every other copy of it (the thread
 * card after a press in a 1:1 chat, the 1:1 copies after a press in the thread): each shows the new state, so
 * a later press on any copy is answered with that state and makes no second transition. Runs after the turn;
 * a failure is logged, that copy stays as it was (a press on it is still answered with the current state).
 */
export function refreshPressedCard(deps: PressedCardDeps) {
  const { poster, views, cards, book, clock, logger } = deps;

  function build(change: Change, notice: NoticeKind, copy: PostedCard | undefined, tenant?: string) {
    return (turn: TurnContext): Promise<Card> =>
      copy && isPersonalKey(copy.conversationKey)
        ? Promise.resolve(cards.personal(notice, change, clock(), threadLinkOf(change, tenant)))
        : views.shared(turn, notice, change, { now: clock() });
  }

  /** Where another copy lives: the thread's reference, with that copy's own conversation. */
  async function referenceOf(
    change: Change,
    copy: PostedCard,
  ): Promise<Partial<ConversationReference> | undefined> {
    const key = change.thread?.conversationKey;
    const channel = key ? await book.reference(key) : undefined;
    if (!channel?.conversation) return undefined;
    const id = isPersonalKey(copy.conversationKey)
      ? (copy.conversationId ?? copy.conversationKey.slice('personal:'.length))
      : (copy.conversationId ?? channel.conversation.id);
    const personal = isPersonalKey(copy.conversationKey);
    return {
      ...channel,
      conversation: {
        ...channel.conversation,
        id,
        ...(personal ? { conversationType: 'personal', isGroup: false } : {}),
      },
    };
  }

  async function updateCopy(change: Change, notice: NoticeKind, copy: PostedCard, tenant?: string) {
    const reference = await referenceOf(change, copy);
    if (!reference) return;
    await poster.updateWith(reference, copy.activityId, build(change, notice, copy, tenant));
  }

  return (context: TurnContext, card: Card, change: Change, source?: NoticeKind): void => {
    const { conversation, serviceUrl, channelId, recipient, replyToId } = context.activity;
    if (!replyToId) return;
    const tenant = tenantOf(context.activity);
    const pressed = change.postedCards.find((posted) => posted.activityId === replyToId);
    const log = (activityId: string) => (error: unknown) =>
      logger.warn(
        { err: error, changeId: change.id, activityId },
        'could not update a copy of the pressed card',
      );
    setImmediate(() => {
      void poster
        .updateWith({ conversation, serviceUrl, channelId, bot: recipient }, replyToId, (turn) =>
          source ? build(change, source, pressed, tenant)(turn) : Promise.resolve(card),
        )
        .catch(log(replyToId));
      if (!pressed || !source) return;
      for (const copy of copiesOf(change, pressed)) {
        void updateCopy(change, source, copy, tenant).catch(log(copy.activityId));
      }
    });
  };
}
