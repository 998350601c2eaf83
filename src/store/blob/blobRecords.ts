import type { ContainerClient } from '@azure/storage-blob';
import { compare } from '../changeIndex';
import { forEachLimited } from '../forEachLimited';
import { checkKey, decodeRecordDocument, encodeRecordDocument, recordFileName } from '../recordFiles';
import { RECORD_FOLDER, type RecordDocument, type RecordStorage } from '../records';
import { readBlobText, writeBlobText } from './blobIo';

const PREFIX = `${RECORD_FOLDER}/`;
const READ_CONCURRENCY = 16;

/** Teams conversation ids hold `;`, `:` and `@`: the blob is named by the key's hash, as the file on disk. */
export function recordBlobName(key: string): string {
  return `${PREFIX}${recordFileName(key)}`;
}

/** The record documents of the Blob store: the same documents the JSON store writes, one blob each. */
export class BlobRecords implements RecordStorage {
  constructor(
    private readonly container: ContainerClient,
    private readonly clock: () => Date,
  ) {}

  async put(key: string, value: unknown): Promise<void> {
    if (value === undefined) throw new Error(`The record ${key} is undefined.`);
    const text = encodeRecordDocument({ key, value, updatedAt: this.clock().toISOString() });
    // Last writer wins, as on disk: a record is a fact (where a conversation lives, a person's id), not a state.
    await writeBlobText(this.container.getBlockBlobClient(recordBlobName(key)), text, undefined);
  }

  async get(key: string): Promise<RecordDocument | undefined> {
    const name = recordBlobName(key);
    const document = await this.read(name);
    checkKey(this.where(name), key, document);
    return document;
  }

  async delete(key: string): Promise<void> {
    await this.container.getBlockBlobClient(recordBlobName(key)).deleteIfExists();
  }

  async list(): Promise<RecordDocument[]> {
    const names: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: PREFIX })) names.push(blob.name);
    const found: RecordDocument[] = [];
    await forEachLimited(names.sort(), READ_CONCURRENCY, async (name) => {
      const document = await this.read(name);
      if (document !== undefined) found.push(document);
    });
    return found.sort((a, b) => compare(recordBlobName(a.key), recordBlobName(b.key)));
  }

  private async read(name: string): Promise<RecordDocument | undefined> {
    const read = await readBlobText(this.container.getBlockBlobClient(name));
    return read === undefined ? undefined : decodeRecordDocument(this.where(name), read.text, 'blob');
  }

  private where(name: string): string {
    return `${this.container.url}/${name}`;
  }
}
