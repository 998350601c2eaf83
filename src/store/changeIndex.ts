import { isFinal } from '../domain/change';
import { parseChangeId } from './changeIds';
import { hasWorkLeft, summarize } from './summary';
import type { ChangeSummary, StoredChange } from './types';

interface IndexEntry {
  summary: ChangeSummary;
  dueMs?: number;
}

/**
 * What a store knows in memory (the JSON store and the Blob store alike): every id, the highest number per year (id allocation), the stored
 * version of each change it read or wrote, and the changes with work left (listActive() and due() read only
 * these, never a file).
 */
export class ChangeIndex {
  private readonly allIds = new Set<string>();
  private readonly highestNumber = new Map<number, number>();
  /**
   * Stored version of the changes this process read under their lock or wrote. save() checks against it
   * without reading the file: with one process per dataDir, nobody else writes a change.
   */
  private readonly versions = new Map<string, number>();
  private readonly withWork = new Map<string, IndexEntry>();

  /** Records that a change with this id exists (a file or a journal record names it). */
  addId(id: string): void {
    const parsed = parseChangeId(id);
    if (parsed === undefined) return;
    this.allIds.add(id);
    this.highestNumber.set(parsed.year, Math.max(this.highestNumber.get(parsed.year) ?? 0, parsed.number));
  }

  hasId(id: string): boolean {
    return this.allIds.has(id);
  }

  highest(year: number): number {
    return this.highestNumber.get(year) ?? 0;
  }

  version(id: string): number | undefined {
    return this.versions.get(id);
  }

  /** A version read from a file: never lowers what a write (which may have raced the read) recorded. */
  noteVersion(id: string, version: number): void {
    this.versions.set(id, Math.max(version, this.versions.get(id) ?? 0));
  }

  /**
   * Takes in the stored state of a change: its version, and its summary while it has work left. An older
   * version than the one known is ignored (a read that raced a write, or another instance's stale answer):
   * returns whether it was taken in.
   */
  remember(stored: StoredChange): boolean {
    const { change, version } = stored;
    const known = this.versions.get(change.id);
    if (known !== undefined && known > version) return false;
    this.addId(change.id);
    this.versions.set(change.id, version);
    if (!hasWorkLeft(change)) {
      this.withWork.delete(change.id);
      return true;
    }
    const summary = summarize(change);
    this.withWork.set(change.id, {
      summary,
      ...(summary.nextDue === undefined ? {} : { dueMs: Date.parse(summary.nextDue) }),
    });
    return true;
  }

  /** The change is gone (a shared store found no blob): its id stays taken. */
  forget(id: string): void {
    this.withWork.delete(id);
    this.versions.delete(id);
  }

  hasWork(id: string): boolean {
    return this.withWork.has(id);
  }

  idsWithWork(): string[] {
    return [...this.withWork.keys()];
  }

  count(): { changes: number; withWorkLeft: number } {
    return { changes: this.allIds.size, withWorkLeft: this.withWork.size };
  }

  listActive(): ChangeSummary[] {
    const active: ChangeSummary[] = [];
    for (const { summary } of this.withWork.values())
      if (!isFinal(summary.status)) active.push(copy(summary));
    return active.sort((a, b) => compare(a.window.start, b.window.start) || compare(a.id, b.id));
  }

  due(now: Date): ChangeSummary[] {
    const limit = now.getTime();
    const due: IndexEntry[] = [];
    for (const entry of this.withWork.values())
      if (entry.dueMs !== undefined && entry.dueMs <= limit) due.push(entry);
    due.sort((a, b) => (a.dueMs ?? 0) - (b.dueMs ?? 0) || compare(a.summary.id, b.summary.id));
    return due.map((entry) => copy(entry.summary));
  }

  ids(): string[] {
    return [...this.allIds].sort();
  }
}

function copy(summary: ChangeSummary): ChangeSummary {
  return { ...summary, window: { ...summary.window } };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
