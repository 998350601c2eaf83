import { readConfig, type AppConfig } from './config/env';
import { ConfigError } from './config/errors';
import { loadProcessFile } from './config/processFile';
import type { ProcessDefinition } from './domain/process';
import { createLogger } from './logging';
import { isValidCron } from './scheduler/cron';
import { startBot } from './compose';
import { exitOnUncaughtErrors } from './lastResort';
import { StoreCorruptError } from './store/types';

function loadConfiguration(): { config: AppConfig; process: ProcessDefinition } {
  try {
    const config = readConfig(process.env, isValidCron);
    return { config, process: loadProcessFile(config.processFile) };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { config, process: definition } = loadConfiguration();
  const logger = createLogger(config.logLevel, config.mode === 'local');
  exitOnUncaughtErrors(logger);
  for (const warning of config.warnings) logger.warn(warning);

  let bot;
  try {
    bot = await startBot({ config, process: definition, logger });
  } catch (error) {
    // DATA_DIR in use by another bot, or a DATA_DIR that cannot be made: one line, exit 2.
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof StoreCorruptError) {
      logger.error({ path: error.path }, error.message);
      process.exit(1);
    }
    throw error;
  }
  if (config.mode === 'local') {
    logger.warn(
      { host: config.host, port: bot.port },
      'Local mode: MicrosoftAppId is not set, so requests are not authenticated; listening on 127.0.0.1 only. Set MicrosoftAppId and MicrosoftAppPassword to serve Teams.',
    );
  } else {
    logger.info({ host: config.host, port: bot.port }, 'listening; Bot Framework tokens are checked');
  }
  logger.info(
    { cron: config.schedulerCron, dataDir: config.dataDir, processFile: config.processFile },
    'ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests under way');
    await bot.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The bot could not start:', error);
  process.exit(1);
});
