import type { Change, OutboxEntry } from '../domain/change';
import type { ChangeStore } from '../store/types';
import {
  claimEntry,
  enqueueFallbackMail,
  findEntry,
  laneOf,
  readyEntries,
  replaceEntry,
  splitLargeMails,
  type Lane,
} from './outbox';
import { failureText, givenUpLogText, recordPost } from './deliveryRecord';
import {
  DeliveryFailure,
  type Clock,
  type Logger,
  type MachineSender,
  type Mailer,
  type NoticePoster,
  type Posted,
} from './ports';

export interface DeliveryDeps {
  store: ChangeStore;
  poster: NoticePoster;
  mailer: Mailer;
  /** Mails a subscriber notice to each confirmed subscriber of the change's service (src/mail/subscriberMail.ts). */
  subscribers?: Pick<Mailer, 'send'>;
  /** Webhooks and silences; without it such entries fail (a process that names none queues none). */
  machines?: MachineSender;
  clock: Clock;
  logger: Logger;
  /** Who is e-mailed a Teams notice that could not be posted: the implementer and the approvers. */
  owners: (change: Change) => string[];
  /**
   * How long a delivery that keeps failing for a passing reason (throttling, 5xx, timeouts) is retried,
   * counted from its first attempt, before it is given up (default one hour). Throttling can last minutes;
   * a count of attempts would give a notice up after a few short Retry-Afters.
   */
  retryBudgetMs?: number;
  /** An optional cap on attempts as well (none by default: the time budget decides). */
  maxAttempts?: number;
  /** Backoff for passing failures without a Retry-After: base × 2^(attempt−1), capped, with jitter. */
  backoff?: { baseMs: number; capMs: number };
  /**
   * How long an attempt holds its entry. Longer than any send may take (the connector and Graph calls time
   * out well before), so that nobody else claims an entry that is still being sent.
   */
  leaseMs?: number;
  random?: () => number;
  /**
   * Whether this instance may send now (with several instances, only the one holding the leader lease does).
   * Checked before each claim, so a leader that loses its lease stops between two sends. Always yes by default.
   */
  maySend?: () => boolean;
}

export interface Delivery {
  /** Sends what is ready in one change's outbox, in order per lane. Never throws for a failed send. */
  deliver(changeId: string): Promise<void>;
}

const DEFAULTS = {
  retryBudgetMs: 60 * 60_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  // With ticks every minute the first retries come at the next tick; the cap spreads the last ones over hours.
  backoff: { baseMs: 15_000, capMs: 30 * 60_000 },
  leaseMs: 2 * 60_000,
};

/** How one attempt at one entry went. */
type AttemptResult = 'sent' | 'retry' | 'failed' | 'skipped';

