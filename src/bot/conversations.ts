import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Logger } from '../app/ports';
import type { RecordCollections } from '../store/records';

/** Channel posts arrive as `<channel id>;messageid=<root>`: the channel itself is the part before. */
export function channelConversationId(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}

export function isChannel(reference: Partial<ConversationReference>): boolean {
  return reference.conversation?.conversationType === 'channel';
}

/** One key per place the bot posts to: a team channel, or a group or personal chat. */
export function conversationKeyOf(activity: Partial<Activity>): string {
  const channelId = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  if (activity.conversation?.conversationType === 'channel') {
    return `channel:${channelId ?? channelConversationId(activity.conversation.id)}`;
  }
  return `conversation:${activity.conversation?.id ?? 'unknown'}`;
}

/**
 * Only an activity that Teams could have sent names a place worth posting to later: anything else is
 * answered (or not) but never stored.
 */
export function isTeamsConversation(activity: Partial<Activity>): boolean {
  const { channelId, conversation, serviceUrl, recipient } = activity;
  return (
    channelId === 'msteams' &&
    typeof conversation?.id === 'string' &&
    conversation.id.length > 0 &&
    conversation.id.length <= 512 &&
    typeof serviceUrl === 'string' &&
    serviceUrl.length <= 512 &&
    /^https?:\/\/[^\s/]+/i.test(serviceUrl) &&
    typeof recipient?.id === 'string' &&
    recipient.id.length <= 256
  );
}

/** The reference to post proactively into the channel or chat (not into one thread of it). */
export function referenceOf(activity: Partial<Activity>): Partial<ConversationReference> {
  const reference = TurnContext.getConversationReference(activity);
  if (reference.conversation && isChannel(reference)) {
    reference.conversation = {
      ...reference.conversation,
      id: channelConversationId(reference.conversation.id),
    };
  }
  delete reference.activityId;
  return reference;
}

/**
 * Keeps conversation references in the store, so that proactive posts work after a restart or redeploy.
 * A reference is written only when it changed (serviceUrl moves are the usual reason).
 */
export function createConversationBook(store: Pick<RecordCollections, 'references'>, logger: Logger) {
  const known = new Map<string, string>();

  return {
    async remember(activity: Partial<Activity>): Promise<string> {
      const key = conversationKeyOf(activity);
      if (!isTeamsConversation(activity)) return key;
      const reference = referenceOf(activity);
      const serialized = JSON.stringify(reference);
      if (known.get(key) !== serialized) {
        const stored = known.has(key) ? undefined : await store.references.get(key);
        if (JSON.stringify(stored?.value) !== serialized) {
          await store.references.put(key, reference);
          logger.info(
            { conversationKey: key, serviceUrl: reference.serviceUrl },
            'conversation reference stored',
          );
        }
        known.set(key, serialized);
      }
      return key;
    },
    async forget(activity: Partial<Activity>): Promise<void> {
      const key = conversationKeyOf(activity);
      known.delete(key);
      await store.references.delete(key);
      logger.info({ conversationKey: key }, 'conversation reference removed');
    },
    async reference(key: string): Promise<Partial<ConversationReference> | undefined> {
      const stored = await store.references.get(key);
      return stored?.value as Partial<ConversationReference> | undefined;
    },
  };
}

export type ConversationBook = ReturnType<typeof createConversationBook>;
