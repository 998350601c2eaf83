import type { Clock, Logger } from '../app/ports';
import type { AppConfig } from '../config/env';
import type { ProcessDefinition } from '../domain/process';
import { cronIntervalMs } from '../scheduler/cron';
import type { TickHeartbeat } from '../scheduler/heartbeat';
import type { ChangeStore } from '../store/types';
import { dataDirWritable } from './dataDirCheck';
import { outboxCheck } from './outboxCheck';
import { createReadiness, type Readiness, type ReadinessCheck } from './readiness';
import { schedulerCheck } from './schedulerCheck';
import { storedFilesCheck } from './storeFilesCheck';

export interface ReadinessLimits {
  /** How long a report is reused (default 5 s). */
  cacheMs?: number;
  /** A notice waiting longer fails the outbox check (default 30 min). */
  outboxLimitMs?: number;
  /** A tick running longer fails the scheduler check (default two intervals, at least 10 min). */
  tickRunningLimitMs?: number;
}

/** The bot's /readyz: DATA_DIR, scheduler, outbox and unreadable stored files, then any `extra` checks, in that order. */
export function botReadiness(deps: {
  config: AppConfig;
  process: ProcessDefinition;
  store: ChangeStore;
  heartbeat: TickHeartbeat;
  clock: Clock;
  logger: Logger;
  startedAt: Date;
  limits?: ReadinessLimits;
  extra?: readonly ReadinessCheck[];
}): Readiness {
  const { clock, limits = {} } = deps;
  return createReadiness({
    clock,
    logger: deps.logger,
    ...(limits.cacheMs !== undefined ? { cacheMs: limits.cacheMs } : {}),
    checks: [
      // The room and the refused writes are the JSON store's; in Blob mode DATA_DIR holds only the outbox.
      dataDirWritable(deps.config.dataDir, deps.config.store.kind === 'json' ? deps.store : undefined),
      schedulerCheck({
        heartbeat: deps.heartbeat,
        clock,
        intervalMs: cronIntervalMs(deps.config.schedulerCron, deps.process.timeZone),
        runningLimitMs: limits.tickRunningLimitMs,
      }),
      outboxCheck({ store: deps.store, clock, startedAt: deps.startedAt, limitMs: limits.outboxLimitMs }),
      storedFilesCheck(deps.store),
      ...(deps.extra ?? []),
    ],
  });
}
