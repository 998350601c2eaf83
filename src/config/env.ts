import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors';
import { readStoreConfig, type StoreConfig } from './storeConfig';

export type BotMode = 'local' | 'authenticated';
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface GraphMailConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  sender: string;
}

export interface AppConfig {
  mode: BotMode;
  port: number;
  /** 127.0.0.1 in local mode (no token check), all interfaces when tokens are checked. */
  host: string;
  dataDir: string;
  processFile: string;
  schedulerCron: string;
  logLevel: string;
  /** LOG_FORMAT: JSON lines, pretty (colour) lines, or auto (pretty on a terminal, JSON otherwise). */
  logFormat: LogFormat;
  bot: { appId?: string; appPassword?: string; tenantId?: string; appType: string };
  /** Absent: mails go to DATA_DIR/outbox as .eml files. */
  graph?: GraphMailConfig;
  /** Where changes live: the JSON store under dataDir (default) or Azure Blob Storage (STORE=blob). */
  store: StoreConfig;
  /** STATUS_PAGE=on: the public maintenance status page and its feeds under /status. */
  statusPage: boolean;
  /** Entra tenant ids whose activities are acted on; empty: no tenant check (local mode without a tenant). */
  allowedTenants: string[];
  /** /calendar.ics: off without a token; descriptions and contacts only with `details`. */
  calendarFeed: { token?: string; details: boolean };
  /** BOT_DOMAIN: the host name Teams reaches the bot at; the stats card links its chart image there. */
  publicHost?: string;
  /** Start-up warnings the caller logs (e.g. an explicit MultiTenant bot). */
  warnings: string[];
}

/** The shipped process file, found from src/config (tests) or dist/src/config (the built bot). */
export const DEFAULT_PROCESS_FILE = path.join(projectRoot(), 'process', 'isc-learn.process.json');

export function projectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export type { StoreConfig } from './storeConfig';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

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

const SWITCH_WORDS: Record<string, boolean> = { on: true, true: true, off: false, false: false };

/** An on/off setting: on, off, true and false (any case) all work, so that nobody has to remember which. */
export function readSwitch(env: NodeJS.ProcessEnv, name: string, fallback = false): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = SWITCH_WORDS[raw.toLowerCase()];
  if (value === undefined) {
    throw new ConfigError(
      name,
      `"${raw.slice(0, 40)}" is neither on nor off`,
      `Set ${name}=on or ${name}=off (true and false work too; ${fallback ? 'on' : 'off'} when unset).`,
    );
  }
  return value;
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

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * BOT_DOMAIN, read by packaging first: a bare host name (and port). It was never checked at start, so a
 * wrong one is a warning (the stats card then shows no chart), not a refusal to start.
 */
function readPublicHost(env: NodeJS.ProcessEnv, warnings: string[]): Pick<AppConfig, 'publicHost'> {
  const host = optional(env, 'BOT_DOMAIN');
  if (host === undefined) return {};
  if (/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) return { publicHost: host.toLowerCase() };
  warnings.push(
    `BOT_DOMAIN "${host.slice(0, 80)}" is not a host name: give the host only, e.g. change-bot.azurewebsites.net (no https://, no path). The stats card shows no chart until then.`,
  );
  return {};
}

/** Who may talk to the bot (ALLOWED_TENANTS) and who may read the calendar feed (CALENDAR_FEED_*). */
function readAccess(
  env: NodeJS.ProcessEnv,
  tenantId: string | undefined,
): Pick<AppConfig, 'allowedTenants' | 'calendarFeed'> {
  const listed = optional(env, 'ALLOWED_TENANTS');
  const allowedTenants = listed
    ? listed
        .split(',')
        .map((id) => id.trim().toLowerCase())
        .filter(Boolean)
    : tenantId
      ? [tenantId.toLowerCase()]
      : [];
  const wrong = allowedTenants.find((id) => !GUID.test(id));
  if (wrong !== undefined) {
    throw new ConfigError(
      'ALLOWED_TENANTS',
      `"${wrong}" is not a tenant id`,
      'List Directory (tenant) ids (GUIDs) separated by commas, or unset it to allow MicrosoftAppTenantId only.',
    );
  }
  const token = optional(env, 'CALENDAR_FEED_TOKEN');
  if (token !== undefined && token.length < 16) {
    throw new ConfigError(
      'CALENDAR_FEED_TOKEN',
      'is shorter than 16 characters',
      'Use a long random secret, e.g. the output of `openssl rand -hex 24`, or unset it to turn the feed off.',
    );
  }
  const details = readSwitch(env, 'CALENDAR_FEED_DETAILS');
  return { allowedTenants, calendarFeed: { ...(token ? { token } : {}), details } };
}

