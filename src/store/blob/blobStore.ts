/*
 * The change store on Azure Blob Storage, shared by every instance of the bot.
 *
 * Layout in the container (the documents are the very ones the JSON store writes on disk):
 *   changes/CHG-2026-007.json      {"schemaVersion":1,"version":12,"change":{...}}, tags work=1|0, version=12
 *   conversations/<sha256>.json    {"schemaVersion":1,"key":...,"reference":...,"updatedAt":...}  records.ts
 *   leader.lock                    an empty blob whose lease names the instance that ticks and sends
 *
 * Why not botbuilder-azure-blobs' BlobsStorage: it has no create-only write (two instances could take the
 * same change id) and it turns a 412 into a generic error, so a lost race cannot be told from a failure.
 * Here every write is a conditional Put Blob: a new change with If-None-Match: * (the name is the id, so the
 * loser of a race for an id gets 409 and takes the next number), an update with If-Match: <ETag read>.
 *
 * Lost updates. Writes by this instance to one change are serialized in memory (as in the JSON store), so a
 * 412 means another instance wrote in between: update() re-reads the change and runs the transform (the pure
 * decision) once more on the new state; if that loses too, it throws WriteConflictError and the caller answers
 * with the change as it is now. A transition is never applied twice, nor lost without the presser being told.
 *
 * The active index: blob index tags on each change blob (see blobChanges.ts for why, and their costs).
 *
 * Start reads the names of every change (one listing at start, for ids and the next number) and the active
 * ones through the tag index; a tick then costs one tag query plus one read per change written elsewhere.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { Change } from '../../domain/change';
import { ChangeIndex } from '../changeIndex';
import { parseChangeId } from '../changeIds';
import { forEachLimited } from '../forEachLimited';
import { createWithNextId } from '../idAllocation';
import type { StoreLogger } from '../jsonStoreOptions';
import { KeyedMutex } from '../keyedMutex';
import { CURRENT_CHANGE_SCHEMA, type ChangeSchema } from '../migrations';
import { collectionsThrough, type RecordCollections } from '../records';
import { StoreState } from '../storeState';
import {
  StaleWriteError,
  WriteConflictError,
  type ChangeStore,
  type ChangeSummary,
  type StoredChange,
} from '../types';
import { BlobChanges, explainAccess } from './blobChanges';
import { BlobRecords } from './blobRecords';

export interface BlobStoreOptions {
  container: ContainerClient;
  logger?: StoreLogger;
  /** Stamps records (conversation references...); the system clock by default. */
  clock?: () => Date;
  /** Creates the container when it is missing (tests, first start); Bicep creates it in production. */
  createContainer?: boolean;
  /** How older stored changes are migrated when read; CURRENT_CHANGE_SCHEMA by default. */
  changeSchema?: ChangeSchema;
}

const READ_CONCURRENCY = 16;

const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createBlobStore(options: BlobStoreOptions): ChangeStore {
  return new BlobStore(options);
}

class BlobStore implements ChangeStore {
  private readonly container: ContainerClient;
  private readonly logger: StoreLogger;
  private readonly createContainer: boolean;
  private readonly changes: BlobChanges;
  private readonly state = new StoreState();
  private readonly locks = new KeyedMutex();
  private readonly index = new ChangeIndex();
  private readonly records: BlobRecords;
  private readonly collections: RecordCollections = collectionsThrough(
    (work) => this.state.track(work),
    () => this.records,
  );
  readonly references = this.collections.references;
  readonly members = this.collections.members;
  readonly preferences = this.collections.preferences;
  readonly drills = this.collections.drills;
  readonly timings = this.collections.timings;
  readonly subscribers = this.collections.subscribers;

  constructor(options: BlobStoreOptions) {
    this.container = options.container;
    this.logger = options.logger ?? silentLogger;
    this.createContainer = options.createContainer ?? false;
    this.changes = new BlobChanges(this.container, options.changeSchema ?? CURRENT_CHANGE_SCHEMA);
    this.records = new BlobRecords(this.container, options.clock ?? (() => new Date()));
  }

