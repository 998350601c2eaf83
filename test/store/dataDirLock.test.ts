/**
 * One bot per DATA_DIR, with real processes: a second bot on a DATA_DIR in use exits 2 with one line naming
 * the holder (pid, start time, host) and changes nothing; a holder killed with -9 leaves its lock behind and
 * the next start takes it over; a lock written by a bot on another host (a share, a recreated container) is
 * refused while its holder refreshes it, and taken over once it has not for a minute.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTestProcessFile } from '../bot/support/harness';
import { spawnBot, stopBot, untilListening, untilReady, type BotProcess } from '../support/botProcess';
import { LOCK_NAME, lockDataDir, STALE_MS } from '../../src/store/dataDirLock';

describe('one bot process per DATA_DIR', () => {
  let dir: string;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'data-dir-lock-'));
    env = { DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: await writeTestProcessFile(dir) };
  });

  afterEach(async () => {
    for (const bot of bots.splice(0)) await stopBot(bot);
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function started(): Promise<BotProcess> {
    const bot = await spawnBot(env);
    bots.push(bot);
    await untilListening(bot);
    return bot;
  }

  it('refuses a second bot: exit 2, one line naming the holder; the first goes on', async () => {
    const first = await started();
    const lock = JSON.parse(await fs.readFile(path.join(env.DATA_DIR!, LOCK_NAME), 'utf8')) as {
      pid: number;
      host: string;
      startedAt: string;
    };
    expect(lock).toMatchObject({ pid: first.child.pid, host: os.hostname() });

    const second = await spawnBot(env);
    bots.push(second);
    expect(await second.exited).toBe(2);
    const lines = second.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`pid ${first.child.pid} on host ${os.hostname()}, started ${lock.startedAt}`);
    expect(lines[0]).toContain(path.join(env.DATA_DIR!, LOCK_NAME));

    await untilReady(first);
    // A clean stop releases the lock: the next bot starts.
    await stopBot(first);
    await expect(fs.stat(path.join(env.DATA_DIR!, LOCK_NAME))).rejects.toMatchObject({ code: 'ENOENT' });
    await untilReady(await started());
  });

  it('takes over the lock of a holder killed with -9, and then refuses the next one', async () => {
    const killed = await started();
    killed.child.kill('SIGKILL');
    await killed.exited;
    const stale = await fs.readFile(path.join(env.DATA_DIR!, LOCK_NAME), 'utf8');
    expect(JSON.parse(stale)).toMatchObject({ pid: killed.child.pid });

    const next = await started();
    await untilReady(next);
    const taken = JSON.parse(await fs.readFile(path.join(env.DATA_DIR!, LOCK_NAME), 'utf8')) as {
      pid: number;
    };
    expect(taken.pid).toBe(next.child.pid);

    const third = await spawnBot(env);
    bots.push(third);
    expect(await third.exited).toBe(2);
    expect(third.stderr()).toContain(`pid ${next.child.pid}`);
  });

  it('refuses a lock from another host while it is fresh (its pid means nothing here)', async () => {
    await fs.mkdir(env.DATA_DIR!, { recursive: true });
    const file = path.join(env.DATA_DIR!, LOCK_NAME);
    await fs.writeFile(
      file,
      JSON.stringify({ pid: 1, host: 'other-host.example', startedAt: '2026-12-01T08:00:00.000Z' }),
    );
    await expect(lockDataDir(env.DATA_DIR!)).rejects.toThrow(
      /pid 1 on host other-host\.example.*Stop the bot on other-host\.example first.*delete/,
    );
  });

  it('takes over a lock from another host that has not been refreshed for a minute', async () => {
    await fs.mkdir(env.DATA_DIR!, { recursive: true });
    const file = path.join(env.DATA_DIR!, LOCK_NAME);
    await fs.writeFile(
      file,
      JSON.stringify({ pid: 1, host: 'recreated-container', startedAt: '2026-12-01T08:00:00.000Z' }),
    );
    const old = new Date(Date.now() - STALE_MS - 5_000);
    await fs.utimes(file, old, old);
    const lock = await lockDataDir(env.DATA_DIR!);
    try {
      expect(JSON.parse(await fs.readFile(file, 'utf8'))).toMatchObject({
        pid: process.pid,
        host: os.hostname(),
      });
    } finally {
      await lock.release();
    }
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
