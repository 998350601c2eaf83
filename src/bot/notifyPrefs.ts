import type { ChangeStore } from '../store/types';

/**
 * Whether a person wants the 1:1 personal notices (`notify off|on` in a personal chat). Stored beside the
 * conversation references (`prefs:<aadObjectId>`), which both stores keep; on unless the person said off.
 */
interface StoredPrefs {
  notify: boolean;
}

function keyOf(aadObjectId: string): string {
  return `prefs:${aadObjectId}`;
}

export function createNotifyPrefs(store: ChangeStore) {
  return {
    async wantsPersonalNotices(aadObjectId: string): Promise<boolean> {
      const stored = (await store.getConversation(keyOf(aadObjectId)))?.reference as StoredPrefs | undefined;
      return stored?.notify !== false;
    },
    async set(aadObjectId: string, notify: boolean): Promise<void> {
      await store.putConversation(keyOf(aadObjectId), { notify } satisfies StoredPrefs);
    },
  };
}

export type NotifyPrefs = ReturnType<typeof createNotifyPrefs>;
