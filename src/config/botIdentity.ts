import type { AppConfig, BotMode } from './appConfig';
import { ConfigError } from './errors';
import { optional } from './envValues';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];

/**
 * Who the bot is to the Bot Connector (MicrosoftApp*): no app id is local mode (no token check); with one, the
 * settings its app type needs must all be there.
 */
export function readBotIdentity(env: NodeJS.ProcessEnv): Pick<AppConfig, 'mode' | 'bot'> {
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
  const mode: BotMode = appId ? 'authenticated' : 'local';
  return { mode, bot: { appId, appPassword, tenantId, appType } };
}

/** LOCAL_MODE=refuse: an installation where local mode cannot work stops instead of running unreachable. */
export function checkLocalMode(env: NodeJS.ProcessEnv, mode: BotMode): void {
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
}
