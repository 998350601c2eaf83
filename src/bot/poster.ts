import {
  CardFactory,
  type CloudAdapter,
  type ConversationParameters,
  type ConversationReference,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { DeliveryFailure, type Clock, type Logger, type NoticePoster, type Posted } from '../app/ports';
import { peopleAsked } from '../domain/asked';
import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { Card, CardSet } from './cardSet';
import { isChannel, type ConversationBook } from './conversations';
import { withMentions } from './mentions';
import type { PostPersonal } from './personalNotice';
import { hasUserViews, type UserViews } from './userViews';

export interface PosterDeps {
  adapter: CloudAdapter;
  /** The bot's app id; empty in local mode. */
  appId: string;
  book: ConversationBook;
  cards: CardSet;
  /** Who each notice asks to act (they are @mentioned in the post). */
  process: ProcessDefinition;
  clock: Clock;
  logger: Logger;
  /** Approver- and implementer-only cards: a read-only shared card with a `refresh` for those who act. */
  views?: UserViews;
  /** Sends the 1:1 personal notices (none without it: such entries are refused as permanent). */
  personal?: PostPersonal;
  /** A connector call that takes longer is abandoned and retried later. */
  timeoutMs?: number;
}

/** The one connector call the poster makes itself (a new post in a channel). */
interface ConversationsClient {
  conversations: {
    createConversation(parameters: ConversationParameters): Promise<{ id?: string; activityId?: string }>;
  };
}

function cardActivity(card: Card): Partial<Activity> {
  // Card only, no text: Teams (and the Agents Playground) can then update the message in place.
  return { type: 'message', attachments: [CardFactory.adaptiveCard(card)] };
}

function headerValue(error: unknown, name: string): string | undefined {
  const headers = (error as { response?: { headers?: { get?: (n: string) => string | undefined } } }).response
    ?.headers;
  return typeof headers?.get === 'function' ? headers.get(name) : undefined;
}

/** Connector errors as delivery failures: 429 waits as asked, 5xx and timeouts retry, 403/404 mean gone. */
export function classifyConnectorError(error: unknown): DeliveryFailure {
  if (error instanceof DeliveryFailure) return error;
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 429) {
    const retryAfter = Number(headerValue(error, 'retry-after'));
    return new DeliveryFailure(
      `throttled (429)`,
      'transient',
      Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
    );
  }
  if (status === 403 || status === 404) {
    return new DeliveryFailure(
      `the bot cannot reach this conversation (${status}): ${message}`,
      'unreachable',
    );
  }
  if (status === undefined || status >= 500 || status === 401 || status === 408) {
    return new DeliveryFailure(`connector error${status ? ` ${status}` : ''}: ${message}`, 'transient');
  }
  return new DeliveryFailure(`connector refused the post (${status}): ${message}`, 'permanent');
}

