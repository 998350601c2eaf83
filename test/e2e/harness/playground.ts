import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ChildLog } from './childLog';
import { playgroundConfigYaml } from './playgroundConfig';
import { KEYBOARD } from './people';
import { isPortFree, pollUntil, within } from './ports';

const CLI = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'node_modules',
  '@microsoft',
  'm365agentsplayground',
  'cli.js',
);

export interface Playground {
  port: number;
  baseUrl: string;
  /** Its own log file: the only place that says why it refused a config file. */
  logFile: string;
  /** The events recording: every activity in and out, with the answers. */
  recordingFile: string;
  output: ChildLog;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** Working directory: the config file, logs and recording go there. */
  dir: string;
  port: number;
  botEndpoint: string;
}

async function readOr(file: string, fallback: string): Promise<string> {
  return fs.readFile(file, 'utf8').catch(() => fallback);
}

async function answers(url: string, check: (body: string) => boolean): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return response.ok && check(await response.text());
}

/**
 * Starts the Microsoft 365 Agents Playground offline: no browser, no telemetry, no cloud metadata probe.
 * Fails fast, with the Playground's own log, when it exits or does not answer.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const { dir, port, botEndpoint } = options;
  // If the port is taken the Playground silently moves to another one: refuse instead.
  if (!(await isPortFree(port))) throw new Error(`Port ${port} for the Agents Playground is already in use.`);

  const configFile = path.join(dir, '.m365agentsplayground.yml');
  const logFile = path.join(dir, 'playground.log');
  const recordingFile = path.join(dir, 'playground-events.log');
  await fs.writeFile(configFile, playgroundConfigYaml());
  const output = new ChildLog(path.join(dir, 'playground.out'));

  const args = ['-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'];
  const child: ChildProcess = spawn(process.execPath, [CLI, ...args, '--enable-events-recording'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      TEAMSAPPTESTER_BROWSER: 'none',
      APPLICATION_INSIGHTS_NO_STATSBEAT: '1',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
      M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
      M365_AGENTS_PLAYGROUND_RECORDING_FILE: recordingFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  output.attach(child, 'Agents Playground');
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `exited (code ${code}, signal ${signal})`));
  child.once('error', (error) => (exit = `could not be started: ${error.message}`));

  const baseUrl = `http://127.0.0.1:${port}`;
  // "pong" comes before the config is read; a refused config ends the process right after. Reading back our
  // currentUser proves the config was taken.
  const up = await pollUntil(
    async () =>
      (await answers(`${baseUrl}/_debug/ping`, (body) => body.includes('pong'))) &&
      (await answers(`${baseUrl}/_internal/v1/config`, (body) => body.includes(KEYBOARD.id))),
    30_000,
    () => exit !== undefined,
  );
  if (!up || exit !== undefined) {
    child.kill('SIGKILL');
    const log = await readOr(logFile, '(no log file written)');
    throw new Error(
      `The Agents Playground did not start on port ${port} (${exit ?? 'no answer on /_debug/ping within 30 s'}).\n` +
        `--- its output ---\n${output.tail(40)}\n--- its log (${logFile}) ---\n${log.slice(-6000)}`,
    );
  }

  return {
    port,
    baseUrl,
    logFile,
    recordingFile,
    output,
    async stop() {
      if (exit === undefined) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        if (!(await within(gone, 3000))) child.kill('SIGKILL');
      }
      await output.close();
    },
  };
}
