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
    /**
     * Reads every stored measurement: at start, before a drill is opened or pressed, and after each catch-up
     * with a shared store (other instances write drills too, and delete old ones).
     */
    async load(): Promise<void> {
      const stored = await store.listConversations();
      drills.clear();
      snapshots.clear();
      for (const entry of stored) {
        if (entry.key.startsWith(DRILL)) drills.set(entry.key, entry.reference as RestoreDrill);
        else if (entry.key.startsWith(SNAPSHOT)) snapshots.set(entry.key, entry.reference as SnapshotTiming);
      }
    },
    async deleteDrill(id: string): Promise<void> {
      await store.deleteConversation(DRILL + id);
      drills.delete(DRILL + id);
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
