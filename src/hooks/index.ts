import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import { serviceFacts } from '../domain/serviceFacts';
import type { Clock } from '../app/ports';
import { applySilence } from './silence';
import { sendWebhook } from './webhook';

/** Delivers the outbox entries meant for machines: signed webhooks and the window's silence. */
export interface Hooks {
  send(change: Change, entry: OutboxEntry): Promise<{ silenceId?: string }>;
}

/** `secrets`: each endpoint's secret by the name of its environment variable (config/webhookSecrets.ts). */
export function createHooks(deps: {
  proc: ProcessDefinition;
  secrets: ReadonlyMap<string, string>;
  clock: Clock;
}): Hooks {
  return {
    async send(change, entry) {
      const to = entry.effect.to;
      if (to.kind === 'webhook') {
        const endpoint = deps.proc.webhooks?.find((hook) => hook.url === to.url);
        await sendWebhook(change, entry, endpoint && deps.secrets.get(endpoint.secretEnv), deps.clock());
        return {};
      }
      if (to.kind !== 'silence') throw new TypeError(`not a machine recipient: ${to.kind}`);
      const target = serviceFacts(deps.proc, change).alertmanager;
      // The service no longer names one: nothing to silence or expire.
      if (!target) return {};
      const silenceId = await applySilence(change, entry, target, deps.clock());
      return silenceId ? { silenceId } : {};
    },
  };
}
