/**
 * /readyz on the real bot (startBot, restify, the JSON store on disk), each check broken for real: a
 * read-only DATA_DIR (a tmpfs remounted read-only), a scheduler whose cron task was stopped, a tick stuck on
 * a store write that never ends, and notices stuck behind a Bot Connector that is gone. The bot's fake clock
 * moves past the 5 s cache and the limits; nothing sleeps.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ReadinessReport } from '../../src/health/readiness';
import { PROBE_FILE } from '../../src/health/dataDirCheck';
import type { ChangeStore } from '../../src/store/types';
import { createChange, tickAt } from '../bot/support/flows';
import { START_TIME, startHarness, type Harness } from '../bot/support/harness';
import { fillUp, mountsWork, mountTmpfs, unmount } from './support/mounts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

async function readyz(h: Harness): Promise<{ status: number; body: ReadinessReport }> {
  const response = await fetch(`${h.baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as ReadinessReport };
}

function at(h: Harness, ms: number): void {
  h.setNow(new Date(START_TIME.getTime() + ms));
}

const withMounts = mountsWork() ? test : test.skip;

test('a healthy bot answers 200 and names its four checks', async () => {
  const h = await startHarness();
  try {
    const { status, body } = await readyz(h);
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((check) => [check.name, check.state])).toEqual([
      ['dataDir', 'ok'],
      ['scheduler', 'ok'],
      ['outbox', 'ok'],
      ['storedFiles', 'ok'],
    ]);
  } finally {
    await h.stop();
  }
});

test('a change file that cannot be read: 200, degraded, naming storedFiles and the file', async () => {
  let h = await startHarness();
  const dataDir = h.dataDir;
  try {
    const change = await createChange(h);
    await h.stop({ keepData: true });
    const file = path.join(dataDir, 'data', 'changes', `${change.id}.json`);
    await fs.writeFile(file, '{"schemaVersion": 1, "vers');
    h = await startHarness({ dataDir });
    const { status, body } = await readyz(h);
    expect(status).toBe(200);
    expect(body.status).toBe('degraded');
    expect(body.degraded).toEqual(['storedFiles']);
    const check = body.checks.find((entry) => entry.name === 'storedFiles');
    expect(check?.state).toBe('degraded');
    expect(check?.detail).toContain(file);
  } finally {
    await h.stop();
  }
});

/**
 * DATA_DIR broken under a running bot, for real: a file system mounted over it, as a remount or a lost volume
 * would leave it. The store's open files stay on the disk below; every new write through the path fails.
 */
async function withBrokenDataDir(breakIt: (dataDir: string) => void, expectDetail: RegExp): Promise<void> {
  const h = await startHarness();
  const dataDir = h.config.dataDir;
  let mounted = false;
  try {
    expect((await readyz(h)).status).toBe(200);

    breakIt(dataDir);
    mounted = true;
    // Within the 5 s cache the last answer stands: probes do not each write to the disk.
    expect((await readyz(h)).status).toBe(200);
    at(h, 6 * SECOND);
    const broken = await readyz(h);
    expect(broken.status).toBe(503);
    expect(broken.body.failing).toEqual(['dataDir']);
    expect(broken.body.checks.find((check) => check.name === 'dataDir')?.detail).toMatch(expectDetail);
    const failing = h.logs.filter((line) => line.message?.includes('readiness check failing'));
    expect(failing.map((line) => [line.level, (line.details as { check?: string }).check])).toEqual([
      ['error', 'dataDir'],
    ]);

    unmount(dataDir);
    mounted = false;
    at(h, 12 * SECOND);
    expect((await readyz(h)).body.status).toBe('ready');
    expect(await fs.readdir(dataDir)).not.toContain(PROBE_FILE);
  } finally {
    if (mounted) unmount(dataDir);
    await h.stop();
  }
}

withMounts('a read-only DATA_DIR answers 503 naming dataDir, and 200 again once it is writable', async () => {
  await withBrokenDataDir(
    (dataDir) => mountTmpfs(dataDir, 1024, 'ro'),
    /DATA_DIR cannot be written \(EROFS at open\)/,
  );
});

withMounts('a full DATA_DIR answers 503 naming dataDir, and 200 again once there is room', async () => {
  await withBrokenDataDir((dataDir) => {
    mountTmpfs(dataDir, 64);
    fillUp(dataDir);
  }, /DATA_DIR cannot be written \(ENOSPC at (write|fsync)\)/);
});

