/*
 * The change store on Azure Blob Storage, shared by every instance of the bot.
 *
 * Layout in the container (the documents are the very ones the JSON store writes on disk):
 *   changes/CHG-2026-007.json      {"schemaVersion":1,"version":12,"change":{...}}, tags work=1|0, version=12
 *   conversations/<sha256>.json    {"schemaVersion":1,"key":...,"reference":...,"updatedAt":...}
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
 * The active index: blob index tags, chosen over an index blob. Each change blob carries the tags work=1|0 and
 * version=N, set by the same Put Blob that writes the document, so the index can never disagree with a
 * change through a crash between two writes, and a write costs one request. refresh() asks Find Blobs by Tags
 * for work='1' (one request per 5,000 active changes, never a listing of the container) and reads only the
 * changes whose version moved. An index blob would need a second conditional write for changes entering or
 * leaving it, and removing a settled id races with another instance bringing the change back to life.
 * The costs: Azure's tag index is eventually consistent (a write by another instance may show a moment late;
 * this instance's own writes are known at once, and an id missing from an answer is re-read, not dropped
 * blindly), and Find Blobs by Tags needs blobs/filter/action (see deploy/azure: a small role beside
 * Storage Blob Data Contributor). Accounts with a hierarchical namespace (Data Lake Gen2) have no blob index
 * tags: use a plain StorageV2 account.
 *
 * Azurite 3.37 (the tests' Blob endpoint) answers a tag query from the first 5,000 blobs of the container by
 * name only, without a continuation token (FilterBlobPage.fill): with more blobs than that, active changes
 * further on are missed there. Azure pages through the whole index. The tests stay under that size.
 *
 * Start reads the names of every change (one listing at start, for ids and the next number) and the active
 * ones through the tag index; a tick then costs one tag query plus one read per change written elsewhere.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { createHash } from 'node:crypto';
import { isFinal, type Change } from '../../domain/change';
import { formatChangeId, parseChangeId } from '../changeIds';
import { decodeChangeFile, encodeChangeFile } from '../changeFile';
import { CURRENT_CHANGE_SCHEMA, type ChangeSchema } from '../migrations';
import { CONVERSATION_SCHEMA_VERSION } from '../conversationFiles';
import { KeyedMutex } from '../keyedMutex';
import { hasWorkLeft, summarize } from '../summary';
import {
  StaleWriteError,
  StoreCorruptError,
  WriteConflictError,
  type ChangeStore,
  type ChangeSummary,
  type StoredChange,
  type StoredConversation,
} from '../types';
import type { StoreLogger } from '../jsonStore';
import { isConditionFailed, readBlobText, statusOf, writeBlobText, type BlobText } from './blobIo';
import { forEachLimited } from '../forEachLimited';

export interface BlobStoreOptions {
  container: ContainerClient;
  logger?: StoreLogger;
  /** Stamps conversation references; the system clock by default. */
  clock?: () => Date;
  /** Creates the container when it is missing (tests, first start); Bicep creates it in production. */
  createContainer?: boolean;
  /** How older stored changes are migrated when read; CURRENT_CHANGE_SCHEMA by default. */
  changeSchema?: ChangeSchema;
}

const CHANGES = 'changes/';
const CONVERSATIONS = 'conversations/';
const ACTIVE_QUERY = `work='1' AND version>='0'`;
const READ_CONCURRENCY = 16;

const silentLogger: StoreLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createBlobStore(options: BlobStoreOptions): ChangeStore {
  return new BlobStore(options);
}

interface Known {
  version: number;
  etag: string;
}

interface IndexEntry {
  summary: ChangeSummary;
  dueMs?: number;
}

class BlobStore implements ChangeStore {
  private readonly container: ContainerClient;
  private readonly logger: StoreLogger;
  private readonly clock: () => Date;
  private readonly createContainer: boolean;
  private readonly changeSchema: ChangeSchema;
  private state: 'new' | 'open' | 'closing' | 'closed' = 'new';
  private readonly locks = new KeyedMutex();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly allIds = new Set<string>();
  private readonly highestNumber = new Map<number, number>();
  /** The version and ETag this instance last saw of each change it read or wrote. */
  private readonly known = new Map<string, Known>();
  /** Changes with work left, by id. */
  private readonly index = new Map<string, IndexEntry>();

  constructor(options: BlobStoreOptions) {
    this.container = options.container;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? (() => new Date());
    this.createContainer = options.createContainer ?? false;
    this.changeSchema = options.changeSchema ?? CURRENT_CHANGE_SCHEMA;
  }

  async open(): Promise<void> {
    if (this.state !== 'new')
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
      for await (const blob of this.container.listBlobsFlat({ prefix: CHANGES })) {
        const id = idOfName(blob.name);
        if (id !== undefined) this.noteId(id);
      }
    } catch (error) {
      this.state = 'closed';
      throw explainAccess(error, this.container);
    }
    this.state = 'open';
    try {
      await this.refresh();
    } catch (error) {
      this.state = 'closed';
      throw explainAccess(error, this.container);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    this.logger.info(
      {
        container: this.container.containerName,
        changes: this.allIds.size,
        withWorkLeft: this.index.size,
        ms: Math.round(ms),
      },
      'change store opened (Azure Blob Storage)',
    );
  }

