import { createDamagedFilesNotice } from './app/damagedFiles';
import { createDelivery, type Delivery } from './app/delivery';
import { createLifecycle, type Lifecycle } from './app/lifecycle';
import type { Leadership } from './app/leadership';
import type { Clock, Logger, Mailer } from './app/ports';
import { createAdapter } from './bot/adapter';
import { ChangeBot } from './bot/changeBot';
import { createConversationBook } from './bot/conversations';
import { createdElsewhereConfirmation } from './bot/createdElsewhere';
import { messagesHandler } from './bot/messages';
import { createNotifyPrefs } from './bot/notifyPrefs';
import { createPersonalNotice } from './bot/personalNotice';
import { createPoster } from './bot/poster';
import { proactiveResend } from './bot/quickReply';
import { createRoster } from './bot/roster';
import { createChangeAccess } from './bot/changeAccess';
import { createMembership } from './bot/membership';
import { limitPersonalNotices } from './bot/noticeLimit';
import { placeOfNewChange, serviceOfChannel } from './bot/serviceChannel';
import { processFor } from './domain/serviceFacts';
import { createUserViews } from './bot/userViews';
import { refreshPressedCard } from './bot/pressedCard';
import { templateCards } from './bot/templateCards';
import { drillCard } from './cards';
import { createDrills } from './app/drills';
import { createMeasurements } from './store/measurements';
import type { AppConfig } from './config/env';
import type { ProcessDefinition } from './domain/process';
import { ownerEmails } from './domain/recipients';
import { createHttpServer, listen } from './http/server';
import type { IntakeLimits } from './http/intakeBudget';
import { calendarFeed } from './mail/calendarFeed';
import { createMailer } from './mail/createMailer';
import { botReadiness, type ReadinessLimits } from './health/botReadiness';
import type { ReadinessCheck } from './health/readiness';
import { startBlackoutCalendar } from './blackouts/calendarSource';
import { statusPageRoutes } from './status/routes';
import { statsAnswer } from './bot/statsCommand';
import { statsWiring } from './stats/wiring';
import { listenFailure } from './startup/listenFailure';
import { startScheduler, type RunningScheduler } from './scheduler/cron';
import { createTickHeartbeat, type TickHeartbeat } from './scheduler/heartbeat';
import { createTick } from './scheduler/tick';
import { createStorage, type LeaseTiming } from './store/createStore';
import { lockDataDir } from './store/dataDirLock';
import { checkDataDir } from './startup/dataDir';
import { changeSchemaFor } from './store/migrations';
import { toldMemoryIn } from './store/toldMemory';
import { countingWrites } from './store/writeCount';
import type { ChangeStore } from './store/types';

export interface BotOptions {
  config: AppConfig;
  process: ProcessDefinition;
  logger: Logger;
  clock?: Clock;
  /** Defaults to Graph when config.graph is set, else the .eml outbox under DATA_DIR. */
  mailer?: Mailer;
  /** How long a Bot Connector call may take before the outbox retries it (default 15 s). */
  connectorTimeoutMs?: number;
  /** How long a chat reply may hold the user's turn on the Bot Connector (default 800 ms). */
  replyWaitMs?: number;
  store?: ChangeStore;
  /** false: no cron; tests call `tick()` themselves with a fake clock (readiness sees those ticks). */
  schedule?: boolean;
  /** More named checks behind /readyz, beside DATA_DIR, scheduler and outbox (see src/health/readiness.ts). */
  readinessChecks?: ReadinessCheck[];
  /** Readiness limits; the defaults suit production. */
  readiness?: ReadinessLimits;
  /** Shorter leader leases for tests (STORE=blob only). */
  lease?: LeaseTiming;
  /** How much request body is read at once and how long it may take (benchmarks, tests); defaults otherwise. */
  intakeLimits?: Partial<IntakeLimits>;
}

