/*
 * Button-press benchmark, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/invoke.bench.ts [--seconds 10] [--rounds 3] [--changes 10000]
 *     [--only go,tick]                  (which bot scenarios to run beside the echo bot; both by default)
 *     [--connections 1,10,50]           (autocannon connections; each scenario runs at each; 50 by default)
 *     [--profile /tmp/bot.cpuprofile]   (a V8 CPU profile of the bot during the measured rounds, for DevTools)
 *     [--store blob]                    (also the same bot on the blob store, Azurite on loopback: scenario
 *                                        go-blob, and the time of a tick with nothing due over --changes stored
 *                                        changes of which one in ten is active)
 *
 * Measures, side by side in one run, with autocannon (50 connections, loopback, local mode, no connector):
 *  - echo: a bare botbuilder echo bot (CloudAdapter + ActivityHandler) on the same restify setup as the bot
 *    (restify 12, bodyParser, POST /api/messages), answering a message sent with deliveryMode expectReplies,
 *    so that its reply comes back in the HTTP body;
 *  - go: this bot (startBot, JSON store on disk holding `--changes` GO'd changes) answering the invoke
 *    `adaptiveCard/action` verb `go` pressed by an approver. Every change already has its GO, so each press is
 *    refused by state, and still does the whole work of a press: read the change, decide, append the refusal
 *    to its history, write the change durably (fsync), render the refusal card with the current state;
 *  - tick: the same bot answering `prep.check` with an explicit `checked` (the preparation card's Done/Undo),
 *    pressed by the implementer: an accepted transition every time (revision + 1, durable write, card).
 * Presses are spread round-robin over all the changes (a press never waits for another on the same change, and
 * no change's history grows long); `tick` alternates checked true/false on each pass, so none is refused.
 * Rounds alternate echo → go → tick (the machine is noisy); the figures are the medians over the rounds,
 * and the ratios are to the echo bot. After the load, the bot's store is read back to check that every
 * answered press was recorded in its change's history (an invoke answers HTTP 200 even for a failure).
 *
 * The durable-write floor of the same bytes (one change as the store writes it) is measured in the same run, on
 * the same file system (os.tmpdir()), two ways: an append + fdatasync to one file (the journal's write) and
 * a temporary file + fsync + rename + folder fsync (a change file's write). The bot's RSS (now and peak) is
 * printed after the rounds.
 *
 * BENCH_SMOKE=1 (bench/smoke.ts): one round of 1 s at 4 connections over 20 changes, no warm-up, to prove in
 * `npm test` that the bench still starts and every scenario answers as it should.
 *
 * Servers run in child processes (one core each when measured), autocannon in this one. Each server logs as in
 * production (pino JSON lines at info) to /dev/null.
 */
import { fork, type ChildProcess } from 'node:child_process';
import inspector from 'node:inspector';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { SMOKE, sized } from './smoke';

type Role = 'echo' | 'bot' | 'blobBot' | 'connector';
type Scenario = 'echo' | 'go' | 'tick' | 'go-blob';

interface Ready {
  type: 'ready';
  port: number;
  ids?: string[];
  seedMs?: number;
  /** Bytes of one stored change as the store writes it. */
  changeBytes?: number;
}
interface Stats {
  type: 'stats';
  goRefusals: number;
  ticks: number;
  otherHistory: number;
  rssMb: number;
  maxRssMb: number;
}

const APPROVER = {
  id: '29:bench-approver',
  name: 'Bench Approver',
  aadObjectId: 'aaaaaaaa-2222-4000-8000-000000000001',
};
const IMPLEMENTER_AAD = '00000000-0000-0000-0000-00000000a001';
const IMPLEMENTER = { id: '29:bench-implementer', name: 'Ada Implementer', aadObjectId: IMPLEMENTER_AAD };

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function baseActivity(from: object, serviceUrl = 'http://127.0.0.1:9/unused/'): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl,
    from,
    recipient: { id: '28:bench-bot', name: 'Change' },
    conversation: { id: 'a:bench-personal', conversationType: 'personal', tenantId: 'bench-tenant' },
  };
}

// ---------------------------------------------------------------------------------------------- servers

async function serveEcho(): Promise<void> {
  const restify = (await import('restify')).default;
  const { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } =
    await import('botbuilder');
  const pino = (await import('pino')).default;
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    logger.error({ err: error }, 'echo failed');
  };
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
    await next();
  });
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(0, '127.0.0.1', () =>
    process.send!({ type: 'ready', port: server.address().port } satisfies Ready),
  );
}

