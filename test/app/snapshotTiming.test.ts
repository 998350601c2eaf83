import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLifecycle } from '../../src/app/lifecycle';
import { cardForNotice } from '../../src/cards';
import { createJsonStore } from '../../src/store/jsonStore';
import { createMeasurements } from '../../src/store/measurements';
import type { ChangeStore } from '../../src/store/types';
import { recordingLogger } from '../bot/support/harness';
import { sampleProcess as proc } from '../cards/samples';
import { seen } from '../cards/support';
import { makeChange } from '../support/changeFactory';

/**
 * The snapshot card's Started and Done presses are timed (on the injected clock) and kept; the snapshot
 * reminder then plans with the process figure (2 h 30 min) or, when longer, the median of recent snapshots.
 */
let dataDir: string;
let store: ChangeStore;
let now: Date;
let measurements: ReturnType<typeof createMeasurements> | undefined;
beforeEach(async () => {
  measurements = undefined;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'snapshot-timing-'));
  now = new Date('2026-06-20T02:00:00Z');
  store = createJsonStore({ dataDir, clock: () => now });
  await store.open();
});
afterEach(async () => {
  await store.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const MINUTE = 60_000;
const implementer = { aadObjectId: '00000000-0000-0000-0000-00000000a001', name: 'Ada Implementer' };

async function timedSnapshot(minutes: number, day: number) {
  measurements ??= createMeasurements(store);
  const lifecycle = createLifecycle({
    store,
    process: proc,
    clock: () => now,
    logger: recordingLogger(),
    measurements,
  });
  const start = `2026-06-${String(day).padStart(2, '0')}T06:00:00.000Z`;
  const created = await store.create(2026, (id) =>
    makeChange({
      id,
      status: 'approved',
      window: { start, end: new Date(Date.parse(start) + 4 * 3_600_000).toISOString() },
    }),
  );
  now = new Date(Date.parse(start) - 3 * 3_600_000);
  await lifecycle.act(created.change.id, { event: { type: 'snapshot.started' }, by: implementer });
  now = new Date(now.getTime() + minutes * MINUTE);
  const done = await lifecycle.act(created.change.id, { event: { type: 'snapshot.done' }, by: implementer });
  expect(done.found && done.decision.accepted).toBe(true);
  return measurements;
}

function snapshotCardText(measured: ReturnType<ReturnType<typeof createMeasurements>['measured']>) {
  const next = makeChange({ status: 'approved' });
  return seen(cardForNotice('snapshot', next, proc, { now: new Date('2026-06-20T02:00:00Z'), measured }));
}

describe('the snapshot duration, measured', () => {
  it('keeps Started → Done as a timing of the service, also after a restart', async () => {
    await timedSnapshot(160, 1);
    await store.close();
    store = createJsonStore({ dataDir, clock: () => now });
    await store.open();
    const reloaded = createMeasurements(store);
    await reloaded.load();
    expect(reloaded.measured().snapshots).toEqual([
      {
        changeId: 'CHG-2026-001',
        service: 'ISC Learn Platform',
        startedAt: '2026-06-01T03:00:00.000Z',
        doneAt: '2026-06-01T05:40:00.000Z',
      },
    ]);
  });

  it('no timed snapshot: the process figure, said so', () => {
    const text = snapshotCardText({ drills: [], snapshots: [] });
    expect(text).toContain('it takes about 2 h 30 min');
    expect(text).toContain("The process file's figure (no snapshot of this service was timed yet).");
  });

  it('median of recent snapshots shorter than the process figure (2 h 20 min): still 2 h 30 min', async () => {
    await timedSnapshot(130, 1);
    await timedSnapshot(140, 2);
    const kept = await timedSnapshot(150, 3);
    const text = snapshotCardText(kept.measured());
    expect(text).toContain('it takes about 2 h 30 min');
    expect(text).toContain('the measured median of the last 3 snapshots is 2 h 20 min');
  });

  it('median longer (2 h 40 min): the reminder plans with it, says it is measured, and the latest start moves', async () => {
    await timedSnapshot(150, 1);
    await timedSnapshot(160, 2);
    const kept = await timedSnapshot(175, 3);
    const text = snapshotCardText(kept.measured());
    expect(text).toContain('it takes about 2 h 40 min');
    // Window 08:00 Zurich (06:00Z): latest start 2 h 40 min before, 05:20 (it was 05:30 with the process figure).
    expect(text).toContain('at the latest at 05:20');
    expect(text).toContain(
      "Measured: the median of the last 3 snapshots of ISC Learn Platform is longer than the process file's 2 h 30 min.",
    );
  });
});
