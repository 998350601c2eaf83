import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DurableFolder } from './durableFile';
import { encodeWrite, type Bases, type JournalWrite } from './journalDeltas';

/*
 * The write-ahead journal: DATA_DIR/journal/<sequence>.wal segments of records (journalRecords.ts). A write
 * is acknowledged once its record is appended to the current segment and fdatasync'd.
 *
 * Group commit, by flight: the first write on an idle journal is flushed at once (no timer, so one writer
 * waits for one fdatasync, no more); the writes that arrive while a flush is under way wait and share the
 * next one. Many writers thus share one flush instead of each paying write + fsync + rename + folder fsync.
 *
 * Segments. Each start appends to a new segment; a segment is sealed (appends go to a new one) once it holds
 * `rotateBytes`. Sealed segments are deleted by the write-back once the change files hold everything in
 * them (writeBack.ts). A segment is created (and its folder fsync'd) before the first record goes in, so a
 * record that was fdatasync'd can be found by name after a power loss.
 *
 * A write that fails (full disk) is cut off the file again, so that a refused write never comes back at the
 * next start; if even that fails, the segment is sealed and the next write starts a new one.
 *
 * What a record holds: a whole change or a delta of one (journalDeltas.ts).
 */

interface Waiting extends JournalWrite {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Segment {
  sequence: number;
  handle: fs.FileHandle;
  size: number;
  /** Per change, its last two whole records in this segment, oldest first. */
  bases: Bases;
}

/** Seal the current segment at this size: what a start may have to replay, and what a write-back writes. */
export const DEFAULT_ROTATE_BYTES = 8 * 1024 * 1024;

export function segmentName(sequence: number): string {
  return `${String(sequence).padStart(12, '0')}.wal`;
}

export function segmentSequence(name: string): number | undefined {
  const match = /^(\d{12})\.wal$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

export class WriteAheadJournal {
  private queue: Waiting[] = [];
  private flushing = false;
  private current?: Segment;
  private nextSequence: number;
  /** Segments no longer appended to, oldest first: what the next write-back may delete. */
  private readonly sealed: number[];
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly folder: DurableFolder,
    /** Segments left by earlier runs, oldest first: sealed (they are replayed, never appended to). */
    earlier: number[],
    private readonly rotateBytes: number,
    /** Told when a segment was sealed, so that a write-back can make it deletable. */
    private readonly onSealed: () => void,
    /** The highest segment number on disk, deletable or not: new segments are numbered after it. */
    lastOnDisk = 0,
  ) {
    this.sealed = [...earlier];
    this.nextSequence = Math.max(earlier.at(-1) ?? 0, lastOnDisk) + 1;
  }

  /**
   * Resolves once the record is durable (appended and fdatasync'd); rejects when the disk refused it.
   * `payload` is the change file's JSON; `change`, the change it holds (a delta may be written instead).
   */
  append(id: string, version: number, payload: string, change?: object): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        id,
        version,
        text: payload,
        ...(change === undefined ? {} : { fields: change as Record<string, unknown> }),
        resolve,
        reject,
      });
      if (!this.flushing) {
        this.flushing = true;
        void this.drain();
      }
    });
  }

  /** Sealed segments, oldest first. */
  sealedSegments(): number[] {
    return [...this.sealed];
  }

  /** Deletes sealed segments whose every record a durable write-back holds. */
  async remove(sequences: number[]): Promise<void> {
    for (const sequence of sequences) {
      await fs.rm(path.join(this.folder.path, segmentName(sequence)), { force: true });
      const index = this.sealed.indexOf(sequence);
      if (index !== -1) this.sealed.splice(index, 1);
    }
    if (sequences.length > 0) await this.folder.sync();
  }

  /** Seals the current segment (at close, so that a last write-back can empty the journal). */
  async sealCurrent(): Promise<void> {
    await this.idle();
    await this.seal();
  }

  /** Resolves when no flush is under way. */
  idle(): Promise<void> {
    if (!this.flushing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      await this.flush(batch);
      if (this.current !== undefined && this.current.size >= this.rotateBytes) {
        await this.seal().catch(() => undefined); // the next flush starts a new segment anyway
        this.onSealed();
      }
    }
    // Checked and cleared in the same tick as the last look at the queue: an append after this starts a drain.
    this.flushing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private async flush(batch: Waiting[]): Promise<void> {
    let segment: Segment | undefined;
    const staged: Bases = new Map();
    try {
      segment = this.current ?? (await this.startSegment());
      const records = batch.map((waiting) => encodeWrite(segment!.bases, staged, waiting));
      const data = records.length === 1 ? records[0]! : Buffer.concat(records);
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await segment.handle.write(
          data,
          written,
          data.length - written,
          segment.size + written,
        );
        written += bytesWritten;
      }
      await segment.handle.datasync();
      segment.size += data.length;
      for (const [id, bases] of staged) segment.bases.set(id, bases);
    } catch (error) {
      if (segment !== undefined) await this.cutBack(segment);
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    for (const waiting of batch) waiting.resolve();
  }

  /** After a failed append: the bytes past the last durable record go, or the segment is given up. */
  private async cutBack(segment: Segment): Promise<void> {
    try {
      await segment.handle.truncate(segment.size);
      await segment.handle.datasync();
    } catch {
      await this.seal().catch(() => undefined);
    }
  }

  private async startSegment(): Promise<Segment> {
    let sequence = this.nextSequence;
    let file = path.join(this.folder.path, segmentName(sequence));
    let handle: fs.FileHandle;
    for (;;) {
      try {
        handle = await fs.open(file, 'wx');
        break;
      } catch (error) {
        // A segment is never reopened: a name taken (another process on the folder, against the rules) is skipped.
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
        sequence += 1;
        file = path.join(this.folder.path, segmentName(sequence));
      }
    }
    try {
      await this.folder.sync(); // the name must outlive a power loss like the records put in it
    } catch (error) {
      await handle.close();
      await fs.rm(file, { force: true }).catch(() => undefined);
      throw error;
    }
    this.nextSequence = sequence + 1;
    this.current = { sequence, handle, size: 0, bases: new Map() };
    return this.current;
  }

  private async seal(): Promise<void> {
    const segment = this.current;
    if (segment === undefined) return;
    this.current = undefined;
    this.sealed.push(segment.sequence);
    await segment.handle.close();
  }

  async close(): Promise<void> {
    await this.idle();
    const segment = this.current;
    this.current = undefined;
    await segment?.handle.close();
  }
}
