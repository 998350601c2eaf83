import type { RestoreDrill, SnapshotTiming } from '../domain/drills';

/*
 * Records that are not changes, by kind. Both stores keep them as one JSON document each under
 * `conversations/` (named by a hash of the stored key), and the kind lives in the stored key's prefix: this
 * file is the one place that maps prefixes to collections, so the documents written before the collections
 * existed read as they are.
 */

/** The folder (JSON store) or blob prefix (Blob store) of the record documents; the name predates the kinds. */
export const RECORD_FOLDER = 'conversations';

/** One record of a kind: its key within the kind, its value, and when this value was written (ISO instant). */
export interface StoredRecord<T> {
  key: string;
  value: T;
  updatedAt: string;
}

/** The records of one kind: another kind's records are neither read, listed, overwritten nor deleted. */
export interface Collection<T> {
  get(key: string): Promise<StoredRecord<T> | undefined>;
  /** Durable once it resolves; the last writer wins (a record is a fact, not a state with a version). */
  put(key: string, value: T): Promise<void>;
  /** Deleting a record that is not there is fine. */
  delete(key: string): Promise<void>;
  /** Every readable record of the kind; one that cannot be read is set aside and left out. */
  list(): Promise<StoredRecord<T>[]>;
}

/** Where the bot posts proactively: the bot layer's conversation reference, opaque to the store. */
export type ConversationReferenceRecord = object;

/** The Teams user id (`29:…`) of a person known by Entra object id. */
export interface MemberRecord {
  userId: string;
  aadObjectId: string;
}

/** Whether a person wants the 1:1 personal notices (`notify off|on`). */
export interface NotifyPreference {
  notify: boolean;
}

/**
 * A confirmed e-mail subscriber of the status page, and nothing else about them (docs/subscriptions.md): no
 * record exists before the confirmation, so an address nobody confirmed is never stored.
 */
export interface SubscriberRecord {
  address: string;
  /** The services followed; empty: all of them. */
  services: string[];
  /** The language asked for (a code such as "en"). */
  language: string;
  /** When the confirmation was made (ISO instant): the consent. */
  consentAt: string;
  /** SHA-256 (hex) of the confirmation token that gave the consent. */
  tokenHash: string;
}

export interface RecordCollections {
  /** Keyed by conversation key (`channel:<id>`, `conversation:<id>`). */
  readonly references: Collection<ConversationReferenceRecord>;
  /** Keyed by Entra object id. */
  readonly members: Collection<MemberRecord>;
  /** Keyed by Entra object id. */
  readonly preferences: Collection<NotifyPreference>;
  /** Keyed by drill id. */
  readonly drills: Collection<RestoreDrill>;
  /** Keyed by change id. */
  readonly timings: Collection<SnapshotTiming>;
  /** Keyed by subscriberKey(address) (src/web/subscriptionToken.ts). */
  readonly subscribers: Collection<SubscriberRecord>;
}

/** The stored-key prefix of each kind; a key with none of them is a conversation reference. */
const PREFIXES = {
  members: 'member:',
  preferences: 'prefs:',
  drills: 'drill:',
  timings: 'snapshot-timing:',
  subscribers: 'subscriber:',
} as const;

/** A record document as both stores read and write it, whatever its kind. */
export interface RecordDocument {
  key: string;
  value: unknown;
  updatedAt: string;
}

/** What a store provides once for all the kinds: documents by stored key. */
export interface RecordStorage {
  put(key: string, value: unknown): Promise<void>;
  get(key: string): Promise<RecordDocument | undefined>;
  delete(key: string): Promise<void>;
  list(): Promise<RecordDocument[]>;
}

/**
 * Lists asked for in one go (the drills and the timings, loaded together) share one reading of the documents:
 * the blob names are hashes, so each listing reads every document of every kind. A list asked for later
 * starts its own reading, so it sees every write that completed before it was asked for.
 */
