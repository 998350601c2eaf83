/*
 * The JSON store: a write-ahead journal, one file per change on local disk as its checkpoint, and an
 * in-memory index of the changes the scheduler still has to look at.
 *
 * Layout under dataDir
 *   journal/000000000042.wal     records appended and fdatasync'd: the writes not yet in their change files
 *   changes/CHG-2026-007.json    {"schemaVersion":1,"version":12,"change":{...}}   the checkpoint
 *   conversations/<sha256>.json  {"schemaVersion":1,"key":...,"reference":...,"updatedAt":...}
 *   active-changes.jsonl         a header line, then {"id":...} lines: the change files start has to read
 *
 * Writes (save, update). The new change file's JSON is appended to the journal and fdatasync'd; only then
 * does the promise resolve (group commit: writes arriving during a flush share the next one, see
 * writeAheadJournal.ts). So an acknowledged write survives kill -9 (crash.test.ts) and, on a disk that
 * honours fsync, power loss (syscallOrder.test.ts shows the order of the calls; a power cut itself is not
 * simulated). The change files are written later, from the journal, by checkpoints (checkpoints.ts): when a
 * journal segment is sealed, at start for the segments of the previous run, and at close. Until then the
 * write is served from memory. Start reads the files, then replays the journal over them (a record counts
 * when its version is higher than the file's), so a reader sees the old or the new change, never a mix.
 *
 * Creation stays a file write: a new change is written to a temporary file, fsync'd and linked (not renamed)
 * to its name, and the folder fsync'd: link fails when the name exists, so two creators, even in two
 * processes, never get the same id. Conversation references are written the same way (rename).
 *
 * Why the active-changes list. listActive() and due() must not read files, and start must not parse 10,000
 * change files. So start reads only the files of changes that may have work left, learnt from
 * active-changes.jsonl (activeJournal.ts), plus the journal. Invariant: every change whose file may hold a
 * state with work left is listed there; a checkpoint lists a change (append + fdatasync) before putting a
 * file with work left in place. The index itself always comes from the files and the journal.
 *
 * Crash windows (kill -9 or power loss at any point)
 *  - During a journal append, or before its fdatasync returned: the write was not acknowledged; a torn record
 *    fails its length or checksum and is ignored with everything after it in that segment.
 *  - During a checkpoint: each file is the old or the new one; the segments are deleted only after the files
 *    and their folder are fsync'd, so the next start replays them again (idempotent, by version).
 *  - During a creation or a reference write: the old file (or none) stands; leftover temporary files are
 *    deleted at start. The active list may list an id needlessly; start reads the file and drops it.
 * A change or reference file that cannot be read is set aside (quarantined(): never rewritten or moved unless
 * the journal holds a newer version of it, reported, skipped) and the start goes on. A disk that refuses
 * writes (full, read-only) makes writes fail with StoreWriteError, leaving every file as it was and nothing
 * in the journal, and does not stop a start.
 *
 * One bot process per dataDir: a second one on the same folder is safe for id allocation only.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Change } from '../domain/change';
import { ChangeIndex } from './changeIndex';
import { formatChangeId, parseChangeId } from './changeIds';
import { encodeChangeFile, readChangeFile } from './changeFile';
import { Checkpointer } from './checkpoints';
import { createFrom, writeTempFile, type DurableFolder, type LinkFile } from './durableFile';
import { KeyedMutex } from './keyedMutex';
import { CURRENT_CHANGE_SCHEMA, type ChangeSchema } from './migrations';
import { Quarantine } from './quarantine';
import { openFolders, type Opened } from './storeOpening';
import { hasWorkLeft } from './summary';
import {
  StaleWriteError,
  StoreCorruptError,
  type ChangeStore,
  type ChangeSummary,
  type QuarantinedFile,
  type StoredChange,
  type StoredConversation,
  type WriteFailure,
} from './types';
import { DEFAULT_ROTATE_BYTES, WriteAheadJournal } from './writeAheadJournal';
import { WriteOutcomes } from './writeOutcomes';

/** The part of a pino logger the store uses. */
export interface StoreLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JsonStoreOptions {
  dataDir: string;
  logger?: StoreLogger;
  /** Stamps conversation references; the system clock by default. */
  clock?: () => Date;
  /** The change schema and its migrations; the current one by default (tests pass a bumped one). */
  changeSchema?: ChangeSchema;
  /**
   * Creates a hard link; fs.link by default. Tests pass one that fails as on an SMB share (EPERM, ENOTSUP),
   * to run the store's path for file systems without hard links.
   */
  link?: LinkFile;
  /** Seal a journal segment (and checkpoint) at this size; 8 MB by default. Tests make it small. */
  journalSegmentBytes?: number;
}

