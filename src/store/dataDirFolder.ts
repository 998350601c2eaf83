import { promises as fs } from 'node:fs';
import { ConfigError } from '../config/errors';

/**
 * Makes DATA_DIR (and its parents) at start, in every store mode: the JSON store lives there, and so do the
 * .eml outbox and the readiness probe even when the changes are in Blob Storage. A folder that cannot be
 * made stops the start with one line (exit 2) instead of a bot that says "ready" and then fails every
 * readiness probe.
 */
export async function makeDataDir(dataDir: string): Promise<void> {
  try {
    await fs.mkdir(dataDir, { recursive: true });
    const stat = await fs.stat(dataDir);
    if (!stat.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    await fs.access(dataDir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new ConfigError(
      'DATA_DIR',
      `the folder ${dataDir} cannot be made or written (${code})`,
      'Point DATA_DIR at a writable folder (or create it and give the bot write access to it)',
    );
  }
}
