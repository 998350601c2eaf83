import type { Change } from '../domain/change';
import type { ChangeSummary } from '../domain/summary';
import type { RecordCollections } from './records';

// The summary is the domain's (cards show it); re-exported so that store code keeps importing it from here.
export type { ChangeSummary };

/** A change as stored, with the storage version that guards against lost updates. */
export interface StoredChange {
  change: Change;
  /** Increments with every write of this change; a write must name the version it read. */
  version: number;
}

/**
 * Changes, and beside them the records of other kinds (conversation references, members, notify preferences,
 * restore drills, snapshot timings) as typed collections: see records.ts.
 */
export interface ChangeStore extends RecordCollections {
  /** Loads the index and checks the stored files; throws StoreCorruptError naming the file and the fix. */
  open(): Promise<void>;
  /** Allocates the next `CHG-<year>-<nnn>` id (never twice, even under concurrent calls) and stores the change. */
  create(year: number, build: (id: string) => Change): Promise<StoredChange>;
  get(id: string): Promise<StoredChange | undefined>;
  /** Writes the change if its stored version is still `expectedVersion`; otherwise throws StaleWriteError. */
  save(change: Change, expectedVersion: number): Promise<StoredChange>;
  /**
   * Reads, transforms and writes one change with writes to that change serialized.
   * `transform` returns the new change, or undefined to leave it as it is (nothing is written and the change
   * is returned as read). Resolves to undefined when there is no such change.
   */
  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined>;
  /** Changes that are not final (completed, restored, handed off, cancelled), from the in-memory index. */
  listActive(): ChangeSummary[];
  /**
   * Active changes whose nextDue is at or before `now`, earliest first. Final changes whose outbox still
   * holds pending deliveries (an end or cancellation notice cut short by a crash) are included too, though
   * listActive() leaves them out; a final change's milestones never make it due.
   */
  due(now: Date): ChangeSummary[];
  /** Every stored change id, for close-match suggestions. */
  ids(): string[];

  /** Waits for writes under way, then releases files. */
  close(): Promise<void>;

  /**
   * Stores shared by several instances (Blob Storage): catches up the in-memory index (listActive, due, ids)
   * with what the other instances wrote. Absent on the JSON store, where this process is the only writer.
   */
  refresh?(): Promise<void>;

  /**
   * Stored files that cannot be read (corrupt, truncated, empty, unreadable), left untouched and set aside:
   * everything else is served. Optional so that stores without such files need not implement it.
   */
  quarantined?(): QuarantinedFile[];
  /** Why the last write failed, while no write has succeeded since; undefined when writes work. */
  writeFailure?(): WriteFailure | undefined;
  /** Bytes of the largest change record this store wrote or replayed since it opened (readiness sizes its room check by it). */
  largestWrite?(): number;
}

/** A stored file the store cannot read: it is never rewritten or moved, only reported. */
export interface QuarantinedFile {
  /**
   * `record`: a record document (records.ts: a conversation reference, a member...); `journal`: a write-ahead
   * journal segment with damaged records, copied aside (see journalDamage.ts).
   */
  kind: 'change' | 'record' | 'journal';
  /** The change id, or the record's stored key when known (a record file is named by a hash of it). */
  id?: string;
  path: string;
  /** Why it cannot be read, and what to do, in the operator's words. */
  reason: string;
  /** When this process first found it unreadable (ISO instant). */
  since: string;
}

/** The last refused write: the disk is full, read-only or failing. */
export interface WriteFailure {
  path: string;
  /** The system's error code: ENOSPC, EROFS, EIO, EDQUOT, EACCES... */
  code: string;
  since: string;
}

/**
 * A write the disk refused (full, read-only, I/O error): nothing was saved, the stored files are as they
 * were, and the same write may succeed later. The bot answers "nothing was saved, try again".
 */
export class StoreWriteError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(
      `Nothing was saved: writing ${path} failed with ${code} (${WRITE_ERROR_HINTS[code] ?? 'the data folder refused the write'}). ` +
        `Free space or fix the mount of DATA_DIR; the bot recovers by itself once writes work again.`,
    );
    this.name = 'StoreWriteError';
  }
}

const WRITE_ERROR_HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EIO: 'the disk reported an I/O error',
  EACCES: 'the bot may not write there',
  EPERM: 'the bot may not write there',
};

export class StoreCorruptError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(
      `The stored file ${path} cannot be read (${detail}). It was left untouched. ` +
        `Restore it from your DATA_DIR backup, or move it out of the folder if the change it holds can be dropped, then start again.`,
    );
    this.name = 'StoreCorruptError';
  }
}

export class StaleWriteError extends Error {
  constructor(
    readonly id: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(
      `Change ${id} was written by someone else (version ${actualVersion}, expected ${expectedVersion}).`,
    );
    this.name = 'StaleWriteError';
  }
}

/**
 * Another instance wrote the change at the same moment, twice in a row: the update was not applied. The caller
 * answers with the change as it is now; the person presses again if it is still needed.
 */
export class WriteConflictError extends Error {
  constructor(readonly id: string) {
    super(`Change ${id} was written by another instance twice while this update was being applied.`);
    this.name = 'WriteConflictError';
  }
}
