import { createDelivery } from './app/delivery';
import { createLifecycle } from './app/lifecycle';
import type { Logger } from './app/ports';
import { createAdapter } from './bot/adapter';
import { ChangeBot } from './bot/changeBot';
import { createConversationBook } from './bot/conversations';
import { messagesHandler } from './bot/messages';
import { createPoster } from './bot/poster';
import { templateCards } from './bot/templateCards';
import { readConfig, type AppConfig } from './config/env';
import { ConfigError } from './config/errors';
import { loadProcessFile } from './config/processFile';
import type { ProcessDefinition } from './domain/process';
import { createHttpServer, listen } from './http/server';
import { createLogger } from './logging';
import { createEmlOutbox } from './mail/emlOutbox';
import { isValidCron, startScheduler } from './scheduler/cron';
import { createTick } from './scheduler/tick';
import { createJsonStore } from './store/jsonStore';
import { StoreCorruptError } from './store/types';
import path from 'node:path';
import { calendarFeed } from './mail/calendarFeed';

function loadConfiguration(): { config: AppConfig; process: ProcessDefinition } {
  try {
    const config = readConfig(process.env, isValidCron);
    return { config, process: loadProcessFile(config.processFile) };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const { config, process: definition } = loadConfiguration();
  const logger: Logger = createLogger(config.logLevel, config.mode === 'local');
  const clock = () => new Date();
  let ready = false;

  const store = createJsonStore({ dataDir: config.dataDir, logger, clock });
  try {
    await store.open();
  } catch (error) {
    if (error instanceof StoreCorruptError) {
      logger.error({ path: error.path }, error.message);
      process.exit(1);
    }
    throw error;
  }

  const adapter = createAdapter(config, logger);
  const cards = templateCards(definition);
  const book = createConversationBook(store, logger);
  const poster = createPoster({ adapter, appId: config.bot.appId ?? '', book, cards, clock, logger });
  const mailer = createEmlOutbox(path.join(config.dataDir, 'outbox'), logger);
  const delivery = createDelivery({ store, poster, mailer, clock, logger });
  const lifecycle = createLifecycle({
    store,
    process: definition,
    clock,
    logger,
    // The user's answer goes first; posts and mails follow right after it.
    onQueued: (changeId) => setImmediate(() => void delivery.deliver(changeId)),
  });
  const bot = new ChangeBot({
    lifecycle,
    store,
    cards,
    book,
    clock,
    logger,
    refreshPressedCard: (context, card) => {
      const reference = { ...context.activity, conversation: context.activity.conversation };
      const activityId = context.activity.replyToId;
      if (!activityId) return;
      setImmediate(() =>
        poster
          .update(
            {
              conversation: reference.conversation,
              serviceUrl: reference.serviceUrl,
              channelId: reference.channelId,
              bot: reference.recipient,
            },
            activityId,
            card,
          )
          .catch((error: unknown) =>
            logger.warn({ err: error, activityId }, 'could not update the pressed card in place'),
          ),
      );
    },
  });

  const server = createHttpServer({
    logger,
    handleMessages: messagesHandler(adapter, bot),
    isReady: async () => ready,
    calendar: async () => calendarFeed(store, definition),
  });
  const { port } = await listen(server, config.port, config.host);
  if (config.mode === 'local') {
    logger.warn(
      { host: config.host, port },
      'Local mode: MicrosoftAppId is not set, so requests are not authenticated; listening on 127.0.0.1 only. Set MicrosoftAppId and MicrosoftAppPassword to serve Teams.',
    );
  } else {
    logger.info({ host: config.host, port }, 'listening; Bot Framework tokens are checked');
  }

  const tick = createTick({ store, lifecycle, delivery, clock, logger });
  const scheduler = startScheduler(config.schedulerCron, definition.timeZone, tick, logger);
  ready = true;
  logger.info(
    { cron: config.schedulerCron, dataDir: config.dataDir, processFile: config.processFile },
    'ready',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ready = false;
    logger.info({ signal }, 'shutting down: finishing requests under way');
    await scheduler.stop();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    await store.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The bot could not start:', error);
  process.exit(1);
});
