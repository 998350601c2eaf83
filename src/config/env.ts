import fs from 'node:fs';
import path from 'node:path';
import { readAccess, readPublicHost } from './access';
import { checkLocalMode, readBotIdentity } from './botIdentity';
import { ConfigError } from './errors';
import { optional, readSwitch } from './envValues';
import type { AppConfig, GraphMailConfig, LogFormat } from './appConfig';
import { readStoreConfig } from './storeConfig';
import { readSubscriptions } from './subscriptionConfig';

export type { AppConfig, BotMode, GraphMailConfig, LogFormat } from './appConfig';

/** The shipped process file, found from src/config (tests) or dist/src/config (the built bot). */
export const DEFAULT_PROCESS_FILE = path.join(projectRoot(), 'process', 'isc-learn.process.json');

export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export type { StoreConfig } from './storeConfig';
export { readSwitch } from './envValues';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function readPort(env: NodeJS.ProcessEnv): number {
  const raw = optional(env, 'PORT');
  if (raw === undefined) return 3978;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      'PORT',
      `"${raw}" is not a port number`,
      'Set PORT to a whole number from 1 to 65535 (0 picks a free port), or unset it for 3978.',
    );
  }
  return port;
}

function readCron(env: NodeJS.ProcessEnv, validate: (expression: string) => boolean): string {
  const cron = optional(env, 'SCHEDULER_CRON') ?? '* * * * *';
  if (!validate(cron)) {
    throw new ConfigError(
      'SCHEDULER_CRON',
      `"${cron}" is not a cron expression`,
      'Use five fields (minute hour day month weekday, e.g. "* * * * *") or six with seconds first (e.g. "*/5 * * * * *").',
    );
  }
  return cron;
}

function readGraph(env: NodeJS.ProcessEnv): GraphMailConfig | undefined {
  const names = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET', 'MAIL_SENDER'] as const;
  const values = names.map((name) => optional(env, name));
  if (values.every((value) => value === undefined)) return undefined;
  const missing = names.filter((_, index) => values[index] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(
      missing[0]!,
      'is missing while other Graph mail settings are set',
      `Set all of ${names.join(', ')} to send mail through Microsoft Graph, or none of them to write mails to DATA_DIR/outbox.`,
    );
  }
  const [tenantId, clientId, clientSecret, sender] = values as string[];
  return { tenantId: tenantId!, clientId: clientId!, clientSecret: clientSecret!, sender: sender! };
}

function readLogLevel(env: NodeJS.ProcessEnv): string {
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `"${logLevel}" is not a log level`,
      `Use one of ${LOG_LEVELS.join(', ')}.`,
    );
  }
  return logLevel;
}

function readLogFormat(env: NodeJS.ProcessEnv): LogFormat {
  const format = optional(env, 'LOG_FORMAT')?.toLowerCase() ?? 'auto';
  if (format !== 'auto' && format !== 'pretty' && format !== 'json') {
    throw new ConfigError(
      'LOG_FORMAT',
      `"${env.LOG_FORMAT}" is not a log format`,
      'Use json (JSON lines), pretty (readable lines) or auto (pretty on a terminal, JSON otherwise; the default).',
    );
  }
  return format;
}

/**
 * The one place that reads the environment. `validateCron` is passed in so that config does not depend on
 * the scheduler library.
 */
export function readConfig(env: NodeJS.ProcessEnv, validateCron: (expression: string) => boolean): AppConfig {
  const { mode, bot } = readBotIdentity(env);
  const logLevel = readLogLevel(env);
  checkLocalMode(env, mode);
  const access = readAccess(env, bot.tenantId);
  const warnings: string[] = [];
  if (mode === 'authenticated' && bot.appType === 'MultiTenant')
    warnings.push(
      'MicrosoftAppType is MultiTenant: Azure no longer creates multi-tenant bots; use SingleTenant unless your Azure Bot resource is multi-tenant.',
    );
  if (mode === 'authenticated' && access.allowedTenants.length === 0)
    warnings.push(
      'No ALLOWED_TENANTS and no MicrosoftAppTenantId: activities from every tenant are acted on. Set ALLOWED_TENANTS to your tenant id.',
    );
  const statusPage = readSwitch(env, 'STATUS_PAGE');
  const publicHost = readPublicHost(env, warnings);
  const store = readStoreConfig({
    STORE: optional(env, 'STORE'),
    AZURE_STORAGE_CONNECTION_STRING: optional(env, 'AZURE_STORAGE_CONNECTION_STRING'),
    AZURE_STORAGE_ACCOUNT_URL: optional(env, 'AZURE_STORAGE_ACCOUNT_URL'),
    AZURE_STORAGE_CONTAINER: optional(env, 'AZURE_STORAGE_CONTAINER'),
  });
  return {
    mode,
    port: readPort(env),
    host: mode === 'local' ? '127.0.0.1' : '0.0.0.0',
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? './data'),
    processFile: path.resolve(optional(env, 'PROCESS_FILE') ?? DEFAULT_PROCESS_FILE),
    schedulerCron: readCron(env, validateCron),
    logLevel,
    logFormat: readLogFormat(env),
    bot,
    graph: readGraph(env),
    store,
    statusPage,
    ...access,
    ...publicHost,
    ...readSubscriptions(env, statusPage, {
      publicHost: publicHost.publicHost,
      local: mode === 'local',
      sharedStore: store.kind === 'blob',
    }),
    warnings,
  };
}
