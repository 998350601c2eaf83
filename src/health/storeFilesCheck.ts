import type { ChangeStore } from '../store/types';
import type { ReadinessCheck } from './readiness';

/**
 * `storedFiles`: stored files the store set aside because they cannot be read. The bot serves everything
 * else, so this is `degraded` (still 200: taking the bot out of service would not bring the file back), and
 * the detail names the files for the operator.
 */
export function storedFilesCheck(store: ChangeStore): ReadinessCheck {
  return {
    name: 'storedFiles',
    async run() {
      const files = store.quarantined?.() ?? [];
      if (files.length === 0) return { state: 'ok' };
      const paths = files.map((file) => file.path).join(', ');
      return {
        state: 'degraded',
        detail: `${files.length} stored file(s) cannot be read and were set aside: ${paths}. Restore them from the DATA_DIR backup; the bot serves everything else.`,
      };
    },
  };
}