const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createJsonStore(options: JsonStoreOptions): ChangeStore {
  return new JsonStore(options);
}

interface Running extends Opened {
  journal: WriteAheadJournal;
  checkpointer: Checkpointer;
}

class JsonStore implements ChangeStore {
  private readonly dataDir: string;
  private readonly logger: StoreLogger;
  private readonly clock: () => Date;
  private readonly changeSchema: ChangeSchema;
  private readonly link?: LinkFile;
  private readonly segmentBytes: number;
  private state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';
  private running?: Running;
  /** Keys: a change id, `year:<year>` for id allocation, `conversation:<key>`. */
  private readonly locks = new KeyedMutex();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly index = new ChangeIndex();
  private readonly quarantine: Quarantine;
  private readonly outcomes: WriteOutcomes;

  constructor(options: JsonStoreOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? (() => new Date());
    this.changeSchema = options.changeSchema ?? CURRENT_CHANGE_SCHEMA;
    if (options.link !== undefined) this.link = options.link;
    this.segmentBytes = options.journalSegmentBytes ?? DEFAULT_ROTATE_BYTES;
    this.quarantine = new Quarantine(this.logger, this.clock);
    this.outcomes = new WriteOutcomes(this.logger, this.clock);
  }

  async open(): Promise<void> {
    if (this.state !== 'new') {
      throw new Error('This store was already opened; create a new one to open again.');
    }
    this.state = 'opening';
    const started = process.hrtime.bigint();
    const folders: DurableFolder[] = [];
    try {
      const opened = await openFolders(
        {
          dataDir: this.dataDir,
          logger: this.logger,
          index: this.index,
          quarantine: this.quarantine,
          changeSchema: this.changeSchema,
          refused: (error, file) => this.outcomes.refused(error, file),
        },
        folders,
      );
      const journal = new WriteAheadJournal(
        opened.journalFolder,
        opened.earlierSegments,
        this.segmentBytes,
        () => this.running?.checkpointer.request(),
      );
      const checkpointer = new Checkpointer({
        changes: opened.changes,
        pending: opened.pending,
        journal,
        activeList: () => opened.activeList,
        logger: this.logger,
        settled: () => this.compactActiveListSoon(),
      });
      this.running = { ...opened, journal, checkpointer };
    } catch (error) {
      this.state = 'closed';
      await Promise.allSettled(folders.map((folder) => folder.close()));
      throw error;
    }
    this.state = 'open';
    this.running.checkpointer.request(); // the segments of the previous run
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.logger.info(
      { dataDir: this.dataDir, ...this.index.count(), ms: Math.round(ms) },
      'change store opened',
    );
  }

  create(year: number, build: (id: string) => Change): Promise<StoredChange> {
    return this.track(() =>
      this.locks.run(`year:${year}`, async () => {
        if (!Number.isInteger(year) || year < 1000 || year > 9999) {
          throw new RangeError(`A change id needs a four-digit year, not ${year}.`);
        }
        for (let number = this.index.highest(year) + 1; ; number += 1) {
          const id = formatChangeId(year, number);
          const change = build(id);
          if (change.id !== id) {
            throw new Error(
              `create() must store the change under the id it allocated (${id}), not ${change.id}.`,
            );
          }
          const stored: StoredChange = { change, version: 1 };
          const created = await this.locks.run(id, () => this.createFile(stored));
          this.index.allocated(year, number);
          if (created) return stored;
          this.index.addTakenId(id);
          this.logger.warn({ changeId: id }, 'change id taken by another process; allocating the next one');
        }
      }),
    );
  }

