import type { Clock } from '../app/ports';
import type { ChangeStore } from '../store/types';
import type { ReadinessCheck } from './readiness';

/** Every summary with a pending milestone or delivery, however far ahead. */
const FAR_FUTURE = new Date(8.64e15);

export interface OutboxCheckOptions {
  store: ChangeStore;
  clock: Clock;
  /** A notice waiting longer than this means delivery is stuck (default 30 minutes). */
  limitMs?: number;
  /** When this process started: a notice queued before it counts from here, so a restart gets its chance. */
  startedAt: Date;
}

export const OUTBOX_LIMIT_MS = 30 * 60_000;

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

/**
 * The oldest notice still waiting to go out is younger than the limit. A dead or throttling Bot Connector,
 * or a mailbox that refuses to send, shows here: notices pile up while the bot still answers in chat.
 * Throttling retried for up to an hour (delivery's time budget) makes this fail after 30 minutes: the
 * notices are late, which is what an operator must hear.
 */
export function outboxCheck(options: OutboxCheckOptions): ReadinessCheck {
  const limitMs = options.limitMs ?? OUTBOX_LIMIT_MS;
  return {
    name: 'outbox',
    async run() {
      const now = options.clock().getTime();
      let oldest: { changeId: string; notice: string; since: number; lastError?: string } | undefined;
      let waiting = 0;
      for (const summary of options.store.due(FAR_FUTURE)) {
        const stored = await options.store.get(summary.id);
        for (const entry of stored?.change.outbox ?? []) {
          if (entry.state !== 'pending') continue;
          waiting += 1;
          const since = Math.max(Date.parse(entry.createdAt), options.startedAt.getTime());
          if (!oldest || since < oldest.since) {
            oldest = {
              changeId: summary.id,
              notice: entry.effect.notice,
              since,
              ...(entry.lastError ? { lastError: entry.lastError } : {}),
            };
          }
        }
      }
      if (!oldest) return { state: 'ok', detail: 'no notice waiting' };
      const age = now - oldest.since;
      if (age <= limitMs) return { state: 'ok', detail: `${waiting} notice(s) waiting, none for long` };
      return {
        state: 'failing',
        detail:
          `the ${oldest.notice} notice of ${oldest.changeId} has waited ${minutes(age)} min ` +
          `(limit ${minutes(limitMs)} min)${oldest.lastError ? `: ${oldest.lastError}` : ''}. ` +
          'Check the Bot Connector and mail credentials, and `show` the change.',
      };
    },
  };
}
