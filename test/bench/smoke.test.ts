/**
 * Benches that cannot rot: every bench/*.bench.ts (found by name, so a new one is picked up by itself) runs
 * once with BENCH_SMOKE=1 (bench/smoke.ts: a small store, a second or two of work) and must exit 0. The
 * figures stay by hand; this only proves that each bench still starts and does its work: a process file it
 * writes that the loader refuses, or an API it calls that changed, fails here.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const BENCH = path.join(ROOT, 'bench');
const REGISTER = path.join(ROOT, 'test', 'store', 'support', 'registerTs.js');
const benches = readdirSync(BENCH)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();
/** A smoke run takes seconds; this bound only stops a bench that ignores BENCH_SMOKE or hangs. */
const LIMIT_MS = 120_000;

function runSmoke(file: string): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, file], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SMOKE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: a hung bench is killed with the servers it forked
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      output += `\n(killed after ${LIMIT_MS} ms)`;
      process.kill(-child.pid!, 'SIGKILL');
    }, LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL'); // servers a failed bench left behind
      } catch {
        // none left
      }
      resolve({ code: code ?? signal ?? 'unknown', output });
    });
  });
}

describe('every bench still runs (BENCH_SMOKE=1)', () => {
  it('finds the benches', () => {
    expect(benches).toEqual(expect.arrayContaining(['invoke.bench.ts', 'journalStartup.bench.ts']));
  });

  it.each(benches)('%s takes its sizes from bench/smoke.ts', (name) => {
    expect(readFileSync(path.join(BENCH, name), 'utf8')).toMatch(/from '\.\/smoke'/);
  });

  it.each(benches)(
    '%s starts, does its work and exits 0',
    async (name) => {
      const { code, output } = await runSmoke(path.join(BENCH, name));
      if (code !== 0) throw new Error(`${name} exited with ${code}:\n${output}`);
    },
    LIMIT_MS + 10_000,
  );
});
