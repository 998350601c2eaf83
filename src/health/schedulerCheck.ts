import type { Clock } from '../app/ports';
import type { TickHeartbeat } from '../scheduler/heartbeat';
import type { ReadinessCheck } from './readiness';

export interface SchedulerCheckOptions {
  heartbeat: TickHeartbeat;
  clock: Clock;
  /** The longest gap between two ticks of SCHEDULER_CRON. */
  intervalMs: number;
  /** A tick running longer than this hangs (default: two intervals, at least 10 minutes). */
  runningLimitMs?: number;
}

function duration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/**
 * The scheduler ticks: the last tick finished within two intervals, or the one running now has not run for
 * longer than the limit. Milestones come from the ticks; a stopped or hung scheduler announces nothing.
 */
export function schedulerCheck(options: SchedulerCheckOptions): ReadinessCheck {
  const runningLimitMs = options.runningLimitMs ?? Math.max(2 * options.intervalMs, 10 * 60_000);
  return {
    name: 'scheduler',
    async run() {
      const now = options.clock().getTime();
      const beat = options.heartbeat.beat();
      if (beat.runningSince) {
        const running = now - beat.runningSince.getTime();
        if (running <= runningLimitMs)
          return { state: 'ok', detail: `a tick is running (${duration(running)})` };
        return {
          state: 'failing',
          detail:
            `a tick has been running for ${duration(running)} (limit ${duration(runningLimitMs)}): milestones ` +
            'are not being sent. Look for a hung store or connector in the log, then restart the bot.',
        };
      }
      const reference = beat.lastFinished ?? beat.since;
      const quiet = now - reference.getTime();
      if (quiet <= 2 * options.intervalMs) {
        return {
          state: 'ok',
          detail: beat.lastFinished
            ? `last tick finished ${duration(Math.max(0, quiet))} ago`
            : 'waiting for the first tick',
        };
      }
      return {
        state: 'failing',
        detail:
          `no tick ${beat.lastFinished ? 'finished' : 'ran'} for ${duration(quiet)} (SCHEDULER_CRON ticks every ` +
          `${duration(options.intervalMs)}): milestones are not being sent. Restart the bot.`,
      };
    },
  };
}
