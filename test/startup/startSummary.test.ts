/**
 * What a new operator reads first: the bot, run as `node` runs it with its output going to a pipe (a file,
 * journald, a container log), writes JSON lines, the first of its own a summary of where it answers and
 * what it will do, then in local mode the next step. SIGTERM stops it with exit code 0.
 */
import { spawn } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.join(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'store', 'support', 'registerTs.js');
const MAIN = path.join(ROOT, 'src', 'main.ts');
const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-summary-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function firstLines(env: Record<string, string>, until: (line: string) => boolean) {
  const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: string[] = [];
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    if (until(line)) break;
  }
  child.kill('SIGTERM');
  const code = await exited;
  clearTimeout(timer);
  return { lines, code, stderr };
}

describe('the start of the log', () => {
  it('is JSON lines into a pipe, with one summary and then the next step in local mode', async () => {
    const { lines, code, stderr } = await firstLines({ STATUS_PAGE: 'on' }, (line) => line.includes('Next:'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = lines.map((line) => JSON.parse(line) as { msg: string; summary?: { url: string } });
    const summaries = records.filter((record) => record.summary);
    expect(summaries).toHaveLength(1);
    const { msg } = summaries[0]!;
    const summary = summaries[0]!.summary!;
    expect(summary).toEqual({
      version: VERSION,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      mode: 'local',
      store: { kind: 'json', dataDir },
      services: ['ISC Learn Platform'],
      mail: 'outbox',
      feeds: { statusPage: true, calendar: false, stats: false },
      processFile: path.join(ROOT, 'process', 'isc-learn.process.json'),
      schedulerCron: '* * * * *',
    });
    expect(summary.url).not.toMatch(/:0$/);
    expect(msg).toContain(`Change bot ${VERSION} at ${summary.url} (local mode`);
    expect(msg).toContain(`mail written to ${dataDir}/outbox`);
    expect(msg).toContain('status page on, calendar feed off');
    const next = records.at(-1)!;
    expect(next.msg).toContain(`npx agentsplayground -e ${summary.url}/api/messages -c msteams`);
    expect(next.msg).toContain('npm run playground');
  });

  it('is pretty when LOG_FORMAT=pretty forces it, even into a pipe', async () => {
    const { lines, code } = await firstLines({ LOG_FORMAT: 'pretty' }, (line) => line.includes('Next:'));
    expect(code).toBe(0);
    expect(lines.some((line) => line.includes('Change bot '))).toBe(true);
    expect(lines.every((line) => !line.startsWith('{'))).toBe(true);
  });
});
