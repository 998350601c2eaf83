import cron from 'node-cron';
import type { Logger } from '../app/ports';

export interface RunningScheduler {
  stop(): Promise<void>;
}

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * The longest gap between two ticks of the expression, over its next runs: what readiness waits for before it
 * calls a silent scheduler stopped.
 */
export function cronIntervalMs(expression: string, timeZone: string): number {
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  try {
    const runs = task.getNextRuns(12).map((date) => date.getTime());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]! - runs[i - 1]!);
    return longest > 0 ? longest : 60_000;
  } finally {
    void task.destroy();
  }
}

/** Runs `tick` on the cron expression, in the process time zone, never two ticks at once. */
export function startScheduler(
  expression: string,
  timeZone: string,
  tick: () => Promise<void>,
  logger: Logger,
): RunningScheduler {
  const task = cron.schedule(
    expression,
    async () => {
      await tick();
    },
    {
      timezone: timeZone,
      noOverlap: true,
      name: 'change-milestones',
      logger: {
        info: (message: string) => logger.debug({ scheduler: 'node-cron' }, message),
        warn: (message: string) => logger.debug({ scheduler: 'node-cron' }, message),
        error: (message: string | Error) =>
          logger.error({ scheduler: 'node-cron', err: message }, 'scheduler error'),
        debug: (message: string) => logger.debug({ scheduler: 'node-cron' }, message),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
