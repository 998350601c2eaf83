/**
 * Runs the real bot (startBot: restify + CloudAdapter + store on disk) in local mode on a free port, with a
 * fake clock, a test process file whose approvers the tests know, and a recording connector as serviceUrl.
 * Activities are posted over HTTP exactly as Teams would post them.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger, Mailer } from '../../../src/app/ports';
import { startBot, type BotOptions, type RunningBot } from '../../../src/compose';
import { DEFAULT_PROCESS_FILE, readConfig, type AppConfig } from '../../../src/config/env';
import { loadProcessFile } from '../../../src/config/processFile';
import { webhookSecrets } from '../../../src/config/webhookSecrets';
import type { Change, OutboxEntry } from '../../../src/domain/change';
import type { ProcessDefinition } from '../../../src/domain/process';
import { isValidCron } from '../../../src/scheduler/cron';
import type { ChangeStore } from '../../../src/store/types';
import { startConnector, type RecordingConnector } from '../../support/connector';
import { approverEntries, editProcessJson } from '../../support/processJson';

export interface Person {
  /** The Teams user id (`29:...`), as in `from.id`. */
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
}

export const approver: Person = {
  id: '29:approver-alice',
  aadObjectId: 'aaaaaaaa-1111-4000-8000-000000000001',
  name: 'Alice Approver',
  email: 'alice.approver@test.example.org',
};
export const secondApprover: Person = {
  id: '29:approver-bruno',
  aadObjectId: 'aaaaaaaa-1111-4000-8000-000000000002',
  name: 'Bruno Approver',
  email: 'bruno.approver@test.example.org',
};
export const implementer: Person = {
  id: '29:implementer-ines',
  aadObjectId: 'bbbbbbbb-1111-4000-8000-000000000001',
  name: 'Ines Implementer',
  email: 'ines.implementer@test.example.org',
};
/** A channel member who is neither the implementer nor an approver. */
export const stranger: Person = {
  id: '29:stranger-sam',
  aadObjectId: 'cccccccc-1111-4000-8000-000000000001',
  name: 'Sam Stranger',
  email: 'sam.stranger@test.example.org',
};

export const BOT = { id: '28:change-bot', name: 'Change' };
export const TENANT = 'tttttttt-1111-4000-8000-000000000001';
/** The team's General channel: its id is the team id. */
export const CHANNEL = '19:general-isc-learn@thread.tacv2';

/** Mon 2 Mar 2026, 09:00 Europe/Zurich. */
export const START_TIME = new Date('2026-03-02T08:00:00.000Z');

export interface LoggedLine {
  level: string;
  details: object;
  message?: string;
}

