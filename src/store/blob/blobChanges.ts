import type { ContainerClient } from '@azure/storage-blob';
import { parseChangeId } from '../changeIds';
import { decodeChangeFile, encodeChangeFile } from '../changeFile';
import type { ChangeSchema } from '../migrations';
import { hasWorkLeft } from '../summary';
import type { StoredChange } from '../types';
import { isConditionFailed, readBlobText, statusOf, writeBlobText } from './blobIo';

/*
 * Change blobs: `changes/<id>.json`, the change file's document, with the index tags work=1|0 and version=N.
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
 */

const CHANGES = 'changes/';
/** The changes with work left, as the tag index knows them. */
export const ACTIVE_QUERY = `work='1' AND version>='0'`;

export interface ReadChange {
  stored: StoredChange;
  /** The condition of the next write. */
  etag: string;
}

export function changeBlobName(id: string): string {
  return `${CHANGES}${id}.json`;
}

export function idOfName(name: string): string | undefined {
  if (!name.startsWith(CHANGES) || !name.endsWith('.json')) return undefined;
  const id = name.slice(CHANGES.length, -'.json'.length);
  return parseChangeId(id) === undefined ? undefined : id;
}

export class BlobChanges {
  constructor(
    private readonly container: ContainerClient,
    private readonly changeSchema: ChangeSchema,
  ) {}

  /** Every change id in the container: one listing (ids and the next number, at start). */
  async *ids(): AsyncGenerator<string> {
    for await (const blob of this.container.listBlobsFlat({ prefix: CHANGES })) {
      const id = idOfName(blob.name);
      if (id !== undefined) yield id;
    }
  }

  /** The ids the tag index lists as having work left, with the version their tag names (NaN when odd). */
  async withWork(): Promise<Map<string, number>> {
    const listed = new Map<string, number>();
    for await (const found of this.container.findBlobsByTags(ACTIVE_QUERY)) {
      const id = idOfName(found.name);
      if (id !== undefined) listed.set(id, Number(found.tags?.version ?? NaN));
    }
    return listed;
  }

  async read(id: string): Promise<ReadChange | undefined> {
    const name = changeBlobName(id);
    const read = await readBlobText(this.container.getBlockBlobClient(name));
    if (read === undefined) return undefined;
    const where = `${this.container.url}/${name}`;
    return { stored: decodeChangeFile(where, id, read.text, this.changeSchema), etag: read.etag };
  }

  /** One conditional Put Blob of a change with its index tags; undefined when the condition failed. */
  async write(
    stored: StoredChange,
    condition: { ifMatch: string } | { ifNoneMatch: '*' },
  ): Promise<string | undefined> {
    const tags = { work: hasWorkLeft(stored.change) ? '1' : '0', version: String(stored.version) };
    const blob = this.container.getBlockBlobClient(changeBlobName(stored.change.id));
    try {
      return await writeBlobText(blob, encodeChangeFile(stored), condition, tags);
    } catch (error) {
      if (isConditionFailed(error)) return undefined;
      throw error;
    }
  }
}

/** A refused sign-in or a missing role says what to fix; anything else passes unchanged. */
export function explainAccess(error: unknown, container: ContainerClient): unknown {
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
