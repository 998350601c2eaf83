import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../src/app/ports';
import { createRoster } from '../../../src/bot/roster';
import { createJsonStore } from '../../../src/store/jsonStore';
import { BotProcess, REPO_ROOT } from './bot';
import { BOT, PEOPLE, ROLES, TEAM, TENANT_ID } from './people';
import { PlaygroundDriver } from './driver';
import { startPlayground, type Playground } from './playground';
import { freePortChecked } from './ports';
import { readableRecording } from './recording';

export const FAST_PROCESS_FILE = path.join(REPO_ROOT, 'process', 'e2e-fast.process.json');
/** The ISC Learn process in minutes plus a second service (ISC Wiki, approver Max Member) on the same host. */
export const TWO_SERVICES_PROCESS_FILE = path.join(REPO_ROOT, 'process', 'e2e-two-services.process.json');
const RESULTS = path.join(REPO_ROOT, 'test-results', 'e2e');

/** What a failure report is about: lines naming the change or its thread. */
export interface Scope {
  changeId?: string;
  threadId?: string;
}

export interface E2eEnvironment {
  dir: string;
  bot: BotProcess;
  playground: Playground;
  driver: PlaygroundDriver;
  /** The transcript (ours and the Playground's events recording) and the bot's log tail, as one text. */
  report(scope?: Scope): Promise<string>;
  /** Copies transcript, recording, logs and DATA_DIR to test-results/e2e/<name>/; returns that folder. */
  saveArtifacts(name: string): Promise<string>;
  stop(): Promise<void>;
}

function inScope(scope: Scope | undefined): (line: string) => boolean {
  const keys = [scope?.changeId, scope?.threadId].filter((key): key is string => Boolean(key));
  return keys.length === 0 ? () => true : (line) => keys.some((key) => line.includes(key));
}

export interface EnvironmentOptions {
  /** Default: a free port. */
  playgroundPort?: number;
  /** Default: process/e2e-fast.process.json (the ISC Learn process in minutes). */
  processFile?: string;
}

/** Warnings of the seeding store and roster go to the test's output. */
const quiet: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warn: (details, message) => console.warn(message ?? '', details),
  error: (details, message) => console.error(message ?? '', details),
  child: () => quiet,
};

/**
 * Makes the bot know everyone in the team by their Teams id before it starts, as a Teams roster lookup
 * (`GET /v3/conversations/{id}/members/{aadObjectId}`) would tell it. The Playground answers that lookup by
 * channel account id only, so without this the approver stays unknown until they press something, and the
 * cards of the bot's first posts to them differ from what Teams users get. Written through the bot's own
 * roster and store, as a sender of a Teams activity is learned.
 */
async function seedRoster(dataDir: string): Promise<void> {
  const store = createJsonStore({ dataDir, logger: quiet });
  await store.open();
  try {
    const roster = createRoster(store, quiet);
    for (const role of ROLES) {
      await roster.learn({
        channelId: 'msteams',
        serviceUrl: 'http://127.0.0.1/_connector',
        conversation: { id: TEAM.id, tenantId: TENANT_ID } as never,
        recipient: { id: BOT.id, name: BOT.name },
        from: { id: PEOPLE[role].id, name: PEOPLE[role].name, aadObjectId: PEOPLE[role].aadObjectId },
      });
    }
  } finally {
    await store.close();
  }
}

/**
 * A fresh world for one test run: a temp folder, the bot on a fresh DATA_DIR with the fast process and a
 * tick every second, the Agents Playground pointed at it, and a driver listening to both of its streams.
 */
export async function startEnvironment(options: EnvironmentOptions = {}): Promise<E2eEnvironment> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-e2e-'));
  const dataDir = path.join(dir, 'data');
  const botPort = await freePortChecked();
  const playgroundPort = options.playgroundPort ?? (await freePortChecked());
  const bot = new BotProcess({
    port: botPort,
    dataDir,
    processFile: options.processFile ?? FAST_PROCESS_FILE,
    schedulerCron: '* * * * * *',
    logFile: path.join(dir, 'bot.log'),
    ...(process.env.E2E_BOT_ENTRY ? { entry: process.env.E2E_BOT_ENTRY } : {}),
  });
  let playground: Playground | undefined;
  let driver: PlaygroundDriver | undefined;
  try {
    await fs.mkdir(dataDir, { recursive: true });
    await seedRoster(dataDir);
    await bot.start();
    playground = await startPlayground({ dir, port: playgroundPort, botEndpoint: bot.endpoint });
    driver = new PlaygroundDriver(playground.baseUrl);
    await driver.connect();
  } catch (error) {
    driver?.close();
    await playground?.stop();
    await bot.stop();
    throw error;
  }
  const started = { playground, driver };

  async function report(scope?: Scope): Promise<string> {
    const filter = inScope(scope);
    const recording = await readableRecording(started.playground.recordingFile, filter);
    return [
      `--- transcript${scope?.changeId ? ` of ${scope.changeId}` : ''} (harness view) ---`,
      started.driver.transcript.text(filter) || '(nothing)',
      `--- Playground events recording (${started.playground.recordingFile}) ---`,
      recording.split('\n').slice(-80).join('\n'),
      `--- bot log, last lines (${bot.log.path}) ---`,
      bot.log.tail(100),
    ].join('\n');
  }

  return {
    dir,
    bot,
    playground,
    driver,
    report,
    async saveArtifacts(name) {
      const target = path.join(RESULTS, name);
      await fs.mkdir(target, { recursive: true });
      await fs.writeFile(path.join(target, 'transcript.txt'), started.driver.transcript.text());
      await fs.writeFile(
        path.join(target, 'playground-events.txt'),
        await readableRecording(started.playground.recordingFile),
      );
      for (const file of [started.playground.recordingFile, started.playground.logFile, bot.log.path]) {
        await fs.copyFile(file, path.join(target, path.basename(file))).catch(() => undefined);
      }
      await fs.rm(path.join(target, 'data'), { recursive: true, force: true });
      await fs.cp(dataDir, path.join(target, 'data'), { recursive: true }).catch(() => undefined);
      return target;
    },
    async stop() {
      started.driver.close();
      await started.playground.stop();
      await bot.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
