import type { AppConfig } from '../config/env';
import { ownSubscriptionSecret } from '../startup/subscriptionSecret';
import type { SubscriptionLinks } from '../web/subscriptionLinks';

/**
 * The secret and the address of the subscription links, when the status page takes subscriptions: the
 * configured secret or the bot's own (kept in DATA_DIR, JSON store only), PUBLIC_BASE_URL or https://BOT_DOMAIN,
 * else (local mode) the bot's own URL as it listens.
 */
export async function subscriptionLinks(
  config: AppConfig,
  localUrl: () => string,
): Promise<SubscriptionLinks | undefined> {
  const settings = config.subscriptions;
  if (!settings) return undefined;
  const secret = settings.secret ?? (await ownSubscriptionSecret(config.dataDir));
  const fixed = settings.baseUrl;
  return { secret, baseUrl: fixed ? () => fixed : localUrl };
}
