/*
 * Public status pages under load, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/statusPages.bench.ts [--changes 3000] [--seconds 10]
 *     [--rounds 3] [--connections 50]
 *     (--changes 200 --seconds 1 --rounds 1 for a run of a few seconds)
 *
 * During an incident every user reloads /status at once. Measured side by side in one run, with autocannon on
 * loopback:
 *  - bot: the real bot (startBot, local mode, STATUS_PAGE=on, JSON store on disk holding `--changes` announced
 *    changes: windows from 400 days ago to 100 days ahead, the past ones completed) answering GET /status and
 *    GET /status/feed.atom;
 *  - plain: Node's own `http` server answering the same paths with the same bytes and headers, held in memory
 *    (fetched once from the bot at start).
 * Rounds alternate plain → bot for each path (the machine is noisy); the figures are medians over the rounds,
 * with the ratios bot ÷ plain. While each load runs, a probe fetches the bot's /healthz one request at a time:
 * its p50/p99 under each load are printed beside the same probe with no load. The first (uncached) rendering
 * of each path is timed once at start. Servers run in child processes; autocannon and the probe in this one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sized } from './smoke';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const PATHS = ['/status', '/status/feed.atom'] as const;
const NOW = new Date('2026-09-01T08:00:00.000Z');
const DAY = 86_400_000;

type FromChild = { type: 'ready'; port: number };

async function serveBot(changes: number): Promise<void> {
  const { startBot } = await import('../src/compose');
  const { readConfig, DEFAULT_PROCESS_FILE } = await import('../src/config/env');
  const { loadProcessFile } = await import('../src/config/processFile');
  const { isValidCron } = await import('../src/scheduler/cron');
  const { createJsonStore } = await import('../src/store/jsonStore');
  const { makeChange } = await import('../test/support/changeFactory');
  const pino = (await import('pino')).default;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-status-bench-'));
  const config = readConfig(
    {
      PORT: '0',
      DATA_DIR: path.join(dir, 'data'),
      PROCESS_FILE: DEFAULT_PROCESS_FILE,
      STATUS_PAGE: 'on',
    },
    isValidCron,
  );
  const clock = () => NOW;
  const seeding = createJsonStore({ dataDir: config.dataDir, clock });
  await seeding.open();
  const approver = { aadObjectId: '00000000-0000-0000-0000-00000000b001', name: 'Bea Approver' };
  for (let n = 0; n < changes; n++) {
    const start = NOW.getTime() - 400 * DAY + Math.floor((n * 500 * DAY) / changes);
    const window = {
      start: new Date(start).toISOString(),
      end: new Date(start + 2 * 3_600_000).toISOString(),
    };
    const past = start + 2 * 3_600_000 < NOW.getTime();
    const at = (ms: number) => new Date(ms).toISOString();
    await seeding.create(2026, (id) =>
      makeChange({
        id,
        title: `Maintenance number ${n}: upgrade of a component`,
        window,
        plannedEnd: window.end,
        status: past ? 'completed' : 'approved',
        announced: true,
        history: [
          { at: at(start - 7 * DAY), by: approver, event: 'go', accepted: true, revision: 2 },
          ...(past
            ? [
                {
                  at: window.start,
                  by: 'system' as const,
                  event: 'milestone.start',
                  accepted: true,
                  revision: 3,
                },
                { at: at(start + 3_600_000), by: approver, event: 'done', accepted: true, revision: 4 },
              ]
            : []),
        ],
      }),
    );
  }
  await seeding.close();
  const bot = await startBot({
    config: { ...config, host: '127.0.0.1' },
    process: loadProcessFile(config.processFile),
    logger: pino({ level: 'info' }, pino.destination('/dev/null')),
    clock,
    schedule: false,
  });
  process.on('SIGTERM', () => {
    void bot.stop().then(() => fs.rm(dir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
  // The parent asks for a write (a title changed, as a press would change a change) to time the next rendering.
  process.on('message', (message) => {
    if (message !== 'write') return;
    const id = bot.store.listActive()[0]?.id ?? bot.store.ids()[0]!;
    void bot.store
      .update(id, (change) => ({ ...change, title: `${change.title}.` }))
      .then(() => process.send?.({ type: 'written' }));
  });
  process.send?.({ type: 'ready', port: bot.port } satisfies FromChild);
}

/** The same bytes and headers as the bot's answers, from memory, on Node's own http server. */
async function servePlain(botPort: number): Promise<void> {
  const answers = new Map<string, { headers: Record<string, string>; body: Buffer }>();
  for (const url of PATHS) {
    const response = await fetch(`http://127.0.0.1:${botPort}${url}`);
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'etag', 'cache-control', 'vary']) {
      const value = response.headers.get(name);
      if (value) headers[name] = value;
    }
    answers.set(url, { headers, body: Buffer.from(await response.arrayBuffer()) });
  }
  const server = http.createServer((req, res) => {
    const answer = answers.get((req.url ?? '').split('?')[0]!);
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...answer.headers, 'content-length': answer.body.length });
    res.end(answer.body);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    process.send?.({ type: 'ready', port: address.port } satisfies FromChild);
  });
}

function start(role: string, ...args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, ['--serve', role, ...args], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: FromChild) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

