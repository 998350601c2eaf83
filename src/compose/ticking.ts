import { createDamagedFilesNotice } from '../app/damagedFiles';
import { startScheduler, type RunningScheduler } from '../scheduler/cron';
import type { TickHeartbeat } from '../scheduler/heartbeat';
import { createTick } from '../scheduler/tick';
import { toldMemoryIn } from '../store/toldMemory';
import type { ChangeParts } from './changes';
import type { BotOptions, Wiring } from './options';
import type { OpenStorage } from './storage';

export interface Ticking {
  tick: () => Promise<void>;
  scheduler: RunningScheduler | undefined;
}

/**
 * The clock's side of the bot: every instance catches up with the shared store on each tick, only the leader
 * sends what is due, and owners are mailed once about stored files that cannot be read. Started by cron unless
 * `schedule` is false (tests tick themselves).
 */
export function startTicking(
  { config, proc, logger, clock }: Wiring,
  deps: { storage: OpenStorage; changes: ChangeParts; heartbeat: TickHeartbeat } & Pick<
    BotOptions,
    'schedule'
  >,
): Ticking {
  const { store, leadership, measurements } = deps.storage;
  const { lifecycle, delivery, mailer } = deps.changes;
  // Owners are mailed once about stored files that cannot be read: at start, and after each leader tick.
  const damagedFiles = createDamagedFilesNotice({
    store,
    mailer,
    owners: proc.approvers.map((approver) => approver.email),
    memory: toldMemoryIn(config.dataDir),
    logger,
  });
  const tickAsLeader = createTick({ store, lifecycle, delivery, clock, logger });
  // Every instance catches up with the shared store; only the leader ticks. Readiness sees every tick.
  const tick = deps.heartbeat.wrap(async (): Promise<void> => {
    if (store.refresh) {
      // Drills and snapshot timings too (every CATCH_UP_MS): the cards of every instance show the last drill,
      // wherever it ran.
      await Promise.all([store.refresh(), measurements.catchUp(clock())]).catch((error: unknown) => {
        logger.warn(
          { err: error },
          'could not catch up with the shared store; ticking on what this instance knows',
        );
      });
    }
    if (!leadership.isLeader()) return;
    await tickAsLeader();
    await damagedFiles.check();
  });
  void damagedFiles.check();
  const scheduler =
    deps.schedule !== false ? startScheduler(config.schedulerCron, proc.timeZone, tick, logger) : undefined;
  return { tick, scheduler };
}
