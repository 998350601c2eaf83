/*
 * The JSON store: one file per change on local disk, written durably, and an in-memory index of the changes
 * the scheduler still has to look at.
 *
 * Layout under dataDir
 *   changes/CHG-2026-007.json    {"schemaVersion":1,"version":12,"change":{...}}   the truth
 *   conversations/<sha256>.json  {"schemaVersion":1,"key":...,"reference":...,"updatedAt":...}
 *   active-changes.jsonl         a header line, then {"id":...} lines: the change files start has to read
 *
 * Writes. A change goes to a temporary file in its folder, which is fsync'd, renamed over the old file, and
 * the folder is fsync'd; only then does the promise resolve. So an acknowledged write survives kill -9
 * (crash.test.ts) and, on a disk that honours fsync, power loss (syscallOrder.test.ts shows the order of the
 * calls; a power cut itself is not simulated), and a reader sees the old or the new file, never a mix. A new change is linked (not renamed) to
 * its name: link fails when the name exists, so two creators, even in two processes, never get the same id.
 * A write costs one change file, whatever the number of stored changes.
 *
 * Why the journal. listActive() and due() must not read files, and start must not parse 10,000 change files.
 * So start reads only the files of changes that may have work left (not final, or deliveries pending), and
 * learns which from active-changes.jsonl. Invariant: every change whose file may hold a state with work left
 * is listed there. To keep it, a write that leaves work on a change that is not listed first appends the id
 * (fdatasync), before the file is put in place; writes from one state with work to another (nearly all of
 * them) touch nothing but the change file. Ids leave the journal only when it is rewritten: at start, after
 * the listed files were read (changes with no work left, or with no file, are dropped), and at run time once
 * enough listed changes are known to be done. The index itself always comes from the change files.
 *
 * Crash windows (kill -9 or power loss at any point)
 *  - Before the rename or link: the old file (or none) stands. The journal may list the id needlessly;
 *    start reads the file and drops it. Leftover temporary files are deleted at start.
 *  - After the rename, before the folder fsync: the old or the new file stands, each complete, and the
 *    journal lists the id if either has work left.
 *  - During a journal append: the torn last line is ignored; its write had not been put in place.
 *  - During a journal rewrite: the rename leaves the old or the new journal; both keep the invariant.
 * A change or reference file that cannot be read is set aside (quarantined(): never rewritten or moved,
 * reported, skipped) and the start goes on. A missing or unreadable journal is rebuilt by reading every change
 * file (slower, but sound). A disk that refuses writes (full, read-only) makes writes fail with
 * StoreWriteError, leaving every file as it was, and does not stop a start (see startJournal).
 *
 * One bot process per dataDir: a second one on the same folder is safe for id allocation only.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isFinal, type Change } from '../domain/change';
import { ActiveJournal, readActiveJournal } from './activeJournal';
import { formatChangeId, parseChangeId } from './changeIds';
import { encodeChangeFile, readChangeFile } from './changeFile';
import { ConversationFiles } from './conversationFiles';
import { DurableFolder, createFrom, replaceWith, writeTempFile, type LinkFile } from './durableFile';
import { KeyedMutex } from './keyedMutex';
import { CURRENT_CHANGE_SCHEMA, type ChangeSchema } from './migrations';
import { hasWorkLeft, summarize } from './summary';
import {
  StaleWriteError,
  StoreCorruptError,
  type QuarantinedFile,
  type ChangeStore,
  type ChangeSummary,
  type StoredChange,
  type StoredConversation,
  type WriteFailure,
} from './types';
import { asStoreWriteError, isWriteRefusal } from './writeRefusal';

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
}

const JOURNAL_NAME = 'active-changes.jsonl';
/** Files read at once at start: enough to keep the disk busy, few enough to stay under open-file limits. */
const READ_CONCURRENCY = 16;

const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createJsonStore(options: JsonStoreOptions): ChangeStore {
  return new JsonStore(options);
}

