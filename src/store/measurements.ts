import type { RestoreDrill, SnapshotTiming } from '../domain/drills';
import type { Collection, RecordCollections } from './records';

/*
 * Restore drills and snapshot timings, in the store's collections of those kinds (both stores keep them). A
 * copy stays in memory so that cards, which render synchronously, can show the last drill; it is filled at
 * start and by every write of this process.
 */

/**
 * How often a tick on a shared store reads the measurements again. Reading them lists every record document
 * (their blob names are hashes: no prefix picks the drills out), so not at every tick; `drill` and its presses
 * read them at once anyway.
 */
export const CATCH_UP_MS = 10 * 60_000;

/** The in-memory copy of one collection, kept in step with the writes of this process. */
function mirror<T>(collection: Collection<T>) {
  const values = new Map<string, T>();
  /** The keys written (or deleted) by this process during each load() under way. */
  const writes = new Set<Set<string>>();
  const wrote = (key: string) => writes.forEach((keys) => keys.add(key));
  return {
    values,
    async load(): Promise<void> {
      // A write of this process while the list is read is newer than what the list holds: it stays.
      const writtenMeanwhile = new Set<string>();
      writes.add(writtenMeanwhile);
      let stored;
      try {
        stored = await collection.list();
      } finally {
        writes.delete(writtenMeanwhile);
      }
      const listed = new Set(stored.map((entry) => entry.key));
      for (const key of values.keys()) if (!listed.has(key) && !writtenMeanwhile.has(key)) values.delete(key);
      for (const entry of stored) if (!writtenMeanwhile.has(entry.key)) values.set(entry.key, entry.value);
    },
    async put(key: string, value: T): Promise<void> {
      await collection.put(key, value);
      values.set(key, value);
      wrote(key);
    },
    async delete(key: string): Promise<void> {
      await collection.delete(key);
      values.delete(key);
      wrote(key);
    },
  };
}

export function createMeasurements(store: Pick<RecordCollections, 'drills' | 'timings'>) {
  const drills = mirror(store.drills);
  const snapshots = mirror(store.timings);
  let loadedAt: number | undefined;

  const measurements = {
    /**
     * Reads every stored measurement: at start, before a drill is opened or pressed, and after each catch-up
     * with a shared store (other instances write drills too, and delete old ones).
     */
    async load(): Promise<void> {
      await Promise.all([drills.load(), snapshots.load()]);
    },
    /** load() when the last one is older than CATCH_UP_MS at `now` (or the clock went back). */
    async catchUp(now: Date): Promise<void> {
      const at = now.getTime();
      if (loadedAt !== undefined && at >= loadedAt && at - loadedAt < CATCH_UP_MS) return;
      await measurements.load();
      loadedAt = at;
    },
    deleteDrill: (id: string): Promise<void> => drills.delete(id),
    async getDrill(id: string): Promise<RestoreDrill | undefined> {
      return (await store.drills.get(id))?.value;
    },
    saveDrill: (drill: RestoreDrill): Promise<void> => drills.put(drill.id, drill),
    saveSnapshot: (timing: SnapshotTiming): Promise<void> => snapshots.put(timing.changeId, timing),
    /** What the cards show next to the process figures. */
    measured(): { drills: RestoreDrill[]; snapshots: SnapshotTiming[] } {
      return { drills: [...drills.values.values()], snapshots: [...snapshots.values.values()] };
    },
  };
  return measurements;
}

export type Measurements = ReturnType<typeof createMeasurements>;