/**
 * The one place that reads the environment. `validateCron` is passed in so that config does not depend on
 * the scheduler library.
 */
export function readConfig(env: NodeJS.ProcessEnv, validateCron: (expression: string) => boolean): AppConfig {
  const appId = optional(env, 'MicrosoftAppId');
  const appPassword = optional(env, 'MicrosoftAppPassword');
  const tenantId = optional(env, 'MicrosoftAppTenantId');
  // Azure no longer creates multi-tenant bots; MultiTenant still works when set explicitly.
  const appType = optional(env, 'MicrosoftAppType') ?? 'SingleTenant';
  if (!APP_TYPES.includes(appType)) {
    throw new ConfigError(
      'MicrosoftAppType',
      `"${appType}" is not known`,
      `Use one of ${APP_TYPES.join(', ')}.`,
    );
  }
  if (appId && appType !== 'UserAssignedMSI' && !appPassword) {
    throw new ConfigError(
      'MicrosoftAppPassword',
      'is missing while MicrosoftAppId is set',
      "Set it to the client secret of the bot's Entra app registration, or unset MicrosoftAppId to run in local mode.",
    );
  }
  if (appId && appType === 'SingleTenant' && !tenantId) {
    throw new ConfigError(
      'MicrosoftAppTenantId',
      'is missing for a SingleTenant bot',
      "Set it to the Directory (tenant) id shown on the app registration's overview page (or set MicrosoftAppType=MultiTenant if the Azure Bot resource is multi-tenant).",
    );
  }
  const logLevel = optional(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `"${logLevel}" is not a log level`,
      `Use one of ${LOG_LEVELS.join(', ')}.`,
    );
  }
  const mode: BotMode = appId ? 'authenticated' : 'local';
  const localMode = optional(env, 'LOCAL_MODE')?.toLowerCase() ?? 'allow';
  if (localMode !== 'allow' && localMode !== 'refuse') {
    throw new ConfigError(
      'LOCAL_MODE',
      `"${env.LOCAL_MODE}" is neither allow nor refuse`,
      'Use allow (the default: no MicrosoftAppId means local mode) or refuse (no MicrosoftAppId stops the bot).',
    );
  }
  if (mode === 'local' && localMode === 'refuse') {
    // The container image sets LOCAL_MODE=refuse: local mode listens on 127.0.0.1 of the container, which
    // nothing outside it can reach, so a container without credentials would be healthy and useless.
    throw new ConfigError(
      'MicrosoftAppId',
      'is not set, and this installation refuses local mode (LOCAL_MODE=refuse, set by the container image): local mode listens on 127.0.0.1 inside the container, where nothing can reach it',
      'Set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (docker run --env-file deploy/.env), or try the bot without a container: npm ci && npm start.',
    );
  }
  const access = readAccess(env, tenantId);
  const warnings: string[] = [];
  if (mode === 'authenticated' && appType === 'MultiTenant')
    warnings.push(
      'MicrosoftAppType is MultiTenant: Azure no longer creates multi-tenant bots; use SingleTenant unless your Azure Bot resource is multi-tenant.',
    );
  if (mode === 'authenticated' && access.allowedTenants.length === 0)
    warnings.push(
      'No ALLOWED_TENANTS and no MicrosoftAppTenantId: activities from every tenant are acted on. Set ALLOWED_TENANTS to your tenant id.',
    );
  return {
    mode,
    port: readPort(env),
    host: mode === 'local' ? '127.0.0.1' : '0.0.0.0',
    dataDir: path.resolve(optional(env, 'DATA_DIR') ?? './data'),
    processFile: path.resolve(optional(env, 'PROCESS_FILE') ?? DEFAULT_PROCESS_FILE),
    schedulerCron: readCron(env, validateCron),
    logLevel,
    logFormat: readLogFormat(env),
    bot: { appId, appPassword, tenantId, appType },
    graph: readGraph(env),
    store: readStoreConfig({
      STORE: optional(env, 'STORE'),
      AZURE_STORAGE_CONNECTION_STRING: optional(env, 'AZURE_STORAGE_CONNECTION_STRING'),
      AZURE_STORAGE_ACCOUNT_URL: optional(env, 'AZURE_STORAGE_ACCOUNT_URL'),
      AZURE_STORAGE_CONTAINER: optional(env, 'AZURE_STORAGE_CONTAINER'),
    }),
    statusPage: readSwitch(env, 'STATUS_PAGE'),
    ...access,
    ...readPublicHost(env, warnings),
    warnings,
  };
}
