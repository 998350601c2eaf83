import { isFinal, type Change } from '../domain/change';
import { readableChange } from '../store/readableChange';
import type { ChangeStore } from '../store/types';

/**
 * The changes the status page may show: every stored change of this year and the last (the history reaches
 * 90 days back). A final change never changes again, so it is read once and kept; the others are read on
 * every call, so the page follows each transition at once. The stats page reaches further back, and keeps a
 * final change only once nothing more can be written to it (a review may still come after trouble).
 *
 * A change whose file cannot be read is left out, never the whole answer: the store sets it aside and
 * reports it (quarantined()), and the team's views name it from there (see unreadableChangeIds).
 *
 * Both public pages (status and stats) read through it, so it lives below both: neither imports the other.
 */
export function createStatusSource(
  store: ChangeStore,
  options: { yearsBack?: number; settled?: (change: Change) => boolean } = {},
): (now: Date) => Promise<Change[]> {
  const { yearsBack = 1, settled = (change: Change) => isFinal(change.status) } = options;
  const finals = new Map<string, Change>();
  return async (now) => {
    const oldestYear = now.getUTCFullYear() - yearsBack;
    const changes: Change[] = [];
    for (const id of store.ids()) {
      const year = Number(/^CHG-(\d{4})-/.exec(id)?.[1]);
      if (Number.isInteger(year) && year < oldestYear) continue;
      const kept = finals.get(id);
      if (kept) {
        changes.push(kept);
        continue;
      }
      const change = await readableChange(store, id);
      if (!change) continue;
      if (settled(change)) finals.set(id, change);
      changes.push(change);
    }
    return changes;
  };
}

/** The ids of the changes whose files the store set aside as unreadable, for the team's views (never public). */
export function unreadableChangeIds(store: Pick<ChangeStore, 'quarantined'>): string[] {
  return (store.quarantined?.() ?? []).flatMap((file) =>
    file.kind === 'change' && file.id !== undefined ? [file.id] : [],
  );
}
