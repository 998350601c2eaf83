import type { Change, OutboxEntry } from '../domain/change';
import type { ChangeStore } from '../store/types';
import { pendingEntries, replaceEntry } from './outbox';
import {
  DeliveryFailure,
  type Clock,
  type Logger,
  type Mailer,
  type NoticePoster,
  type Posted,
} from './ports';

export interface DeliveryDeps {
  store: ChangeStore;
  poster: NoticePoster;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Attempts before a delivery is given up and marked failed. */
  maxAttempts?: number;
  /** Backoff base and cap for transient failures; jitter is added by `random`. */
  backoff?: { baseMs: number; capMs: number };
  random?: () => number;
}

export interface Delivery {
  /** Sends what is pending in one change's outbox, in order. Never throws for a failed send. */
  deliver(changeId: string): Promise<void>;
}

const DEFAULTS = { maxAttempts: 8, backoff: { baseMs: 2_000, capMs: 5 * 60_000 } };

/**
 * Runs the transactional outbox of each change: an entry was stored (pending) in the same write as the
 * transition that produced it; it is sent, then marked sent. A crash between the send and that mark is the
 * only way a notice goes out twice: the connector acknowledged it but the record of that was not written.
 */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const maxAttempts = deps.maxAttempts ?? DEFAULTS.maxAttempts;
  const backoff = deps.backoff ?? DEFAULTS.backoff;
  const random = deps.random ?? Math.random;
  const running = new Map<string, Promise<void>>();

  function recordPost(change: Change, entry: OutboxEntry, posted: Posted): Change {
    let next = change;
    if (posted.activityId) {
      next = {
        ...next,
        postedCards: [
          ...next.postedCards,
          {
            conversationKey: posted.conversationKey,
            activityId: posted.activityId,
            notice: entry.effect.notice,
            revision: entry.revision,
          },
        ],
      };
    }
    // The summary card starts the change's thread: later notices reply under it.
    if (entry.effect.notice === 'created' && posted.activityId) {
      next = {
        ...next,
        thread: { conversationKey: posted.conversationKey, rootActivityId: posted.activityId },
      };
    }
    return next;
  }

  function retryDelay(failure: DeliveryFailure | undefined, attempts: number): number {
    if (failure?.retryAfterMs !== undefined) return failure.retryAfterMs;
    const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempts - 1));
    return Math.round(exponential / 2 + (random() * exponential) / 2);
  }

  async function sendOne(changeId: string, entry: OutboxEntry): Promise<boolean> {
    const log = deps.logger.child({ changeId, delivery: entry.key });
    const current = await deps.store.get(changeId);
    if (!current) return false;
    const change = current.change;
    const attempts = entry.attempts + 1;
    try {
      if (entry.effect.to.kind === 'mail') {
        await deps.mailer.send(change, entry);
        await deps.store.update(changeId, (latest) =>
          replaceEntry(latest, {
            ...entry,
            state: 'sent',
            attempts,
            sentAt: deps.clock().toISOString(),
            nextAttemptAt: undefined,
          }),
        );
      } else {
        const posted = await deps.poster.post(change, entry);
        await deps.store.update(changeId, (latest) =>
          recordPost(
            replaceEntry(latest, {
              ...entry,
              state: 'sent',
              attempts,
              sentAt: deps.clock().toISOString(),
              nextAttemptAt: undefined,
              ...(posted.activityId ? { activityId: posted.activityId } : {}),
            }),
            entry,
            posted,
          ),
        );
      }
      log.info({ notice: entry.effect.notice, to: entry.effect.to.kind }, 'notice delivered');
      return true;
    } catch (error) {
      const failure = error instanceof DeliveryFailure ? error : undefined;
      const giveUp =
        failure?.kind === 'unreachable' || failure?.kind === 'permanent' || attempts >= maxAttempts;
      const lastError = failure?.message ?? (error instanceof Error ? error.message : String(error));
      const nextAttemptAt = giveUp
        ? undefined
        : new Date(deps.clock().getTime() + retryDelay(failure, attempts)).toISOString();
      await deps.store.update(changeId, (latest) =>
        replaceEntry(latest, {
          ...entry,
          state: giveUp ? 'failed' : 'pending',
          attempts,
          lastError,
          nextAttemptAt,
        }),
      );
      if (giveUp) log.error({ err: lastError, attempts, notice: entry.effect.notice }, 'notice given up');
      else log.warn({ err: lastError, attempts, nextAttemptAt }, 'notice delivery failed; will retry');
      return giveUp;
    }
  }

  async function run(changeId: string): Promise<void> {
    const stored = await deps.store.get(changeId);
    if (!stored) return;
    // In order: a notice waiting for a retry holds back the ones after it, so the thread reads in order.
    for (const entry of pendingEntries(stored.change, deps.clock())) {
      if (!(await sendOne(changeId, entry))) break;
    }
  }

  return {
    deliver(changeId) {
      // One delivery run per change at a time in this process: two would send the same entry twice.
      const previous = running.get(changeId) ?? Promise.resolve();
      const next = previous.then(() => run(changeId));
      running.set(changeId, next);
      return next.finally(() => {
        if (running.get(changeId) === next) running.delete(changeId);
      });
    },
  };
}
