import type { ChangeStore } from '../store/types';
import type { ReadinessCheck } from './readiness';

/**
 * `storedFiles`: stored files the store set aside because they cannot be read, and journal segments with
 * damaged records (copied aside). The bot serves everything else, so this is `degraded` (still 200: taking the bot out of service would not bring the file back), and
 * the detail names the files for the operator.
 */
export function storedFilesCheck(store: ChangeStore): ReadinessCheck {
  return {
    name: 'storedFiles',
    async run() {
      const all = store.quarantined?.() ?? [];
      if (all.length === 0) return { state: 'ok' };
      const files = all.filter((file) => file.kind !== 'journal');
      const journal = all.filter((file) => file.kind === 'journal');
      const details: string[] = [];
      if (files.length > 0) {
        const paths = files.map((file) => file.path).join(', ');
        details.push(
          `${files.length} stored file(s) cannot be read and were set aside: ${paths}. Restore them from the DATA_DIR backup; the bot serves everything else.`,
        );
      }
      if (journal.length > 0) {
        const paths = journal.map((file) => file.path).join(', ');
        details.push(
          `${journal.length} journal segment(s) had damaged records, read around and kept at: ${paths}. Check the changes they name (the writes in the damaged records are lost), then delete the copies.`,
        );
      }
      return { state: 'degraded', detail: details.join(' ') };
    },
  };
}