interface IndexEntry {
  summary: ChangeSummary;
  dueMs?: number;
}

interface Opened {
  root: DurableFolder;
  changes: DurableFolder;
  conversations: DurableFolder;
  conversationFiles: ConversationFiles;
  journal: ActiveJournal;
}

type Placement = (temp: string, file: string) => Promise<boolean>;

const replace: Placement = async (temp, file) => {
  await replaceWith(temp, file);
  return true;
};

class JsonStore implements ChangeStore {
  private readonly dataDir: string;
  private readonly logger: StoreLogger;
  private readonly clock: () => Date;
  private readonly changeSchema: ChangeSchema;
  private readonly createNew: Placement;
  private state: 'new' | 'opening' | 'open' | 'closing' | 'closed' = 'new';
  private opened?: Opened;
  /** Keys: a change id, `year:<year>` for id allocation, `conversation:<key>`. */
  private readonly locks = new KeyedMutex();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly allIds = new Set<string>();
  private readonly highestNumber = new Map<number, number>();
  /**
   * Stored version of the changes this process read under their lock or wrote. save() checks against it
   * without reading the file: with one process per dataDir, nobody else writes a change.
   */
  private readonly versions = new Map<string, number>();
  /** Changes with work left, by id. */
  private readonly index = new Map<string, IndexEntry>();
  /** The last refused write, until a write succeeds again. */
  private failure?: WriteFailure;
  /** Files that cannot be read, by path: left untouched, reported, and skipped by start and listings. */
  private readonly quarantine = new Map<string, QuarantinedFile>();

  constructor(options: JsonStoreOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? (() => new Date());
    this.changeSchema = options.changeSchema ?? CURRENT_CHANGE_SCHEMA;
    const link = options.link;
    this.createNew = link ? (temp, file) => createFrom(temp, file, link) : createFrom;
  }

  async open(): Promise<void> {
    if (this.state !== 'new') {
      throw new Error('This store was already opened; create a new one to open again.');
    }
    this.state = 'opening';
    const started = process.hrtime.bigint();
    const folders: DurableFolder[] = [];
    try {
      const root = await DurableFolder.open(this.dataDir);
      folders.push(root);
      const changes = await DurableFolder.open(path.join(this.dataDir, 'changes'));
      folders.push(changes);
      const conversations = await DurableFolder.open(path.join(this.dataDir, 'conversations'));
      folders.push(conversations);
      await root.sync(); // the folders just made must outlive a power loss like the files put in them

      await this.removeLeftovers(root, changes, conversations);
      await this.loadIds(changes);
      await this.loadIndex(changes);
      const journal = await this.startJournal(root);
      const conversationFiles = new ConversationFiles(conversations);
      // Read once so that a damaged reference is reported at start, not at the next post to its channel.
      await conversationFiles.list((error) => this.setAside(error, 'conversation'));
      this.opened = { root, changes, conversations, conversationFiles, journal };
    } catch (error) {
      this.state = 'closed';
      await Promise.allSettled(folders.map((folder) => folder.close()));
      throw error;
    }
    this.state = 'open';
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.logger.info(
      { dataDir: this.dataDir, changes: this.allIds.size, withWorkLeft: this.index.size, ms: Math.round(ms) },
      'change store opened',
    );
  }

  /**
   * A full or read-only disk must not stop the start: the bot then serves reads and answers writes with
   * "nothing was saved". The journal on disk still keeps its invariant (the fresh one was never put in
   * place), and the first write after the disk recovers rewrites it before anything else.
   */
  private async startJournal(root: DurableFolder): Promise<ActiveJournal> {
    const file = path.join(this.dataDir, JOURNAL_NAME);
    // A damaged change stays listed, so that every start reads (and reports) it again until it is fixed.
    const damaged = [...this.quarantine.values()].flatMap((entry) =>
      entry.kind === 'change' && entry.id !== undefined ? [entry.id] : [],
    );
    const ids = new Set([...this.index.keys(), ...damaged]);
    try {
      return await ActiveJournal.start(file, root, ids);
    } catch (error) {
      if (!isWriteRefusal(error)) throw error;
      this.refused(error, file);
      return ActiveJournal.deferred(file, root, ids);
    }
  }

