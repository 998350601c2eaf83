import type { TurnContext } from 'botbuilder';
import type { Clock, Logger } from '../app/ports';
import type { Change, NoticeKind } from '../domain/change';
import type { Card } from './cardSet';
import type { createPoster } from './poster';
import type { UserViews } from './userViews';

export interface PressedCardDeps {
  poster: Pick<ReturnType<typeof createPoster>, 'updateWith'>;
  views: UserViews;
  clock: Clock;
  logger: Logger;
}

/**
 * Updates the pressed card for everyone once the press was answered: the presser got their own card, the
 * others get the shared view of it. Runs after the turn; a failure is logged, the card stays as it was.
 */
export function refreshPressedCard(deps: PressedCardDeps) {
  const { poster, views, clock, logger } = deps;
  return (context: TurnContext, card: Card, change: Change, source?: NoticeKind): void => {
    const { conversation, serviceUrl, channelId, recipient, replyToId } = context.activity;
    if (!replyToId) return;
    setImmediate(() =>
      poster
        .updateWith({ conversation, serviceUrl, channelId, bot: recipient }, replyToId, (turn) =>
          source ? views.shared(turn, source, change, { now: clock() }) : Promise.resolve(card),
        )
        .catch((error: unknown) =>
          logger.warn({ err: error, activityId: replyToId }, 'could not update the pressed card in place'),
        ),
    );
  };
}
