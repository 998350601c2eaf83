import { ConfigError } from './errors';
import { optional, readSwitch } from './envValues';

/**
 * E-mail subscriptions on the status page (docs/subscriptions.md): on with the status page unless
 * STATUS_SUBSCRIPTIONS=off, as SPEC's contract has `POST /status/subscribe` wherever `/status` is served.
 */
export interface SubscriptionConfig {
  /** SUBSCRIPTION_SECRET; absent: the bot keeps a secret of its own in DATA_DIR (JSON store only). */
  secret?: string;
  /** Where the links in the mails point: PUBLIC_BASE_URL, else https://<BOT_DOMAIN>; absent in local mode. */
  baseUrl?: string;
}

const MIN_SECRET_LENGTH = 32;
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])$/;

/** PUBLIC_BASE_URL: an origin the readers of the mails can open (https, or http on this machine only). */
function readBaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = optional(env, 'PUBLIC_BASE_URL');
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!url || !secure || url.username || url.password || url.search || url.hash)
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      `"${raw.slice(0, 80)}" is not a public https address`,
      'Set it to the address the readers of the mails open, e.g. https://change-bot.example.org (http only for localhost), or unset it to use https://<BOT_DOMAIN>.',
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Where the secret comes from. SUBSCRIPTION_SECRET when set, the same on every instance: with STORE=blob several
 * instances, each with its own DATA_DIR, must accept each other's links, so there it is required. With the JSON
 * store (one instance) the bot may keep its own secret in DATA_DIR instead, backed up with the data it protects.
 */
export function readSubscriptions(
  env: NodeJS.ProcessEnv,
  statusPage: boolean,
  context: { publicHost: string | undefined; local: boolean; sharedStore: boolean },
): { subscriptions?: SubscriptionConfig } {
  const on = readSwitch(env, 'STATUS_SUBSCRIPTIONS', statusPage);
  const secret = optional(env, 'SUBSCRIPTION_SECRET');
  const baseUrl = readBaseUrl(env) ?? (context.publicHost ? `https://${context.publicHost}` : undefined);
  if (!on) return {};
  if (!statusPage)
    throw new ConfigError(
      'STATUS_SUBSCRIPTIONS',
      'is on while STATUS_PAGE is off',
      'Subscriptions live on the status page: set STATUS_PAGE=on too, or STATUS_SUBSCRIPTIONS=off.',
    );
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(
      'SUBSCRIPTION_SECRET',
      'is shorter than 32 characters',
      'Set it to a long random value (e.g. `openssl rand -hex 32`), the same on every instance; changing it voids the links in mails already sent.',
    );
  if (secret === undefined && context.sharedStore)
    throw new ConfigError(
      'SUBSCRIPTION_SECRET',
      'is missing while the status page takes subscriptions with STORE=blob',
      'Set it to a long random value (e.g. `openssl rand -hex 32`), the same on every instance, or STATUS_SUBSCRIPTIONS=off.',
    );
  if (baseUrl === undefined && !context.local)
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      'is missing while the status page takes subscriptions',
      'The links in subscription mails need the public address: set PUBLIC_BASE_URL (or BOT_DOMAIN), or STATUS_SUBSCRIPTIONS=off.',
    );
  return {
    subscriptions: { ...(secret !== undefined ? { secret } : {}), ...(baseUrl ? { baseUrl } : {}) },
  };
}
