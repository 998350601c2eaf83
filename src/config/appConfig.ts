import type { SubscriptionConfig } from './subscriptionConfig';
import type { StoreConfig } from './storeConfig';

/* The settings as readConfig (env.ts) leaves them: read once at start, checked, and passed in from there. */

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
  /** STATUS_SUBSCRIPTIONS=on: e-mail subscriptions on the status page; absent when off. */
  subscriptions?: SubscriptionConfig;
  /** Entra tenant ids whose activities are acted on; empty: no tenant check (local mode without a tenant). */
  allowedTenants: string[];
  /** /calendar.ics: off without a token; descriptions and contacts only with `details`. */
  calendarFeed: { token?: string; details: boolean };
  /** BOT_DOMAIN: the host name Teams reaches the bot at; the stats card links its chart image there. */
  publicHost?: string;
  /** Start-up warnings the caller logs (e.g. an explicit MultiTenant bot). */
  warnings: string[];
}