  get(id: string): Promise<StoredChange | undefined> {
    return this.track(async () => (parseChangeId(id) === undefined ? undefined : this.current(id)));
  }

  quarantined(): QuarantinedFile[] {
    return this.quarantine.list();
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.track(() =>
      this.locks.run(change.id, async () => {
        if (parseChangeId(change.id) === undefined) {
          throw new Error(`Cannot save a change with the malformed id ${JSON.stringify(change.id)}.`);
        }
        const current = this.index.version(change.id) ?? (await this.current(change.id))?.version;
        if (current === undefined)
          throw new Error(`Change ${change.id} is not stored; store it with create().`);
        if (current !== expectedVersion) throw new StaleWriteError(change.id, expectedVersion, current);
        return this.commit({ change, version: current + 1 });
      }),
    );
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.track(() =>
      this.locks.run(id, async () => {
        if (parseChangeId(id) === undefined) return undefined;
        const current = await this.current(id);
        if (current === undefined) return undefined;
        const next = transform(current.change);
        if (next === undefined) return current;
        if (next.id !== id)
          throw new Error(`update() of ${id} returned change ${next.id}; ids never change.`);
        return this.commit({ change: next, version: current.version + 1 });
      }),
    );
  }

  listActive(): ChangeSummary[] {
    this.assertReadable();
    return this.index.listActive();
  }

  due(now: Date): ChangeSummary[] {
    this.assertReadable();
    return this.index.due(now);
  }

  ids(): string[] {
    this.assertReadable();
    return this.index.ids();
  }

  putConversation(key: string, reference: unknown): Promise<void> {
    return this.track(() =>
      this.locks.run(`conversation:${key}`, async () => {
        if (reference === undefined) throw new Error(`The conversation reference for ${key} is undefined.`);
        const conversation: StoredConversation = { key, reference, updatedAt: this.clock().toISOString() };
        const files = this.mustBeOpen().conversationFiles;
        // A damaged reference file is never overwritten: the operator decides (restore or remove it).
        if (this.quarantine.has(files.pathOf(key))) await this.readConversation(key);
        await this.outcomes.writing(files.pathOf(key), () => files.put(conversation));
      }),
    );
  }

  /** A reference whose file cannot be read is set aside and reads as absent (the bot cannot post there). */
  getConversation(key: string): Promise<StoredConversation | undefined> {
    return this.track(() =>
      this.readConversation(key).catch((error: unknown) => {
        if (error instanceof StoreCorruptError) return undefined;
        throw error;
      }),
    );
  }

  private async readConversation(key: string): Promise<StoredConversation | undefined> {
    const files = this.mustBeOpen().conversationFiles;
    try {
      const conversation = await files.get(key);
      this.quarantine.release(files.pathOf(key));
      return conversation;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.quarantine.setAside(error, 'conversation', key);
      throw error;
    }
  }

  deleteConversation(key: string): Promise<void> {
    return this.track(() =>
      this.locks.run(`conversation:${key}`, () => {
        const files = this.mustBeOpen().conversationFiles;
        return this.outcomes.writing(files.pathOf(key), () => files.delete(key));
      }),
    );
  }

  listConversations(): Promise<StoredConversation[]> {
    return this.track(() =>
      this.mustBeOpen().conversationFiles.list((error) => this.quarantine.setAside(error, 'conversation')),
    );
  }

  writeFailure(): WriteFailure | undefined {
    return this.outcomes.failure();
  }

