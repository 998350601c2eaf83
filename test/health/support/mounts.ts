/**
 * Small real file systems for readiness tests: a tmpfs mounted over a folder, read-only or soon full. Root ignores file modes, so a read-only mount is the honest way to refuse writes.
 *
 * Mounting needs root (CI runs as root). Without it the tests that need a mount are skipped, except under
 * CI=true, where a failed mount fails them.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(args: string[]): void {
  execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
}

/** Mounts a tmpfs of `sizeKb` on `dir` (over whatever is there), read-write or read-only. */
export function mountTmpfs(dir: string, sizeKb = 1024, mode: 'rw' | 'ro' = 'rw'): void {
  run(['mount', '-t', 'tmpfs', '-o', `size=${sizeKb}k,${mode}`, 'tmpfs', dir]);
}

/** Writes into `dir` until the file system has no block left. */
export function fillUp(dir: string): void {
  const fd = openSync(path.join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

export function unmount(dir: string): void {
  run(['umount', dir]);
}

/** True when this process may mount a tmpfs; always true under CI=true, so that a failure there is seen. */
export function mountsWork(): boolean {
  if (process.env.CI === 'true') return true;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mount-probe-'));
  try {
    mountTmpfs(dir, 64);
    unmount(dir);
    return true;
  } catch {
    return false;
  } finally {
    rmdirSync(dir);
  }
}