  private async removeLeftovers(...folders: DurableFolder[]): Promise<void> {
    for (const folder of folders) {
      const entries = await fs.readdir(folder.path, { withFileTypes: true });
      const ours =
        folder.path === this.dataDir
          ? entries.filter(
              (e) => e.name.startsWith(`.${JOURNAL_NAME}.`) || e.name.startsWith('.damaged-files-told.json.'),
            )
          : entries;
      const removed = await folder.removeLeftoverTempFiles(ours);
      if (removed.length > 0) {
        this.logger.info(
          { folder: folder.path, removed },
          'removed temporary files left by an interrupted write',
        );
      }
    }
  }

  private async loadIds(changes: DurableFolder): Promise<void> {
    for (const name of await fs.readdir(changes.path)) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      const parsed = parseChangeId(id);
      if (parsed === undefined) continue;
      this.allIds.add(id);
      this.highestNumber.set(parsed.year, Math.max(this.highestNumber.get(parsed.year) ?? 0, parsed.number));
    }
  }

  private async loadIndex(changes: DurableFolder): Promise<void> {
    const journalFile = path.join(this.dataDir, JOURNAL_NAME);
    const reading = await readActiveJournal(journalFile);
    let toRead: string[];
    if (reading.state === 'read') {
      toRead = [...reading.ids].filter((id) => this.allIds.has(id));
      if (reading.tornLastLine) {
        this.logger.warn(
          { file: journalFile },
          'ignored the torn last line of the journal (interrupted write)',
        );
      }
    } else {
      toRead = [...this.allIds];
      if (reading.state === 'unusable' || toRead.length > 0) {
        this.logger.warn(
          {
            file: journalFile,
            reason: reading.state === 'unusable' ? reading.reason : 'missing',
            changes: toRead.length,
          },
          'rebuilding the journal of active changes by reading every change file',
        );
      }
    }
    await forEachLimited(toRead, READ_CONCURRENCY, async (id) => {
      const stored = await this.readChange(id, path.join(changes.path, `${id}.json`)).catch(
        (error: unknown) => {
          // One damaged file must not stop the bot: the others are served, this one is reported.
          if (error instanceof StoreCorruptError) return undefined;
          throw error;
        },
      );
      if (stored !== undefined) this.remember(stored);
    });
  }

  create(year: number, build: (id: string) => Change): Promise<StoredChange> {
    return this.track(() =>
      this.locks.run(`year:${year}`, async () => {
        if (!Number.isInteger(year) || year < 1000 || year > 9999) {
          throw new RangeError(`A change id needs a four-digit year, not ${year}.`);
        }
        for (let number = (this.highestNumber.get(year) ?? 0) + 1; ; number += 1) {
          const id = formatChangeId(year, number);
          const change = build(id);
          if (change.id !== id) {
            throw new Error(
              `create() must store the change under the id it allocated (${id}), not ${change.id}.`,
            );
          }
          const stored: StoredChange = { change, version: 1 };
          const created = await this.locks.run(id, () => this.writeChange(stored, this.createNew));
          this.highestNumber.set(year, Math.max(this.highestNumber.get(year) ?? 0, number));
          if (created) return stored;
          this.allIds.add(id);
          this.logger.warn({ changeId: id }, 'change id taken by another process; allocating the next one');
        }
      }),
    );
  }

  get(id: string): Promise<StoredChange | undefined> {
    return this.track(async () =>
      parseChangeId(id) === undefined ? undefined : this.readChange(id, this.changePath(id)),
    );
  }

  quarantined(): QuarantinedFile[] {
    return [...this.quarantine.values()].map((file) => ({ ...file })).sort((a, b) => compare(a.path, b.path));
  }

  /** Reads a change file, keeping the quarantine up to date (an operator may restore a file while we run). */
  private async readChange(id: string, file: string): Promise<StoredChange | undefined> {
    try {
      const stored = await readChangeFile(file, id, this.changeSchema);
      this.quarantine.delete(file);
      return stored;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.setAside(error, 'change', id);
      throw error;
    }
  }

  private setAside(error: StoreCorruptError, kind: QuarantinedFile['kind'], id?: string): void {
    if (this.quarantine.has(error.path)) return;
    const reason = error.message;
    this.quarantine.set(error.path, {
      kind,
      ...(id === undefined ? {} : { id }),
      path: error.path,
      reason,
      since: this.clock().toISOString(),
    });
    this.logger.error({ path: error.path, kind }, `set aside a stored file that cannot be read: ${reason}`);
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.track(() =>
      this.locks.run(change.id, async () => {
        if (parseChangeId(change.id) === undefined) {
          throw new Error(`Cannot save a change with the malformed id ${JSON.stringify(change.id)}.`);
        }
        const current = await this.currentVersion(change.id);
        if (current === undefined)
          throw new Error(`Change ${change.id} is not stored; store it with create().`);
        if (current !== expectedVersion) throw new StaleWriteError(change.id, expectedVersion, current);
        const stored: StoredChange = { change, version: current + 1 };
        await this.writeChange(stored, replace);
        return stored;
      }),
    );
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.track(() =>
      this.locks.run(id, async () => {
        if (parseChangeId(id) === undefined) return undefined;
        const current = await this.readChange(id, this.changePath(id));
        if (current === undefined) return undefined;
        this.versions.set(id, current.version);
        const next = transform(current.change);
        if (next === undefined) return current;
        if (next.id !== id)
          throw new Error(`update() of ${id} returned change ${next.id}; ids never change.`);
        const stored: StoredChange = { change: next, version: current.version + 1 };
        await this.writeChange(stored, replace);
        return stored;
      }),
    );
  }

  listActive(): ChangeSummary[] {
    this.assertReadable();
    const active: ChangeSummary[] = [];
    for (const { summary } of this.index.values()) if (!isFinal(summary.status)) active.push(copy(summary));
    return active.sort((a, b) => compare(a.window.start, b.window.start) || compare(a.id, b.id));
  }

  due(now: Date): ChangeSummary[] {
    this.assertReadable();
    const limit = now.getTime();
    const due: IndexEntry[] = [];
    for (const entry of this.index.values())
      if (entry.dueMs !== undefined && entry.dueMs <= limit) due.push(entry);
    due.sort((a, b) => (a.dueMs ?? 0) - (b.dueMs ?? 0) || compare(a.summary.id, b.summary.id));
    return due.map((entry) => copy(entry.summary));
  }

  ids(): string[] {
    this.assertReadable();
    return [...this.allIds].sort();
  }

  putConversation(key: string, reference: unknown): Promise<void> {
    return this.track(() =>
      this.locks.run(`conversation:${key}`, async () => {
        if (reference === undefined) throw new Error(`The conversation reference for ${key} is undefined.`);
        const conversation: StoredConversation = { key, reference, updatedAt: this.clock().toISOString() };
        const files = this.mustBeOpen().conversationFiles;
        // A damaged reference file is never overwritten: the operator decides (restore or remove it).
        if (this.quarantine.has(files.pathOf(key))) await this.readConversation(key);
        await this.writing(files.pathOf(key), () => files.put(conversation));
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
      this.quarantine.delete(files.pathOf(key));
      return conversation;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.setAside(error, 'conversation', key);
      throw error;
    }
  }

  deleteConversation(key: string): Promise<void> {
    return this.track(() =>
      this.locks.run(`conversation:${key}`, () => {
        const files = this.mustBeOpen().conversationFiles;
        return this.writing(files.pathOf(key), () => files.delete(key));
      }),
    );
  }

  listConversations(): Promise<StoredConversation[]> {
    return this.track(() =>
      this.mustBeOpen().conversationFiles.list((error) => this.setAside(error, 'conversation')),
    );
  }

  async close(): Promise<void> {
    if (this.state === 'new' || this.state === 'closed') {
      this.state = 'closed';
      return;
    }
    if (this.state !== 'open') throw new Error(`The store cannot be closed while ${this.state}.`);
    this.state = 'closing';
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    const opened = this.mustBeOpen();
    await opened.journal.close();
    await Promise.all([opened.root.close(), opened.changes.close(), opened.conversations.close()]);
    this.state = 'closed';
  }

  /**
   * Writes the file of one change (the caller holds its lock) and updates the index. Returns false when
   * `place` found the name taken (exclusive creation).
   */
  private async writeChange(stored: StoredChange, place: Placement): Promise<boolean> {
    const file = this.changePath(stored.change.id);
    return this.writing(file, () => this.writeChangeFile(stored, file, place));
  }

  /**
   * Runs one write; a refusal by the disk becomes a StoreWriteError (logged once, with the path) and is
   * remembered for readiness until a write succeeds again.
   */
  private async writing<T>(file: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      if (this.failure !== undefined) {
        this.logger.info(
          { path: file, failedSince: this.failure.since },
          'writes to the data folder work again',
        );
        this.failure = undefined;
      }
      return result;
    } catch (error) {
      throw this.refused(error, file);
    }
  }

  private refused(error: unknown, file: string): unknown {
    const mapped = asStoreWriteError(error, file);
    if (mapped === error && !isWriteRefusal(error)) return error;
    const { code } = mapped as { code: string };
    this.failure = { path: file, code, since: this.failure?.since ?? this.clock().toISOString() };
    this.logger.error({ path: file, code }, 'could not write to the data folder; nothing was saved');
    return mapped;
  }

  writeFailure(): WriteFailure | undefined {
    return this.failure === undefined ? undefined : { ...this.failure };
  }

  private async writeChangeFile(stored: StoredChange, file: string, place: Placement): Promise<boolean> {
    const { journal, changes } = this.mustBeOpen();
    const id = stored.change.id;
    const workLeft = hasWorkLeft(stored.change);
    const [temp, listed] = await Promise.allSettled([
      writeTempFile(file, encodeChangeFile(stored)),
      workLeft ? journal.ensureListed(id) : Promise.resolve(),
    ]);
    if (temp.status === 'rejected') throw temp.reason;
    if (listed.status === 'rejected') {
      await fs.rm(temp.value, { force: true });
      throw listed.reason;
    }
    if (!(await place(temp.value, file))) return false;
    // From here the new file is what every reader sees: the index follows it even if the fsync below fails.
    this.allIds.add(id);
    this.remember(stored);
    if (!workLeft) {
      journal.markSettled(id);
      this.compactJournalSoon(journal);
    }
    await changes.sync();
    return true;
  }

  private remember(stored: StoredChange): void {
    const { change, version } = stored;
    this.versions.set(change.id, version);
    if (!hasWorkLeft(change)) {
      this.index.delete(change.id);
      return;
    }
    const summary = summarize(change);
    this.index.set(change.id, {
      summary,
      ...(summary.nextDue === undefined ? {} : { dueMs: Date.parse(summary.nextDue) }),
    });
  }

  private async currentVersion(id: string): Promise<number | undefined> {
    const known = this.versions.get(id);
    if (known !== undefined) return known;
    const stored = await this.readChange(id, this.changePath(id));
    if (stored !== undefined) this.versions.set(id, stored.version);
    return stored?.version;
  }

  private compactJournalSoon(journal: ActiveJournal): void {
    const compaction = journal.compactIfWorthIt().catch((error: unknown) => {
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

  private mustBeOpen(): Opened {
    if (this.opened === undefined) throw new Error('The change store is not open; call open() first.');
    return this.opened;
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

function copy(summary: ChangeSummary): ChangeSummary {
  return { ...summary, window: { ...summary.window } };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function forEachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
