import { promises as fs } from 'node:fs';
import { parseChangeId } from './changeIds';
import { isCode, replaceWith, writeTempFile, type DurableFolder } from './durableFile';
import { KeyedMutex } from './keyedMutex';

/** Schema version of the active-changes list; bump it when the line format changes. */
export const ACTIVE_LIST_SCHEMA_VERSION = 1;
const KIND = 'change-bot/active-changes';

export type ActiveListReading =
  | { state: 'missing' }
  | { state: 'unusable'; reason: string }
  | { state: 'read'; ids: Set<string>; tornLastLine: boolean };

/**
 * Reads the list: a header line, then one `{"id":...}` line per change that may have work left.
 * A last line without its newline is the torn end of an append cut by a crash: it is ignored (its write was
 * never acknowledged and nothing was put in place after it). Any other bad line makes the list unusable,
 * and the store rebuilds it from the change files.
 */
export async function readActiveChangesList(file: string): Promise<ActiveListReading> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return { state: 'missing' };
    throw error;
  }
  const lines = text.split('\n');
  const tornLastLine = lines.pop() !== '';
  const [header, ...entries] = lines;
  if (header === undefined) return { state: 'unusable', reason: 'it has no header line' };
  const parsedHeader = parseLine(header);
  if (parsedHeader?.kind !== KIND || parsedHeader.schemaVersion !== ACTIVE_LIST_SCHEMA_VERSION) {
    return { state: 'unusable', reason: `unknown header ${JSON.stringify(header.slice(0, 100))}` };
  }
  const ids = new Set<string>();
  for (const [index, line] of entries.entries()) {
    const id = parseLine(line)?.id;
    if (typeof id !== 'string' || parseChangeId(id) === undefined) {
      return { state: 'unusable', reason: `line ${index + 2} is not a change id entry` };
    }
    ids.add(id);
  }
  return { state: 'read', ids, tornLastLine };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function render(ids: Iterable<string>): string {
  let text = JSON.stringify({ schemaVersion: ACTIVE_LIST_SCHEMA_VERSION, kind: KIND }) + '\n';
  for (const id of ids) text += JSON.stringify({ id }) + '\n';
  return text;
}

/** Rewrite at run time once this many listed changes are known to have no work left, and they are half. */
const COMPACT_AFTER_SETTLED = 64;

/**
 * The durable list of changes that may still have work left (see jsonStore.ts for why it exists).
 * Invariant: every change whose file, as it is or as a write under way may leave it, has work left is listed
 * on disk. A change is added (append + fdatasync) before its file is put in place; it is only removed by a
 * rewrite, and only once its last acknowledged write left no work and no write has claimed it since.
 */
export class ActiveChangesList {
  /** Serializes appends and rewrites (appends are rare: only when a change starts to need the scheduler). */
  private readonly serial = new KeyedMutex();
  /** Listed changes whose last acknowledged write left no work: dropped at the next rewrite. */
  private readonly settled = new Set<string>();
  /** Set when an append failed: the file may end with a torn line, so the next addition rewrites it. */
  private needsRewrite = false;

  private constructor(
    private readonly file: string,
    private readonly folder: DurableFolder,
    /** Undefined until the first rewrite when the start could not write the file (full or read-only disk). */
    private handle: fs.FileHandle | undefined,
    private listed: Set<string>,
  ) {}

  /** Writes a fresh list of `ids` (durably: temp file, rename, folder fsync) and opens it for appends. */
  static async start(file: string, folder: DurableFolder, ids: Iterable<string>): Promise<ActiveChangesList> {
    const listed = new Set(ids);
    await ActiveChangesList.writeFresh(file, folder, listed);
    return new ActiveChangesList(file, folder, await fs.open(file, 'a'), listed);
  }

  private static async writeFresh(file: string, folder: DurableFolder, ids: Set<string>): Promise<void> {
    await replaceWith(await writeTempFile(file, render(ids)), file);
    await folder.sync();
  }

  /**
   * A list whose fresh file could not be written at start: the file on disk (the previous list, or
   * none, in which case the next start reads every change file) is left as it is, and the first addition
   * rewrites it.
   */
  static deferred(file: string, folder: DurableFolder, ids: Iterable<string>): ActiveChangesList {
    const list = new ActiveChangesList(file, folder, undefined, new Set(ids));
    list.needsRewrite = true;
    return list;
  }

  /** Makes sure `id` is durably listed before a write that may leave it with work is put in place. */
  ensureListed(id: string): Promise<void> {
    return this.serial.run('list', async () => {
      this.settled.delete(id);
      if (this.listed.has(id) && !this.needsRewrite) return;
      if (this.needsRewrite) {
        await this.rewrite(new Set([...this.listed, id]));
        return;
      }
      if (this.handle === undefined)
        throw new Error('The active-changes list has no open file to append to.');
      try {
        await this.handle.write(JSON.stringify({ id }) + '\n');
        await this.handle.datasync();
      } catch (error) {
        this.needsRewrite = true;
        throw error;
      }
      this.listed.add(id);
    });
  }

  /** Records that the last acknowledged write of `id` left it with no work. */
  markSettled(id: string): void {
    if (this.listed.has(id)) this.settled.add(id);
  }

  /** Drops settled changes from the file once they make up half of it, so that the next start reads less. */
  compactIfWorthIt(): Promise<void> {
    if (this.settled.size < COMPACT_AFTER_SETTLED || this.settled.size * 2 < this.listed.size) {
      return Promise.resolve();
    }
    return this.serial.run('list', async () => {
      const kept = new Set([...this.listed].filter((id) => !this.settled.has(id)));
      await this.rewrite(kept);
    });
  }

  /** Must run inside `serial`. */
  private async rewrite(ids: Set<string>): Promise<void> {
    this.needsRewrite = true; // until the new file is in place and open for appends
    await ActiveChangesList.writeFresh(this.file, this.folder, ids);
    const previous = this.handle;
    this.handle = await fs.open(this.file, 'a');
    await previous?.close();
    for (const id of this.listed) if (!ids.has(id)) this.settled.delete(id);
    this.listed = ids;
    this.needsRewrite = false;
  }

  close(): Promise<void> {
    return this.serial.run('list', async () => this.handle?.close());
  }
}
