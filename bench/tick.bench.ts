/*
 * Scheduler tick benchmark, run by hand:
 *   node -r ./test/store/support/registerTs.js bench/tick.bench.ts [stored=10000,100000] [active=1000]
 *
 * For each stored count (default 10,000 then 100,000), builds a JSON store on disk with that many changes,
 * `active` of them not final (approved, GO given) and none due, then measures the real tick (createTick over
 * the JSON store, the lifecycle and the delivery; the Teams and mail ports do nothing):
 *  - a tick with nothing due, 2,000 times: median, p99 and max (goal: ≤ 10 ms, flat with history);
 *  - a tick with one milestone due in one change, 200 times, for reference (one durable transition write, a
 *    claim and a sent record per notice: its cost is the disk's, not the store size's).
 * Inactive changes are written straight to disk and only listed by the store; the active ones are read at
 * open through the active-changes list, as after a restart.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDelivery } from '../src/app/delivery';
import { createLifecycle } from '../src/app/lifecycle';
import type { Logger } from '../src/app/ports';
import type { Change } from '../src/domain/change';
import { createTick } from '../src/scheduler/tick';
import { encodeChangeFile } from '../src/store/changeFile';
import { createJsonStore } from '../src/store/jsonStore';
import { makeChange } from '../test/support/changeFactory';
import { testProcess } from '../test/domain/support';
import { sized } from './smoke';

const SIZES = (process.argv[2] ?? sized('10000,100000', '50')).split(',').map(Number);
const ACTIVE = Number(process.argv[3] ?? sized(1_000, 5));
const IDLE_TICKS = sized(2_000, 20);
const DUE_TICKS = sized(200, 5);

/** Before every milestone of the default test change (window 20 Jun 2026): nothing is due. */
const NOW = new Date('2026-05-01T08:00:00.000Z');

const silent: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

function idOf(n: number): string {
  return `CHG-2025-${String(n).padStart(6, '0')}`;
}

function storedChange(n: number, total: number): Change {
  const active = n > total - ACTIVE;
  return makeChange({ id: idOf(n), status: active ? 'approved' : 'completed', announced: active });
}

async function populate(dataDir: string, total: number): Promise<void> {
  const folder = path.join(dataDir, 'changes');
  await fs.mkdir(folder, { recursive: true });
  for (let start = 1; start <= total; start += 500) {
    const batch = [];
    for (let n = start; n < start + 500 && n <= total; n += 1) {
      const text = encodeChangeFile({ change: storedChange(n, total), version: 1 });
      batch.push(fs.writeFile(path.join(folder, `${idOf(n)}.json`), text));
    }
    await Promise.all(batch);
  }
  // The journal of changes with work left, as the store keeps it: open() reads only those files.
  const lines = [JSON.stringify({ schemaVersion: 1, kind: 'change-bot/active-changes' })];
  for (let n = total - ACTIVE + 1; n <= total; n += 1) lines.push(JSON.stringify({ id: idOf(n) }));
  await fs.writeFile(path.join(dataDir, 'active-changes.jsonl'), lines.join('\n') + '\n');
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number): string => `${value.toFixed(3)} ms`;

async function measure(total: number): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tick-bench-'));
  try {
    await populate(dataDir, total);
    let now = NOW;
    const clock = () => now;
    const store = createJsonStore({ dataDir, clock });
    await store.open();
    const definition = testProcess();
    const delivery = createDelivery({
      store,
      poster: { post: async () => ({ conversationKey: 'channel:bench', activityId: 'a' }) },
      mailer: { send: async () => undefined },
      clock,
      logger: silent,
      owners: () => [],
    });
    const lifecycle = createLifecycle({ store, process: definition, clock, logger: silent });
    const tick = createTick({ store, lifecycle, delivery, clock, logger: silent });

    if (store.due(now).length !== 0) throw new Error('bench bug: something is due');
    if (store.listActive().length !== ACTIVE || store.ids().length !== total) {
      throw new Error('bench bug: the store does not hold what was written');
    }
    for (let i = 0; i < 200; i++) await tick(); // warm up
    const idle: number[] = [];
    for (let i = 0; i < IDLE_TICKS; i++) {
      const started = process.hrtime.bigint();
      await tick();
      idle.push(elapsed(started));
    }

    // A different change at each tick has its preparation step due now (it sends one card).
    const due: number[] = [];
    for (let i = 0; i < DUE_TICKS; i++) {
      const id = idOf(total - (i % ACTIVE));
      await store.update(id, (change) => ({
        ...change,
        status: 'planned',
        milestones: { ...change.milestones, preparation: { due: now.toISOString(), state: 'pending' } },
      }));
      const started = process.hrtime.bigint();
      await tick();
      due.push(elapsed(started));
      now = new Date(now.getTime() + 1);
    }
    await store.close();

    console.log(
      `${total.toLocaleString('en-US')} stored, ${ACTIVE.toLocaleString('en-US')} active` +
        `\n  tick, nothing due (${IDLE_TICKS}x):  median ${ms(percentile(idle, 50))}  p99 ${ms(percentile(idle, 99))}  max ${ms(Math.max(...idle))}` +
        `\n  tick, one milestone due (${DUE_TICKS}x): median ${ms(percentile(due, 50))}  p99 ${ms(percentile(due, 99))}`,
    );
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores`);
  for (const total of SIZES) await measure(total);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
