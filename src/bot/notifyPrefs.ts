import type { RecordCollections } from '../store/records';

/**
 * Whether a person wants the 1:1 personal notices (`notify off|on` in a personal chat), kept in the store's
 * preferences by Entra object id; on unless the person said off.
 */
export function createNotifyPrefs(store: Pick<RecordCollections, 'preferences'>) {
  return {
    async wantsPersonalNotices(aadObjectId: string): Promise<boolean> {
      const stored = await store.preferences.get(aadObjectId);
      return stored?.value.notify !== false;
    },
    async set(aadObjectId: string, notify: boolean): Promise<void> {
      await store.preferences.put(aadObjectId, { notify });
    },
  };
}

export type NotifyPrefs = ReturnType<typeof createNotifyPrefs>;
