import { Webhook } from 'standardwebhooks';
import type { ProcessDefinition } from '../domain/process';
import { ConfigError } from './errors';

/**
 * The secret of each webhook endpoint, read from the environment variable the process file names: a missing
 * or malformed one stops the start, rather than the first event failing hours later.
 */
export function webhookSecrets(proc: ProcessDefinition, env: NodeJS.ProcessEnv): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const hook of proc.webhooks ?? []) {
    const value = env[hook.secretEnv]?.trim();
    if (!value) {
      throw new ConfigError(
        hook.secretEnv,
        `is not set (the secret of the webhook ${hook.url})`,
        `Set ${hook.secretEnv} to the endpoint's secret, "whsec_" and its base64 key, as the receiver was given.`,
      );
    }
    try {
      new Webhook(value);
    } catch {
      throw new ConfigError(
        hook.secretEnv,
        'is not a webhook secret',
        'Give "whsec_" followed by the base64 key (Standard Webhooks), as the receiver was given.',
      );
    }
    secrets.set(hook.secretEnv, value);
  }
  return secrets;
}
