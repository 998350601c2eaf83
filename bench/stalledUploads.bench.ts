/*
 * Stalled uploads before authentication, run by hand from the project folder:
 *   node -r ./test/store/support/registerTs.js bench/stalledUploads.bench.ts [--uploads 800] [--deadline 10000]
 *     [--max-wait 60000]   (stop waiting for the connections to close after this long: a build without a read
 *                           deadline keeps them for Node's requestTimeout; the figures then count those still open)
 *     (--uploads 50 --deadline 500 for a run of a second or two)
 *
 * The real bot (startBot, local mode, JSON store, the shipped process file) runs in a child process on
 * loopback. This process opens `--uploads` connections that each declare a 262,000-byte activity, send
 * 261,999 bytes and stall. It prints the bot's RSS before, at its peak (sampled every 50 ms) and after; how
 * the connections were answered (503 at once: the intake budget was spent; 408 at the read deadline); and
 * when they were closed (median, p99, last), counted from the moment the last one was opened. `--deadline` is
 * the bot's read deadline (intakeLimits.readDeadlineMs; 10 s by default in the bot).
 */
import { fork } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sized } from './smoke';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const DECLARED = 262_000;

type FromChild = { type: 'ready'; port: number } | { type: 'rss'; mb: number };

async function serve(deadlineMs: number): Promise<void> {
  const { startBot } = await import('../src/compose');
  const { readConfig, DEFAULT_PROCESS_FILE } = await import('../src/config/env');
  const { loadProcessFile } = await import('../src/config/processFile');
  const { isValidCron } = await import('../src/scheduler/cron');
  const pino = (await import('pino')).default;
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-stalled-'));
  const config = readConfig(
    { PORT: '0', DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: DEFAULT_PROCESS_FILE },
    isValidCron,
  );
  const bot = await startBot({
    config: { ...config, host: '127.0.0.1' },
    process: loadProcessFile(config.processFile),
    logger: pino({ level: 'info' }, pino.destination('/dev/null')),
    schedule: false,
    intakeLimits: { readDeadlineMs: deadlineMs },
  });
  const send = (message: FromChild) => process.send?.(message);
  process.on('message', () => send({ type: 'rss', mb: process.memoryUsage().rss / 1e6 }));
  process.on('SIGTERM', () => {
    void bot.stop().then(() => fs.rm(dir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
  send({ type: 'ready', port: bot.port });
}

const BODY = Buffer.alloc(DECLARED - 1, 'x');

async function main(): Promise<void> {
  const uploads = option('uploads', sized(800, 50));
  const deadlineMs = option('deadline', sized(10_000, 500));
  const child = fork(__filename, ['--serve', '--deadline', String(deadlineMs)], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.on('message', (message: FromChild) => {
      if (message.type === 'ready') resolve(message.port);
    }),
  );
  const rss = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: FromChild) => {
        if (message.type !== 'rss') return;
        child.off('message', onMessage);
        resolve(message.mb);
      };
      child.on('message', onMessage);
      child.send('rss');
    });

  const before = await rss();
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rss());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const statuses = new Map<string, number>();
  const closeTimes: number[] = [];
  let opened = 0;
  const closing: Promise<void>[] = [];
  for (let n = 0; n < uploads; n++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    let head = '';
    socket.on('data', (chunk: Buffer) => (head += chunk.toString('latin1')));
    closing.push(
      new Promise((resolve) =>
        socket.once('close', () => {
          closeTimes.push(performance.now() - opened);
          const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 'none';
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          resolve();
        }),
      ),
    );
    socket.write(
      `POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${DECLARED}\r\n\r\n`,
    );
    socket.write(BODY);
  }
  opened = performance.now();
  const maxWait = option('max-wait', Infinity);
  let waitTimer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closing),
    new Promise((resolve) => {
      if (Number.isFinite(maxWait)) waitTimer = setTimeout(resolve, maxWait);
    }),
  ]);
  clearTimeout(waitTimer);
  const stillOpen = uploads - closeTimes.length;
  sampling = false;
  await sampler;
  const after = await rss();
  closeTimes.sort((a, b) => a - b);
  const at = (q: number) =>
    closeTimes[Math.min(closeTimes.length - 1, Math.floor(q * closeTimes.length))] ?? NaN;
  console.log(
    `${uploads} stalled uploads (declared ${DECLARED} B, sent ${DECLARED - 1} B), read deadline ${deadlineMs} ms, ` +
      `load average ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
  );
  console.log(
    `bot RSS: before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${after.toFixed(0)} MB`,
  );
  console.log(`answers: ${[...statuses].map(([status, count]) => `${status} × ${count}`).join(', ')}`);
  if (stillOpen > 0) console.log(`still open after ${maxWait} ms: ${stillOpen}`);
  console.log(
    `closed after: median ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, last ${(closeTimes.at(-1) ?? NaN).toFixed(0)} ms (of those closed)`,
  );
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  process.exit(0); // sockets still open (with --max-wait) must not keep this process
}

if (process.argv.includes('--serve')) {
  serve(option('deadline', 10_000)).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
