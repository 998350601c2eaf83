import type { AppConfig } from './appConfig';
import { ConfigError } from './errors';
import { optional, readSwitch } from './envValues';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * BOT_DOMAIN, read by packaging first: a bare host name (and port). It was never checked at start, so a
 * wrong one is a warning (the stats card then shows no chart), not a refusal to start.
 */
export function readPublicHost(env: NodeJS.ProcessEnv, warnings: string[]): Pick<AppConfig, 'publicHost'> {
  const host = optional(env, 'BOT_DOMAIN');
  if (host === undefined) return {};
  if (/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) return { publicHost: host.toLowerCase() };
  warnings.push(
    `BOT_DOMAIN "${host.slice(0, 80)}" is not a host name: give the host only, e.g. change-bot.azurewebsites.net (no https://, no path). The stats card shows no chart until then.`,
  );
  return {};
}

/** Who may talk to the bot (ALLOWED_TENANTS) and who may read the calendar feed (CALENDAR_FEED_*). */
export function readAccess(
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
