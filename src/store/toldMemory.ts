import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isCode, replaceWith, writeTempFile } from './durableFile';

/** Which damaged files the owners were already told about; kept on disk so that a restart does not repeat it. */
export interface ToldMemory {
  load(): Promise<Set<string>>;
  save(paths: Set<string>): Promise<void>;
}

/** DATA_DIR/damaged-files-told.json: the damaged files the owners were mailed about. */
export function toldMemoryIn(dataDir: string): ToldMemory {
  const file = path.join(dataDir, 'damaged-files-told.json');
  return {
    async load() {
      try {
        const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { paths?: unknown };
        return new Set(Array.isArray(parsed.paths) ? parsed.paths.filter((p) => typeof p === 'string') : []);
      } catch (error) {
        if (!isCode(error, 'ENOENT') && !(error instanceof SyntaxError)) throw error;
        return new Set<string>(); // none yet, or unreadable: at worst the owners are told again
      }
    },
    async save(paths) {
      await replaceWith(await writeTempFile(file, JSON.stringify({ paths: [...paths].sort() })), file);
    },
  };
}
