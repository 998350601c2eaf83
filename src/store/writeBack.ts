import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ActiveChangesList } from './activeChangesList';
import { replaceWith, writeTempFile, type DurableFolder } from './durableFile';
import { hasWorkLeft } from './summary';
import type { StoredChange } from './types';
import type { WriteAheadJournal } from './writeAheadJournal';

/** A write that is durable in the journal and not yet in its change file. */
export interface JournaledWrite {
  stored: StoredChange;
  /** The change file's JSON, as the journal holds it: the write-back writes these very bytes. */
  text: string;
}

export interface WriteBackLogger {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Change files written at once by a write-back. */
const WRITE_CONCURRENCY = 4;

/**
 * Writes the change files from the journal, in the background, and deletes journal segments once the files
 * hold everything in them.
 *
 * A write-back runs when a segment was sealed (and at start, for the segments of the previous run). It takes
 * the sealed segments, then every write not yet in its file (a change written ten times since the last
 * write-back is written once, at its last version), writes each file durably as a write did before the
 * journal (temporary file, fsync, rename; the active-changes list first when the change has work left), fsyncs
 * the folder once, and only then deletes those segments. Crash windows: before the segments are deleted they
 * are replayed at the next start, over files that hold the old or the new version (replay keeps the higher
 * version, so a write-back that died halfway is simply done again); after, the files hold it all.
 */
export class WriteBack {
  private running?: Promise<void>;
  private again = false;

  constructor(
    private readonly deps: {
      changes: DurableFolder;
      pending: Map<string, JournaledWrite>;
      journal: WriteAheadJournal;
      activeList: () => ActiveChangesList;
      logger: WriteBackLogger;
      /** After a write-back put in place changes with no work left: the active list may be compacted. */
      settled: () => void;
    },
  ) {}

  /** Starts a write-back if segments wait for one; one already running is followed by another. */
  request(): void {
    if (this.deps.journal.sealedSegments().length === 0) return;
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Resolves when no write-back is running. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Seals the current segment and writes everything: at close, so that the journal is empty after it. */
  async finish(): Promise<void> {
    await this.idle();
    await this.deps.journal.sealCurrent();
    await this.writeBackOnce();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.writeBackOnce();
      } catch (error) {
        // The journal keeps the writes: they are replayed at start, and the next sealed segment retries.
        this.deps.logger.error(
          { err: error, code: (error as { code?: unknown }).code },
          'could not write the journal back to the change files; the journal keeps every write and will be retried',
        );
        return;
      }
    } while (this.again);
  }

  private async writeBackOnce(): Promise<void> {
    const { journal, pending, changes } = this.deps;
    const segments = journal.sealedSegments();
    if (segments.length === 0) return;
    // Every record of these segments is in `pending` (or already in its file): records join `pending` as soon
    // as their flush resolves, before a segment can be sealed.
    const writes = [...pending.values()];
    const queue = [...writes];
    let settled = false;
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (await this.writeFile(next)) settled = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, writes.length) }, worker));
    if (writes.length > 0) await changes.sync();
    for (const write of writes) {
      const id = write.stored.change.id;
      if (pending.get(id) === write) pending.delete(id); // a later write stays for the next write-back
    }
    if (settled) this.deps.settled();
    await journal.remove(segments);
    this.deps.logger.info(
      { files: writes.length, segments: segments.length },
      'journal written back to the change files',
    );
  }

  /** Returns true when the change has no work left (the active list may drop it). */
  private async writeFile(write: JournaledWrite): Promise<boolean> {
    const { change } = write.stored;
    const file = path.join(this.deps.changes.path, `${change.id}.json`);
    const workLeft = hasWorkLeft(change);
    const activeList = this.deps.activeList();
    const [temp, listed] = await Promise.allSettled([
      writeTempFile(file, write.text),
      workLeft ? activeList.ensureListed(change.id) : Promise.resolve(),
    ]);
    if (temp.status === 'rejected') throw temp.reason;
    if (listed.status === 'rejected') {
      await fs.rm(temp.value, { force: true });
      throw listed.reason;
    }
    await replaceWith(temp.value, file);
    if (!workLeft) activeList.markSettled(change.id);
    return !workLeft;
  }
}