/** The Bot Connector the bot updates pressed cards on (PUT .../activities/{id}) after an accepted press. */
async function serveConnector(): Promise<void> {
  const { startConnector } = await import('../test/support/connector');
  const connector = await startConnector();
  process.on('message', (message: { type: string }) => {
    if (message.type === 'calls')
      process.send!({
        type: 'calls',
        count: connector.calls.filter((call) => call.kind === 'update').length,
      });
  });
  process.send!({ type: 'ready', port: Number(new URL(connector.url).port) } satisfies Ready);
}

async function serveBot(changes: number, blob = false): Promise<void> {
  const { startBot } = await import('../src/compose');
  const { readConfig, DEFAULT_PROCESS_FILE } = await import('../src/config/env');
  const { loadProcessFile } = await import('../src/config/processFile');
  const { isValidCron } = await import('../src/scheduler/cron');
  const { createJsonStore } = await import('../src/store/jsonStore');
  const { makeChange } = await import('../test/support/changeFactory');
  const pino = (await import('pino')).default;

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-bench-'));
  const processFile = path.join(dir, 'bench.process.json');
  const shipped = JSON.parse(await fs.readFile(DEFAULT_PROCESS_FILE, 'utf8')) as Record<string, unknown>;
  const approvers = [
    { name: APPROVER.name, aadObjectId: APPROVER.aadObjectId, email: 'approver@bench.example.org' },
  ];
  // The approvers are the (first) service's, in the services format as in the single-service one.
  const { editProcessJson } = await import('../test/support/processJson');
  await fs.writeFile(processFile, JSON.stringify(editProcessJson(shipped, {}, { approvers })));
  const storeEnv = blob
    ? {
        STORE: 'blob',
        AZURE_STORAGE_CONNECTION_STRING: process.env.BENCH_AZURITE ?? '',
        AZURE_STORAGE_CONTAINER: 'bench',
      }
    : {};
  const config = readConfig(
    { PORT: '0', DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: processFile, ...storeEnv },
    isValidCron,
  );
  const definition = loadProcessFile(config.processFile);
  // Before every window: presses on the preparation checklist and on GO are in their time.
  const now = new Date('2026-05-01T08:00:00.000Z');
  const clock = () => now;

  // Seed: changes approved by GO, each as one durable create (the store's own path).
  const seedStart = Date.now();
  const { createStorage } = await import('../src/store/createStore');
  const seeding = blob
    ? createStorage(config, { info() {}, warn() {}, error() {} }, clock).store
    : createJsonStore({ dataDir: config.dataDir, clock });
  await seeding.open();
  const ids: string[] = [];
  const name = (n: number) => `CHG-2026-${String(n + 1).padStart(3, '0')}`; // the id create() allocates
  const activeOnBlob = new Set(
    Array.from({ length: changes }, (_, n) => n)
      .sort((a, b) => (name(a) < name(b) ? -1 : 1))
      .slice(0, Math.floor(changes / 10)),
  );
  for (let n = 0; n < changes; n++) {
    const start = new Date(Date.parse('2026-06-01T06:00:00.000Z') + (n % 500) * 86_400_000).toISOString();
    const end = new Date(Date.parse(start) + 4 * 3_600_000).toISOString();
    const stored = await seeding.create(2026, (id) =>
      makeChange({
        id,
        title: `Bench change ${n}`,
        window: { start, end },
        // On the blob store one change in ten has work left (10,000 stored / 1,000 active by default): those
        // whose blob names sort first, because Azurite 3.37's tag query only scans the first 5,000 blobs by
        // name (see blobStore.ts).
        status: blob && !activeOnBlob.has(n) ? 'completed' : 'approved',
        announced: true,
        revision: 3,
        decision: {
          verdict: 'go',
          by: { aadObjectId: APPROVER.aadObjectId, name: APPROVER.name },
          at: now.toISOString(),
        },
        preparation: [{ id: 'prepare', label: 'Prepared all I can', checked: false }],
        // The cards the presses come from (their activity ids are the invokes' replyToId).
        postedCards: [
          {
            conversationKey: 'conversation:a:bench-personal',
            activityId: `gonogo-${n}`,
            notice: 'goNoGo',
            revision: 1,
          },
          {
            conversationKey: 'conversation:a:bench-personal',
            activityId: `prep-${n}`,
            notice: 'preparation',
            revision: 1,
          },
        ],
      }),
    );
    ids.push(stored.change.id);
  }
  await seeding.close();
  const seedMs = Date.now() - seedStart;

  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const bot = await startBot({
    config,
    process: definition,
    logger: logger as never,
    clock,
    mailer: { send: async () => undefined },
    schedule: false,
  });
  process.on('SIGTERM', () => {
    void bot
      .stop()
      .then(() => fs.rm(dir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
  const profiler = new inspector.Session();
  profiler.connect();
  process.on('message', (message: { type: string; file?: string }) => {
    if (message.type === 'profile-start')
      profiler.post('Profiler.enable', () => profiler.post('Profiler.start'));
    if (message.type === 'profile-stop') {
      profiler.post('Profiler.stop', (error, result) => {
        if (error) throw error;
        void fs
          .writeFile(message.file!, JSON.stringify(result.profile))
          .then(() => process.send!({ type: 'profiled' }));
      });
    }
  });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'tick-time') return;
    void (async () => {
      const times: number[] = [];
      for (let round = 0; round < 7; round++) {
        const started = process.hrtime.bigint();
        await bot.tick();
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      process.send!({ type: 'tick-time', ms: times[3], active: bot.store.listActive().length });
    })();
  });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'stats') return;
    void (async () => {
      const stats: Stats = {
        type: 'stats',
        goRefusals: 0,
        ticks: 0,
        otherHistory: 0,
        rssMb: process.memoryUsage().rss / 2 ** 20,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
      };
      for (const id of ids) {
        const stored = await bot.store.get(id);
        for (const line of stored!.change.history.slice(1)) {
          if (line.event === 'go' && !line.accepted) stats.goRefusals += 1;
          else if (line.event === 'prep.check' && line.accepted) stats.ticks += 1;
          else stats.otherHistory += 1;
        }
      }
      process.send!(stats);
    })();
  });
  const { encodeChangeFile } = await import('../src/store/changeFile');
  const changeBytes = Buffer.byteLength(encodeChangeFile((await bot.store.get(ids[0]!))!));
  process.send!({ type: 'ready', port: bot.port, ids, seedMs, changeBytes } satisfies Ready);
}

