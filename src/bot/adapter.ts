import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from '../app/ports';
import type { AppConfig } from '../config/env';
import { forLog } from '../domain/bounded';
import { failFastHttpClient } from './connectorHttp';
import { proactiveResend, replyQuickly } from './quickReply';

/**
 * CloudAdapter from the configuration. With no app id it runs unauthenticated: local mode only, which the
 * server enforces by listening on 127.0.0.1.
 */
export function createAdapter(
  config: AppConfig,
  logger: Logger,
  connector: { timeoutMs: number } = { timeoutMs: 15_000 },
): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions =
    config.mode === 'local'
      ? {}
      : {
          MicrosoftAppId: config.bot.appId,
          MicrosoftAppPassword: config.bot.appPassword,
          MicrosoftAppTenantId: config.bot.tenantId,
          MicrosoftAppType: config.bot.appType,
        };
  // Connector calls fail fast on 429, 5xx and timeouts: the outbox retries them (see connectorHttp.ts).
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication(options, undefined, undefined, undefined, {
      httpClient: failFastHttpClient(connector),
    }),
  );
  adapter.onTurnError = async (context, error) => {
    logger.error(
      {
        err: error,
        activityId: forLog(context.activity.id),
        conversationId: forLog(context.activity.conversation?.id, 200),
      },
      'unhandled error in a turn',
    );
    if (context.activity.type === 'message') {
      await replyQuickly(
        context,
        'Sorry, something went wrong on my side. Try again in a minute; if it keeps happening, tell the bot operator.',
        { logger, resend: proactiveResend(adapter, config.bot.appId ?? '') },
      );
    }
  };
  return adapter;
}
