/**
 * The parts both stores share, without a store around them: the collections over a record storage, the
 * change index and the id loop.
 */
import { ChangeIndex } from '../../src/store/changeIndex';
import { createWithNextId } from '../../src/store/idAllocation';
import { KeyedMutex } from '../../src/store/keyedMutex';
import { createMeasurements } from '../../src/store/measurements';
import { recordCollections, type RecordDocument, type RecordStorage } from '../../src/store/records';
import { makeChange } from '../support/changeFactory';

/** Documents in a map, counting the listings (each one reads every document in a real store). */
function documents(): RecordStorage & { listings: number; map: Map<string, RecordDocument> } {
  const map = new Map<string, RecordDocument>();
  return {
    map,
    listings: 0,
    async put(key, value) {
      map.set(key, { key, value, updatedAt: '2026-10-03T08:00:00.000Z' });
    },
    get: async (key) => map.get(key),
    async delete(key) {
      map.delete(key);
    },
    async list() {
      this.listings += 1;
      return [...map.values()];
    },
  };
}

describe('record collections over one storage', () => {
  it('drills and timings loaded together read the documents once; a later list reads them again', async () => {
    const storage = documents();
    const collections = recordCollections(storage);
    await storage.put('drill:d1', { id: 'd1' });
    await storage.put('snapshot-timing:CHG-2026-001', { changeId: 'CHG-2026-001' });
    await storage.put('channel:19:a@thread.tacv2', { serviceUrl: 'x' });

    const measurements = createMeasurements(collections);
    await measurements.load();
    expect(storage.listings).toBe(1);
    expect(measurements.measured().drills.map((drill) => drill.id)).toEqual(['d1']);
    expect(measurements.measured().snapshots.map((timing) => timing.changeId)).toEqual(['CHG-2026-001']);

    await collections.drills.delete('d1');
    expect(await collections.drills.list()).toEqual([]);
    expect(storage.listings).toBe(2);
  });

  it('stores each kind under its own prefix, the references under their key as it is', async () => {
    const storage = documents();
    const collections = recordCollections(storage);
    await collections.references.put('conversation:a:1', { serviceUrl: 'x' });
    await collections.members.put('aad-1', { userId: '29:1', aadObjectId: 'aad-1' });
    await collections.preferences.put('aad-1', { notify: false });
    expect([...storage.map.keys()].sort()).toEqual(['conversation:a:1', 'member:aad-1', 'prefs:aad-1']);
  });
});

describe('the change index both stores keep', () => {
  it('never goes back to an older version, and a change forgotten keeps its id taken', () => {
    const index = new ChangeIndex();
    const change = makeChange({ id: 'CHG-2026-004' });
    expect(index.remember({ change, version: 3 })).toBe(true);
    expect(index.remember({ change: { ...change, title: 'older' }, version: 2 })).toBe(false);
    expect(index.version(change.id)).toBe(3);
    expect(index.listActive().map((summary) => summary.title)).toEqual([change.title]);

    index.forget(change.id);
    expect(index.hasWork(change.id)).toBe(false);
    expect(index.version(change.id)).toBeUndefined();
    expect(index.ids()).toEqual([change.id]);
    expect(index.highest(2026)).toBe(4);
  });
});

describe('the one id loop', () => {
  it('takes the next number after a lost race, and the one after the highest known', async () => {
    const index = new ChangeIndex();
    index.addId('CHG-2026-002');
    const taken: string[] = [];
    const tried: string[] = [];
    const allocation = {
      index,
      locks: new KeyedMutex(),
      createIfFree: async ({ change }: { change: { id: string } }) => {
        tried.push(change.id);
        return change.id !== 'CHG-2026-003'; // another instance created 003 meanwhile
      },
      taken: (id: string) => taken.push(id),
    };
    const created = await createWithNextId(allocation, 2026, (id) => makeChange({ id }));
    expect(created).toMatchObject({ change: { id: 'CHG-2026-004' }, version: 1 });
    expect({ tried, taken }).toEqual({ tried: ['CHG-2026-003', 'CHG-2026-004'], taken: ['CHG-2026-003'] });
    expect(index.ids()).toEqual(['CHG-2026-002', 'CHG-2026-003', 'CHG-2026-004']);
    await expect(createWithNextId(allocation, 26, (id) => makeChange({ id }))).rejects.toThrow(/four-digit/);
  });
});
