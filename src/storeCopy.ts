/*
 * npm run store:copy -- --from dir --to blob
 * Copies the JSON store under DATA_DIR into the Blob container named by the STORE=blob settings
 * (AZURE_STORAGE_*). Idempotent: changes already in the container are left as they are. Stop the bot first.
 */
import { readCopyConfig } from './config/copyConfig';
import { ConfigError } from './config/errors';
import { isValidCron } from './scheduler/cron';
import { copyToBlob } from './store/blob/copyToBlob';
import { connectContainer } from './store/blob/connect';
import { createJsonStore } from './store/jsonStore';

async function main(argv: string[]): Promise<number> {
  const from = argv[argv.indexOf('--from') + 1];
  const to = argv[argv.indexOf('--to') + 1];
  if (!argv.includes('--from') || !argv.includes('--to') || from !== 'dir' || to !== 'blob') {
    console.error(
      'Usage: npm run store:copy -- --from dir --to blob  (DATA_DIR to the AZURE_STORAGE_* container)',
    );
    return 2;
  }
  let config;
  try {
    config = readCopyConfig(isValidCron);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  if (config.store.kind !== 'blob') return 2;
  const source = createJsonStore({ dataDir: config.dataDir });
  await source.open();
  try {
    const report = await copyToBlob(source, connectContainer(config.store));
    console.log(
      `Copied ${report.copied.length} changes and ${report.records} conversation references from ` +
        `${config.dataDir} to the container ${config.store.container}; ${report.alreadyThere.length} were already there.`,
    );
    if (report.differing.length > 0) {
      console.error(
        `Left alone, because the container holds another version: ${report.differing.join(', ')}. ` +
          'Delete those blobs first if the copy in DATA_DIR is the one to keep.',
      );
      return 1;
    }
    return 0;
  } finally {
    await source.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The copy failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
