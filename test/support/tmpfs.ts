/**
 * A real small file system for full-disk and read-only tests: a tmpfs mounted by the test (root only).
 * Where mounting is impossible (no root), the suites that need it are skipped, except under CI=true, where
 * CI runs as root and a failed mount must fail the run instead of hiding the tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, writeSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function tryMount(dir: string, sizeKb: number): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
  }
}

/** Whether this machine lets the tests mount a tmpfs; throws under CI=true when it does not. */
export function tmpfsAvailable(): boolean {
  const probe = mkdtempSync(path.join(os.tmpdir(), 'tmpfs-probe-'));
  const failure = tryMount(probe, 64);
  if (failure === undefined) execFileSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  if (failure !== undefined && process.env.CI === 'true') {
    throw new Error(`CI=true but a tmpfs cannot be mounted (run the tests as root): ${failure}`);
  }
  return failure === undefined;
}

export interface SmallDisk {
  dir: string;
  /** Fills the file system to the last byte with a filler file. */
  fill(): void;
  /** Removes the filler: space is back. */
  free(): void;
  readOnly(): void;
  writable(): void;
  unmount(): void;
}

export function mountSmallDisk(sizeKb = 4096): SmallDisk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'small-disk-'));
  const failure = tryMount(dir, sizeKb);
  if (failure !== undefined) throw new Error(`Could not mount a tmpfs on ${dir}: ${failure}`);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      try {
        for (const size of [65_536, 4096, 1]) {
          const chunk = Buffer.alloc(size, 120);
          for (;;) {
            try {
              writeSync(fd, chunk);
            } catch (error) {
              if ((error as { code?: string }).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    readOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir]);
    },
    writable() {
      execFileSync('mount', ['-o', 'remount,rw', dir]);
    },
    unmount() {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function makeDir(disk: SmallDisk, name: string): string {
  const dir = path.join(disk.dir, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}
