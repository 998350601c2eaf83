/**
 * The bot as a real process (`node src/main.ts` through the test transpiler), for tests about what happens
 * between processes: a second bot on one DATA_DIR, a holder killed with -9, instances on one Blob container.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'store', 'support', 'registerTs.js');
const MAIN = path.join(ROOT, 'src', 'main.ts');

export interface BotProcess {
  child: ChildProcess;
  port: number;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out = (out + chunk.toString()).slice(-100_000)));
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-100_000)));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, port, stdout: () => out, stderr: () => err, exited };
}

/** GET a path of the bot; 0 when nothing answers. */
export async function status(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${urlPath}`);
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** Waits until /healthz answers (the bot is listening); throws with its output when it exits first. */
export async function untilListening(bot: BotProcess, timeoutMs = 30_000): Promise<void> {
  let exit: number | string | undefined;
  void bot.exited.then((code) => (exit = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit !== undefined)
      throw new Error(`the bot exited at start (${exit}):\n${bot.stderr()}\n${bot.stdout()}`);
    if ((await status(bot.port, '/healthz')).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the bot did not listen within ${timeoutMs} ms:\n${bot.stderr()}\n${bot.stdout()}`);
}

/** Waits until /readyz answers 200. */
export async function untilReady(bot: BotProcess, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    last = await status(bot.port, '/readyz');
    if (last.status === 200) return last.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready within ${timeoutMs} ms: ${last.status} ${last.body}\n${bot.stderr()}`);
}

export async function stopBot(bot: BotProcess): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  bot.child.kill('SIGTERM');
  await bot.exited;
}
