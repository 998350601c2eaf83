import { compare } from './changeIndex';
import type { QuarantinedFile, StoreCorruptError } from './types';

export interface QuarantineLogger {
  error(details: object, message: string): void;
}

/** Files that cannot be read, by path: left untouched, reported, and skipped by start and listings. */
export class Quarantine {
  private readonly files = new Map<string, QuarantinedFile>();

  constructor(
    private readonly logger: QuarantineLogger,
    private readonly clock: () => Date,
  ) {}

  setAside(error: StoreCorruptError, kind: QuarantinedFile['kind'], id?: string): void {
    if (this.files.has(error.path)) return;
    const reason = error.message;
    this.files.set(error.path, {
      kind,
      ...(id === undefined ? {} : { id }),
      path: error.path,
      reason,
      since: this.clock().toISOString(),
    });
    this.logger.error({ path: error.path, kind }, `set aside a stored file that cannot be read: ${reason}`);
  }

  /** A file reported by other means than a read that failed (a damaged journal segment set aside). */
  report(entry: Omit<QuarantinedFile, 'since'>): void {
    if (this.files.has(entry.path)) return;
    this.files.set(entry.path, { ...entry, since: this.clock().toISOString() });
  }

  /** The file reads again (an operator restored it, or the journal holds a newer version that replaces it). */
  release(file: string): void {
    this.files.delete(file);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  damagedChangeIds(): string[] {
    return [...this.files.values()].flatMap((entry) =>
      entry.kind === 'change' && entry.id !== undefined ? [entry.id] : [],
    );
  }

  list(): QuarantinedFile[] {
    return [...this.files.values()].map((file) => ({ ...file })).sort((a, b) => compare(a.path, b.path));
  }
}
