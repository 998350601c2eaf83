import { TurnContext, type CloudAdapter } from 'botbuilder';
import type { Delivery } from '../app/delivery';
import type { Logger } from '../app/ports';
import type { Change } from '../domain/change';
import type { ChangeStore } from '../store/types';
import type { ConversationBook } from './conversations';
import { threadLink } from './personalNotice';

export interface CreatedElsewhereDeps {
  adapter: CloudAdapter;
  appId: string;
  book: ConversationBook;
  store: ChangeStore;
  delivery: Delivery;
  logger: Logger;
  /** Keeps the work until stop(), like the deliveries started after an answer. */
  track: (work: Promise<void>) => void;
}

/** What the creator's chat is told once the change's thread exists in the team channel. */
export function confirmationText(change: Change, link: string | undefined): string {
  return link
    ? `${change.id} is in the team channel: [open its thread](${link}). Its notices and buttons are there.`
    : `${change.id} is in the team channel; its notices and buttons are there. Type "show ${change.id}" to see it here.`;
}

/**
 * A change created in a personal or group chat lives in the service's team channel: once its summary is
 * posted there, the chat it was created in gets one line with a link to the thread.
 */
export function createdElsewhereConfirmation(deps: CreatedElsewhereDeps) {
  return (context: TurnContext, created: Change): void => {
    const chat = TurnContext.getConversationReference(context.activity);
    delete chat.activityId;
    const work = (async () => {
      // Chains after any delivery run of this change, so the summary post has been made (or given up).
      await deps.delivery.deliver(created.id);
      const change = (await deps.store.get(created.id))?.change ?? created;
      const key = change.thread?.conversationKey;
      const channel = key ? await deps.book.reference(key) : undefined;
      const text = confirmationText(change, channel ? threadLink(change, channel) : undefined);
      await deps.adapter.continueConversationAsync(deps.appId, chat, async (turn) => {
        await turn.sendActivity({ type: 'message', text, textFormat: 'markdown' });
      });
    })().catch((error: unknown) =>
      deps.logger.warn({ err: error, changeId: created.id }, 'could not confirm the new change in its chat'),
    );
    deps.track(work);
  };
}
