import type { ContainerClient } from '@azure/storage-blob';
import { parseChangeId } from '../changeIds';
import { decodeChangeFile, encodeChangeFile } from '../changeFile';
import type { ChangeSchema } from '../migrations';
import { hasWorkLeft } from '../summary';
import type { StoredChange } from '../types';
import { isConditionFailed, readBlobText, statusOf, writeBlobText } from './blobIo';

/*
 * Change blobs: `changes/<id>.json`, the change file's document, with the index tags work=1|0 and version=N
 * set by the same Put Blob (see blobStore.ts for why tags).
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
