import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';

/*
 * The steps of a durable write, as separate functions so that the store can run its own step (the active
 * journal) between writing the temporary file and putting it in place.
 */

let tempCounter = 0;

/** `.CHG-2026-007.json.<pid>.<n>.tmp`: hidden, in the target's folder (rename is atomic only within one). */
function tempPathFor(target: string): string {
  tempCounter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${tempCounter}.tmp`);
}

const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** Writes `data` to a new temporary file beside `target` and fsyncs it; returns the temporary path. */
export async function writeTempFile(target: string, data: string): Promise<string> {
  const temp = tempPathFor(target);
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await removeQuietly(temp);
    throw error;
  }
  await handle.close();
  return temp;
}

/** Puts the temporary file in place of `target` (atomic: readers see the old or the new file, never a mix). */
export async function replaceWith(temp: string, target: string): Promise<void> {
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/**
 * Gives the temporary file the name `target` only if no file has it yet (link fails with EEXIST, even when
 * another process races us), then drops the temporary name. Returns false when the name was taken.
 */
export async function createFrom(temp: string, target: string): Promise<boolean> {
  try {
    await fs.link(temp, target);
  } catch (error) {
    if (NO_HARD_LINKS.some((code) => isCode(error, code))) return createByReservation(temp, target);
    await removeQuietly(temp);
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
  await removeQuietly(temp); // the change is created; a leftover temporary name is cleaned at the next start
  return true;
}

/** Errors of file systems without hard links (SMB shares such as Azure Files). */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'];

/**
 * Where hard links are missing: reserve the name with an exclusive create, then rename the full file over it.
 * A crash between the two leaves an empty file, which the next start reports instead of guessing.
 */
async function createByReservation(temp: string, target: string): Promise<boolean> {
  try {
    await (await fs.open(target, 'wx')).close();
  } catch (error) {
    await removeQuietly(temp);
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
  await replaceWith(temp, target);
  return true;
}

/** A folder kept open so that renames, links and unlinks in it can be made durable with fsync. */
export class DurableFolder {
  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
  ) {}

  static async open(folder: string): Promise<DurableFolder> {
    await fs.mkdir(folder, { recursive: true });
    return new DurableFolder(folder, await fs.open(folder, 'r'));
  }

  async sync(): Promise<void> {
    try {
      await this.handle.sync();
    } catch (error) {
      // Some network file systems cannot fsync a folder; their renames are durable on the server anyway.
      if (!isCode(error, 'EINVAL') && !isCode(error, 'ENOTSUP')) throw error;
    }
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  /**
   * Removes temporary files that a crashed write left behind. Files of a process that is still running
   * (another store on the same folder) are kept: it may be about to put them in place.
   */
  async removeLeftoverTempFiles(entries: Dirent[]): Promise<string[]> {
    const removed: string[] = [];
    for (const entry of entries) {
      const owner = TEMP_NAME.exec(entry.name)?.[1];
      if (owner === undefined || !entry.isFile() || isOtherLiveProcess(Number(owner))) continue;
      await removeQuietly(path.join(this.path, entry.name));
      removed.push(entry.name);
    }
    if (removed.length > 0) await this.sync();
    return removed;
  }
}

export function isTempFileName(name: string): boolean {
  return TEMP_NAME.test(name);
}

function isOtherLiveProcess(pid: number): boolean {
  if (pid === process.pid) return false; // a previous run that had our pid: nothing of ours is in flight yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => undefined);
}