interface Figures {
  p50: number;
  p99: number;
  rps: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, url: string, seconds: number, connections: number): Promise<Figures> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}${url}`, connections, duration: seconds });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** /healthz of the bot, one request at a time, until `until` resolves: the latencies in ms. */
async function probe(port: number, until: Promise<unknown>): Promise<number[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const begin = performance.now();
    await new Promise<void>((resolve) => {
      http
        .get({ host: '127.0.0.1', port, path: '/healthz', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        })
        .on('error', () => resolve());
    });
    times.push(performance.now() - begin);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  agent.destroy();
  return times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const changes = option('changes', sized(3000, 200));
  const seconds = option('seconds', sized(10, 1));
  const rounds = option('rounds', sized(3, 1));
  const connections = option('connections', 50);
  const bot = await start('bot', '--changes', String(changes));
  const firstRender: string[] = [];
  const sizes: string[] = [];
  for (const url of PATHS) {
    const begin = performance.now();
    const response = await fetch(`http://127.0.0.1:${bot.port}${url}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    firstRender.push(`${url} ${(performance.now() - begin).toFixed(0)} ms`);
    sizes.push(`${url} ${(bytes / 1024).toFixed(0)} KB`);
  }
  const plain = await start('plain', '--bot-port', String(bot.port));

  const idle = await probe(bot.port, new Promise((resolve) => setTimeout(resolve, seconds * 1000)));
  const figures = new Map<string, Figures[]>();
  const health = new Map<string, number[]>();
  const record = <T>(map: Map<string, T[]>, key: string, value: T) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  for (let round = 0; round < rounds; round++) {
    for (const url of PATHS) {
      for (const [name, port] of [
        ['plain', plain.port],
        ['bot', bot.port],
      ] as const) {
        const running = load(port, url, seconds, connections);
        const times = await probe(bot.port, running);
        record(figures, `${name} ${url}`, await running);
        for (const time of times) record(health, `${name} ${url}`, time);
      }
    }
  }

  console.log(
    `${changes} stored changes, ${connections} connections, ${rounds} rounds of ${seconds} s, ` +
      `load average ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
  );
  console.log(`sizes: ${sizes.join(', ')}; first (uncached) answer: ${firstRender.join(', ')}`);
  for (const url of PATHS) {
    const of = (name: string) => {
      const list = figures.get(`${name} ${url}`)!;
      return {
        p50: median(list.map((entry) => entry.p50)),
        p99: median(list.map((entry) => entry.p99)),
        rps: median(list.map((entry) => entry.rps)),
        bad: list.reduce((sum, entry) => sum + entry.non2xx + entry.errors, 0),
      };
    };
    const p = of('plain');
    const b = of('bot');
    console.log(
      `${url}: plain p50 ${p.p50} ms p99 ${p.p99} ms ${p.rps.toFixed(0)} req/s | bot p50 ${b.p50} ms p99 ${b.p99} ms ` +
        `${b.rps.toFixed(0)} req/s | ratio p50 ${(b.p50 / p.p50).toFixed(2)} p99 ${(b.p99 / p.p99).toFixed(2)}` +
        `${p.bad + b.bad ? ` | non-2xx or errors: plain ${p.bad}, bot ${b.bad}` : ''}`,
    );
  }
  const line = (label: string, times: number[]) =>
    `${label}: p50 ${quantile(times, 0.5).toFixed(1)} ms, p99 ${quantile(times, 0.99).toFixed(1)} ms (${times.length})`;
  console.log(`bot /healthz, one at a time — ${line('no load', idle)}`);
  for (const [key, times] of health) console.log(`  ${line(`while ${key} is loaded`, times)}`);

  // A write makes the renderings stale: the next reader starts a rebuild and, like every reader until it is done,
  // gets the previous rendering. Timed: that first reader, and how long until a reader sees the write.
  const firstReader: number[] = [];
  const untilShown: number[] = [];
  for (let n = 0; n < 5; n++) {
    const before = await (await fetch(`http://127.0.0.1:${bot.port}/status`)).text();
    await new Promise<void>((resolve) => {
      const onMessage = (message: { type?: string }) => {
        if (message.type !== 'written') return;
        bot.child.off('message', onMessage);
        resolve();
      };
      bot.child.on('message', onMessage);
      bot.child.send('write');
    });
    const begin = performance.now();
    let body = await (await fetch(`http://127.0.0.1:${bot.port}/status`)).text();
    firstReader.push(performance.now() - begin);
    while (body === before) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      body = await (await fetch(`http://127.0.0.1:${bot.port}/status`)).text();
    }
    untilShown.push(performance.now() - begin);
  }
  const list = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
  console.log(
    `after a write: first reader answered in ${list(firstReader)} ms; the write shown after ${list(untilShown)} ms`,
  );

  plain.child.kill();
  bot.child.kill('SIGTERM');
  await new Promise((resolve) => bot.child.once('exit', resolve));
}

const serving = process.argv.indexOf('--serve');
if (serving >= 0) {
  const role = process.argv[serving + 1];
  const run = role === 'bot' ? serveBot(option('changes', 3000)) : servePlain(option('bot-port', 0));
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