export interface RunningBot {
  port: number;
  store: ChangeStore;
  lifecycle: Lifecycle;
  delivery: Delivery;
  leadership: Leadership;
  tick: () => Promise<void>;
  /** Every tick's start and end, as readiness sees them. */
  heartbeat: TickHeartbeat;
  /** The cron task, when `schedule` is not false. */
  scheduler?: RunningScheduler;
  stop(): Promise<void>;
}

/** Wires the whole bot from its dependencies and starts it; main.ts and the integration tests share this. */
export async function startBot(options: BotOptions): Promise<RunningBot> {
  const { config, process: definition, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();

  // Made here, in every store mode (the .eml outbox and the readiness probe live there even with Blob
  // Storage), or one line naming the system's error: main, tests and benches all start through here.
  await checkDataDir(config.dataDir);
  // One bot per DATA_DIR on the JSON store (Blob Storage instances share the container, not the folder).
  const lock = config.store.kind === 'json' ? await lockDataDir(config.dataDir, clock) : undefined;
  const storage = createStorage(config, logger, clock, options.lease, changeSchemaFor(definition));
  // Counted, so that the public pages keep one rendering until a change is written (status/renderCache.ts).
  const { store, writes } = countingWrites(options.store ?? storage.store);
  const leadership = storage.leadership;
  try {
    await store.open();
  } catch (error) {
    await lock?.release();
    throw error;
  }
  await leadership.start?.();
  const measurements = createMeasurements(store);
  await measurements.load();

  const connectorTimeoutMs = options.connectorTimeoutMs ?? 15_000;
  const adapter = createAdapter(config, logger, { timeoutMs: connectorTimeoutMs });
  const blackoutCalendar = await startBlackoutCalendar(definition, config.dataDir, logger, clock);
  const blackouts = () => [...definition.blackouts, ...(blackoutCalendar?.current() ?? [])];
  const cards = templateCards(definition, blackouts, clock, measurements.measured);
  const book = createConversationBook(store, logger);
  const roster = createRoster(store, logger);
  const access = createChangeAccess({
    process: definition,
    membership: createMembership({ logger, clock }),
    clock,
  });
  const views = createUserViews({ cards, process: definition, roster, clock });
  const prefs = createNotifyPrefs(store);
  const poster = createPoster({
    views,
    personal: limitPersonalNotices(
      createPersonalNotice({
        adapter,
        appId: config.bot.appId ?? '',
        roster,
        prefs,
        cards,
        clock,
        logger,
      }),
      { clock, logger },
    ),
    adapter,
    appId: config.bot.appId ?? '',
    book,
    cards,
    process: definition,
    clock,
    logger,
    // A backstop: the connector's HTTP client aborts the request at connectorTimeoutMs already.
    timeoutMs: 2 * connectorTimeoutMs,
  });
  const mailer = options.mailer ?? createMailer(config, definition, logger);
  const delivery = createDelivery({
    store,
    poster,
    mailer,
    clock,
    logger,
    owners: (change) => ownerEmails(change, definition),
    maySend: leadership.isLeader,
  });
  /** Delivery runs started after an answer; stop() lets them finish before the store closes. */
  const deliveries = new Set<Promise<void>>();
  const lifecycle = createLifecycle({
    store,
    process: definition,
    clock,
    logger,
    blackouts,
    measurements,
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
  const stats = statsWiring({
    store,
    proc: definition,
    ...(config.calendarFeed.token ? { token: config.calendarFeed.token } : {}),
    ...(config.publicHost ? { publicHost: config.publicHost } : {}),
    clock,
    logger,
  });
  const bot = new ChangeBot({
    stats: statsAnswer({ report: stats.chat, cards, chartUrl: stats.chartUrl }),
    lifecycle,
    store,
    cards,
    book,
    clock,
    logger,
    resend: proactiveResend(adapter, config.bot.appId ?? ''),
    ...(options.replyWaitMs !== undefined ? { replyWaitMs: options.replyWaitMs } : {}),
    access: { mode: config.mode, allowedTenants: config.allowedTenants },
    roster,
    prefs,
    placeOfNewChange: (activity, key, service) =>
      placeOfNewChange(activity, key, processFor(definition, service ?? ''), store),
    serviceHere: (activity) => serviceOfChannel(activity, definition),
    confirmCreatedElsewhere: createdElsewhereConfirmation({
      adapter,
      appId: config.bot.appId ?? '',
      book,
      store,
      delivery,
      logger,
      track: (work) => {
        deliveries.add(work);
        void work.finally(() => deliveries.delete(work));
      },
    }),
    refresh: { store, cards, views, process: definition, clock, logger, mayRead: access.mayRead },
    mayRead: access.mayRead,
    creation: access,
    drills: {
      drills: createDrills({ measurements, proc: definition, clock }),
      card: (drill) => drillCard(drill, definition, measurements.measured()),
      refusal: (message) => cards.refusal(message),
    },
    refreshPressedCard: refreshPressedCard({ poster, views, cards, book, clock, logger }),
  });

  const heartbeat = createTickHeartbeat(clock);
  const readiness = botReadiness({
    config,
    process: definition,
    store,
    heartbeat,
    clock,
    logger,
    startedAt,
    ...(options.readiness ? { limits: options.readiness } : {}),
    extra: [...(blackoutCalendar ? [blackoutCalendar.readiness] : []), ...(options.readinessChecks ?? [])],
  });
  const server = createHttpServer({
    logger,
    handleMessages: messagesHandler(adapter, bot),
    readiness: () => readiness.report(),
    calendar: async (service) =>
      calendarFeed(store, definition, {
        details: config.calendarFeed.details,
        ...(service ? { service } : {}),
      }),
    ...(config.calendarFeed.token ? { calendarToken: config.calendarFeed.token } : {}),
    ...(options.intakeLimits ? { intakeLimits: options.intakeLimits } : {}),
    routes: [
      ...(config.statusPage ? statusPageRoutes({ store, process: definition, clock, logger, writes }) : []),
      ...stats.routes,
    ],
  });
  let port: number;
  try {
    ({ port } = await listen(server, config.port, config.host));
  } catch (error) {
    // Nothing is served yet: let go of the store (and the lease) before saying why the bot stops.
    blackoutCalendar?.stop();
    // A failure to close must not hide why the bot stops.
    await leadership.stop().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw listenFailure(error, config.host, config.port) ?? error;
  }

  // Owners are mailed once about stored files that cannot be read: at start, and after each leader tick.
  const damagedFiles = createDamagedFilesNotice({
    store,
    mailer,
    owners: definition.approvers.map((approver) => approver.email),
    memory: toldMemoryIn(config.dataDir),
    logger,
  });
  const tickAsLeader = createTick({ store, lifecycle, delivery, clock, logger });
  // Every instance catches up with the shared store; only the leader ticks. Readiness sees every tick.
  const tick = heartbeat.wrap(async (): Promise<void> => {
    if (store.refresh) {
      // Drills and snapshot timings too (every CATCH_UP_MS): the cards of every instance show the last drill,
      // wherever it ran.
      await Promise.all([store.refresh(), measurements.catchUp(clock())]).catch((error: unknown) => {
        logger.warn(
          { err: error },
          'could not catch up with the shared store; ticking on what this instance knows',
        );
      });
    }
    if (!leadership.isLeader()) return;
    await tickAsLeader();
    await damagedFiles.check();
  });
  void damagedFiles.check();
  let scheduler: RunningScheduler | undefined;
  if (options.schedule !== false)
    scheduler = startScheduler(config.schedulerCron, definition.timeZone, tick, logger);
  readiness.started();

  return {
    port,
    store,
    lifecycle,
    delivery,
    leadership,
    tick,
    heartbeat,
    ...(scheduler ? { scheduler } : {}),
    async stop() {
      readiness.stopping();
      blackoutCalendar?.stop();
      await scheduler?.stop();
      await new Promise<void>((resolve) => {
        // In-flight turns finish; idle keep-alive connections must not hold the shutdown forever.
        const timer = setTimeout(resolve, 10_000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.server.closeIdleConnections();
      });
      await Promise.all([...deliveries]);
      await leadership.stop();
      try {
        await store.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