/**
 * Runs the transactional outbox of each change.
 *
 * Each entry was stored, pending, in the same write as the transition that produced it. To send it, delivery
 * first stores the attempt (claimEntry: attempt n, leased for `leaseMs`), then calls the connector or the
 * mailer, then stores the outcome: sent with the activity id, pending with the time of the next attempt, or
 * failed with the reason. Every step is one durable write of the change, so a crash never loses a notice: at
 * worst the lease ends and the attempt is made again.
 *
 * The one window for a duplicate: the connector (or Graph) accepted the post, and the process died, or the
 * disk refused the write, before "sent" was stored. The next attempt then posts it again; Teams offers no
 * idempotency key that would let us ask whether the first one arrived. A timeout is the same case seen from
 * the outside: the post may have arrived after we stopped waiting, and the retry posts it again. No other
 * path sends twice: two ticks or two triggers for one change run one after the other here, and a claimed or
 * sent entry is not ready for anyone else.
 */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const maxAttempts = deps.maxAttempts ?? DEFAULTS.maxAttempts;
  const retryBudgetMs = deps.retryBudgetMs ?? DEFAULTS.retryBudgetMs;
  const backoff = deps.backoff ?? DEFAULTS.backoff;
  const leaseMs = deps.leaseMs ?? DEFAULTS.leaseMs;
  const random = deps.random ?? Math.random;
  const running = new Map<string, Promise<void>>();
  const machines = (): MachineSender => {
    if (!deps.machines) throw new DeliveryFailure('no webhook or Alertmanager sender', 'permanent');
    return deps.machines;
  };

  function retryDelay(failure: DeliveryFailure | undefined, attempts: number): number {
    if (failure?.retryAfterMs !== undefined) return Math.max(0, failure.retryAfterMs);
    const exponential = Math.min(backoff.capMs, backoff.baseMs * 2 ** (attempts - 1));
    return Math.round(exponential / 2 + (random() * exponential) / 2);
  }

  async function attempt(changeId: string, key: string): Promise<AttemptResult> {
    let claimed: { change: Change; entry: OutboxEntry } | undefined;
    await deps.store.update(changeId, (latest) => {
      claimed = claimEntry(latest, key, deps.clock(), leaseMs);
      return claimed?.change;
    });
    if (!claimed) return 'skipped';
    const { change, entry } = claimed;
    const log = deps.logger.child({ changeId, delivery: key });
    const to = entry.effect.to.kind;

    let posted: Posted | undefined;
    let silenceId: string | undefined;
    try {
      if (to === 'mail') await deps.mailer.send(change, entry);
      else if (to === 'subscribers') await deps.subscribers?.send(change, entry);
      else if (to === 'webhook' || to === 'silence')
        silenceId = (await machines().send(change, entry)).silenceId;
      else posted = await deps.poster.post(change, entry);
    } catch (error) {
      return recordFailure(changeId, entry, error, log);
    }

    const sentAt = deps.clock().toISOString();
    await deps.store.update(changeId, (latest) => {
      const current = findEntry(latest, key);
      if (!current) return undefined;
      const { nextAttemptAt: _lease, lastError: _previous, ...rest } = current;
      const sent: OutboxEntry = {
        ...rest,
        state: 'sent',
        sentAt,
        ...(posted?.activityId ? { activityId: posted.activityId } : {}),
        ...(silenceId ? { silenceId } : {}),
      };
      const next = replaceEntry(latest, sent);
      return posted ? recordPost(next, sent, posted) : next;
    });
    log.info(
      { notice: entry.effect.notice, to, attempts: entry.attempts, activityId: posted?.activityId },
      'notice delivered',
    );
    return 'sent';
  }

  async function recordFailure(
    changeId: string,
    entry: OutboxEntry,
    error: unknown,
    log: Logger,
  ): Promise<AttemptResult> {
    const failure = error instanceof DeliveryFailure ? error : undefined;
    const lane = laneOf(entry);
    const now = deps.clock();
    const retriedFor = now.getTime() - Date.parse(entry.firstAttemptAt ?? entry.createdAt);
    const giveUp =
      failure?.kind === 'unreachable' ||
      failure?.kind === 'permanent' ||
      entry.attempts >= maxAttempts ||
      retriedFor >= retryBudgetMs;
    const nextAttemptAt = giveUp
      ? undefined
      : new Date(now.getTime() + retryDelay(failure, entry.attempts)).toISOString();
    let fallbackQueued = false;
    await deps.store.update(changeId, (latest) => {
      const current = findEntry(latest, entry.key);
      if (!current) return undefined;
      const withMail = giveUp ? fallbackMail(latest, current, lane, now) : latest;
      fallbackQueued = withMail !== latest;
      const { nextAttemptAt: _lease, ...rest } = current;
      return replaceEntry(withMail, {
        ...rest,
        state: giveUp ? 'failed' : 'pending',
        lastError: failureText(lane, failure, giveUp, entry.attempts, retriedFor, fallbackQueued),
        ...(nextAttemptAt ? { nextAttemptAt } : {}),
      });
    });
    const details = {
      notice: entry.effect.notice,
      ...(entry.effect.to.kind === 'personal' ? { person: entry.effect.to.aadObjectId } : {}),
      to: entry.effect.to.kind,
      attempts: entry.attempts,
      retriedForMs: retriedFor,
      kind: failure?.kind ?? 'unexpected',
      err: failure ? failure.message : error,
    };
    if (giveUp) {
      log.error({ ...details, fallbackMail: fallbackQueued }, givenUpLogText(lane, fallbackQueued));
      return 'failed';
    }
    log.warn({ ...details, nextAttemptAt }, 'notice not delivered; will retry');
    return 'retry';
  }

  /** The mail standing in for a Teams message given up: the owners for a post, the person for a 1:1. */
  function fallbackMail(change: Change, failed: OutboxEntry, lane: Lane, now: Date): Change {
    if (lane === 'teams') return enqueueFallbackMail(change, failed, deps.owners(change), now);
    const to = failed.effect.to;
    if (to.kind === 'personal' && to.email) return enqueueFallbackMail(change, failed, [to.email], now);
    return change;
  }

  async function run(changeId: string): Promise<void> {
    const attempted = new Set<string>();
    const held = new Set<Lane>();
    // Loops because an attempt may queue more (a mail standing in for a Teams post that was given up).
    for (;;) {
      const stored = await deps.store.get(changeId);
      if (!stored) return;
      let change = stored.change;
      if (splitLargeMails(change)) {
        change = (await deps.store.update(changeId, splitLargeMails))?.change ?? change;
      }
      const ready = readyEntries(change, deps.clock()).filter(
        (entry) => !attempted.has(entry.key) && !held.has(laneOf(entry)),
      );
      if (ready.length === 0) return;
      for (const entry of ready) {
        const lane = laneOf(entry);
        if (held.has(lane)) continue;
        if (deps.maySend && !deps.maySend()) return;
        attempted.add(entry.key);
        // A notice waiting for its retry holds back the later ones of its lane, so the thread reads in order.
        if ((await attempt(changeId, entry.key)) === 'retry') held.add(lane);
      }
    }
  }

  return {
    deliver(changeId) {
      // One delivery run per change at a time in this process: the next one starts when it ends.
      const previous = running.get(changeId) ?? Promise.resolve();
      const next = previous.then(() =>
        run(changeId).catch((error: unknown) => {
          // The store could not be read or written: the entries stay as stored and the next tick tries again.
          deps.logger.error({ changeId, err: error }, 'delivery run failed; the next tick tries again');
        }),
      );
      running.set(changeId, next);
      return next.finally(() => {
        if (running.get(changeId) === next) running.delete(changeId);
      });
    },
  };
}
