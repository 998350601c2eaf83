import {
  DeliveryModes,
  TurnContext,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
} from 'botbuilder';
import { DeliveryFailure, type Logger } from '../app/ports';

/** Posts an activity into a conversation outside any turn; throws what the connector answered. */
export type Resend = (
  reference: Partial<ConversationReference>,
  activity: Partial<Activity>,
) => Promise<void>;

export interface QuickReplyOptions {
  logger: Logger;
  /** Posts a retry after the turn is over (the turn's own context is revoked by then). */
  resend: Resend;
  /** How long the turn waits for the connector before it answers Teams anyway (default 800 ms). */
  waitMs?: number;
  /** How long a throttled or failing reply is retried in the background (default 60 s). */
  retryBudgetMs?: number;
}

export const REPLY_WAIT_MS = 800;
const RETRY_BUDGET_MS = 60_000;
const RETRY_WITHOUT_HINT_MS = 2_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A proactive post through the adapter, with the turn's error handed back instead of swallowed. */
export function proactiveResend(adapter: CloudAdapter, appId: string): Resend {
  return async (reference, activity) => {
    let failure: { error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw failure.error;
  };
}

/**
 * Posts a reply from inside a user's turn without holding the turn on the Bot Connector. The turn (and so the
 * HTTP answer to Teams) waits at most `waitMs`; a reply still under way then finishes on its own, bounded by
 * the connector's time limit. A throttled (429) or failing (5xx, timeout) reply is posted again in the
 * background, after Retry-After, for up to `retryBudgetMs`: a chat answer is worth a few tries, not the
 * outbox's hour. Waiting in the turn instead would also make Teams resend the activity.
 */
export async function replyQuickly(
  context: TurnContext,
  reply: Partial<Activity> | string,
  options: QuickReplyOptions,
): Promise<void> {
  const activity: Partial<Activity> = typeof reply === 'string' ? { type: 'message', text: reply } : reply;
  const waitMs = options.waitMs ?? REPLY_WAIT_MS;
  const deadline = Date.now() + (options.retryBudgetMs ?? RETRY_BUDGET_MS);
  const reference = TurnContext.getConversationReference(context.activity);
  const log = options.logger.child({ activityId: context.activity.id });

  /**
   * The first attempt, from the turn. Not through context.sendActivity: that one marks the context as
   * responded once the connector answered, which throws when the turn is over by then (botbuilder revokes
   * the context), and would make a reply that went out look failed. The adapter reads the turn's connector
   * client before its first await, so the post itself outlives the turn. With deliveryMode expectReplies
   * the reply is only buffered for the HTTP answer: that path stays botbuilder's.
   */
  function sendInTurn(): Promise<unknown> {
    if (context.activity.deliveryMode === DeliveryModes.ExpectReplies) return context.sendActivity(activity);
    const outgoing = TurnContext.applyConversationReference({ type: 'message', ...activity }, reference);
    return context.adapter.sendActivities(context, [outgoing]);
  }

  async function send(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (attempt === 1) await sendInTurn();
        else await options.resend(reference, activity);
        if (attempt > 1) log.info({ attempt }, 'reply posted after a retry');
        return;
      } catch (error) {
        const failure = error instanceof DeliveryFailure ? error : undefined;
        const wait = failure?.retryAfterMs ?? RETRY_WITHOUT_HINT_MS;
        if (failure?.kind !== 'transient' || Date.now() + wait > deadline) throw error;
        log.warn({ attempt, err: failure.message, retryInMs: wait }, 'reply not posted yet; retrying');
        await delay(wait);
      }
    }
  }

  const sending = send().then(
    () => 'sent' as const,
    (error: unknown) => {
      log.warn({ err: error instanceof Error ? error.message : error }, 'reply could not be posted');
      return 'failed' as const;
    },
  );
  const waited = await Promise.race([sending, delay(waitMs).then(() => 'waiting' as const)]);
  if (waited === 'waiting') {
    log.info({ waitMs }, 'reply still under way after the wait; the turn is answered and the reply goes on');
  }
}
