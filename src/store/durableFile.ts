import { promises as fs, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';

/*
 * The steps of a durable write, as separate functions so that the store can run its own step (the active
 * journal) between writing the temporary file and putting it in place.
 */

let tempCounter = 0;

/**
 * `.CHG-2026-007.json.<pid>-<start>.<n>.tmp`: hidden, in the target's folder (rename is atomic only within
 * one). `<start>` is when the writing process started (Linux: clock ticks since boot), so that a later
 * process that got the same pid is not taken for the writer; it is absent where /proc is not available.
 */
export function tempPathFor(target: string): string {
  tempCounter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.${OWN_TAG}.${tempCounter}.tmp`);
}

/** Old names (`<pid>`) and new ones (`<pid>-<start>`). */
const TEMP_NAME = /^\..+\.(\d+)(?:-(\d+))?\.\d+\.tmp$/;

interface ProcessFacts {
  /** R, S, D, Z (zombie: killed, not yet reaped), X (dead), ... */
  state: string;
  startTicks: string;
}

/** What Linux says of a process; undefined when it does not exist; null when /proc cannot tell. */
function processFacts(pid: number): ProcessFacts | undefined | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT') || isCode(error, 'ESRCH')) return readableProc ? undefined : null;
    return null;
  }
  // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTicks = fields[19]; // field 22 of the line, counted from 3 (state)
  return state && startTicks ? { state, startTicks } : null;
}

const readableProc = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/** When this process started (Linux: clock ticks since boot), or undefined where /proc cannot tell. */
export function ownStartTicks(): string | undefined {
  return processFacts(process.pid)?.startTicks;
}

const OWN_TAG = (() => {
  const own = processFacts(process.pid);
  return own ? `${process.pid}-${own.startTicks}` : String(process.pid);
})();

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
export async function createFrom(
  temp: string,
  target: string,
  link: LinkFile = (existing, name) => fs.link(existing, name),
): Promise<boolean> {
  try {
    await link(temp, target);
  } catch (error) {
    if (NO_HARD_LINKS.some((code) => isCode(error, code))) return createByReservation(temp, target);
    await removeQuietly(temp);
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
  await removeQuietly(temp); // the change is created; a leftover temporary name is cleaned at the next start
  return true;
}

/** fs.link, or a stand-in (tests force the path of file systems without hard links). */
export type LinkFile = (existing: string, name: string) => Promise<void>;

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
      const writer = TEMP_NAME.exec(entry.name);
      if (writer === null || !entry.isFile() || isOtherLiveWriter(Number(writer[1]), writer[2])) continue;
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

/** The pid and start time in a temporary file's name (see tempPathFor), or undefined for other names. */
export function tempFileWriter(name: string): { pid: number; startTicks?: string } | undefined {
  const writer = TEMP_NAME.exec(name);
  if (writer === null) return undefined;
  return { pid: Number(writer[1]), ...(writer[2] === undefined ? {} : { startTicks: writer[2] }) };
}

/**
 * Whether the process that named a temporary file may still put it in place. A killed process stays a
 * zombie until its parent reaps it (seconds under a busy supervisor): signal 0 still reaches it, but it
 * writes nothing more, so it counts as gone; so does a live process that only reuses the writer's pid
 * (its start time differs).
 */
export function isOtherLiveWriter(pid: number, startTicks?: string): boolean {
  if (pid === process.pid) return false; // a previous run that had our pid: nothing of ours is in flight yet
  const facts = processFacts(pid);
  if (facts === undefined) return false;
  if (facts !== null) {
    if (facts.state === 'Z' || facts.state === 'X') return false;
    return startTicks === undefined || startTicks === facts.startTicks;
  }
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