  async open(): Promise<void> {
    if (this.state.current !== 'new')
      throw new Error('This store was already opened; create a new one to open again.');
    const started = process.hrtime.bigint();
    try {
      if (this.createContainer) await this.container.createIfNotExists();
      else if (!(await this.container.exists())) {
        throw new Error(
          `The blob container "${this.container.containerName}" does not exist at ${this.container.url}. ` +
            'Create it (the Bicep in deploy/azure does), or set AZURE_STORAGE_CONTAINER to the one that holds the changes.',
        );
      }
      for await (const id of this.changes.ids()) this.index.addId(id);
      this.state.current = 'open';
      await this.refresh();
    } catch (error) {
      this.state.current = 'closed';
      throw explainAccess(error, this.container);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.logger.info(
      { container: this.container.containerName, ...this.index.count(), ms: Math.round(ms) },
      'change store opened (Azure Blob Storage)',
    );
  }

  /** Catches up with the other instances: one tag query, then a read of each change whose version moved. */
  refresh(): Promise<void> {
    return this.state.track(async () => {
      const listed = await this.changes.withWork();
      const toRead: string[] = [];
      for (const [id, version] of listed) {
        this.index.addId(id);
        const known = this.index.version(id);
        // A missing or odd version tag: read the change rather than trust the cache.
        if (known === undefined || !(version <= known) || !this.index.hasWork(id)) toRead.push(id);
      }
      // Left the tag index: settled by another instance, or a write the eventually consistent index has not
      // caught up with. The blob itself says which.
      for (const id of this.index.idsWithWork()) if (!listed.has(id)) toRead.push(id);
      await forEachLimited(toRead, READ_CONCURRENCY, async (id) => {
        const read = await this.changes.read(id);
        if (read === undefined) this.index.forget(id);
        else this.index.remember(read.stored);
      });
    });
  }

  create(year: number, build: (id: string) => Change): Promise<StoredChange> {
    return this.state.track(() =>
      createWithNextId(
        {
          index: this.index,
          locks: this.locks,
          createIfFree: async (stored) => {
            const etag = await this.changes.write(stored, { ifNoneMatch: '*' });
            if (etag !== undefined) this.index.remember(stored);
            return etag !== undefined;
          },
          taken: (id) =>
            this.logger.warn(
              { changeId: id },
              'change id taken by another instance; allocating the next one',
            ),
        },
        year,
        build,
      ),
    );
  }

  get(id: string): Promise<StoredChange | undefined> {
    return this.state.track(async () => {
      if (parseChangeId(id) === undefined) return undefined;
      const read = await this.changes.read(id);
      if (read !== undefined) this.index.remember(read.stored);
      return read?.stored;
    });
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.state.track(() =>
      this.locks.run(change.id, async () => {
        if (parseChangeId(change.id) === undefined) {
          throw new Error(`Cannot save a change with the malformed id ${JSON.stringify(change.id)}.`);
        }
        const current = await this.changes.read(change.id);
        if (current === undefined)
          throw new Error(`Change ${change.id} is not stored; store it with create().`);
        if (current.stored.version !== expectedVersion) {
          throw new StaleWriteError(change.id, expectedVersion, current.stored.version);
        }
        const stored: StoredChange = { change, version: expectedVersion + 1 };
        const etag = await this.changes.write(stored, { ifMatch: current.etag });
        if (etag === undefined) {
          // Written by another instance between the read and the write.
          const now = await this.changes.read(change.id);
          throw new StaleWriteError(change.id, expectedVersion, now?.stored.version ?? expectedVersion + 1);
        }
        this.index.remember(stored);
        return stored;
      }),
    );
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.state.track(() =>
      this.locks.run(id, async () => {
        if (parseChangeId(id) === undefined) return undefined;
        for (let run = 1; ; run += 1) {
          const current = await this.changes.read(id);
          if (current === undefined) return undefined;
          this.index.remember(current.stored);
          const next = transform(current.stored.change);
          if (next === undefined) return current.stored;
          if (next.id !== id)
            throw new Error(`update() of ${id} returned change ${next.id}; ids never change.`);
          const stored: StoredChange = { change: next, version: current.stored.version + 1 };
          const etag = await this.changes.write(stored, { ifMatch: current.etag });
          if (etag !== undefined) {
            this.index.remember(stored);
            return stored;
          }
          this.logger.warn({ changeId: id, run }, 'change written by another instance meanwhile (412)');
          if (run >= 2) throw new WriteConflictError(id);
        }
      }),
    );
  }

  listActive(): ChangeSummary[] {
    this.state.assertReadable();
    return this.index.listActive();
  }

  due(now: Date): ChangeSummary[] {
    this.state.assertReadable();
    return this.index.due(now);
  }

  ids(): string[] {
    this.state.assertReadable();
    return this.index.ids();
  }

  async close(): Promise<void> {
    if (this.state.current === 'new' || this.state.current === 'closed') {
      this.state.current = 'closed';
      return;
    }
    this.state.current = 'closing';
    await this.state.drain();
    this.state.current = 'closed';
  }
}
