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

export function createMeasurements(store: ChangeStore) {
  const drills = new Map<string, RestoreDrill>();
  const snapshots = new Map<string, SnapshotTiming>();

  return {
    /** Reads every stored measurement (at start, or to catch up with other instances). */
    async load(): Promise<void> {
      for (const stored of await store.listConversations()) {
        if (stored.key.startsWith(DRILL)) drills.set(stored.key, stored.reference as RestoreDrill);
        else if (stored.key.startsWith(SNAPSHOT))
          snapshots.set(stored.key, stored.reference as SnapshotTiming);
      }
    },
    async getDrill(id: string): Promise<RestoreDrill | undefined> {
      const stored = await store.getConversation(DRILL + id);
      return stored?.reference as RestoreDrill | undefined;
    },
    async saveDrill(drill: RestoreDrill): Promise<void> {
      await store.putConversation(DRILL + drill.id, drill);
      drills.set(DRILL + drill.id, drill);
    },
    async saveSnapshot(timing: SnapshotTiming): Promise<void> {
      await store.putConversation(SNAPSHOT + timing.changeId, timing);
      snapshots.set(SNAPSHOT + timing.changeId, timing);
    },
    /** What the cards show next to the process figures. */
    measured(): { drills: RestoreDrill[]; snapshots: SnapshotTiming[] } {
      return { drills: [...drills.values()], snapshots: [...snapshots.values()] };
    },
  };
}

export type Measurements = ReturnType<typeof createMeasurements>;
