import type { Leadership } from '../store/leadership';
import { createDelivery } from '../app/delivery';
import { createLifecycle } from '../app/lifecycle';
import type { Mailer, NoticePoster } from '../app/ports';
import type { Blackout } from '../domain/blackouts';
import { ownerEmails } from '../domain/recipients';
import { webhookSecrets } from '../config/webhookSecrets';
import { createHooks } from '../hooks';
import { createMailer } from '../mail/createMailer';
import { createSubscriberNotices } from '../mail/subscriberMail';
import type { Measurements } from '../store/measurements';
import type { ChangeStore } from '../store/types';
import type { SubscriptionLinks } from '../web/subscriptionLinks';
import type { Wiring } from './options';

export type ChangeParts = ReturnType<typeof changeParts>;

/**
 * A change's life and what it sends: the lifecycle that records each step, and the delivery that posts and
 * mails what a step queued (only the leader sends). Every delivery run is tracked, so that stop() lets it finish
 * before the store closes.
 */
export function changeParts(
  { config, proc, logger, clock }: Wiring,
  deps: {
    store: ChangeStore;
    leadership: Leadership;
    measurements: Measurements;
    blackouts: () => readonly Blackout[];
    poster: NoticePoster;
    mailer?: Mailer;
    webhookSecrets?: ReadonlyMap<string, string> | undefined;
    subscriptions?: SubscriptionLinks | undefined;
  },
) {
  const { store, leadership } = deps;
  const mailer = deps.mailer ?? createMailer(config, proc, logger);
  const delivery = createDelivery({
    store,
    poster: deps.poster,
    mailer,
    ...(deps.subscriptions
      ? {
          subscribers: createSubscriberNotices({
            ...deps.subscriptions,
            subscribers: store.subscribers,
            mailer,
            process: proc,
            logger,
          }),
        }
      : {}),
    // None given while the process names webhooks: the start stops with a ConfigError naming the variable.
    machines: createHooks({ proc, secrets: deps.webhookSecrets ?? webhookSecrets(proc, {}), clock }),
    clock,
    logger,
    owners: (change) => ownerEmails(change, proc),
    maySend: leadership.isLeader,
  });
  /** Delivery runs started after an answer; stop() lets them finish before the store closes. */
  const deliveries = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    deliveries.add(work);
    void work.finally(() => deliveries.delete(work));
  };
  const lifecycle = createLifecycle({
    store,
    process: proc,
    clock,
    logger,
    blackouts: deps.blackouts,
    measurements: deps.measurements,
    ...(config.subscriptions ? { subscriptions: true } : {}),
    // The user's answer goes first; posts and mails follow right after it.
    onQueued: (changeId) => {
      const sending = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => delivery.deliver(changeId))
        .catch((error: unknown) =>
          logger.error({ err: error, changeId }, 'delivery run failed; the next tick retries'),
        )
        .finally(() => deliveries.delete(sending));
      deliveries.add(sending);
    },
  });
  return { mailer, delivery, lifecycle, track, settled: () => Promise.all([...deliveries]) };
}
