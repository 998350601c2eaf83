/*
 * The JSON store: a write-ahead journal, one file per change on local disk (the journal is written back to
 * it), and an in-memory index of the changes the scheduler still has to look at.
 *
 * Layout under dataDir
 *   journal/000000000042.wal     records appended and fdatasync'd: the writes not yet in their change files
 *   changes/CHG-2026-007.json    {"schemaVersion":1,"version":12,"change":{...}}   written back from the journal
 *   conversations/<sha256>.json  {"schemaVersion":1,"key":...,"reference":...,"updatedAt":...} records.ts
 *   active-changes.jsonl         a header line, then {"id":...} lines: the change files start has to read
 *
 * Writes (save, update). The new change file's JSON is appended to the journal and fdatasync'd; only then
 * does the promise resolve (group commit: writes arriving during a flush share the next one, see
 * writeAheadJournal.ts). So an acknowledged write survives kill -9 (crash.test.ts) and, on a disk that
 * honours fsync, power loss (syscallOrder.test.ts shows the order of the calls; a power cut itself is not
 * simulated). The change files are written later, from the journal, by write-backs (writeBack.ts): when a
 * journal segment is sealed, at start for the segments of the previous run, and at close. Until then the
 * write is served from memory. Start reads the files, then replays the journal over them (a record counts
 * when its version is higher than the file's), so a reader sees the old or the new change, never a mix.
 *
 * Creation stays a file write: a new change is written to a temporary file, fsync'd and linked (not renamed)
 * to its name, and the folder fsync'd: link fails when the name exists, so two creators, even in two
 * processes, never get the same id. Records (records.ts) are written the same way (rename).
 *
 * Why the active-changes list. listActive() and due() must not read files, and start must not parse 10,000
 * change files. So start reads only the files of changes that may have work left, learnt from
 * active-changes.jsonl (activeChangesList.ts), plus the journal. Invariant: every change whose file may hold a
 * state with work left is listed there; a write-back lists a change (append + fdatasync) before putting a
 * file with work left in place. The index itself always comes from the files and the journal.
 *
 * Crash windows (kill -9 or power loss at any point)
 *  - During a journal append, or before its fdatasync returned: the write was not acknowledged; a torn record
 *    fails its length or checksum and is ignored with everything after it in that segment.
 *  - During a write-back: each file is the old or the new one; the segments are deleted only after the files
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
import path from 'node:path';
import type { Change } from '../domain/change';
import { ChangeIndex } from './changeIndex';
import { parseChangeId } from './changeIds';
import type { DurableFolder } from './durableFile';
import type { JsonStoreOptions, StoreLogger } from './jsonStoreOptions';
import { startRunning, stopRunning, type Running, type RunningDeps } from './jsonStoreRunning';
import { CURRENT_CHANGE_SCHEMA } from './migrations';
import { Quarantine } from './quarantine';
import { collectionsThrough, type RecordCollections } from './records';
import { RecordSizes } from './recordSizes';
import { openFolders } from './storeOpening';
import { StoreState } from './storeState';
import type { ChangeStore, ChangeSummary, QuarantinedFile, StoredChange, WriteFailure } from './types';
import { DEFAULT_ROTATE_BYTES } from './writeAheadJournal';
import { WriteOutcomes } from './writeOutcomes';

export type { JsonStoreOptions, StoreLogger } from './jsonStoreOptions';

const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createJsonStore(options: JsonStoreOptions): ChangeStore {
  return new JsonStore(options);
}

class JsonStore implements ChangeStore {
  private readonly deps: RunningDeps;
  private readonly writeBackOn: boolean;
  private readonly state = new StoreState();
  private running?: Running;
  private readonly collections: RecordCollections = collectionsThrough(
    (work) => this.track(work),
    () => this.mustBeOpen().records,
  );
  readonly references = this.collections.references;
  readonly members = this.collections.members;
  readonly preferences = this.collections.preferences;
  readonly drills = this.collections.drills;
  readonly timings = this.collections.timings;
  readonly subscribers = this.collections.subscribers;

  constructor(options: JsonStoreOptions) {
    const logger = options.logger ?? silentLogger;
    const clock = options.clock ?? (() => new Date());
    this.deps = {
      dataDir: path.resolve(options.dataDir),
      logger,
      clock,
      changeSchema: options.changeSchema ?? CURRENT_CHANGE_SCHEMA,
      ...(options.link === undefined ? {} : { link: options.link }),
      segmentBytes: options.journalSegmentBytes ?? DEFAULT_ROTATE_BYTES,
      index: new ChangeIndex(),
      quarantine: new Quarantine(logger, clock),
      outcomes: new WriteOutcomes(logger, clock),
      sizes: new RecordSizes(),
      sealed: () => this.writeBackSoon(),
      settled: () => this.compactActiveListSoon(),
      running: () => this.mustBeOpen(),
    };
    this.writeBackOn = options.writeBack ?? true;
  }

  async open(): Promise<void> {
    if (this.state.current !== 'new') {
      throw new Error('This store was already opened; create a new one to open again.');
    }
    this.state.current = 'opening';
    const started = process.hrtime.bigint();
    const folders: DurableFolder[] = [];
    const { dataDir, logger, index, quarantine, changeSchema, outcomes, sizes } = this.deps;
    try {
      const opened = await openFolders(
        {
          dataDir,
          logger,
          index,
          quarantine,
          changeSchema,
          refused: (error, file) => outcomes.refused(error, file),
          sizes,
        },
        folders,
      );
      this.running = startRunning(opened, this.deps);
    } catch (error) {
      this.state.current = 'closed';
      await Promise.allSettled(folders.map((folder) => folder.close()));
      throw error;
    }
    this.state.current = 'open';
    this.writeBackSoon(); // the segments of the previous run
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.info({ dataDir, ...index.count(), ms: Math.round(ms) }, 'change store opened');
  }

  create(year: number, build: (id: string) => Change): Promise<StoredChange> {
    return this.track(() => this.mustBeOpen().writes.create(year, build));
  }

  get(id: string): Promise<StoredChange | undefined> {
    return this.track(async () =>
      parseChangeId(id) === undefined ? undefined : this.mustBeOpen().writes.current(id),
    );
  }

  quarantined(): QuarantinedFile[] {
    return this.deps.quarantine.list();
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.track(() => this.mustBeOpen().writes.save(change, expectedVersion));
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.track(() => this.mustBeOpen().writes.update(id, transform));
  }

  listActive(): ChangeSummary[] {
    this.state.assertReadable();
    return this.deps.index.listActive();
  }

  due(now: Date): ChangeSummary[] {
    this.state.assertReadable();
    return this.deps.index.due(now);
  }

  ids(): string[] {
    this.state.assertReadable();
    return this.deps.index.ids();
  }

  writeFailure(): WriteFailure | undefined {
    return this.deps.outcomes.failure();
  }

  largestWrite(): number {
    return this.deps.sizes.largest;
  }

  /** Waits for the writes under way, writes every change file from the journal, and empties the journal. */
  async close(): Promise<void> {
    if (this.state.current === 'new' || this.state.current === 'closed') {
      this.state.current = 'closed';
      return;
    }
    if (this.state.current !== 'open')
      throw new Error(`The change store cannot be closed while ${this.state.current}.`);
    this.state.current = 'closing';
    await this.state.drain();
    await stopRunning(this.mustBeOpen(), this.writeBackOn, this.deps.logger);
    this.state.current = 'closed';
  }

  private writeBackSoon(): void {
    if (this.writeBackOn) this.running?.writeBack.request();
  }

  private compactActiveListSoon(): void {
    const activeList = this.mustBeOpen().activeList;
    void this.state.follow(
      activeList.compactIfWorthIt().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'could not rewrite the active-changes list; will retry later');
      }),
    );
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    return this.state.track(work);
  }

  private mustBeOpen(): Running {
    if (this.running === undefined) throw new Error('The change store is not open; call open() first.');
    return this.running;
  }
}
