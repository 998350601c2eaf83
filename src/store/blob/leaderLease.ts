/*
 * The leader lock: a lease on the blob leader.lock in the store's container. The instance holding it ticks
 * the scheduler and sends; the others answer presses and try to take the lease every `renewMs`.
 *
 * Timing (defaults: a 60 s lease renewed every 20 s). The leader counts its lease from the moment it *sent*
 * the acquire or renew request, which is no later than Azure starts counting, and considers itself leader
 * only until that moment + leaseMs - marginMs. So a leader whose renewals fail (network, throttling, a stall)
 * stops sending at least marginMs before the lease can expire and another instance can take it. A renewal
 * answered 409 (the lease is someone else's) ends the leadership at once. A graceful stop releases the lease,
 * so the next instance takes over within renewMs; after a crash it takes over within leaseMs + renewMs
 * (80 s with the defaults).
 *
 * A send already under way when the leadership ends is not interrupted: its outbox claim (see delivery.ts)
 * keeps the new leader from sending the same notice until the claim's lease (2 min) ends.
 */
import type { BlockBlobClient } from '@azure/storage-blob';
import { randomUUID } from 'node:crypto';
import type { Leadership } from '../leadership';
import type { StoreLogger } from '../jsonStore';
import { isConditionFailed, statusOf } from './blobIo';

export interface LeaseOptions {
  blob: BlockBlobClient;
  logger?: StoreLogger;
  /** Lease length; Azure accepts 15 to 60 s. Default 60 s. */
  leaseMs?: number;
  /** How often the leader renews and a follower tries to take over. Default 20 s. */
  renewMs?: number;
  /** How long before the lease could expire a leader that cannot renew stops. Default 10 s. */
  marginMs?: number;
  /** Milliseconds now; the monotonic clock by default (wall-clock jumps must not extend a lease). */
  now?: () => number;
}

export interface LeaseLeadership extends Leadership {
  /** Renews or tries to acquire once; start() runs it every renewMs. */
  step(): Promise<void>;
  start(): Promise<void>;
}

const silent: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createLeaseLeadership(options: LeaseOptions): LeaseLeadership {
  const leaseMs = options.leaseMs ?? 60_000;
  const renewMs = options.renewMs ?? 20_000;
  const marginMs = options.marginMs ?? 10_000;
  const now = options.now ?? (() => performance.now());
  const logger = options.logger ?? silent;
  if (leaseMs < 15_000 || leaseMs > 60_000 || leaseMs % 1000 !== 0) {
    throw new RangeError(`A blob lease lasts 15 to 60 whole seconds, not ${leaseMs} ms.`);
  }
  if (renewMs + marginMs >= leaseMs) {
    throw new RangeError('The lease must outlast one renewal interval plus the safety margin.');
  }
  const lease = options.blob.getBlobLeaseClient(randomUUID());
  let holding = false;
  let validUntil = 0;
  let timer: NodeJS.Timeout | undefined;
  let stepping: Promise<void> | undefined;
  let stopped = false;

  function isLeader(): boolean {
    return holding && now() < validUntil;
  }

  function lose(reason: string, details: object = {}): void {
    if (holding)
      logger.warn({ ...details, reason }, 'leader lease lost: this instance stops ticking and sending');
    holding = false;
  }

  async function ensureLockBlob(): Promise<void> {
    try {
      await options.blob.upload('', 0, { conditions: { ifNoneMatch: '*' } });
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // 409 or 412: it exists (another instance may hold it)
    }
  }

  async function once(): Promise<void> {
    const sentAt = now();
    try {
      if (holding) {
        await lease.renewLease();
      } else {
        await lease.acquireLease(leaseMs / 1000);
        logger.info({ leaseMs }, 'leader lease taken: this instance ticks and sends');
      }
      holding = true;
      validUntil = sentAt + leaseMs - marginMs;
    } catch (error) {
      const status = statusOf(error);
      if (status === 409) {
        lose('the lease belongs to another instance');
      } else if (status === 404) {
        lose('the lock blob is gone');
        await ensureLockBlob().catch(() => undefined);
      } else {
        // Unknown outcome: keep leading only until the lease could have run out, and try again.
        logger.warn({ err: error, leader: isLeader() }, 'could not renew or take the leader lease');
        if (!isLeader()) holding = false;
      }
    }
  }

  function step(): Promise<void> {
    stepping ??= once().finally(() => {
      stepping = undefined;
    });
    return stepping;
  }

  return {
    isLeader,
    step,
    async start() {
      await ensureLockBlob();
      await step();
      const schedule = (): void => {
        if (stopped) return;
        timer = setTimeout(() => void step().finally(schedule), renewMs);
        timer.unref();
      };
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await stepping;
      if (!holding) return;
      holding = false;
      await lease.releaseLease().catch((error: unknown) => {
        logger.warn(
          { err: error },
          'could not release the leader lease; another instance takes it when it expires',
        );
      });
    },
  };
}
