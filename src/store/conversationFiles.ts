import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode, replaceWith, writeTempFile, type DurableFolder } from './durableFile';
import { StoreCorruptError, type StoredConversation } from './types';

/** Schema version of a stored conversation reference; bump it with a migration when the shape changes. */
export const CONVERSATION_SCHEMA_VERSION = 1;

/** Keys are arbitrary (Teams conversation ids hold `;`, `:` and `@`): the file is named by their hash. */
const FILE_NAME = /^[0-9a-f]{64}\.json$/;

export function conversationFileName(key: string): string {
  return `${createHash('sha256').update(key, 'utf8').digest('hex')}.json`;
}

/** One JSON file per conversation reference, written durably like the changes. */
export class ConversationFiles {
  constructor(private readonly folder: DurableFolder) {}

  async put(conversation: StoredConversation): Promise<void> {
    const file = this.pathOf(conversation.key);
    const text = JSON.stringify({ schemaVersion: CONVERSATION_SCHEMA_VERSION, ...conversation });
    await replaceWith(await writeTempFile(file, text), file);
    await this.folder.sync();
  }

  async get(key: string): Promise<StoredConversation | undefined> {
    const file = this.pathOf(key);
    const conversation = await readConversation(file);
    if (conversation !== undefined && conversation.key !== key) {
      throw new StoreCorruptError(
        file,
        `it holds the key ${JSON.stringify(conversation.key)} instead of the one asked`,
      );
    }
    return conversation;
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

  /** Every readable reference; each file that cannot be read goes to `onUnreadable` and is skipped. */
  async list(onUnreadable: (error: StoreCorruptError) => void): Promise<StoredConversation[]> {
    const names = (await fs.readdir(this.folder.path)).filter((name) => FILE_NAME.test(name)).sort();
    const found = await Promise.all(
      names.map((name) =>
        readConversation(path.join(this.folder.path, name)).catch((error: unknown) => {
          if (!(error instanceof StoreCorruptError)) throw error;
          onUnreadable(error);
          return undefined;
        }),
      ),
    );
    return found.filter((conversation) => conversation !== undefined);
  }

  pathOf(key: string): string {
    return path.join(this.folder.path, conversationFileName(key));
  }
}

async function readConversation(file: string): Promise<StoredConversation | undefined> {
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreCorruptError(file, text.length === 0 ? 'the file is empty' : 'it is not valid JSON');
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (record.schemaVersion !== CONVERSATION_SCHEMA_VERSION) {
    throw new StoreCorruptError(
      file,
      `unknown schema version ${JSON.stringify(record.schemaVersion)}; this bot reads version ${CONVERSATION_SCHEMA_VERSION}`,
    );
  }
  if (typeof record.key !== 'string' || typeof record.updatedAt !== 'string' || !('reference' in record)) {
    throw new StoreCorruptError(file, 'it lacks its key, reference or update time');
  }
  return { key: record.key, reference: record.reference, updatedAt: record.updatedAt };
}
