/** Starts, kills and stops the bot instances of the two-instance test (child processes), and reads their lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface Line {
  instance: string;
  text: string;
  at: number;
}

/** Every protocol line of every instance, in arrival order (shared so that mails are counted across all). */
export class Lines {
  readonly all: Line[] = [];
  private waiters: (() => void)[] = [];

  push(line: Line): void {
    this.all.push(line);
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves with the first line (already seen or still to come) that matches; rejects after `timeoutMs`. */
  async waitFor(what: string, matches: (line: Line) => boolean, timeoutMs: number, from = 0): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all.slice(from).find(matches);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export class Instance {
  port = 0;
  private child: ChildProcess | undefined;
  private stderr = '';

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly lines: Lines,
  ) {}

  async start(): Promise<void> {
    const from = this.lines.all.length;
    const child = spawn(
      process.execPath,
      ['-r', './test/store/support/registerTs.js', 'test/scale/support/instance.ts'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...this.env, INSTANCE_NAME: this.name },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const text of parts) this.lines.push({ instance: this.name, text, at: Date.now() });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-20_000);
    });
    const ready = await this.lines
      .waitFor(
        `${this.name} to be ready`,
        (l) => l.instance === this.name && l.text.startsWith('ready '),
        60_000,
        from,
      )
      .catch((error: Error) => {
        throw new Error(`${error.message}\n--- ${this.name} stderr ---\n${this.stderr.slice(-4000)}`);
      });
    this.port = Number(ready.text.split(' ')[1]);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** SIGKILL: no shutdown hook runs, the lease is not released. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** SIGTERM: the bot stops gracefully and releases its lease. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  log(): string {
    return this.stderr;
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  }
}
