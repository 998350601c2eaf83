import type { RestoreDrill, SnapshotTiming } from '../domain/drills';
import type { ChangeStore } from './types';

/**
 * Restore drills and snapshot timings, kept beside the conversation references (`drill:<id>`,
 * `snapshot-timing:<change id>`) like the notify preferences: both stores (JSON files, Blob Storage) keep
 * them through the ChangeStore contract, with no new file kind. A copy stays in memory so that cards, which
 * render synchronously, can show the last drill; it is filled at start and by every write of this process.
 */
const DRILL = 'drill:';
const SNAPSHOT = 'snapshot-timing:';

/**
 * How often a tick on a shared store reads the measurements again. Reading them lists every conversation
 * reference (their blob names are hashes: no prefix picks the drills out), so not at every tick; `drill` and
 * its presses read them at once anyway.
 */
export const CATCH_UP_MS = 10 * 60_000;

export function createMeasurements(store: ChangeStore) {
  const drills = new Map<string, RestoreDrill>();
  const snapshots = new Map<string, SnapshotTiming>();
  let loadedAt: number | undefined;
  /** The keys written (or deleted) by this process during each load() under way. */
  const writes = new Set<Set<string>>();
  const wrote = (key: string) => writes.forEach((keys) => keys.add(key));

  const measurements = {
    /**
     * Reads every stored measurement: at start, before a drill is opened or pressed, and after each catch-up
     * with a shared store (other instances write drills too, and delete old ones).
     */
    async load(): Promise<void> {
      // A write of this process while the list is read is newer than what the list holds: it stays.
      const writtenMeanwhile = new Set<string>();
      writes.add(writtenMeanwhile);
      let stored;
      try {
        stored = await store.listConversations();
      } finally {
        writes.delete(writtenMeanwhile);
      }
      const listed = new Set(stored.map((entry) => entry.key));
      for (const map of [drills, snapshots] as Map<string, unknown>[]) {
        for (const key of map.keys()) if (!listed.has(key) && !writtenMeanwhile.has(key)) map.delete(key);
      }
      for (const entry of stored) {
        if (writtenMeanwhile.has(entry.key)) continue;
        if (entry.key.startsWith(DRILL)) drills.set(entry.key, entry.reference as RestoreDrill);
        else if (entry.key.startsWith(SNAPSHOT)) snapshots.set(entry.key, entry.reference as SnapshotTiming);
      }
    },
    /** load() when the last one is older than CATCH_UP_MS at `now` (or the clock went back). */
    async catchUp(now: Date): Promise<void> {
      const at = now.getTime();
      if (loadedAt !== undefined && at >= loadedAt && at - loadedAt < CATCH_UP_MS) return;
      await measurements.load();
      loadedAt = at;
    },
    async deleteDrill(id: string): Promise<void> {
      await store.deleteConversation(DRILL + id);
      drills.delete(DRILL + id);
      wrote(DRILL + id);
    },
    async getDrill(id: string): Promise<RestoreDrill | undefined> {
      const stored = await store.getConversation(DRILL + id);
      return stored?.reference as RestoreDrill | undefined;
    },
    async saveDrill(drill: RestoreDrill): Promise<void> {
      await store.putConversation(DRILL + drill.id, drill);
      drills.set(DRILL + drill.id, drill);
      wrote(DRILL + drill.id);
    },
    async saveSnapshot(timing: SnapshotTiming): Promise<void> {
      await store.putConversation(SNAPSHOT + timing.changeId, timing);
      snapshots.set(SNAPSHOT + timing.changeId, timing);
      wrote(SNAPSHOT + timing.changeId);
    },
    /** What the cards show next to the process figures. */
    measured(): { drills: RestoreDrill[]; snapshots: SnapshotTiming[] } {
      return { drills: [...drills.values()], snapshots: [...snapshots.values()] };
    },
  };
  return measurements;
}

export type Measurements = ReturnType<typeof createMeasurements>;
