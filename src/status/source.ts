import { isFinal, type Change } from '../domain/change';
import type { ChangeStore } from '../store/types';

/**
 * The changes the status page may show: every stored change of this year and the last (the history reaches
 * 90 days back). A final change never changes again, so it is read once and kept; the others are read on
 * every call, so the page follows each transition at once. The stats page reaches further back, and keeps a
 * final change only once nothing more can be written to it (a review may still come after trouble).
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
      const change = (await store.get(id))?.change;
      if (!change) continue;
      if (settled(change)) finals.set(id, change);
      changes.push(change);
    }
    return changes;
  };
}
