/*
 * How much request body this process reads at once. Everything on /api/messages is read before the Bot
 * Framework token is checked, so without a cap a few hundred uploads that send all but the last byte and stall
 * hold a quarter of a MB each for as long as the socket lives. Each reader reserves what it may buffer (the
 * declared Content-Length, or the size limit when none is declared) before it reads a byte; a request that
 * finds no room is answered 503 at once, unread.
 */

export interface IntakeLimits {
  /** Body bytes all readers together may reserve. */
  maxBytes: number;
  /** Bodies read at the same time, whatever their size (many small stalled bodies cost sockets and timers). */
  maxReaders: number;
  /** Time a request has to deliver its whole body once its headers are in; then 408 and the socket is closed. */
  readDeadlineMs: number;
}

/** 32 bodies of the largest accepted size; Teams activities are a few KB, so hundreds of real ones fit. */
export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxReaders: 256,
  readDeadlineMs: 10_000,
};

export interface IntakeBudget {
  /** Reserves `bytes` for one reader; undefined when there is no room. Call the returned release exactly once. */
  reserve(bytes: number): (() => void) | undefined;
  /** Bytes and readers reserved now, and the most ever reserved at once (for tests and benchmarks). */
  usage(): { bytes: number; readers: number; peakBytes: number; peakReaders: number };
}

export function createIntakeBudget(limits: Pick<IntakeLimits, 'maxBytes' | 'maxReaders'>): IntakeBudget {
  let bytes = 0;
  let readers = 0;
  let peakBytes = 0;
  let peakReaders = 0;
  return {
    reserve(wanted) {
      if (readers + 1 > limits.maxReaders || bytes + wanted > limits.maxBytes) return undefined;
      bytes += wanted;
      readers += 1;
      peakBytes = Math.max(peakBytes, bytes);
      peakReaders = Math.max(peakReaders, readers);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        bytes -= wanted;
        readers -= 1;
      };
    },
    usage: () => ({ bytes, readers, peakBytes, peakReaders }),
  };
}