  /** Waits for the writes under way, writes every change file from the journal, and empties the journal. */
  async close(): Promise<void> {
    if (this.state === 'new' || this.state === 'closed') {
      this.state = 'closed';
      return;
    }
    if (this.state !== 'open') throw new Error(`The change store cannot be closed while ${this.state}.`);
    this.state = 'closing';
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const running = this.mustBeOpen();
    await running.checkpointer.finish().catch((error: unknown) => {
      // Nothing is lost: the journal keeps the writes and the next start replays them.
      this.logger.error(
        { err: error },
        'could not write the last checkpoint; the next start replays the journal',
      );
    });
    await running.journal.close();
    await running.activeList.close();
    const folders = [running.root, running.changes, running.conversations, running.journalFolder];
    await Promise.all(folders.map((folder) => folder.close()));
    this.state = 'closed';
  }

  /**
   * The acknowledged state of a change: the journal's when a write is not yet in the file, else the file
   * (the quarantine follows it: an operator may restore a file while we run). Fresh objects every time.
   */
  private async current(id: string): Promise<StoredChange | undefined> {
    const journaled = this.mustBeOpen().pending.get(id);
    if (journaled !== undefined) {
      const { version, change } = JSON.parse(journaled.text) as StoredChange;
      return { version, change };
    }
    const file = this.changePath(id);
    try {
      const stored = await readChangeFile(file, id, this.changeSchema);
      this.quarantine.release(file);
      if (stored !== undefined) this.index.noteVersion(id, stored.version);
      return stored;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.quarantine.setAside(error, 'change', id);
      throw error;
    }
  }

  /** Appends the new version to the journal (the caller holds the change's lock); resolves once durable. */
  private async commit(stored: StoredChange): Promise<StoredChange> {
    const { journal, pending } = this.mustBeOpen();
    const id = stored.change.id;
    const text = encodeChangeFile(stored);
    await this.outcomes.writing(this.changePath(id), () => journal.append(id, stored.version, text));
    pending.set(id, { stored, text });
    this.index.remember(stored);
    return stored;
  }

  /**
   * Creates the file of a new change (the caller holds its lock) and indexes it. Returns false when the name
   * was taken (by another process).
   */
  private async createFile(stored: StoredChange): Promise<boolean> {
    const { activeList, changes } = this.mustBeOpen();
    const id = stored.change.id;
    const file = this.changePath(id);
    return this.outcomes.writing(file, async () => {
      const [temp, listed] = await Promise.allSettled([
        writeTempFile(file, encodeChangeFile(stored)),
        hasWorkLeft(stored.change) ? activeList.ensureListed(id) : Promise.resolve(),
      ]);
      if (temp.status === 'rejected') throw temp.reason;
      if (listed.status === 'rejected') {
        await fs.rm(temp.value, { force: true });
        throw listed.reason;
      }
      if (!(await createFrom(temp.value, file, this.link))) return false;
      // From here the new file is what every reader sees: the index follows it even if the fsync below fails.
      this.index.remember(stored);
      await changes.sync();
      return true;
    });
  }

  private compactActiveListSoon(): void {
    const activeList = this.mustBeOpen().activeList;
    const compaction = activeList.compactIfWorthIt().catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not rewrite the journal of active changes; will retry later');
    });
    this.inFlight.add(compaction);
    void compaction.then(() => this.inFlight.delete(compaction));
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.state !== 'open') {
      return Promise.reject(new Error(`The change store is ${this.state}; open() it before use.`));
    }
    const promise = work();
    this.inFlight.add(promise);
    const forget = (): void => void this.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private mustBeOpen(): Running {
    if (this.running === undefined) throw new Error('The change store is not open; call open() first.');
    return this.running;
  }

  private assertReadable(): void {
    if (this.state !== 'open' && this.state !== 'closing') {
      throw new Error(`The change store is ${this.state}; open() it before use.`);
    }
  }

  private changePath(id: string): string {
    return path.join(this.dataDir, 'changes', `${id}.json`);
  }
}
