/*
 * Store benchmark, run by hand:
 *   node -r ./test/store/support/registerTs.js bench/store.bench.ts [changes=10000] [active=1000]
 *
 * Stores 10,000 changes (1,000 with work left), then measures in one run:
 *  - one durable transition write (save() of a change the caller read with get(); save() is timed), median
 *    and p99, interleaved with a bare write + fsync + rename + folder fsync of the same bytes (goal: store ≤ 2×
 *    bare), and update() (read + transform + save) for reference;
 *  - the same transition write in an empty store (10,000 stored changes must not slow a write);
 *  - open() with 10,000 stored changes (goal ≤ 1 s), and the one-off rebuild when the journal is missing;
 *  - listActive() and due() (goal ≤ 10 ms).
 * The page cache is warm (the files were just written): open() on a cold disk will take longer.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Change, HistoryEntry, OutboxEntry, PostedCard } from '../src/domain/change';
import { encodeChangeFile } from '../src/store/changeFile';
import { createJsonStore } from '../src/store/jsonStore';
import type { ChangeStore } from '../src/store/types';
import { makeChange } from '../test/support/changeFactory';
import { sized } from './smoke';

const TOTAL = Number(process.argv[2] ?? sized(10_000, 50));
const ACTIVE = Number(process.argv[3] ?? sized(1_000, 5));
const WRITES = sized(400, 20);

function idOf(n: number): string {
  return `CHG-2025-${String(n).padStart(3, '0')}`;
}

/** A change some way through its life: a few dozen history lines, sent notices, posted cards. */
function typicalChange(id: string, active: boolean): Change {
  const base = makeChange({ id, status: active ? 'approved' : 'completed' });
  const history: HistoryEntry[] = Array.from({ length: 30 }, (_, n) => ({
    at: new Date(Date.parse(base.createdAt) + n * 3_600_000).toISOString(),
    by:
      n % 3 === 0 ? 'system' : { aadObjectId: '00000000-0000-0000-0000-00000000b002', name: 'Bea Approver' },
    event: n % 3 === 0 ? 'milestone.precheck' : 'precheck.done',
    accepted: true,
    revision: n + 1,
    source: 'card',
  }));
  const outbox: OutboxEntry[] = Array.from({ length: 15 }, (_, n) => ({
    key: `${n + 1}:announcement:mail`,
    effect: {
      notice: 'announcement',
      to: { kind: 'mail', to: ['learn-users@example.org', 'lead@example.org'] },
    },
    revision: n + 1,
    state: 'sent',
    attempts: 1,
    createdAt: base.createdAt,
    sentAt: base.createdAt,
    activityId: `1:1715000000${n}`,
  }));
  const postedCards: PostedCard[] = Array.from({ length: 10 }, (_, n) => ({
    conversationKey: '19:team-channel@thread.tacv2;messageid=1715000000000',
    activityId: `1:1715000001${n}`,
    notice: 'goNoGo',
    revision: n + 1,
  }));
  return { ...base, revision: 31, history, outbox, postedCards };
}

