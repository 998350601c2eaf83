import {
  CardFactory,
  type Activity,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
} from 'botbuilder';
import type { Clock, Logger, Posted } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';
import type { CardSet } from './cardSet';
import type { NotifyPrefs } from './notifyPrefs';
import type { Roster } from './roster';

export interface PersonalNoticeDeps {
  adapter: CloudAdapter;
  appId: string;
  roster: Pick<Roster, 'known'>;
  prefs: NotifyPrefs;
  /** The 1:1 card: the same buttons as the thread card, with the link to the thread. */
  cards: Pick<CardSet, 'personal'>;
  clock: Clock;
  logger: Logger;
}

/** A personal notice that was not sent (`notify off`): there is no 1:1 copy to update. */
export const PERSONAL_OFF = 'personal:off';
/** A personal notice left out by the per-person limit (noticeLimit.ts): no 1:1 copy either. */
export const PERSONAL_LIMITED = 'personal:limited';

/** The conversation key of a 1:1 copy: `personal:<chat id>` (never one of the "not sent" keys above). */
export function isPersonalKey(conversationKey: string): boolean {
  return (
    conversationKey.startsWith('personal:') &&
    conversationKey !== PERSONAL_OFF &&
    conversationKey !== PERSONAL_LIMITED
  );
}

/**
 * A Teams link to the change's thread in the channel, when the thread's root post and channel are known.
 * Otherwise the card tells the person to type `show <id>`.
 */
export function threadLink(change: Change, reference: Partial<ConversationReference>): string | undefined {
  if (reference.conversation?.conversationType !== 'channel') return undefined;
  return threadLinkIn(change, reference.conversation.id, reference.conversation.tenantId);
}

/** The same link from the change alone (its thread's key names the channel) and the tenant of a press. */
export function threadLinkOf(change: Change, tenantId: string | undefined): string | undefined {
  const key = change.thread?.conversationKey;
  return key?.startsWith('channel:')
    ? threadLinkIn(change, key.slice('channel:'.length), tenantId)
    : undefined;
}

function threadLinkIn(change: Change, channelId: string | undefined, tenant: string | undefined) {
  const root = change.thread?.rootActivityId;
  if (!root || !channelId) return undefined;
  const query = `parentMessageId=${encodeURIComponent(root)}${tenant ? `&tenantId=${encodeURIComponent(tenant)}` : ''}`;
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(channelId)}/${encodeURIComponent(root)}?${query}`;
}

/**
 * Opens (or reopens: Teams returns the same chat) the 1:1 chat with the person a notice asks to act and
 * posts the notice's card there, with that person's buttons: they can act from the Activity feed. Teams
 * accepts the person's Entra object id when their `29:` id is not known yet.
 * Errors are thrown as they come (the poster classifies them: a 403 means not installed or blocked).
 */
export function createPersonalNotice(deps: PersonalNoticeDeps) {
  return async function postPersonal(
    change: Change,
    entry: OutboxEntry,
    channel: Partial<ConversationReference>,
  ): Promise<Posted> {
    const to = entry.effect.to;
    if (to.kind !== 'personal') throw new TypeError('not a personal notice');
    if (!(await deps.prefs.wantsPersonalNotices(to.aadObjectId))) {
      deps.logger.info(
        { changeId: change.id, person: to.aadObjectId },
        'personal notice skipped: notify off',
      );
      return { conversationKey: PERSONAL_OFF };
    }
    const memberId = (await deps.roster.known(to.aadObjectId)) ?? to.aadObjectId;
    const tenantId = channel.conversation?.tenantId;
    const parameters = {
      isGroup: false,
      bot: channel.bot,
      members: [{ id: memberId, name: to.name }],
      ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
    } as ConversationParameters;
    const card = deps.cards.personal(entry.effect.notice, change, deps.clock(), threadLink(change, channel));
    const activity: Partial<Activity> = { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
    let result: { conversationId?: string; activityId?: string } = {};
    let failure: { error: unknown } | undefined;
    await deps.adapter.createConversationAsync(
      deps.appId,
      'msteams',
      channel.serviceUrl ?? '',
      // undefined: the connector factory's own audience (the Bot Framework channel).
      undefined as unknown as string,
      parameters,
      async (context) => {
        try {
          const sent = await context.sendActivity(activity);
          result = { conversationId: context.activity.conversation?.id, activityId: sent?.id };
        } catch (error) {
          failure = { error };
        }
      },
    );
    if (failure) throw failure.error;
    return {
      conversationKey: `personal:${result.conversationId ?? to.aadObjectId}`,
      activityId: result.activityId,
      ...(result.conversationId ? { conversationId: result.conversationId } : {}),
    };
  };
}

export type PostPersonal = ReturnType<typeof createPersonalNotice>;
