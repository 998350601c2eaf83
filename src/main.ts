import fs from 'node:fs';
import path from 'node:path';
import { readConfig, projectRoot, type AppConfig } from './config/env';
import { ConfigError } from './config/errors';
import { webhookSecrets } from './config/webhookSecrets';
import { loadProcessFile } from './config/processFile';
import type { ProcessDefinition } from './domain/process';
import { createLogger, prettyLogs } from './logging';
import { isValidCron } from './scheduler/cron';
import { startBot } from './compose';
import { exitOnUncaughtErrors } from './lastResort';
import { StoreCorruptError } from './store/types';
import { failStartup, StartupFailure } from './startup/failure';
import { checkPortFree } from './startup/listenFailure';
import type { SettingsFileUse } from './startup/settingsFile';
import { startSummary } from './startup/summary';

export interface RunOptions {
  /** deploy/.env, when `npm start` (src/start.ts) read it. */
  settings?: SettingsFileUse;
}

function version(): string {
  try {
    return String(JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')).version);
  } catch {
    return 'unknown';
  }
}

function loadConfiguration(): {
  config: AppConfig;
  process: ProcessDefinition;
  webhookSecrets: Map<string, string>;
} {
  const config = readConfig(process.env, isValidCron);
  const definition = loadProcessFile(config.processFile);
  return { config, process: definition, webhookSecrets: webhookSecrets(definition, process.env) };
}

/**
 * Every failure before the bot serves is one line and exit code 2 (src/startup/failure.ts); an error nobody
 * foresaw keeps exit code 1, so that a supervisor retries it (a storage account briefly unreachable).
 */
function stopAtStart(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StartupFailure) failStartup(error.message);
  if (error instanceof StoreCorruptError)
    failStartup(
      `${error.message} (${error.path}); restore that file from a backup or move it away, then start again.`,
    );
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The bot could not start: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return process.exit(1);
}

export async function runBot(options: RunOptions = {}): Promise<void> {
  let loaded;
  try {
    loaded = loadConfiguration();
  } catch (error) {
    stopAtStart(error);
  }
  const { config, process: proc, webhookSecrets: secrets } = loaded;
  const logger = createLogger(config.logLevel, prettyLogs(config.logFormat, process.stdout.isTTY === true));
  exitOnUncaughtErrors(logger);
  for (const warning of config.warnings) logger.warn(warning);

  let bot;
  try {
    await checkPortFree(config.host, config.port);
    bot = await startBot({ config, process: proc, logger, webhookSecrets: secrets });
  } catch (error) {
    stopAtStart(error);
  }
  const summary = startSummary({
    config,
    process: proc,
    port: bot.port,
    version: version(),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  logger.info(summary.fields, summary.message);
  if (summary.nextStep) logger.info(summary.nextStep);

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
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
}

/** Starts the bot from the command line: any failure to start ends the process, as stopAtStart says. */
export function run(options: RunOptions = {}): void {
  runBot(options).catch(stopAtStart);
}

// `node dist/src/main.js` (systemd, the container) starts here; `npm start` goes through src/start.ts.
if (require.main === module) run();
