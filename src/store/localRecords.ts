import type { RecordFiles } from './recordFiles';
import { KeyedMutex } from './keyedMutex';
import type { Quarantine } from './quarantine';
import type { RecordDocument, RecordStorage } from './records';
import { StoreCorruptError } from './types';
import type { WriteOutcomes } from './writeOutcomes';

/**
 * The record documents of the JSON store: one file each, written durably (temporary file, fsync, rename,
 * folder fsync) before the promise resolves; rare writes, so they do not go through the write-ahead journal.
 */
export class LocalRecords implements RecordStorage {
  private readonly locks = new KeyedMutex();

  constructor(
    private readonly files: RecordFiles,
    private readonly quarantine: Quarantine,
    private readonly outcomes: WriteOutcomes,
    private readonly clock: () => Date,
  ) {}

  put(key: string, value: unknown): Promise<void> {
    return this.locks.run(key, async () => {
      if (value === undefined) throw new Error(`The record ${key} is undefined.`);
      const document: RecordDocument = { key, value, updatedAt: this.clock().toISOString() };
      // A damaged record file is never overwritten: the operator decides (restore or remove it).
      if (this.quarantine.has(this.files.pathOf(key))) await this.read(key);
      await this.outcomes.writing(this.files.pathOf(key), () => this.files.put(document));
    });
  }

  /** A record whose file cannot be read is set aside and reads as absent (for a reference: the bot cannot post there). */
  get(key: string): Promise<RecordDocument | undefined> {
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

  list(): Promise<RecordDocument[]> {
    return this.files.list((error) => this.quarantine.setAside(error, 'record'));
  }

  private async read(key: string): Promise<RecordDocument | undefined> {
    try {
      const document = await this.files.get(key);
      this.quarantine.release(this.files.pathOf(key));
      return document;
    } catch (error) {
      if (error instanceof StoreCorruptError) this.quarantine.setAside(error, 'record', key);
      throw error;
    }
  }
}