export function recordingLogger(lines: LoggedLine[] = [], bindings: object = {}): Logger {
  const at =
    (level: string) =>
    (details: object | string, message?: string): void => {
      if (typeof details === 'string') lines.push({ level, details: bindings, message: details });
      else lines.push({ level, details: { ...bindings, ...details }, ...(message ? { message } : {}) });
    };
  return {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}

export interface SentMail {
  changeId: string;
  notice: string;
  to: string[];
}

/** Writes a copy of the shipped process file with the test approvers; returns its path. */
export async function writeTestProcessFile(
  dir: string,
  overrides: Record<string, unknown> = {},
  serviceOverrides: Record<string, unknown> = {},
): Promise<string> {
  const shipped = JSON.parse(await fs.readFile(DEFAULT_PROCESS_FILE, 'utf8')) as Record<string, unknown>;
  const file = path.join(dir, 'test.process.json');
  await fs.writeFile(
    file,
    JSON.stringify(
      editProcessJson(shipped, overrides, {
        approvers: approverEntries([approver, secondApprover]),
        ...serviceOverrides,
      }),
      null,
      2,
    ),
  );
  return file;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Reuse the data folder of a stopped harness (a restart); a fresh temporary one by default. */
  dataDir?: string;
  /** A connector that outlives this harness (a restart); the harness then does not stop it. */
  connector?: RecordingConnector;
  /** Replaces the JSON store (e.g. a wrapper that pauses writes). */
  wrapStore?: (store: ChangeStore) => ChangeStore;
  /** The process's steps, read with the process file as main does (the built-in ones by default). */
  steps?: ProcessDefinition['steps'];
  /** Top-level fields of the test process file (e.g. `before` with a step's own offset). */
  processOverrides?: Record<string, unknown>;
  /** Fields of the test process file's service (e.g. its `alertmanager`). */
  serviceOverrides?: Record<string, unknown>;
  /** Passed to startBot as they are (e.g. `schedule: true`, readiness limits). */
  /** Mails go to the bot's own .eml outbox under DATA_DIR/outbox (as with no Graph), not to `mails`. */
  emlOutbox?: boolean;
  bot?: Pick<BotOptions, 'schedule' | 'readiness' | 'readinessChecks' | 'connectorTimeoutMs' | 'replyWaitMs'>;
}

export type Json = Record<string, unknown>;

export interface InvokeAnswer {
  /** HTTP status of POST /api/messages. */
  status: number;
  /** The invoke response body: {statusCode, type, value}. */
  body: { statusCode: number; type: string; value: unknown };
}

export interface Harness {
  bot: RunningBot;
  store: ChangeStore;
  connector: RecordingConnector;
  process: ProcessDefinition;
  config: AppConfig;
  dataDir: string;
  baseUrl: string;
  logs: LoggedLine[];
  mails: SentMail[];
  now(): Date;
  setNow(instant: Date): void;
  /** Posts a raw activity to /api/messages; returns the HTTP status and the parsed body (if any). */
  post(activity: Json, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** `@Change <text>` posted in the channel as a new thread (or in the thread `rootId`). */
  say(
    from: Person,
    text: string,
    options?: { rootId?: string },
  ): Promise<{ status: number; activityId: string }>;
  /** An Action.Execute press: invoke `adaptiveCard/action`. */
  press(
    from: Person,
    verb: string,
    data: Json,
    options?: { replyToId?: string; rootId?: string; trigger?: 'manual' | 'automatic' },
  ): Promise<InvokeAnswer>;
  change(id: string): Promise<Change>;
  /**
   * Stops the bot only (as SIGTERM does); stop() then cleans up. By default the deliveries already queued are
   * let through first, because startBot's stop() does not wait for them.
   */
  stopBot(options?: { deliveriesFirst?: boolean }): Promise<void>;
  /** Stops the bot and the connector; the data folder is deleted unless `keepData` (to start again on it). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

let activityCounter = 0;
export function nextActivityId(): string {
  activityCounter += 1;
  return `incoming-${activityCounter}`;
}

export function fromOf(person: Person): Json {
  return { id: person.id, name: person.name, aadObjectId: person.aadObjectId };
}

/** The fields every activity from Teams in the test channel carries. */
export function channelActivity(serviceUrl: string, from: Person, rootId: string): Json {
  return {
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: fromOf(from),
    recipient: { ...BOT },
    conversation: {
      id: `${CHANNEL};messageid=${rootId}`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT,
    },
    channelData: {
      channel: { id: CHANNEL },
      team: { id: CHANNEL, name: 'ISC Learn' },
      tenant: { id: TENANT },
    },
  };
}

export function mentionMessage(
  serviceUrl: string,
  from: Person,
  text: string,
  rootId: string,
  id: string,
): Json {
  const mention = `<at>${BOT.name}</at>`;
  return {
    ...channelActivity(serviceUrl, from, rootId),
    type: 'message',
    id,
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: mention, mentioned: { ...BOT } }],
  };
}

export function cardInvoke(
  serviceUrl: string,
  from: Person,
  verb: string,
  data: Json,
  options: { replyToId?: string; rootId?: string; trigger?: 'manual' | 'automatic' } = {},
): Json {
  return {
    ...channelActivity(serviceUrl, from, options.rootId ?? options.replyToId ?? 'no-thread'),
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: nextActivityId(),
    ...(options.replyToId ? { replyToId: options.replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb, data }, trigger: options.trigger ?? 'manual' },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-test-')));
  const processFile = await writeTestProcessFile(dataDir, options.processOverrides, options.serviceOverrides);
  const config: AppConfig = {
    ...readConfig(
      { PORT: '0', DATA_DIR: path.join(dataDir, 'data'), PROCESS_FILE: processFile, ...options.env },
      isValidCron,
    ),
    // Authenticated mode listens on every interface; tests stay on loopback.
    host: '127.0.0.1',
  };
  const definition = loadProcessFile(config.processFile, options.steps ? { steps: options.steps } : {});
  const connector = options.connector ?? (await startConnector());
  const logs: LoggedLine[] = [];
  const mails: SentMail[] = [];
  const mailer: Mailer = {
    async send(change: Change, entry: OutboxEntry) {
      if (entry.effect.to.kind === 'mail')
        mails.push({ changeId: change.id, notice: entry.effect.notice, to: entry.effect.to.to });
    },
  };
  let now = START_TIME;
  const clock = () => new Date(now.getTime());
  let store: ChangeStore | undefined;
  if (options.wrapStore) {
    const { createJsonStore } = await import('../../../src/store/jsonStore');
    store = options.wrapStore(createJsonStore({ dataDir: config.dataDir, clock }));
  }
  const bot = await startBot({
    config,
    process: definition,
    logger: recordingLogger(logs),
    clock,
    ...(options.emlOutbox ? {} : { mailer }),
    webhookSecrets: webhookSecrets(definition, options.env ?? {}),
    schedule: false,
    ...(store ? { store } : {}),
    ...options.bot,
  });
  const baseUrl = `http://127.0.0.1:${bot.port}`;

  async function post(activity: Json, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body };
  }

  let botStopping: Promise<void> | undefined;
  function stopBot({ deliveriesFirst = true } = {}): Promise<void> {
    botStopping ??= (async () => {
      if (deliveriesFirst) for (const id of bot.store.ids()) await bot.delivery.deliver(id);
      await bot.stop();
    })();
    return botStopping;
  }

  let stopped = false;
  return {
    bot,
    store: bot.store,
    connector,
    process: definition,
    config,
    dataDir,
    baseUrl,
    logs,
    mails,
    now: clock,
    setNow(instant) {
      now = instant;
    },
    post,
    async say(from, text, sayOptions = {}) {
      const id = nextActivityId();
      const { status } = await post(mentionMessage(connector.url, from, text, sayOptions.rootId ?? id, id));
      return { status, activityId: id };
    },
    async press(from, verb, data, pressOptions = {}) {
      const { status, body } = await post(cardInvoke(connector.url, from, verb, data, pressOptions));
      return { status, body: body as InvokeAnswer['body'] };
    },
    stopBot,
    async change(id) {
      const stored = await bot.store.get(id);
      if (!stored) throw new Error(`Test bug: ${id} is not stored`);
      return stored.change;
    },
    async stop(stopOptions = {}) {
      if (stopped) return;
      stopped = true;
      await stopBot();
      if (!options.connector) await connector.stop();
      if (!stopOptions.keepData) await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
