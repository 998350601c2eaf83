import type { Clock } from '../app/ports';

export interface TickBeat {
  /** When the heartbeat began: the scheduler's start, the reference until a first tick finishes. */
  since: Date;
  /** Start of the tick running now, if one runs. */
  runningSince?: Date;
  /** End of the last tick that finished. */
  lastFinished?: Date;
}

export interface TickHeartbeat {
  /** The same tick, with every run (by the scheduler or by hand) recorded. */
  wrap(tick: () => Promise<void>): () => Promise<void>;
  beat(): TickBeat;
  /** Resolves when the next tick finishes. */
  nextTick(): Promise<void>;
}

/**
 * Records when ticks start and finish, on the bot's clock, so that readiness can tell a scheduler that ticks
 * from one that stopped or hangs. It is told nothing else: a scheduler that stops is seen by its silence.
 */
export function createTickHeartbeat(clock: Clock): TickHeartbeat {
  const beat: TickBeat = { since: clock() };
  let waiters: (() => void)[] = [];
  return {
    wrap(tick) {
      return async () => {
        beat.runningSince ??= clock();
        try {
          await tick();
        } finally {
          beat.runningSince = undefined;
          beat.lastFinished = clock();
          const woken = waiters;
          waiters = [];
          for (const wake of woken) wake();
        }
      };
    },
    beat: () => ({ ...beat }),
    nextTick: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