/** Posts notices proactively, through stored conversation references, and updates posted cards in place. */
export function createPoster(deps: PosterDeps): NoticePoster & {
  update(reference: Partial<ConversationReference>, activityId: string, card: Card): Promise<void>;
  /** Updates a posted card with one built inside the turn (a user-specific view needs the roster). */
  updateWith(
    reference: Partial<ConversationReference>,
    activityId: string,
    build: (context: TurnContext) => Promise<Card>,
  ): Promise<void>;
} {
  const timeoutMs = deps.timeoutMs ?? 15_000;

  async function withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryFailure(`no answer from the connector in ${timeoutMs} ms`, 'transient')),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `work` in a proactive turn and hands its error back. Without this the adapter's onTurnError would
   * swallow it (it catches every error of a turn), and a refused post would look delivered.
   */
  async function inConversation(
    reference: Partial<ConversationReference>,
    work: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    let failure: { error: unknown } | undefined;
    await deps.adapter.continueConversationAsync(deps.appId, reference, async (context) => {
      try {
        await work(context);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  }

  async function inTurn<T>(
    reference: Partial<ConversationReference>,
    work: (context: TurnContext) => Promise<T>,
  ): Promise<T> {
    let result: { value: T } | undefined;
    await inConversation(reference, async (context) => {
      result = { value: await work(context) };
    });
    return result!.value;
  }

  async function newChannelPost(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
  ): Promise<string | undefined> {
    let activityId: string | undefined;
    await inConversation(reference, async (context) => {
      const client = context.turnState.get<ConversationsClient>(deps.adapter.ConnectorClientKey);
      const parameters = {
        isGroup: true,
        bot: reference.bot,
        tenantId: reference.conversation?.tenantId,
        channelData: { channel: { id: reference.conversation!.id } },
        activity,
      } as ConversationParameters;
      const created = await client.conversations.createConversation(parameters);
      activityId = created.activityId ?? created.id?.split(';messageid=')[1];
    });
    return activityId;
  }

  async function sendInto(
    reference: Partial<ConversationReference>,
    activity: Partial<Activity>,
  ): Promise<string | undefined> {
    let activityId: string | undefined;
    await inConversation(reference, async (context) => {
      activityId = (await context.sendActivity(activity))?.id;
    });
    return activityId;
  }

  return {
    async post(change: Change, entry: OutboxEntry): Promise<Posted> {
      const key = change.thread?.conversationKey;
      const reference = key ? await deps.book.reference(key) : undefined;
      if (!key || !reference?.conversation) {
        throw new DeliveryFailure(
          `no stored conversation for ${change.id}; add the bot to the team again`,
          'unreachable',
        );
      }
      if (entry.effect.to.kind === 'personal') {
        if (!deps.personal) throw new DeliveryFailure('personal notices are not set up', 'permanent');
        const personal = deps.personal;
        try {
          return await withTimeout(personal(change, entry, reference));
        } catch (error) {
          throw classifyConnectorError(error);
        }
      }
      // A new post that asks someone to act @mentions them: in a thread only a mention notifies.
      const { notice } = entry.effect;
      const asked = peopleAsked(notice, change, deps.process);
      // The buttons stay on the post, labelled with whom they are for: a refresh only tailors (userViews.ts).
      const opts = {
        now: deps.clock(),
        late: entry.effect.late,
        mentions: asked,
        ...(asked.length > 0 ? { actionsFor: asked } : {}),
      };
      const root = change.thread?.rootActivityId;
      try {
        const views = deps.views;
        const card =
          views && hasUserViews(notice, deps.process)
            ? await withTimeout(inTurn(reference, (context) => views.shared(context, notice, change, opts)))
            : deps.cards.notice(notice, change, opts);
        const activity = cardActivity(withMentions(card, asked));
        if (isChannel(reference)) {
          if (entry.effect.to.kind === 'channel' || !root) {
            const activityId = await withTimeout(newChannelPost(reference, activity));
            return {
              conversationKey: key,
              activityId,
              ...(activityId
                ? { conversationId: `${reference.conversation.id};messageid=${activityId}` }
                : {}),
            };
          }
          const thread = `${reference.conversation.id};messageid=${root}`;
          const threadReference = { ...reference, conversation: { ...reference.conversation, id: thread } };
          return {
            conversationKey: key,
            activityId: await withTimeout(sendInto(threadReference, activity)),
            conversationId: thread,
          };
        }
        return {
          conversationKey: key,
          activityId: await withTimeout(sendInto(reference, activity)),
          conversationId: reference.conversation.id,
        };
      } catch (error) {
        throw classifyConnectorError(error);
      }
    },

    async update(reference, activityId, card) {
      await this.updateWith(reference, activityId, () => Promise.resolve(card));
    },

    async updateWith(reference, activityId, build) {
      await inConversation(reference, async (context) => {
        const card = await build(context);
        await context.updateActivity({
          ...cardActivity(card),
          id: activityId,
          conversation: reference.conversation,
        } as Partial<Activity>);
      });
    },
  };
}
