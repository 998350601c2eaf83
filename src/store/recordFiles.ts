import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode, replaceWith, writeTempFile, type DurableFolder } from './durableFile';
import type { RecordDocument } from './records';
import { StoreCorruptError } from './types';

/** Schema version of a stored record document; bump it with a migration when the shape changes. */
export const RECORD_SCHEMA_VERSION = 1;

/** Keys are arbitrary (Teams conversation ids hold `;`, `:` and `@`): the document is named by their hash. */
const FILE_NAME = /^[0-9a-f]{64}\.json$/;

export function recordFileName(key: string): string {
  return `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`;
}

/** The document's text, in both stores. Its value is stored as `reference`: the name of its first kind. */
export function encodeRecordDocument(document: RecordDocument): string {
  const { key, value, updatedAt } = document;
  return JSON.stringify({ schemaVersion: RECORD_SCHEMA_VERSION, key, reference: value, updatedAt });
}

/** Reads a document's text; `where` names the file or blob in the error an unreadable one throws. */
export function decodeRecordDocument(where: string, text: string, container = 'file'): RecordDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreCorruptError(
      where,
      text.length === 0 ? `the ${container} is empty` : 'it is not valid JSON',
    );
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (record.schemaVersion !== RECORD_SCHEMA_VERSION) {
    throw new StoreCorruptError(
      where,
      `unknown schema version ${JSON.stringify(record.schemaVersion)}; this bot reads version ${RECORD_SCHEMA_VERSION}`,
    );
  }
  if (typeof record.key !== 'string' || typeof record.updatedAt !== 'string' || !('reference' in record)) {
    throw new StoreCorruptError(where, 'it lacks its key, reference or update time');
  }
  return { key: record.key, value: record.reference, updatedAt: record.updatedAt };
}

/** The document found under a key's name must be that key's (a hash names it). */
export function checkKey(where: string, key: string, document: RecordDocument | undefined): void {
  if (document !== undefined && document.key !== key) {
    throw new StoreCorruptError(
      where,
      `it holds the key ${JSON.stringify(document.key)} instead of the one asked`,
    );
  }
}

/** One JSON file per record, written durably like the changes. */
export class RecordFiles {
  constructor(private readonly folder: DurableFolder) {}

  async put(document: RecordDocument): Promise<void> {
    const file = this.pathOf(document.key);
    await replaceWith(await writeTempFile(file, encodeRecordDocument(document)), file);
    await this.folder.sync();
  }

  async get(key: string): Promise<RecordDocument | undefined> {
    const file = this.pathOf(key);
    const document = await readRecordFile(file);
    checkKey(file, key, document);
    return document;
  }

  async delete(key: string): Promise<void> {
    try {
      await fs.unlink(this.pathOf(key));
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw error;
    }
    await this.folder.sync();
  }

  /** Every readable record; each file that cannot be read goes to `onUnreadable` and is skipped. */
  async list(onUnreadable: (error: StoreCorruptError) => void): Promise<RecordDocument[]> {
    const names = (await fs.readdir(this.folder.path)).filter((name) => FILE_NAME.test(name)).sort();
    const found = await Promise.all(
      names.map((name) =>
        readRecordFile(path.join(this.folder.path, name)).catch((error: unknown) => {
          if (!(error instanceof StoreCorruptError)) throw error;
          onUnreadable(error);
          return undefined;
        }),
      ),
    );
    return found.filter((document) => document !== undefined);
  }

  pathOf(key: string): string {
    return path.join(this.folder.path, recordFileName(key));
  }
}

async function readRecordFile(file: string): Promise<RecordDocument | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return undefined; // deleted meanwhile
    throw new StoreCorruptError(
      file,
      `reading failed: ${(error as { code?: string }).code ?? String(error)}`,
    );
  }
  return decodeRecordDocument(file, text);
}
