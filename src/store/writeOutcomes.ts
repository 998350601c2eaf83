import type { WriteFailure } from './types';
import { asStoreWriteError, isWriteRefusal } from './writeRefusal';

export interface OutcomeLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Runs writes and remembers the last one the disk refused (full, read-only) until a write succeeds again:
 * readiness reports it, and a refusal reaches the caller as StoreWriteError naming the file ("nothing was
 * saved"), logged once.
 */
export class WriteOutcomes {
  private last?: WriteFailure;

  constructor(
    private readonly logger: OutcomeLogger,
    private readonly clock: () => Date,
  ) {}

  async writing<T>(file: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      if (this.last !== undefined) {
        this.logger.info(
          { path: file, failedSince: this.last.since },
          'writes to the data folder work again',
        );
        this.last = undefined;
      }
      return result;
    } catch (error) {
      throw this.refused(error, file);
    }
  }

  /** The error to throw: a refusal becomes StoreWriteError (and is remembered); other errors stay as they are. */
  refused(error: unknown, file: string): unknown {
    const mapped = asStoreWriteError(error, file);
    if (mapped === error && !isWriteRefusal(error)) return error;
    const { code } = mapped as { code: string };
    this.last = { path: file, code, since: this.last?.since ?? this.clock().toISOString() };
    this.logger.error({ path: file, code }, 'could not write to the data folder; nothing was saved');
    return mapped;
  }

  failure(): WriteFailure | undefined {
    return this.last === undefined ? undefined : { ...this.last };
  }
}
