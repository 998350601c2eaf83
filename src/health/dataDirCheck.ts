import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ChangeStore } from '../store/types';
import type { ReadinessCheck } from './readiness';

/** One fixed name, so that a probe cut short by a crash is overwritten by the next one instead of piling up. */
export const PROBE_FILE = '.readyz-probe';

/**
 * Room kept free beyond twice the largest record: the active-changes list, conversation references, the
 * .eml outbox and the file system's own blocks. A checkpoint writes a change file next to its journal
 * record (temporary file, then rename), hence twice the record.
 */
export const ROOM_MARGIN_BYTES = 64 * 1024;

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
}

function kib(bytes: number): string {
  return `${Math.max(0, Math.floor(bytes / 1024))} KiB`;
}

/** What the next writes need: twice the largest record the store wrote or read, plus the margin. */
export function roomNeeded(largestWrite: number): number {
  return 2 * largestWrite + ROOM_MARGIN_BYTES;
}

/**
 * `dataDir`: DATA_DIR takes the next writes.
 * - A small file is written, fsync'd and removed, as the store's writes are: a read-only or lost volume
 *   fails here before a user's press does.
 * - The free space (statfs) is at least what the next writes need (roomNeeded): a probe of 50 bytes would
 *   pass on a disk with 4 KB left while every ~6 KB press is refused.
 * - The last real write of the store was not refused (its writeFailure()): failing while the disk still
 *   refuses, degraded once the probe and the room say it would take writes again (the next write clears it).
 * Each state clears by itself once space is back.
 */
export function dataDirWritable(dataDir: string, store?: ChangeStore): ReadinessCheck {
  const probe = path.join(dataDir, PROBE_FILE);
  return {
    name: 'dataDir',
    async run() {
      let step = 'open';
      try {
        const handle = await fs.open(probe, 'w');
        try {
          step = 'write';
          await handle.writeFile(`readiness probe ${new Date().toISOString()}\n`);
          step = 'fsync';
          await handle.sync();
        } finally {
          await handle.close();
        }
        step = 'remove';
        await fs.rm(probe, { force: true });
      } catch (error) {
        await fs.rm(probe, { force: true }).catch(() => undefined);
        return {
          state: 'failing',
          detail:
            `DATA_DIR cannot be written (${codeOf(error)} at ${step}): changes and presses cannot be saved. ` +
            'Check that the volume is mounted read-write and has free space.',
        };
      }
      const stats = await fs.statfs(dataDir);
      const free = stats.bavail * stats.bsize;
      const needed = roomNeeded(store?.largestWrite?.() ?? 0);
      if (free < needed) {
        return {
          state: 'failing',
          detail:
            `DATA_DIR has ${kib(free)} free, less than the ${kib(needed)} the next writes need ` +
            '(twice the largest change record, plus a margin): presses would answer "nothing was saved". Free space on the volume.',
        };
      }
      const refused = store?.writeFailure?.();
      if (refused !== undefined) {
        return {
          state: 'degraded',
          detail:
            `The last write was refused (${refused.code} on ${refused.path}, since ${refused.since}); DATA_DIR takes ` +
            `writes again (${kib(free)} free), and the next write that succeeds clears this.`,
        };
      }
      return { state: 'ok' };
    },
  };
}
