/**
 * The ChangeStore contract, written once and run against every store (the JSON store on disk, the blob store
 * on Azurite): jsonStore.contract.test.ts and blobStore.contract.test.ts call describeStoreContract.
 */
import type { Change } from '../../../src/domain/change';
import { newDrill } from '../../../src/domain/drills';
import { createMeasurements } from '../../../src/store/measurements';
import { summarize } from '../../../src/store/summary';
import { StaleWriteError, type ChangeStore } from '../../../src/store/types';
import { makeChange } from '../../support/changeFactory';

/** One backing (a data folder, a container): stores opened on it share what they stored. */
export interface StoreBacking {
  /** Opens a new store on the backing (a restart, or a second instance). */
  open(options?: { clock?: () => Date }): Promise<ChangeStore>;
  /** Removes the backing once the test is over. */
  dispose(): Promise<void>;
}

export interface ContractSubject {
  name: string;
  /** A fresh, empty backing for one test. */
  backing(): Promise<StoreBacking>;
}

export function building(overrides: Partial<Change> = {}): (id: string) => Change {
  return (id) => makeChange({ ...overrides, id });
}

function windowAt(start: string): Change['window'] {
  return { start, end: new Date(Date.parse(start) + 2 * 3600_000).toISOString() };
}

export function describeStoreContract(subject: ContractSubject): void {
  describe(`ChangeStore contract: ${subject.name}`, () => {
    let backing: StoreBacking;
    let store: ChangeStore;
    const others: ChangeStore[] = [];

    beforeEach(async () => {
      backing = await subject.backing();
      store = await backing.open();
    });

    afterEach(async () => {
      await Promise.all([store, ...others.splice(0)].map((opened) => opened.close()));
      await backing.dispose();
    });

    async function reopen(): Promise<ChangeStore> {
      await store.close();
      store = await backing.open();
      return store;
    }

    async function another(): Promise<ChangeStore> {
      const opened = await backing.open();
      others.push(opened);
      return opened;
    }

    it('round trip: a created change reads back equal, also after a restart', async () => {
      const created = await store.create(2026, building({ title: 'Rotate TLS certificates' }));
      expect(created).toEqual({ change: expect.objectContaining({ id: 'CHG-2026-001' }), version: 1 });
      expect(await store.get('CHG-2026-001')).toEqual(created);

      await reopen();
      expect(await store.get('CHG-2026-001')).toEqual(created);
      expect(store.ids()).toEqual(['CHG-2026-001']);
      expect(await store.get('CHG-2026-404')).toBeUndefined();
      expect(await store.get('../escape')).toBeUndefined();
      expect(await store.update('CHG-2026-404', (change) => change)).toBeUndefined();
    });

    it('stale revision: a save based on an old version is refused and changes nothing', async () => {
      const { change } = await store.create(2026, building());
      const winner = await store.save({ ...change, revision: 2, title: 'first writer' }, 1);

      const stale = store.save({ ...change, revision: 2, title: 'second writer' }, 1);
      await expect(stale).rejects.toBeInstanceOf(StaleWriteError);
      await expect(stale).rejects.toMatchObject({ id: change.id, expectedVersion: 1, actualVersion: 2 });
      expect(await store.get(change.id)).toEqual(winner);

      await reopen();
      await expect(store.save({ ...change, revision: 2 }, 1)).rejects.toBeInstanceOf(StaleWriteError);
      expect((await store.save({ ...change, revision: 3 }, 2)).version).toBe(3);
    });

    it('exclusive create: concurrent creations in one store get distinct, consecutive ids', async () => {
      const created = await Promise.all(Array.from({ length: 12 }, () => store.create(2026, building())));
      const ids = created.map((stored) => stored.change.id).sort();
      expect(ids).toEqual(Array.from({ length: 12 }, (_, n) => `CHG-2026-${String(n + 1).padStart(3, '0')}`));
      expect(store.ids()).toEqual(ids);
    });

    it('exclusive create: two stores on one backing never hand out the same id', async () => {
      const second = await another();
      const created = await Promise.all([
        ...Array.from({ length: 6 }, () => store.create(2026, building({ title: 'first' }))),
        ...Array.from({ length: 6 }, () => second.create(2026, building({ title: 'second' }))),
      ]);
      const ids = created.map((stored) => stored.change.id);
      expect(new Set(ids).size).toBe(12);
      // Each id holds the change of the store that was told it got it.
      for (const stored of created)
        expect((await store.get(stored.change.id))?.change.title).toBe(stored.change.title);
    });

    it('concurrent updates of one change are serialized: none is lost or applied twice', async () => {
      const { change } = await store.create(2026, building());
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          store.update(change.id, (current) => ({
            ...current,
            revision: current.revision + 1,
            tests: [...current.tests, `test ${n}`],
          })),
        ),
      );
      expect(results.map((result) => result?.version).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        Array.from({ length: 20 }, (_, n) => n + 2),
      );
      const stored = await store.get(change.id);
      expect(stored?.version).toBe(21);
      expect(stored?.change.tests).toHaveLength(change.tests.length + 20);
      expect(new Set(stored?.change.tests).size).toBe(change.tests.length + 20);
    });

    it('an update whose transform returns undefined writes nothing', async () => {
      const created = await store.create(2026, building());
      expect(await store.update(created.change.id, () => undefined)).toEqual(created);
      expect(await store.get(created.change.id)).toEqual(created);
    });

    it('an impossible id (a number of 300 digits) is no change: nothing read, nothing set aside', async () => {
      const created = await store.create(2026, building());
      const impossible = `CHG-2026-${'7'.repeat(300)}`;
      expect(await store.get(impossible)).toBeUndefined();
      expect(await store.update(impossible, (current) => ({ ...current, title: 'x' }))).toBeUndefined();
      await expect(store.save({ ...created.change, id: impossible }, 1)).rejects.toThrow();
      expect(store.quarantined?.() ?? []).toEqual([]);
      expect(store.ids()).toEqual([created.change.id]);
    });

    it('an update may not change the id of a change', async () => {
      const { change } = await store.create(2026, building());
      await expect(
        store.update(change.id, (current) => ({ ...current, id: 'CHG-2026-999' })),
      ).rejects.toThrow(/ids never change/);
      expect(store.ids()).toEqual([change.id]);
    });

    it('active index: lists changes with work left by window start, drops final ones, also after a restart', async () => {
      const later = await store.create(2026, building({ window: windowAt('2026-07-01T06:00:00.000Z') }));
      const sooner = await store.create(2026, building({ window: windowAt('2026-06-01T06:00:00.000Z') }));
      const cancelled = await store.create(2026, building({ status: 'cancelled' }));
      expect(store.listActive()).toEqual([summarize(sooner.change), summarize(later.change)]);

      const done = await store.save({ ...later.change, revision: 2, status: 'completed' }, 1);
      expect(store.listActive()).toEqual([summarize(sooner.change)]);

      await reopen();
      expect(store.listActive()).toEqual([summarize(sooner.change)]);
      expect(store.ids()).toEqual([later.change.id, sooner.change.id, cancelled.change.id].sort());
      expect(done.version).toBe(2);
    });

    it('active index: due() tells what is due at a time, earliest first, and keeps final changes with pending notices', async () => {
      const a = await store.create(2026, building({ window: windowAt('2026-06-20T06:00:00.000Z') }));
      const b = await store.create(2026, building({ window: windowAt('2026-06-10T06:00:00.000Z') }));
      const preparationOfB = Date.parse(b.change.milestones.preparation.due);
      const preparationOfA = Date.parse(a.change.milestones.preparation.due);

      expect(store.due(new Date(preparationOfB - 1))).toEqual([]);
      expect(store.due(new Date(preparationOfB)).map((s) => s.id)).toEqual([b.change.id]);
      expect(store.due(new Date(preparationOfA)).map((s) => s.id)).toEqual([b.change.id, a.change.id]);

      const endNotice = {
        key: '2:end:thread',
        effect: { notice: 'end' as const, to: { kind: 'thread' as const } },
        revision: 2,
        state: 'pending' as const,
        attempts: 0,
        createdAt: '2026-06-20T10:00:00.000Z',
      };
      await store.save({ ...a.change, revision: 2, status: 'completed', outbox: [endNotice] }, 1);
      expect(store.listActive().map((s) => s.id)).toEqual([b.change.id]);
      await reopen();
      expect(store.due(new Date('2026-06-20T10:00:00.000Z')).map((s) => s.id)).toContain(a.change.id);
    });

    it('references: stored, read back, listed, replaced and deleted', async () => {
      const key = '19:general@thread.tacv2;messageid=1715';
      const reference = { serviceUrl: 'https://smba.example/emea/', conversation: { id: key } };
      await store.references.put(key, reference);
      await store.references.put('a:1', { n: 1 });
      expect((await store.references.get(key))?.value).toEqual(reference);

      await reopen();
      expect((await store.references.list()).map((c) => c.key).sort()).toEqual(['a:1', key].sort());
      await store.references.put('a:1', { n: 2 });
      expect((await store.references.get('a:1'))?.value).toEqual({ n: 2 });
      await store.references.delete('a:1');
      await store.references.delete('never-stored');
      expect(await store.references.get('a:1')).toBeUndefined();
      expect((await store.references.list()).map((c) => c.key)).toEqual([key]);
      await expect(store.references.put('b', undefined as never)).rejects.toThrow(/undefined/);
    });

    it('measurements: restore drills and snapshot timings are kept, read back after a restart and by another instance', async () => {
      const by = { aadObjectId: 'a-1', name: 'Ada' };
      const running = { ...newDrill('d1', 'ISC Learn Platform', by, new Date('2026-10-03T08:00:00Z')) };
      const measurements = createMeasurements(store);
      await store.references.put('19:general@thread.tacv2', { conversation: { id: 'x' } });
      await measurements.saveDrill({
        ...running,
        state: 'running',
        path: 'Data snapshot',
        startedAt: '2026-10-03T08:05:00.000Z',
      });
      await measurements.saveDrill({
        ...running,
        state: 'restored',
        path: 'Data snapshot',
        startedAt: '2026-10-03T08:05:00.000Z',
        endedAt: '2026-10-03T08:57:00.000Z',
      });
      await measurements.saveSnapshot({
        changeId: 'CHG-2026-001',
        service: 'ISC Learn Platform',
        startedAt: '2026-10-03T05:00:00.000Z',
        doneAt: '2026-10-03T07:40:00.000Z',
      });

      await reopen();
      const afterRestart = createMeasurements(store);
      await afterRestart.load();
      expect(afterRestart.measured().drills).toEqual([
        expect.objectContaining({ id: 'd1', state: 'restored', endedAt: '2026-10-03T08:57:00.000Z' }),
      ]);
      expect(afterRestart.measured().snapshots).toEqual([
        expect.objectContaining({ changeId: 'CHG-2026-001' }),
      ]);
      expect((await afterRestart.getDrill('d1'))?.state).toBe('restored');
      expect(await afterRestart.getDrill('d2')).toBeUndefined();

      const elsewhere = createMeasurements(await another());
      await elsewhere.load();
      expect(elsewhere.measured().drills.map((d) => d.id)).toEqual(['d1']);
    });

    it('close() waits for writes under way', async () => {
      const creating = store.create(2026, building());
      await store.close();
      const created = await creating;
      store = await backing.open();
      expect(await store.get(created.change.id)).toEqual(created);
    });
  });
}
