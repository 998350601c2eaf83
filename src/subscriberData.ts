/*
 * npm run subscriber:forget -- <address> [--keep]
 * Prints, as JSON, everything the bot keeps about one e-mail subscriber of the status page, then deletes it
 * (--keep: print only). Reads the same settings as the bot (DATA_DIR or STORE=blob). On the JSON store, stop the
 * bot first: DATA_DIR is held by one process at a time, and the command says so if the bot still holds it.
 */
import { exportAndForget } from './app/subscriberData';
import { readCommandConfig } from './config/copyConfig';
import { ConfigError } from './config/errors';
import { isValidCron } from './scheduler/cron';
import { createStorage } from './store/createStore';
import { lockDataDir } from './store/dataDirLock';

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes('--keep');
  const addresses = argv.filter((arg) => !arg.startsWith('--'));
  if (addresses.length !== 1 || !addresses[0]!.includes('@')) {
    console.error(
      'Usage: npm run subscriber:forget -- <address> [--keep]  (--keep: export only, delete nothing)',
    );
    return 2;
  }
  let config;
  let lock;
  try {
    config = readCommandConfig(isValidCron);
    lock = config.store.kind === 'json' ? await lockDataDir(config.dataDir) : undefined;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const { store } = createStorage(
    config,
    { info: () => undefined, warn: () => undefined, error: () => undefined },
    () => new Date(),
  );
  await store.open();
  try {
    const found = await exportAndForget(store.subscribers, addresses[0]!, { keep });
    if (!found) {
      console.error('No subscriber with that address: nothing is kept about it.');
      return 1;
    }
    console.log(JSON.stringify(found, null, 2));
    console.error(
      keep
        ? 'Exported; nothing deleted (--keep).'
        : 'Exported and deleted: no more mails go to this address.',
    );
    return 0;
  } finally {
    await store.close();
    await lock?.release();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The command failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