  /** Catches up with the other instances: one tag query, then a read of each change whose version moved. */
  refresh(): Promise<void> {
    return this.track(async () => {
      const listed = new Map<string, number>();
      for await (const found of this.container.findBlobsByTags(ACTIVE_QUERY)) {
        const id = idOfName(found.name);
        if (id === undefined) continue;
        listed.set(id, Number(found.tags?.version ?? NaN));
      }
      const toRead: string[] = [];
      for (const [id, version] of listed) {
        this.noteId(id);
        const known = this.known.get(id)?.version;
        // A missing or odd version tag: read the change rather than trust the cache.
        if (known === undefined || !(version <= known) || !this.index.has(id)) toRead.push(id);
      }
      // Left the tag index: settled by another instance, or a write the eventually consistent index has not
      // caught up with. The blob itself says which.
      for (const id of this.index.keys()) if (!listed.has(id)) toRead.push(id);
      await forEachLimited(toRead, READ_CONCURRENCY, async (id) => {
        const read = await this.readChange(id);
        if (read === undefined) this.forget(id);
        else this.remember(read.stored, read.etag);
      });
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
          const etag = await this.locks.run(id, () => this.writeChange(stored, { ifNoneMatch: '*' }));
          this.noteId(id);
          if (etag !== undefined) {
            this.remember(stored, etag);
            return stored;
          }
          this.logger.warn({ changeId: id }, 'change id taken by another instance; allocating the next one');
        }
      }),
    );
  }

  get(id: string): Promise<StoredChange | undefined> {
    return this.track(async () => {
      if (parseChangeId(id) === undefined) return undefined;
      const read = await this.readChange(id);
      if (read !== undefined) this.remember(read.stored, read.etag);
      return read?.stored;
    });
  }

  save(change: Change, expectedVersion: number): Promise<StoredChange> {
    return this.track(() =>
      this.locks.run(change.id, async () => {
        if (parseChangeId(change.id) === undefined) {
          throw new Error(`Cannot save a change with the malformed id ${JSON.stringify(change.id)}.`);
        }
        const current = await this.readChange(change.id);
        if (current === undefined)
          throw new Error(`Change ${change.id} is not stored; store it with create().`);
        if (current.stored.version !== expectedVersion) {
          throw new StaleWriteError(change.id, expectedVersion, current.stored.version);
        }
        const stored: StoredChange = { change, version: expectedVersion + 1 };
        const etag = await this.writeChange(stored, { ifMatch: current.etag });
        if (etag === undefined) {
          // Written by another instance between the read and the write.
          const now = await this.readChange(change.id);
          throw new StaleWriteError(change.id, expectedVersion, now?.stored.version ?? expectedVersion + 1);
        }
        this.remember(stored, etag);
        return stored;
      }),
    );
  }

  update(id: string, transform: (current: Change) => Change | undefined): Promise<StoredChange | undefined> {
    return this.track(() =>
      this.locks.run(id, async () => {
        if (parseChangeId(id) === undefined) return undefined;
        for (let run = 1; ; run += 1) {
          const current = await this.readChange(id);
          if (current === undefined) return undefined;
          this.remember(current.stored, current.etag);
          const next = transform(current.stored.change);
          if (next === undefined) return current.stored;
          if (next.id !== id)
            throw new Error(`update() of ${id} returned change ${next.id}; ids never change.`);
          const stored: StoredChange = { change: next, version: current.stored.version + 1 };
          const etag = await this.writeChange(stored, { ifMatch: current.etag });
          if (etag !== undefined) {
            this.remember(stored, etag);
            return stored;
          }
          this.logger.warn({ changeId: id, run }, 'change written by another instance meanwhile (412)');
          if (run >= 2) throw new WriteConflictError(id);
        }
      }),
    );
  }

  listActive(): ChangeSummary[] {
    this.assertReadable();
    const active: ChangeSummary[] = [];
    for (const { summary } of this.index.values()) {
      if (!isFinal(summary.status)) active.push(copy(summary));
    }
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
    return this.track(async () => {
      if (reference === undefined) throw new Error(`The conversation reference for ${key} is undefined.`);
      const conversation: StoredConversation = { key, reference, updatedAt: this.clock().toISOString() };
      const text = JSON.stringify({ schemaVersion: CONVERSATION_SCHEMA_VERSION, ...conversation });
      // Last writer wins, as on disk: a reference is a fact about where the conversation lives, not a state.
      await writeBlobText(this.conversationBlob(key), text, undefined);
    });
  }

  getConversation(key: string): Promise<StoredConversation | undefined> {
    return this.track(async () => {
      const name = conversationName(key);
      const conversation = await this.readConversation(name);
      if (conversation !== undefined && conversation.key !== key) {
        throw new StoreCorruptError(
          this.where(name),
          `it holds the key ${JSON.stringify(conversation.key)} instead of the one asked`,
        );
      }
      return conversation;
    });
  }

  deleteConversation(key: string): Promise<void> {
    return this.track(async () => {
      await this.conversationBlob(key).deleteIfExists();
    });
  }

  listConversations(): Promise<StoredConversation[]> {
    return this.track(async () => {
      const names: string[] = [];
      for await (const blob of this.container.listBlobsFlat({ prefix: CONVERSATIONS })) names.push(blob.name);
      const found: StoredConversation[] = [];
      await forEachLimited(names.sort(), READ_CONCURRENCY, async (name) => {
        const conversation = await this.readConversation(name);
        if (conversation !== undefined) found.push(conversation);
      });
      return found.sort((a, b) => compare(conversationName(a.key), conversationName(b.key)));
    });
  }

  async close(): Promise<void> {
    if (this.state === 'new' || this.state === 'closed') {
      this.state = 'closed';
      return;
    }
    this.state = 'closing';
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    this.state = 'closed';
  }

  /** One conditional Put Blob of a change with its index tags; undefined when the condition failed. */
  private async writeChange(stored: StoredChange, condition: { ifMatch: string } | { ifNoneMatch: '*' }) {
    const tags = { work: hasWorkLeft(stored.change) ? '1' : '0', version: String(stored.version) };
    try {
      return await writeBlobText(
        this.changeBlob(stored.change.id),
        encodeChangeFile(stored),
        condition,
        tags,
      );
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }

  private async readChange(id: string): Promise<{ stored: StoredChange; etag: string } | undefined> {
    const name = `${CHANGES}${id}.json`;
    const read: BlobText | undefined = await readBlobText(this.container.getBlockBlobClient(name));
    if (read === undefined) return undefined;
    return { stored: decodeChangeFile(this.where(name), id, read.text, this.changeSchema), etag: read.etag };
  }

  private async readConversation(name: string): Promise<StoredConversation | undefined> {
    const read = await readBlobText(this.container.getBlockBlobClient(name));
    if (read === undefined) return undefined;
    const where = this.where(name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.text);
    } catch {
      throw new StoreCorruptError(
        where,
        read.text.length === 0 ? 'the blob is empty' : 'it is not valid JSON',
      );
    }
    const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (record.schemaVersion !== CONVERSATION_SCHEMA_VERSION) {
      throw new StoreCorruptError(
        where,
        `unknown schema version ${JSON.stringify(record.schemaVersion)}; this bot reads version ${CONVERSATION_SCHEMA_VERSION}`,
      );
    }
    if (typeof record.key !== 'string' || typeof record.updatedAt !== 'string' || !('reference' in record)) {
      throw new StoreCorruptError(where, 'it lacks its key, reference or update time');
    }
    return { key: record.key, reference: record.reference, updatedAt: record.updatedAt };
  }

  /** Keeps the index in step with a version read or written; never goes back to an older version. */
  private remember(stored: StoredChange, etag: string): void {
    const { change, version } = stored;
    const known = this.known.get(change.id);
    if (known !== undefined && known.version > version) return;
    this.known.set(change.id, { version, etag });
    this.noteId(change.id);
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

  private forget(id: string): void {
    this.index.delete(id);
    this.known.delete(id);
  }

  private noteId(id: string): void {
    const parsed = parseChangeId(id);
    if (parsed === undefined) return;
    this.allIds.add(id);
    this.highestNumber.set(parsed.year, Math.max(this.highestNumber.get(parsed.year) ?? 0, parsed.number));
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

  private assertReadable(): void {
    if (this.state !== 'open' && this.state !== 'closing') {
      throw new Error(`The change store is ${this.state}; open() it before use.`);
    }
  }

  private changeBlob(id: string) {
    return this.container.getBlockBlobClient(`${CHANGES}${id}.json`);
  }

  private conversationBlob(key: string) {
    return this.container.getBlockBlobClient(conversationName(key));
  }

  private where(name: string): string {
    return `${this.container.url}/${name}`;
  }
}

/** Teams conversation ids hold `;`, `:` and `@`: the blob is named by the key's hash, as the file on disk. */
export function conversationName(key: string): string {
  return `${CONVERSATIONS}${createHash('sha256').update(key, 'utf8').digest('hex')}.json`;
}

function idOfName(name: string): string | undefined {
  if (!name.startsWith(CHANGES) || !name.endsWith('.json')) return undefined;
  const id = name.slice(CHANGES.length, -'.json'.length);
  return parseChangeId(id) === undefined ? undefined : id;
}

/** A refused sign-in or a missing role says what to fix; anything else passes unchanged. */
function explainAccess(error: unknown, container: ContainerClient): unknown {
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new Error(
      `Azure Blob Storage refused access to the container "${container.containerName}" (${status}). ` +
        "Give the bot's managed identity the Storage Blob Data Contributor role and the blob index role on the " +
        'storage account (deploy/azure does), or check the key in AZURE_STORAGE_CONNECTION_STRING.',
    );
  }
  return error;
}

function copy(summary: ChangeSummary): ChangeSummary {
  return { ...summary, window: { ...summary.window } };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
