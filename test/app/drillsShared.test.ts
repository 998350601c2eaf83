/**
 * Restore drills on a shared store (two blob stores on one Azurite container, as two instances with
 * STORE=blob): each instance reads the stored drills when it uses them, not only at start.
 */
import type { ContainerClient } from '@azure/storage-blob';
import { createDrills, type Drills } from '../../src/app/drills';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import { createBlobStore } from '../../src/store/blob/blobStore';
import { CATCH_UP_MS, createMeasurements, type Measurements } from '../../src/store/measurements';
import type { ChangeStore } from '../../src/store/types';
import { freshContainerName, startAzurite, type Azurite } from '../support/azurite';

const proc = loadProcessFile(DEFAULT_PROCESS_FILE);
const SERVICE = proc.services[0]!.name;
const lead = { aadObjectId: proc.approvers[0]!.aadObjectId, name: proc.approvers[0]!.name };

let azurite: Azurite;
let container: ContainerClient;
const opened: ChangeStore[] = [];
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});
beforeEach(() => {
  container = azurite.container(freshContainerName('drills'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await container.deleteIfExists();
});

let now = new Date('2026-10-03T08:00:00.000Z');
let ids = 0;
async function instance(): Promise<{ drills: Drills; measurements: Measurements }> {
  const store = createBlobStore({ container, createContainer: true });
  await store.open();
  opened.push(store);
  const measurements = createMeasurements(store);
  await measurements.load();
  const drills = createDrills({ measurements, proc, clock: () => now, newId: () => `d${++ids}` });
  return { drills, measurements };
}

test("an instance sees the other's open drill and its finished drills without a restart", async () => {
  const a = await instance();
  const b = await instance();

  const openedOnA = await a.drills.open(undefined, lead);
  const openedOnB = await b.drills.open(undefined, lead);
  expect(openedOnA.ok && openedOnB.ok).toBe(true);
  // One open drill per service, across instances: B answers with A's drill.
  expect(openedOnB.ok && openedOnB.drill.id).toBe(openedOnA.ok && openedOnA.drill.id);
  const id = openedOnA.ok ? openedOnA.drill.id : '';

  // B runs it; A presses nothing in between.
  expect((await b.drills.press('drill.started', id, { path: 'Data snapshot', note: '' }, lead)).ok).toBe(
    true,
  );
  now = new Date(now.getTime() + 52 * 60_000);
  expect((await b.drills.press('drill.restored', id, { path: '', note: '' }, lead)).ok).toBe(true);

  // A's next use reads the stored drills: the finished drill is there, and a new one is opened.
  const next = await a.drills.open(undefined, lead);
  expect(next.ok && next.drill.id).not.toBe(id);
  expect(a.measurements.measured().drills.find((drill) => drill.id === id)?.state).toBe('restored');
  expect(SERVICE).toBe(next.ok ? next.drill.service : '');
});

test('the tick catch-up reads the measurements at most every CATCH_UP_MS, and again once the clock went back', async () => {
  const a = await instance();
  const b = await instance();
  const at = (minutes: number) => new Date(Date.parse('2026-10-03T08:00:00.000Z') + minutes * 60_000);
  await a.measurements.catchUp(at(0));
  const openedOnB = await b.drills.open(undefined, lead);
  const id = openedOnB.ok ? openedOnB.drill.id : '';
  await a.measurements.catchUp(at(CATCH_UP_MS / 60_000 - 1));
  expect(a.measurements.measured().drills.map((drill) => drill.id)).not.toContain(id);
  await a.measurements.catchUp(at(CATCH_UP_MS / 60_000));
  expect(a.measurements.measured().drills.map((drill) => drill.id)).toContain(id);
  await b.measurements.deleteDrill(id);
  await a.measurements.catchUp(at(-1));
  expect(a.measurements.measured().drills.map((drill) => drill.id)).not.toContain(id);
});
