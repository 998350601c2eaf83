import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ReadinessCheck } from './readiness';

/** One fixed name, so that a probe cut short by a crash is overwritten by the next one instead of piling up. */
export const PROBE_FILE = '.readyz-probe';

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * DATA_DIR takes a durable write: a small file is written, fsync'd and removed, as the store's writes are.
 * A read-only or full disk, or a lost mount, fails here before a user's press does.
 */
export function dataDirWritable(dataDir: string): ReadinessCheck {
  const probe = path.join(dataDir, PROBE_FILE);
  return {
    name: 'dataDir',
    async run() {
      let step = 'open';
      try {
        const handle = await fs.open(probe, 'w');
        try {
          step = 'write';
          await handle.writeFile(`readiness probe ${new Date().toISOString()}\n`);
          step = 'fsync';
          await handle.sync();
        } finally {
          await handle.close();
        }
        step = 'remove';
        await fs.rm(probe, { force: true });
        return { state: 'ok' };
      } catch (error) {
        await fs.rm(probe, { force: true }).catch(() => undefined);
        return {
          state: 'failing',
          detail:
            `DATA_DIR cannot be written (${codeOf(error)} at ${step}): changes and presses cannot be saved. ` +
            'Check that the volume is mounted read-write and has free space.',
        };
      }
    },
  };
}
