import { ConfigError } from './errors';
import { optional, readSwitch } from './envValues';

/** STATUS_SUBSCRIPTIONS=on: e-mail subscriptions on the status page (docs/subscriptions.md). */
export interface SubscriptionConfig {
  /** Signs the confirmation and unsubscribe links (HMAC-SHA256). */
  secret: string;
  /** Where the links in the mails point: https://<BOT_DOMAIN>. */
  baseUrl: string;
}

const MIN_SECRET_LENGTH = 32;

/**
 * The secret comes from the environment rather than being made up and kept under DATA_DIR: with STORE=blob
 * several instances, each with its own DATA_DIR, must accept each other's links, and a container's DATA_DIR may
 * be lost at a redeploy, which would silently break the unsubscribe link of every mail already sent.
 */
export function readSubscriptions(
  env: NodeJS.ProcessEnv,
  statusPage: boolean,
  publicHost: string | undefined,
): { subscriptions?: SubscriptionConfig } {
  const on = readSwitch(env, 'STATUS_SUBSCRIPTIONS');
  const secret = optional(env, 'SUBSCRIPTION_SECRET');
  if (!on) return {};
  if (!statusPage)
    throw new ConfigError(
      'STATUS_SUBSCRIPTIONS',
      'is on while STATUS_PAGE is off',
      'Subscriptions live on the status page: set STATUS_PAGE=on too, or STATUS_SUBSCRIPTIONS=off.',
    );
  if (secret === undefined || secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(
      'SUBSCRIPTION_SECRET',
      secret === undefined ? 'is missing while STATUS_SUBSCRIPTIONS is on' : 'is shorter than 32 characters',
      'Set it to a long random value (e.g. `openssl rand -hex 32`), the same on every instance; changing it voids the links in mails already sent.',
    );
  if (publicHost === undefined)
    throw new ConfigError(
      'BOT_DOMAIN',
      'is missing while STATUS_SUBSCRIPTIONS is on',
      'The links in subscription mails point to https://<BOT_DOMAIN>/status: set BOT_DOMAIN to the public host name.',
    );
  return { subscriptions: { secret, baseUrl: `https://${publicHost}` } };
}
