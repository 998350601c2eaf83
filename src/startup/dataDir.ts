import { promises as fs, constants } from 'node:fs';
import path from 'node:path';
import { errorCode, StartupFailure } from './failure';

/**
 * Kernel file systems that look like folders but hold no files: a store there fails in odd ways (a write to
 * /proc can loop or be refused with surprising codes). Magic numbers from linux/magic.h.
 */
const VIRTUAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
]);

/** Device and kernel trees, by path too (devtmpfs shares tmpfs's magic number; /dev/shm is a fine tmpfs). */
function underKernelTree(resolved: string): boolean {
  const inside = (root: string) => resolved === root || resolved.startsWith(`${root}/`);
  if (inside('/dev/shm')) return false;
  return inside('/proc') || inside('/sys') || inside('/dev');
}

const FIX: Record<string, string> = {
  EACCES:
    'give the user the bot runs as read, write and search rights on it (chown/chmod), or point DATA_DIR elsewhere',
  EPERM:
    'the system forbids it (an immutable folder, a security policy or a mount option): point DATA_DIR to a folder the bot may write',
  ENOTDIR: 'a part of that path is a file, not a folder: point DATA_DIR to a folder',
  ENOENT: 'a part of that path cannot be created: point DATA_DIR to a folder on a writable disk',
  EROFS:
    'the disk is mounted read-only and the folder does not exist yet: create it, or point DATA_DIR elsewhere',
  ELOOP: 'the path loops through symbolic links: point DATA_DIR to a real folder',
  ENAMETOOLONG: 'the path is too long: use a shorter one',
};

function unusable(dir: string, code: string | undefined, what: string): StartupFailure {
  const fix = (code && FIX[code]) ?? 'point DATA_DIR to a folder on a local disk that the bot may write';
  return new StartupFailure(`DATA_DIR ${dir} cannot be used: ${what}${code ? ` (${code})` : ''}; ${fix}.`);
}

/** The path with symbolic links resolved as far as it exists (a missing tail is kept as written). */
async function resolvedPath(dir: string): Promise<string> {
  let current = dir;
  for (;;) {
    try {
      return path.join(await fs.realpath(current), path.relative(current, dir));
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return dir;
      current = parent;
    }
  }
}

/**
 * Checks DATA_DIR before the store opens it, so that a wrong folder is one clear line (and exit code 2)
 * rather than a stack trace from deep inside the store. Creates the folder when it is missing, as the store
 * would. A read-only disk is not refused here: the store serves reads there and refuses writes one by one,
 * so the bot stays useful while the disk is repaired (see "A full or read-only disk" in docs/running.md).
 */
export async function checkDataDir(dir: string): Promise<void> {
  const resolved = await resolvedPath(dir);
  const fsType = await virtualFileSystem(resolved);
  if (fsType || underKernelTree(resolved)) {
    throw new StartupFailure(
      `DATA_DIR ${dir} is on a kernel file system (${fsType ?? (resolved.startsWith('/dev') ? 'devtmpfs' : resolved.split('/')[1])}), which cannot keep files; point DATA_DIR to a folder on a disk, e.g. /var/lib/change-bot.`,
    );
  }
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    // mkdir -p on an existing file says EEXIST; the stat below says what it is.
    if (errorCode(error) !== 'EEXIST') throw unusable(dir, errorCode(error), 'the folder cannot be created');
  }
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (error) {
    throw unusable(dir, errorCode(error), 'the folder cannot be read');
  }
  if (!stat.isDirectory()) throw unusable(dir, 'ENOTDIR', 'it is a file, not a folder');
  try {
    await fs.readdir(dir);
  } catch (error) {
    throw unusable(dir, errorCode(error), 'the folder cannot be listed');
  }
  try {
    await fs.access(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (errorCode(error) !== 'EROFS') throw unusable(dir, errorCode(error), 'the folder cannot be written');
  }
}

/** The kernel file system the path (or its nearest existing folder) is on, if it is one. */
async function virtualFileSystem(resolved: string): Promise<string | undefined> {
  for (let current = resolved; ; current = path.dirname(current)) {
    try {
      return VIRTUAL_FILE_SYSTEMS.get(Number((await fs.statfs(current)).type));
    } catch {
      if (path.dirname(current) === current) return undefined;
    }
  }
}