async function populate(dataDir: string): Promise<number> {
  const folder = path.join(dataDir, 'changes');
  await fs.mkdir(folder, { recursive: true });
  let bytes = 0;
  for (let start = 1; start <= TOTAL; start += 200) {
    const batch = [];
    for (let n = start; n < start + 200 && n <= TOTAL; n += 1) {
      const text = encodeChangeFile({ change: typicalChange(idOf(n), n > TOTAL - ACTIVE), version: 31 });
      bytes = text.length;
      batch.push(fs.writeFile(path.join(folder, `${idOf(n)}.json`), text));
    }
    await Promise.all(batch);
  }
  return bytes;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** What the store does on disk, without the store: the floor a durable write cannot go under. */
async function bareWrite(folder: fs.FileHandle, file: string, text: string): Promise<void> {
  const temp = `${file}.bare.tmp`;
  const handle = await fs.open(temp, 'wx');
  await handle.writeFile(text, 'utf8');
  await handle.sync();
  await handle.close();
  await fs.rename(temp, file);
  await folder.sync();
}

interface Samples {
  big: number[];
  update: number[];
  small: number[];
  bare: number[];
}

async function transitionWrite(store: ChangeStore, id: string): Promise<[number, string]> {
  const current = await store.get(id);
  if (current === undefined) throw new Error(`${id} is missing`);
  const change = { ...current.change, revision: current.change.revision + 1 };
  const [elapsed] = await timed(() => store.save(change, current.version));
  return [elapsed, encodeChangeFile({ change, version: current.version + 1 })];
}

/**
 * Interleaves, write by write: a transition in the big store, one in a small store, and a bare durable write
 * of the same bytes as the big store's (before or after it, alternately), so that all see the same disk weather.
 */
async function measureWrites(
  big: ChangeStore,
  bigIds: string[],
  small: ChangeStore,
  smallIds: string[],
  bareDir: string,
): Promise<Samples> {
  await fs.mkdir(bareDir, { recursive: true });
  const folder = await fs.open(bareDir, 'r');
  const samples: Samples = { big: [], update: [], small: [], bare: [] };
  for (let n = 0; n < WRITES; n += 1) {
    const id = bigIds[n % bigIds.length] as string;
    const bareFile = path.join(bareDir, `bare-${id}.json`); // beside the store's files, which it ignores
    if (n % 2 === 0) {
      // Same bytes as the store's previous write of this change (close enough: one digit may differ).
      const text = encodeChangeFile((await big.get(id)) ?? { change: {} as Change, version: 0 });
      samples.bare.push((await timed(() => bareWrite(folder, bareFile, text)))[0]);
      samples.big.push((await transitionWrite(big, id))[0]);
    } else {
      const [bigMs, text] = await transitionWrite(big, id);
      samples.big.push(bigMs);
      samples.bare.push((await timed(() => bareWrite(folder, bareFile, text)))[0]);
    }
    samples.small.push((await transitionWrite(small, smallIds[n % smallIds.length] as string))[0]);
    const next = bigIds[(n + 1) % bigIds.length] as string;
    const bump = (change: Change): Change => ({ ...change, revision: change.revision + 1 });
    samples.update.push((await timed(() => big.update(next, bump)))[0]);
  }
  await folder.close();
  return samples;
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'store-bench-'));
  const smallDir = await fs.mkdtemp(path.join(os.tmpdir(), 'store-bench-small-'));
  try {
    const [populateMs, bytes] = await timed(() => populate(dataDir));
    execFileSync('sync');
    console.log(`stored ${TOTAL} changes (${ACTIVE} active), ${bytes} bytes each, in ${ms(populateMs)}`);

    // The first start has no journal: it reads every file once and writes the journal.
    const first = createJsonStore({ dataDir });
    const [rebuildMs] = await timed(() => first.open());
    await first.close();
    console.log(`open() without a journal (one-off rebuild, reads all ${TOTAL}): ${ms(rebuildMs)}`);

    const openTimes: number[] = [];
    let store: ChangeStore | undefined;
    for (let n = 0; n < 5; n += 1) {
      await store?.close();
      store = createJsonStore({ dataDir });
      const opening = store;
      openTimes.push((await timed(() => opening.open()))[0]);
    }
    if (store === undefined) throw new Error('no store');
    console.log(
      `open() with ${TOTAL} changes: median ${ms(percentile(openTimes, 50))}, max ${ms(Math.max(...openTimes))} (goal ≤ 1000 ms)`,
    );

    const opened = store;
    const listTimes: number[] = [];
    const dueTimes: number[] = [];
    let listed = 0;
    for (let n = 0; n < 200; n += 1) {
      const [listMs, active] = await timed(() => opened.listActive());
      listed = active.length;
      listTimes.push(listMs);
      dueTimes.push((await timed(() => opened.due(new Date('2026-06-01T00:00:00Z'))))[0]);
    }
    console.log(
      `listActive() of ${listed}: median ${ms(percentile(listTimes, 50))}, p99 ${ms(percentile(listTimes, 99))} (goal ≤ 10 ms)`,
    );
    console.log(`due(now): median ${ms(percentile(dueTimes, 50))}, p99 ${ms(percentile(dueTimes, 99))}`);

    const small = createJsonStore({ dataDir: smallDir });
    await small.open();
    const smallIds: string[] = [];
    for (let n = 0; n < 20; n += 1)
      smallIds.push((await small.create(2025, (id) => typicalChange(id, true))).change.id);
    execFileSync('sync'); // start the writes with no dirty pages left from populating

    const activeIds = opened.listActive().map((summary) => summary.id);
    const samples = await measureWrites(opened, activeIds, small, smallIds, path.join(dataDir, 'changes'));
    const line = (name: string, times: number[]): void =>
      console.log(`${name}: median ${ms(percentile(times, 50))}, p99 ${ms(percentile(times, 99))}`);
    line(`transition write: save(), store of ${TOTAL}`, samples.big);
    line('bare write + fsync + rename + folder fsync of the same bytes', samples.bare);
    line(`update() (read, transform, save), store of ${TOTAL}`, samples.update);
    line('transition write: save(), store of 20', samples.small);
    const ratio = (p: number): string =>
      (percentile(samples.big, p) / percentile(samples.bare, p)).toFixed(2);
    console.log(`ratio store/bare: median ${ratio(50)}×, p99 ${ratio(99)}× (goal ≤ 2×)`);

    const createTimes: number[] = [];
    for (let n = 0; n < 50; n += 1) {
      createTimes.push((await timed(() => opened.create(2026, (id) => typicalChange(id, true))))[0]);
    }
    line('create (link + journal line)', createTimes);
    await opened.close();
    await small.close();
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(smallDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
