import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../config/errors';
import { isCode, isOtherLiveWriter, ownStartTicks } from './durableFile';
import { isWriteRefusal } from './writeRefusal';

/*
 * One bot process per DATA_DIR. Two bots on one JSON store would each keep their own memory of the journal
 * and write back over each other's files, so a start takes DATA_DIR/bot.lock, created with O_EXCL (the
 * create fails when the name exists, atomically, even between processes), holding who holds it: pid, start
 * time, host. A second start finds the lock held and exits 2 with one line naming the holder.
 *
 * A holder killed with -9 leaves its lock behind. A start on the same host takes it over when the holder is
 * gone: no process with that pid, a zombie, or a process that only reuses the pid (its start time differs),
 * the same liveness test as the store's temporary files. Take-over: the stale lock is renamed to a name of
 * our own (atomic: of two starters, one gets it), checked to be the stale one we judged (if a racing starter
 * had already put its own live lock there, it is linked back), and only then is a new lock created, with
 * O_EXCL again, so that of two starters that both saw the stale lock only one holds it.
 *
 * Another host (a network share, or a container recreated with a new host name). O_EXCL create and rename
 * are atomic on NFSv3+ and SMB (Azure Files), so a second start there is refused too. A pid means nothing on
 * another host, so the holder refreshes the lock's modification time every 10 s while it runs: a lock from
 * another host that has not been refreshed for STALE_MS is taken over; a fresh one is refused. (Clocks of
 * the hosts must agree within that margin; an operator may always delete the file once that bot is stopped.)
 */

/** A lock from another host unrefreshed this long is taken over (the holder refreshes it every REFRESH_MS). */
export const STALE_MS = 60_000;
const REFRESH_MS = 10_000;

export const LOCK_NAME = 'bot.lock';

export interface LockHolder {
  pid: number;
  /** Linux clock ticks since boot when the holder started (tells a reused pid from the holder). */
  startTicks?: string;
  host: string;
  startedAt: string;
}

export interface DataDirLock {
  file: string;
  /** Whether the file still names this process (a lock deleted or taken by hand is found by readiness). */
  stillOurs(): Promise<boolean>;
  release(): Promise<void>;
}

/** Someone else holds DATA_DIR: exit 2, one line naming the holder and what to do. */
export class DataDirInUseError extends ConfigError {
  constructor(
    readonly file: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who =
      holder === undefined
        ? `its lock ${file} names no holder (empty or unreadable: taken on a full disk, or cut short)`
        : `pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt}, holds ${file}`;
    const fix =
      holder !== undefined && holder.host !== os.hostname()
        ? `Stop the bot on ${holder.host} first (one bot per DATA_DIR); a lock it no longer refreshes is taken over after ${STALE_MS / 1000} s, or delete ${file} once it is stopped`
        : `Stop that bot first (one bot per DATA_DIR), or give this one another DATA_DIR; if that bot is gone, delete ${file}`;
    super('DATA_DIR', `the folder is in use by another change bot: ${who}`, fix);
    this.name = 'DataDirInUseError';
  }
}

export async function lockDataDir(
  dataDir: string,
  clock: () => Date = () => new Date(),
): Promise<DataDirLock> {
  const file = path.join(dataDir, LOCK_NAME);
  const own: LockHolder = {
    pid: process.pid,
    ...(ownStartTicks() === undefined ? {} : { startTicks: ownStartTicks()! }),
    host: os.hostname(),
    startedAt: clock().toISOString(),
  };
  const text = JSON.stringify(own) + '\n';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const holding = await createLock(file, text);
    if (holding !== false) return held(file, holding);
    const found = await readLock(file);
    if (found === 'gone') {
      // Released between our create and our read, or being written by a starter right now: look again.
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (found === undefined || isLive(found.holder, found.refreshed)) {
      throw new DataDirInUseError(file, found?.holder);
    }
    await takeOver(file, found.text);
  }
  const last = await readLock(file);
  throw new DataDirInUseError(file, last === 'gone' || last === undefined ? undefined : last.holder);
}

function isLive(holder: LockHolder, refreshed: number): boolean {
  // On another host the pid cannot be checked: the holder's refreshes say whether it still runs.
  if (holder.host !== os.hostname()) return Date.now() - refreshed < STALE_MS;
  return isOtherLiveWriter(holder.pid, holder.startTicks);
}

/**
 * Creates the lock; false when it exists. Returns what the file holds: the holder, or nothing when the disk
 * is full (the name is taken, the bytes did not fit: the bot still starts, as it does on a full disk, and a
 * second start is refused because the lock cannot be read).
 */
async function createLock(file: string, text: string): Promise<string | false> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'wx');
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
    return text;
  } catch (error) {
    if (!isWriteRefusal(error)) {
      await handle.close();
      await fs.rm(file, { force: true });
      throw error;
    }
    await handle.truncate(0).catch(() => undefined);
    return '';
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The lock's holder; undefined when the file cannot be parsed; 'gone' when there is no file. */
async function readLock(
  file: string,
): Promise<{ holder: LockHolder; text: string; refreshed: number } | undefined | 'gone'> {
  let text: string;
  let refreshed: number;
  try {
    text = await fs.readFile(file, 'utf8');
    refreshed = (await fs.stat(file)).mtimeMs;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return 'gone';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return undefined;
    return {
      text,
      refreshed,
      holder: {
        pid: parsed.pid,
        host: parsed.host,
        startedAt: typeof parsed.startedAt === 'string' ? parsed.startedAt : '(unknown)',
        ...(typeof parsed.startTicks === 'string' ? { startTicks: parsed.startTicks } : {}),
      },
    };
  } catch {
    // A lock being written right now reads empty for an instant; one that stays empty (its holder started
    // on a full disk) or torn cannot be judged: the start is refused and the line says to delete it.
    return text === '' ? 'gone' : undefined;
  }
}

async function takeOver(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    await fs.rename(file, aside);
  } catch (error) {
    if (isCode(error, 'ENOENT')) return; // another starter moved it first
    throw error;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) {
    // A racing starter's live lock: put it back (link never replaces a file) and let the loop refuse.
    await fs.link(aside, file).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
}

function held(file: string, text: string): DataDirLock {
  const stillOurs = async () => (await fs.readFile(file, 'utf8').catch(() => '')) === text;
  // The refresh another host judges the lock by; a missed one (a busy disk) is caught up by the next.
  const refresh = setInterval(() => {
    const now = new Date();
    void fs.utimes(file, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  return {
    file,
    stillOurs,
    async release() {
      clearInterval(refresh);
      if (await stillOurs()) await fs.rm(file, { force: true });
    },
  };
}
