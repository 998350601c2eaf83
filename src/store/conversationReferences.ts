import type { ConversationFiles } from './conversationFiles';
import { KeyedMutex } from './keyedMutex';
import type { Quarantine } from './quarantine';
import { StoreCorruptError, type StoredConversation } from './types';
import type { WriteOutcomes } from './writeOutcomes';

/**
 * Conversation references of the JSON store: one file each, written durably (temporary file, fsync, rename,
 * folder fsync) before the promise resolves; rare writes, so they do not go through the journal.
 */
export class ConversationReferences {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly files: ConversationFiles,
    private readonly quarantine: Quarantine,
    private readonly outcomes: WriteOutcomes,
    private readonly clock: () => Date,
  ) {}

  put(key: string, reference: unknown): Promise<void> {
    return this.locks.run(key, async () => {
      if (reference === undefined) throw new Error(`The conversation reference for ${key} is undefined.`);
      const conversation: StoredConversation = { key, reference, updatedAt: this.clock().toISOString() };
      // A damaged reference file is never overwritten: the operator decides (restore or remove it).
      if (this.quarantine.has(this.files.pathOf(key))) await this.read(key);
      await this.outcomes.writing(this.files.pathOf(key), () => this.files.put(conversation));
    });
  }

  /** A reference whose file cannot be read is set aside and reads as absent (the bot cannot post there). */
  get(key: string): Promise<StoredConversation | undefined> {
    return this.read(key).catch((error: unknown) => {
      if (error instanceof StoreCorruptError) return undefined;
      throw error;
    });
  }

  delete(key: string): Promise<void> {
    return this.locks.run(key, () =>
      this.outcomes.writing(this.files.pathOf(key), () => this.files.delete(key)),
    );
  }

  list(): Promise<StoredConversation[]> {
    return this.files.list((error) => this.quarantine.setAside(error, 'conversation'));
  }

  private async read(key: string): Promise<StoredConversation | undefined> {
    try {
      const conversation = await this.files.get(key);
      this.quarantine.release(this.files.pathOf(key));
      return conversation;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.quarantine.setAside(error, 'conversation', key);
      throw error;
    }
  }
}