function sharedWithinTick(list: () => Promise<RecordDocument[]>): () => Promise<RecordDocument[]> {
  let pending: Promise<RecordDocument[]> | undefined;
  return () =>
    (pending ??= Promise.resolve().then(() => {
      pending = undefined;
      return list();
    }));
}

function isReferenceKey(storedKey: string): boolean {
  return Object.values(PREFIXES).every((prefix) => !storedKey.startsWith(prefix));
}

function prefixed<T>(storage: RecordStorage, prefix: string): Collection<T> {
  const typed = (document: RecordDocument): StoredRecord<T> => ({
    key: document.key.slice(prefix.length),
    value: document.value as T,
    updatedAt: document.updatedAt,
  });
  return {
    async get(key) {
      const document = await storage.get(prefix + key);
      return document && typed(document);
    },
    put: (key, value) => storage.put(prefix + key, value),
    delete: (key) => storage.delete(prefix + key),
    async list() {
      return (await storage.list()).filter((document) => document.key.startsWith(prefix)).map(typed);
    },
  };
}

/** References carry the conversation key as stored: a key another kind claims is refused, not shared. */
function references(storage: RecordStorage): Collection<ConversationReferenceRecord> {
  const refuse = (key: string): Error =>
    new Error(
      `${JSON.stringify(key)} cannot key a conversation reference: its prefix belongs to another kind.`,
    );
  const asReference = (document: RecordDocument): StoredRecord<ConversationReferenceRecord> => ({
    key: document.key,
    value: document.value as ConversationReferenceRecord,
    updatedAt: document.updatedAt,
  });
  return {
    async get(key) {
      if (!isReferenceKey(key)) return undefined;
      const document = await storage.get(key);
      return document && asReference(document);
    },
    async put(key, value) {
      if (!isReferenceKey(key)) throw refuse(key);
      await storage.put(key, value);
    },
    async delete(key) {
      if (!isReferenceKey(key)) throw refuse(key);
      await storage.delete(key);
    },
    async list() {
      return (await storage.list()).filter((document) => isReferenceKey(document.key)).map(asReference);
    },
  };
}

export function recordCollections(documents: RecordStorage): RecordCollections {
  const storage: RecordStorage = {
    put: (key, value) => documents.put(key, value),
    get: (key) => documents.get(key),
    delete: (key) => documents.delete(key),
    list: sharedWithinTick(() => documents.list()),
  };
  return {
    references: references(storage),
    members: prefixed<MemberRecord>(storage, PREFIXES.members),
    preferences: prefixed<NotifyPreference>(storage, PREFIXES.preferences),
    drills: prefixed<RestoreDrill>(storage, PREFIXES.drills),
    timings: prefixed<SnapshotTiming>(storage, PREFIXES.timings),
    subscribers: prefixed<SubscriberRecord>(storage, PREFIXES.subscribers),
  };
}

/** A store's collections over its record storage, each call run through the store's own bookkeeping. */
export function collectionsThrough(
  track: <T>(work: () => Promise<T>) => Promise<T>,
  storage: () => RecordStorage,
): RecordCollections {
  return recordCollections({
    put: (key, value) => track(() => storage().put(key, value)),
    get: (key) => track(() => storage().get(key)),
    delete: (key) => track(() => storage().delete(key)),
    list: () => track(() => storage().list()),
  });
}

/** Every record of every kind as stored (stored key, value, update time): what a copy to another store takes. */
export async function everyRecord(collections: RecordCollections): Promise<RecordDocument[]> {
  const kinds = Object.keys(PREFIXES) as (keyof typeof PREFIXES)[];
  const [references, ...prefixed] = await Promise.all([
    collections.references.list(),
    ...kinds.map((kind): Promise<StoredRecord<unknown>[]> => collections[kind].list()),
  ]);
  return [
    ...references!,
    ...kinds.flatMap((kind, at) =>
      prefixed[at]!.map((record) => ({ ...record, key: PREFIXES[kind] + record.key })),
    ),
  ];
}
