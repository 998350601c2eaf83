import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ChildLog } from './childLog';
import { pollUntil, sleep, within } from './ports';

export const REPO_ROOT = path.join(__dirname, '..', '..', '..');

export interface BotOptions {
  port: number;
  dataDir: string;
  processFile: string;
  schedulerCron: string;
  logFile: string;
  /** What `npm start` runs; E2E_BOT_ENTRY points elsewhere only to try the harness on a stand-in bot. */
  entry?: string;
}

/**
 * The built bot as systemd and the image run it (`node dist/src/main.js` from the project folder, after
 * `npm run build`; `npm start` adds only the reading of deploy/.env, which the tests must not pick up),
 * in local mode, with its output kept for failure reports. It can be killed with SIGKILL and started again
 * on the same DATA_DIR, like a crash and a restart in production.
 */
export class BotProcess {
  readonly log: ChildLog;
  readonly url: string;
  private child: ChildProcess | undefined;
  private exit: string | undefined;
  private starts = 0;

  constructor(private readonly options: BotOptions) {
    this.log = new ChildLog(options.logFile);
    this.url = `http://127.0.0.1:${options.port}`;
  }

  get endpoint(): string {
    return `${this.url}/api/messages`;
  }

  get running(): boolean {
    return this.child !== undefined && this.exit === undefined;
  }

  async start(): Promise<void> {
    const entry = this.options.entry ?? path.join(REPO_ROOT, 'dist', 'src', 'main.js');
    this.exit = undefined;
    this.starts += 1;
    const child = spawn(process.execPath, [entry], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? this.options.dataDir,
        PORT: String(this.options.port),
        DATA_DIR: this.options.dataDir,
        PROCESS_FILE: this.options.processFile,
        SCHEDULER_CRON: this.options.schedulerCron,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.log.attach(child, `bot (start ${this.starts})`);
    child.once('exit', (code, signal) => {
      this.exit = `exited (code ${code}, signal ${signal})`;
      this.log.note(`--- bot ${this.exit} ---`);
    });
    child.once('error', (error) => (this.exit = `could not be started: ${error.message}`));

    const ready = await pollUntil(
      async () => (await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) })).status === 200,
      30_000,
      () => this.exit !== undefined,
    );
    if (!ready) {
      const why = this.exit ?? 'GET /readyz did not answer 200 within 30 s';
      child.kill('SIGKILL');
      throw new Error(
        `The bot did not become ready on port ${this.options.port} (${why}).\n--- bot log ---\n${this.log.tail(60)}`,
      );
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed; only what was durably written survives. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || this.exit !== undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.log.note('--- e2e: SIGKILL ---');
    child.kill('SIGKILL');
    await gone;
  }

  async restart(downMs: number): Promise<void> {
    await this.kill();
    await sleep(downMs);
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && this.exit === undefined) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      if (!(await within(gone, 5000))) child.kill('SIGKILL');
    }
    await this.log.close();
  }
}
