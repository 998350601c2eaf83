import cron from 'node-cron';
import type { Logger } from '../app/ports';

export interface RunningScheduler {
  stop(): Promise<void>;
}

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
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