test('a scheduler that stopped ticking answers 503 naming scheduler; a ticking one stays 200', async () => {
  const h = await startHarness({ env: { SCHEDULER_CRON: '* * * * * *' }, bot: { schedule: true } });
  try {
    // The real cron task ticks every second; the bot's clock says when.
    await h.bot.heartbeat.nextTick();
    expect((await readyz(h)).status).toBe(200);
    at(h, 6 * SECOND);
    await h.bot.heartbeat.nextTick();
    expect((await readyz(h)).body.checks.find((check) => check.name === 'scheduler')).toMatchObject({
      state: 'ok',
      detail: expect.stringMatching(/last tick finished/),
    });

    await h.bot.scheduler!.stop();
    at(h, 12 * SECOND);
    const stopped = await readyz(h);
    expect(stopped.status).toBe(503);
    expect(stopped.body.failing).toEqual(['scheduler']);
    expect(stopped.body.checks.find((check) => check.name === 'scheduler')?.detail).toMatch(
      /no tick finished for 6 s \(SCHEDULER_CRON ticks every 1 s\)/,
    );
  } finally {
    await h.stop();
  }
});

test('a tick that hangs answers 200 while it is young and 503 naming scheduler past the limit', async () => {
  let hang = false;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let hung!: () => void;
  const isHung = new Promise<void>((resolve) => (hung = resolve));
  const h = await startHarness({
    wrapStore: (store) => hangingUpdates(store, () => hang, hung, released),
  });
  try {
    const created = await createChange(h);
    hang = true;
    // The preparation milestone of the change is due: the tick tries to record it and never gets an answer.
    const due = (await h.change(created.id)).milestones.preparation.due;
    h.setNow(new Date(due));
    const ticking = h.bot.tick();
    await isHung;

    h.setNow(new Date(Date.parse(due) + 5 * MINUTE));
    const young = await readyz(h);
    expect(young.status).toBe(200);
    expect(young.body.checks.find((check) => check.name === 'scheduler')?.detail).toMatch(
      /a tick is running/,
    );

    h.setNow(new Date(Date.parse(due) + 11 * MINUTE));
    const hanging = await readyz(h);
    expect(hanging.status).toBe(503);
    expect(hanging.body.failing).toEqual(['scheduler']);
    expect(hanging.body.checks.find((check) => check.name === 'scheduler')?.detail).toMatch(
      /a tick has been running for 11 min \(limit 10 min\)/,
    );

    hang = false;
    release();
    await ticking;
    h.setNow(new Date(Date.parse(due) + 12 * MINUTE));
    expect((await readyz(h)).status).toBe(200);
  } finally {
    hang = false;
    release();
    await h.stop();
  }
});

test('notices stuck behind a Bot Connector that is gone answer 503 naming outbox after 30 minutes', async () => {
  const h = await startHarness();
  try {
    const created = await createChange(h);
    await h.connector.stop(); // every post is now refused at the socket
    const due = Date.parse((await h.change(created.id)).milestones.preparation.due);
    await tickAt(h, new Date(due));
    expect((await h.change(created.id)).outbox.find((e) => e.effect.notice === 'preparation')).toMatchObject({
      state: 'pending',
      lastError: expect.stringMatching(/tries again/),
    });

    // The scheduler keeps ticking (and retrying); the notice keeps waiting.
    await tickAt(h, new Date(due + 29 * MINUTE));
    expect((await readyz(h)).status).toBe(200);

    await tickAt(h, new Date(due + 31 * MINUTE));
    const stuck = await readyz(h);
    expect(stuck.status).toBe(503);
    expect(stuck.body.failing).toEqual(['outbox']);
    expect(stuck.body.checks.find((check) => check.name === 'outbox')?.detail).toMatch(
      new RegExp(`the preparation notice of ${created.id} has waited 31 min \\(limit 30 min\\)`),
    );
  } finally {
    await h.stop();
  }
});

/** The store, with update() never answering while `hanging()` says so (as on a hung network mount). */
function hangingUpdates(
  store: ChangeStore,
  hanging: () => boolean,
  onHang: () => void,
  released: Promise<void>,
): ChangeStore {
  const update: ChangeStore['update'] = async (id, transform) => {
    if (hanging()) {
      onHang();
      await released;
    }
    return store.update(id, transform);
  };
  // Every other method goes to the store itself (it keeps its state on `this`).
  return new Proxy(store, {
    get(target, property) {
      if (property === 'update') return update;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
