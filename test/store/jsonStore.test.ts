import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StaleWriteError, type ChangeStore } from '../../src/store/types';
import { makeChange } from '../support/changeFactory';
import { building, changeFile, makeDataDir, openStore, recordingLogger } from './support/storeFixture';

describe('JSON change store: writes and ids', () => {
  let dataDir: string;
  let store: ChangeStore;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    store = await openStore(dataDir);
  });

  afterEach(async () => {
    await store.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores a change as one versioned JSON document and reads it back', async () => {
    const created = await store.create(2026, building({ title: 'Rotate TLS certificates' }));
    expect(created.change.id).toBe('CHG-2026-001');
    expect(created.version).toBe(1);

    const onDisk = JSON.parse(await fs.readFile(changeFile(dataDir, 'CHG-2026-001'), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, version: 1, change: created.change });

    expect(await store.get('CHG-2026-001')).toEqual(created);
    await store.close();
    store = await openStore(dataDir);
    expect(await store.get('CHG-2026-001')).toEqual(created);
    expect(store.ids()).toEqual(['CHG-2026-001']);
  });

  it('answers undefined for a change that does not exist or an id that is not one', async () => {
    expect(await store.get('CHG-2026-404')).toBeUndefined();
    expect(await store.get('../active-changes')).toBeUndefined();
    expect(await store.update('CHG-2026-404', (change) => change)).toBeUndefined();
  });

  it('saves a new version when the caller read the current one', async () => {
    const { change, version } = await store.create(2026, building());
    const saved = await store.save({ ...change, revision: 2, status: 'approved' }, version);
    expect(saved.version).toBe(2);
    expect(await store.get(change.id)).toEqual(saved);
  });

  it('refuses a write based on a stale version and leaves the stored change as it was', async () => {
    const { change } = await store.create(2026, building());
    const winner = await store.save({ ...change, revision: 2, title: 'first writer' }, 1);
    const bytesBefore = await fs.readFile(changeFile(dataDir, change.id));

    const stale = store.save({ ...change, revision: 2, title: 'second writer' }, 1);
    await expect(stale).rejects.toBeInstanceOf(StaleWriteError);
    await expect(stale).rejects.toMatchObject({ id: change.id, expectedVersion: 1, actualVersion: 2 });

    expect(await fs.readFile(changeFile(dataDir, change.id))).toEqual(bytesBefore);
    expect(await store.get(change.id)).toEqual(winner);
  });

  it('checks the version on disk after a restart, not only what it remembers', async () => {
    const { change } = await store.create(2026, building());
    await store.save({ ...change, revision: 2 }, 1);
    await store.close();
    store = await openStore(dataDir);
    await expect(store.save({ ...change, revision: 2 }, 1)).rejects.toBeInstanceOf(StaleWriteError);
    expect((await store.save({ ...change, revision: 3 }, 2)).version).toBe(3);
  });

  it('refuses to save a change that was never created', async () => {
    await expect(store.save(makeChange({ id: 'CHG-2026-050' }), 0)).rejects.toThrow(/create\(\)/);
    expect(store.ids()).toEqual([]);
  });

  it('serializes concurrent updates of one change so that none is lost', async () => {
    const { change } = await store.create(2026, building());
    const updates = Array.from({ length: 40 }, (_, n) =>
      store.update(change.id, (current) => ({
        ...current,
        revision: current.revision + 1,
        tests: [...current.tests, `test ${n}`],
      })),
    );
    const results = await Promise.all(updates);

    expect(results.map((result) => result?.version).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
      Array.from({ length: 40 }, (_, n) => n + 2),
    );
    const stored = await store.get(change.id);
    expect(stored?.version).toBe(41);
    expect(stored?.change.revision).toBe(41);
    expect(stored?.change.tests).toHaveLength(change.tests.length + 40);
  });

  it('writes nothing when the transform returns undefined', async () => {
    const { change } = await store.create(2026, building());
    const before = await fs.stat(changeFile(dataDir, change.id));
    const result = await store.update(change.id, () => undefined);
    expect(result).toEqual({ change, version: 1 });
    const after = await fs.stat(changeFile(dataDir, change.id));
    expect(after.ino).toBe(before.ino); // a write would have renamed a new file over it
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('keeps the id of a change: an update that changes it is refused', async () => {
    const { change } = await store.create(2026, building());
    await expect(store.update(change.id, (current) => ({ ...current, id: 'CHG-2026-999' }))).rejects.toThrow(
      /ids never change/,
    );
    expect(store.ids()).toEqual([change.id]);
  });

  it('gives concurrent creations distinct, consecutive ids', async () => {
    const created = await Promise.all(Array.from({ length: 25 }, () => store.create(2026, building())));
    const ids = created.map((stored) => stored.change.id).sort();
    expect(ids).toEqual(Array.from({ length: 25 }, (_, n) => `CHG-2026-${String(n + 1).padStart(3, '0')}`));
    expect(store.ids()).toEqual(ids);
  });

  it('numbers each year on its own and continues after a restart from the highest stored number', async () => {
    await store.create(2026, building());
    await store.create(2026, building());
    await store.create(2027, building());
    await store.close();

    store = await openStore(dataDir);
    expect((await store.create(2026, building())).change.id).toBe('CHG-2026-003');
    expect((await store.create(2027, building())).change.id).toBe('CHG-2027-002');
    expect((await store.create(2028, building())).change.id).toBe('CHG-2028-001');
  });

  it('goes past 999 with more digits', async () => {
    const ninthHundred = makeChange({ id: 'CHG-2026-999' });
    const envelope = JSON.stringify({ schemaVersion: 1, version: 1, change: ninthHundred });
    await fs.writeFile(changeFile(dataDir, 'CHG-2026-999'), envelope);
    await store.close();
    store = await openStore(dataDir);
    expect((await store.create(2026, building())).change.id).toBe('CHG-2026-1000');
    expect((await store.create(2026, building())).change.id).toBe('CHG-2026-1001');
  });

  it('never gives one id twice, even to two stores (processes) on the same folder', async () => {
    const logger = recordingLogger();
    const other = await openStore(dataDir, { logger });
    try {
      const [mine, theirs] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => store.create(2026, building({ title: 'mine' })))),
        Promise.all(Array.from({ length: 10 }, () => other.create(2026, building({ title: 'theirs' })))),
      ]);
      const ids = [...mine, ...theirs].map((stored) => stored.change.id);
      expect(new Set(ids).size).toBe(20);
      for (const stored of [...mine, ...theirs]) {
        const onDisk = JSON.parse(await fs.readFile(changeFile(dataDir, stored.change.id), 'utf8'));
        expect(onDisk.change.title).toBe(stored.change.title);
      }
      // Both started from the same highest number, so the second store must have met a taken name.
      expect(logger.lines.some((line) => /taken by another process/.test(line.message))).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refuses a build that does not use the allocated id, and allocates it again next time', async () => {
    await expect(store.create(2026, () => makeChange({ id: 'CHG-2026-777' }))).rejects.toThrow(
      /CHG-2026-001/,
    );
    expect((await store.create(2026, building())).change.id).toBe('CHG-2026-001');
  });

  it('waits for writes under way when closed, and refuses new work afterwards', async () => {
    const { change } = await store.create(2026, building());
    const writes = Array.from({ length: 5 }, () =>
      store.update(change.id, (current) => ({ ...current, revision: current.revision + 1 })),
    );
    await store.close();
    const onDisk = JSON.parse(await fs.readFile(changeFile(dataDir, change.id), 'utf8'));
    expect(onDisk.version).toBe(6);
    await expect(Promise.all(writes)).resolves.toHaveLength(5);
    await expect(store.get(change.id)).rejects.toThrow(/closed/);

    store = await openStore(dataDir);
  });

  it('leaves no temporary files behind after writing', async () => {
    const { change } = await store.create(2026, building());
    await store.save({ ...change, revision: 2 }, 1);
    await store.references.put('19:general@thread.tacv2', { serviceUrl: 'http://127.0.0.1:1/' });
    const names = [
      ...(await fs.readdir(dataDir)),
      ...(await fs.readdir(path.join(dataDir, 'changes'))),
      ...(await fs.readdir(path.join(dataDir, 'conversations'))),
    ];
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
