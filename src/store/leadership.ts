/**
 * Which instance ticks the scheduler and sends the outbox. Every instance answers presses; only the leader
 * sends, so that two instances never work through the same outbox at the same time.
 */
export interface Leadership {
  /** True while this instance may tick and send; re-checked before each send. */
  isLeader(): boolean;
  /** Gives the leadership up (a graceful stop lets another instance take over at once). */
  stop(): Promise<void>;
}

/** One instance on its own store (the JSON store under DATA_DIR): it is always the leader. */
export const soleInstance: Leadership = {
  isLeader: () => true,
  stop: async () => undefined,
};
