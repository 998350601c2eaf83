import { startBlackoutCalendar } from './blackouts/calendarSource';
import { changeBot } from './compose/bot';
import { changeParts } from './compose/changes';
import { closeServer, serveHttp } from './compose/http';
import type { BotOptions, RunningBot, Wiring } from './compose/options';
import { openStorage } from './compose/storage';
import { teamsParts } from './compose/teams';
import { subscriptionLinks } from './compose/subscriptions';
import { startTicking } from './compose/ticking';
import { createTickHeartbeat } from './scheduler/heartbeat';
import { statsWiring } from './stats/wiring';

export type { BotOptions, RunningBot } from './compose/options';

/**
 * Wires the whole bot from its dependencies and starts it; main.ts and the integration tests share this.
 * Its parts, in the order they start, live in src/compose/.
 */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, process: proc, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const wiring: Wiring = { config, proc, logger, clock };
  const startedAt = clock();

  const storage = await openStorage(wiring, options);
  // In local mode the links in subscription mails point here; PORT=0 is known once the server listens.
  const here = (port: number) => `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  let localUrl = here(config.port);
  const subscriptions = await subscriptionLinks(config, () => localUrl);
  const { store, leadership, measurements } = storage;
  const blackoutCalendar = await startBlackoutCalendar(proc, config.dataDir, logger, clock);
  const blackouts = () => [...proc.blackouts, ...(blackoutCalendar?.current() ?? [])];
  const teams = teamsParts(wiring, {
    store,
    measurements,
    blackouts,
    connectorTimeoutMs: options.connectorTimeoutMs ?? 15_000,
  });
  const changes = changeParts(wiring, {
    store,
    leadership,
    measurements,
    blackouts,
    poster: teams.poster,
    mailer: options.mailer,
    webhookSecrets: options.webhookSecrets,
    subscriptions,
  });
  const stats = statsWiring({
    store,
    proc,
    ...(config.calendarFeed.token ? { token: config.calendarFeed.token } : {}),
    ...(config.publicHost ? { publicHost: config.publicHost } : {}),
    clock,
    logger,
  });
  const bot = changeBot(wiring, {
    store,
    measurements,
    teams,
    changes,
    stats,
    replyWaitMs: options.replyWaitMs,
  });
  const heartbeat = createTickHeartbeat(clock);
  const http = await serveHttp(wiring, {
    storage,
    bot,
    adapter: teams.adapter,
    stats,
    heartbeat,
    blackoutCalendar,
    startedAt,
    mailer: changes.mailer,
    subscriptions,
    readiness: options.readiness,
    readinessChecks: options.readinessChecks,
    intakeLimits: options.intakeLimits,
  });
  localUrl = here(http.port);
  const { tick, scheduler } = startTicking(wiring, {
    storage,
    changes,
    heartbeat,
    schedule: options.schedule,
  });
  http.readiness.started();

  return {
    port: http.port,
    store,
    lifecycle: changes.lifecycle,
    delivery: changes.delivery,
    leadership,
    tick,
    heartbeat,
    ...(scheduler ? { scheduler } : {}),
    async stop() {
      http.readiness.stopping();
      blackoutCalendar?.stop();
      await scheduler?.stop();
      await closeServer(http.server);
      await changes.settled();
      await leadership.stop();
      try {
        await store.close();
      } finally {
        await storage.lock?.release();
      }
    },
  };
}