// ---------------------------------------------------------------------------------------------- load

/** Every server forked, so that a failed run stops them instead of hanging on their IPC channels. */
const servers: ChildProcess[] = [];

function start(
  role: Role,
  changes: number,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(__filename, ['--serve', role, '--changes', String(changes)], { stdio: 'inherit', env });
  servers.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, ready: message as Ready }));
    child.once('exit', (code) =>
      reject(new Error(`the ${role} server exited (${code}) before it was ready`)),
    );
  });
}

interface Figures {
  /** Mean latency (ms, with decimals: autocannon's percentiles are whole milliseconds). */
  mean: number;
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, seconds: number, body: () => string, connections = 50): Promise<Figures> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/messages`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
  return {
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function answerOf(port: number, body: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.json();
}

/** Median milliseconds of `count` durable writes of `bytes` bytes: journal-like append, and file replace. */
async function durableWriteFloor(bytes: number, count = 200): Promise<{ append: number; replace: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-floor-'));
  const data = Buffer.alloc(bytes, 'x');
  const folder = await fs.open(dir, 'r');
  const log = await fs.open(path.join(dir, 'journal.wal'), 'w');
  const append: number[] = [];
  const replace: number[] = [];
  let size = 0;
  for (let n = 0; n < count; n++) {
    let started = process.hrtime.bigint();
    await log.write(data, 0, data.length, size);
    await log.datasync();
    size += data.length;
    append.push(Number(process.hrtime.bigint() - started) / 1e6);
    started = process.hrtime.bigint();
    const temp = path.join(dir, `.change.json.${n}.tmp`);
    const handle = await fs.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await fs.rename(temp, path.join(dir, 'change.json'));
    await folder.sync();
    replace.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  await log.close();
  await folder.close();
  await fs.rm(dir, { recursive: true, force: true });
  return { append: median(append), replace: median(replace) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const seconds = option('seconds', sized(10, 1));
  const connectionsIndex = process.argv.indexOf('--connections');
  const connectionCounts =
    connectionsIndex >= 0 ? process.argv[connectionsIndex + 1]!.split(',').map(Number) : [sized(50, 4)];
  const rounds = option('rounds', sized(3, 1));
  const changes = option('changes', sized(10_000, 20));

  const connector = await start('connector', changes);
  const serviceUrl = `http://127.0.0.1:${connector.ready.port}/`;
  const echo = await start('echo', changes);
  const bot = await start('bot', changes);
  const ids = bot.ready.ids!;
  console.log(`store seeded with ${ids.length} changes in ${(bot.ready.seedMs! / 1000).toFixed(1)} s`);
  const withBlob =
    process.argv.includes('--store') && process.argv[process.argv.indexOf('--store') + 1] === 'blob';
  const { startAzurite } = await import('../test/support/azurite');
  const azurite = withBlob ? await startAzurite() : undefined;
  const blobBot = azurite
    ? await start('blobBot', changes, { ...process.env, BENCH_AZURITE: azurite.connectionString })
    : undefined;
  if (blobBot) {
    console.log(
      `blob store (Azurite) seeded with ${ids.length} changes in ${(blobBot.ready.seedMs! / 1000).toFixed(1)} s`,
    );
  }

  const echoBody = JSON.stringify({
    ...baseActivity({ id: '29:bench-user', name: 'Bench User' }),
    type: 'message',
    id: 'bench-message',
    text: 'hello',
    deliveryMode: 'expectReplies',
  });
  let goCount = 0;
  let goBlobCount = 0;
  const goBody = (blobBot = false) => {
    const n = (blobBot ? goBlobCount++ : goCount++) % ids.length;
    return JSON.stringify({
      ...baseActivity(APPROVER, serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `bench-go-${goCount}-${goBlobCount}`,
      replyToId: `gonogo-${n}`,
      value: {
        action: { type: 'Action.Execute', verb: 'go', data: { changeId: ids[n], revision: 1 } },
        trigger: 'manual',
      },
    });
  };
  let tickCount = 0;
  const tickBody = () => {
    const n = tickCount++;
    return JSON.stringify({
      ...baseActivity(IMPLEMENTER, serviceUrl),
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `bench-tick-${n}`,
      replyToId: `prep-${n % ids.length}`,
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'prep.check',
          data: {
            changeId: ids[n % ids.length],
            revision: 1,
            item: 'prepare',
            checked: Math.floor(n / ids.length) % 2 === 0,
          },
        },
        trigger: 'manual',
      },
    });
  };

  // Each kind of request answers what it should before it is measured.
  const echoed = (await answerOf(echo.ready.port, echoBody)) as { activities?: { text?: string }[] };
  if (echoed.activities?.[0]?.text !== 'echo: hello')
    throw new Error(`echo answered ${JSON.stringify(echoed)}`);
  const pressed = JSON.stringify(await answerOf(bot.ready.port, goBody()));
  if (!pressed.includes('already decided GO')) throw new Error(`go answered ${pressed.slice(0, 300)}`);
  if (blobBot) {
    const blobPressed = JSON.stringify(await answerOf(blobBot.ready.port, goBody(true)));
    if (!blobPressed.includes('application/vnd.microsoft'))
      throw new Error(`go-blob answered ${blobPressed.slice(0, 300)}`);
  }
  const ticked = JSON.stringify(await answerOf(bot.ready.port, tickBody()));
  if (!ticked.includes('application/vnd.microsoft.card.adaptive'))
    throw new Error(`tick answered ${ticked.slice(0, 300)}`);

  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1]!.split(',') : ['echo', 'go', 'tick'];
  const scenarios = (
    [
      { name: 'echo', port: echo.ready.port, body: () => echoBody },
      { name: 'go', port: bot.ready.port, body: () => goBody() },
      { name: 'tick', port: bot.ready.port, body: tickBody },
      ...(blobBot ? [{ name: 'go-blob' as const, port: blobBot.ready.port, body: () => goBody(true) }] : []),
    ] satisfies { name: Scenario; port: number; body: () => string }[]
  ).filter(
    (scenario) => scenario.name === 'echo' || scenario.name === 'go-blob' || only.includes(scenario.name),
  );
  // Warm-up (JIT, caches); a smoke run has checked each answer above and needs none.
  if (!SMOKE) for (const scenario of scenarios) await load(scenario.port, 2, scenario.body);

  const profileIndex = process.argv.indexOf('--profile');
  const profileFile = profileIndex >= 0 ? path.resolve(process.argv[profileIndex + 1]!) : undefined;
  if (profileFile) bot.child.send({ type: 'profile-start' });

  const results = new Map<string, Figures[]>();
  const key = (name: Scenario, connections: number): string => `${name}@${connections}`;
  for (let round = 1; round <= rounds; round++) {
    for (const connections of connectionCounts) {
      for (const scenario of scenarios) {
        const figures = await load(scenario.port, seconds, scenario.body, connections);
        results.set(key(scenario.name, connections), [
          ...(results.get(key(scenario.name, connections)) ?? []),
          figures,
        ]);
        console.log(
          `round ${round} ${scenario.name.padEnd(4)} ${String(connections).padStart(2)} conn  mean ${figures.mean.toFixed(2)} ms  p50 ${figures.p50} ms  p99 ${figures.p99} ms  ` +
            `${Math.round(figures.rps)} req/s  (${figures.requests} requests, ${figures.non2xx} non-2xx, ${figures.errors} errors)`,
        );
      }
    }
  }
  const floor = await durableWriteFloor(bot.ready.changeBytes!, sized(200, 5));

  if (profileFile) {
    const written = new Promise((resolve) => bot.child.once('message', resolve));
    bot.child.send({ type: 'profile-stop', file: profileFile });
    await written;
    console.log(`CPU profile of the bot during the rounds: ${profileFile}`);
  }

  bot.child.send({ type: 'stats' });
  const stats = await new Promise<Stats>((resolve) => bot.child.once('message', (m) => resolve(m as Stats)));
  connector.child.send({ type: 'calls' });
  const updates = await new Promise<number>((resolve) =>
    connector.child.once('message', (m) => resolve((m as { count: number }).count)),
  );
  const sent = { go: goCount, tick: tickCount };
  console.log(
    `\nrecorded in the store: ${stats.goRefusals} refused GO presses of ${sent.go} sent, ` +
      `${stats.ticks} accepted ticks of ${sent.tick} sent, ${stats.otherHistory} other history lines; ` +
      `${updates} pressed cards updated in place on the connector`,
  );
  console.log(
    `bot RSS after the rounds ${stats.rssMb.toFixed(0)} MB (peak ${stats.maxRssMb.toFixed(0)} MB); ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `durable-write floor for ${bot.ready.changeBytes} bytes (median of 200, ${os.tmpdir()}): ` +
      `append + fdatasync ${floor.append.toFixed(2)} ms; temp file + fsync + rename + folder fsync ${floor.replace.toFixed(2)} ms`,
  );

  const summary = (name: Scenario, connections: number) => {
    const figures = results.get(key(name, connections)) ?? [];
    return {
      mean: median(figures.map((f) => f.mean)),
      p50: median(figures.map((f) => f.p50)),
      p99: median(figures.map((f) => f.p99)),
      rps: median(figures.map((f) => f.rps)),
    };
  };
  console.log(`\nmedians over ${rounds} rounds of ${seconds} s, ${ids.length} stored changes`);
  console.log('scenario conn mean ms  p50 ms  p99 ms   req/s   p50 ×echo  p99 ×echo  req/s ×echo');
  for (const connections of connectionCounts) {
    const base = summary('echo', connections);
    for (const { name } of scenarios) {
      const s = summary(name, connections);
      console.log(
        `${name.padEnd(8)} ${String(connections).padStart(4)} ${s.mean.toFixed(2).padStart(8)} ${String(s.p50).padStart(7)} ${String(s.p99).padStart(7)} ${String(Math.round(s.rps)).padStart(7)}` +
          `   ${(s.p50 / base.p50).toFixed(2).padStart(8)}   ${(s.p99 / base.p99).toFixed(2).padStart(8)}   ${(s.rps / base.rps).toFixed(2).padStart(9)}`,
      );
    }
  }

  if (blobBot) {
    blobBot.child.send({ type: 'tick-time' });
    const tickTime = await new Promise<{ ms: number; active: number }>((resolve) =>
      blobBot.child.once('message', (m) => resolve(m as { ms: number; active: number })),
    );
    console.log(
      `\nblob store: a tick with nothing due (tag query + catch-up), ${ids.length} stored / ${tickTime.active} active: ` +
        `median ${tickTime.ms.toFixed(1)} ms over 7 ticks`,
    );
    blobBot.child.kill();
    await new Promise((resolve) => blobBot.child.once('exit', resolve));
    await azurite?.stop();
  }
  echo.child.kill();
  connector.child.kill();
  bot.child.kill(); // it deletes its data folder
  await new Promise((resolve) => bot.child.once('exit', resolve));
}

const serving = process.argv.indexOf('--serve');
if (serving >= 0) {
  const role = process.argv[serving + 1] as Role;
  const serve = {
    echo: serveEcho,
    bot: () => serveBot(option('changes', 10_000)),
    blobBot: () => serveBot(option('changes', 10_000), true),
    connector: serveConnector,
  }[role];
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
    for (const server of servers) server.kill('SIGKILL');
  });
}
