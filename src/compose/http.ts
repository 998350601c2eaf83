import type { Mailer } from '../app/ports';
import type { BlackoutCalendar } from '../blackouts/calendarSource';
import { messagesHandler } from '../bot/messages';
import type { ChangeBot } from '../bot/changeBot';
import { botReadiness } from '../health/botReadiness';
import { createHttpServer, listen } from '../http/server';
import { calendarFeed } from '../mail/calendarFeed';
import type { TickHeartbeat } from '../scheduler/heartbeat';
import { listenFailure } from '../startup/listenFailure';
import type { StatsWiring } from '../stats/wiring';
import { statusPageRoutes } from '../status/routes';
import type { SubscriptionLinks } from '../web/subscriptionLinks';
import type { BotOptions, Wiring } from './options';
import type { OpenStorage } from './storage';

export interface Serving {
  server: ReturnType<typeof createHttpServer>;
  port: number;
  readiness: ReturnType<typeof botReadiness>;
}

/**
 * The HTTP side, listening: the Bot Framework endpoint, /readyz and its checks, the calendar feed, the status
 * page (STATUS_PAGE=on) and the stats. When the port cannot be had, the store and the lease are let go before
 * the failure is thrown, named for the operator.
 */
export async function serveHttp(
  { config, proc, logger, clock }: Wiring,
  deps: {
    storage: OpenStorage;
    bot: ChangeBot;
    adapter: Parameters<typeof messagesHandler>[0];
    stats: StatsWiring;
    heartbeat: TickHeartbeat;
    blackoutCalendar: BlackoutCalendar | undefined;
    startedAt: Date;
    mailer: Mailer;
    subscriptions: SubscriptionLinks | undefined;
  } & Pick<BotOptions, 'readiness' | 'readinessChecks' | 'intakeLimits'>,
): Promise<Serving> {
  const { store, writes, leadership } = deps.storage;
  const readiness = botReadiness({
    config,
    process: proc,
    store,
    heartbeat: deps.heartbeat,
    clock,
    logger,
    startedAt: deps.startedAt,
    ...(deps.readiness ? { limits: deps.readiness } : {}),
    extra: [
      ...(deps.blackoutCalendar ? [deps.blackoutCalendar.readiness] : []),
      ...(deps.readinessChecks ?? []),
    ],
  });
  const server = createHttpServer({
    logger,
    handleMessages: messagesHandler(deps.adapter, deps.bot),
    readiness: () => readiness.report(),
    calendar: async (service) =>
      calendarFeed(store, proc, {
        details: config.calendarFeed.details,
        ...(service ? { service } : {}),
      }),
    ...(config.calendarFeed.token ? { calendarToken: config.calendarFeed.token } : {}),
    ...(deps.intakeLimits ? { intakeLimits: deps.intakeLimits } : {}),
    routes: [
      ...(config.statusPage
        ? statusPageRoutes({
            store,
            process: proc,
            clock,
            logger,
            writes,
            ...(deps.subscriptions ? { subscriptions: { ...deps.subscriptions, mailer: deps.mailer } } : {}),
          })
        : []),
      ...deps.stats.routes,
    ],
  });
  try {
    const { port } = await listen(server, config.port, config.host);
    return { server, port, readiness };
  } catch (error) {
    // Nothing is served yet: let go of the store (and the lease) before saying why the bot stops.
    deps.blackoutCalendar?.stop();
    // A failure to close must not hide why the bot stops.
    await leadership.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw listenFailure(error, config.host, config.port) ?? error;
  }
}

/** In-flight requests finish; idle keep-alive connections must not hold the shutdown forever (10 s at most). */
export function closeServer(server: Serving['server']): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.server.closeIdleConnections();
  });
}
