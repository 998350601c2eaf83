import { z } from 'zod';
import type { ServiceDefinition, WebhookEndpoint } from '../domain/process';
import { ConfigError } from './errors';
import { BUILT_IN_STEPS } from '../domain/steps';
import { tablesOf } from '../domain/steps/lookup';

/*
 * The process file's `webhooks` and a service's `alertmanager` (docs/process-file.md). Their URLs are https,
 * or plain http on this machine only (a receiver or an Alertmanager beside the bot): a secret or a silence
 * never crosses a network in the clear.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https, or http to the loopback address. */
export function isSafeUrl(text: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname));
}

const safeUrl = z
  .string()
  .refine(isSafeUrl, 'must start with https:// (http:// only for 127.0.0.1, localhost or [::1])');

/** The events the built-in steps' public notices name (`webhook` on a notice). */
export const WEBHOOK_EVENTS: readonly string[] = [...tablesOf(BUILT_IN_STEPS).notices.values()].flatMap(
  (spec) => (spec.webhook ? [spec.webhook] : []),
);

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable, like WEBHOOK_SECRET');

export const webhooks = z
  .array(
    z.strictObject({
      url: safeUrl,
      secretEnv: envName,
      events: z
        .array(z.enum(WEBHOOK_EVENTS as [string, ...string[]]))
        .min(1, 'lists no event; leave "events" out to send every event')
        .optional(),
      services: z
        .array(z.string().min(1))
        .min(1, 'lists no service; leave "services" out for every service')
        .optional(),
    }),
  )
  .optional();

export const alertmanager = z
  .strictObject({
    url: safeUrl,
    matchers: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          value: z.string().min(1),
          isRegex: z.boolean().default(false),
        }),
      )
      .min(1, 'needs at least one matcher: a silence without one would silence every alert'),
  })
  .optional();

/** A webhook's `services` must name services of the file: a typo would silently send nothing. */
export function checkWebhookServices(
  hooks: readonly WebhookEndpoint[] | undefined,
  services: readonly ServiceDefinition[],
  source: string,
): void {
  const known = new Set(services.map((service) => service.name.toLowerCase()));
  (hooks ?? []).forEach((hook, index) => {
    const unknown = hook.services?.find((name) => !known.has(name.toLowerCase()));
    if (unknown) {
      throw new ConfigError(
        `${source}: webhooks[${index}].services`,
        `"${unknown}" is not a service of the file`,
        'Name services as they are written in "services", or leave "services" out for every service.',
      );
    }
  });
}
