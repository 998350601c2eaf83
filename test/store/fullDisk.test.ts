/**
 * The store on a real small file system (a 4 MB tmpfs mounted by the test): a full disk and a read-only
 * mount refuse writes with StoreWriteError, leave the stored files as they were and no temporary file
 * behind, log one error line naming the path, do not stop a start, and heal by themselves.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StoreWriteError, type ChangeStore } from '../../src/store/types';
import { mountSmallDisk, tmpfsAvailable, type SmallDisk } from '../support/tmpfs';
import { building, changeFile, openStore, recordingLogger } from './support/storeFixture';

const suite = tmpfsAvailable() ? describe : describe.skip;

async function filesIn(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).sort();
}

async function refusal(promise: Promise<unknown>): Promise<StoreWriteError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreWriteError);
  return error as StoreWriteError;
}

const advance = (change: { revision: number }) => ({ ...change, revision: change.revision + 1 });

suite('JSON change store on a full or read-only disk', () => {
  let disk: SmallDisk;
  let dataDir: string;
  let store: ChangeStore | undefined;

  beforeEach(() => {
    disk = mountSmallDisk();
    dataDir = path.join(disk.dir, 'data');
  });

  afterEach(async () => {
    await store?.close().catch(() => undefined);
    store = undefined;
    try {
      disk.writable();
    } catch {
      // already writable
    }
    disk.unmount();
  });

  it('refuses a write on a full disk, leaves the file and no temp file, logs the path once, and heals', async () => {
    const logger = recordingLogger();
    store = await openStore(dataDir, { logger });
    const { change } = await store.create(2026, building());
    const file = changeFile(dataDir, change.id);
    const before = await fs.readFile(file);
    const listing = await filesIn(path.dirname(file));

    disk.fill();
    const error = await refusal(store.update(change.id, (current) => advance(current) as typeof current));

    expect(error.code).toBe('ENOSPC');
    expect(error.path).toBe(file);
    expect(await fs.readFile(file)).toEqual(before);
    expect(await filesIn(path.dirname(file))).toEqual(listing);
    const errors = logger.lines.filter((line) => line.level === 'error');
    expect(errors).toEqual([expect.objectContaining({ details: { path: file, code: 'ENOSPC' } })]);
    expect(store.writeFailure?.()).toMatchObject({ path: file, code: 'ENOSPC' });
    await refusal(store.create(2026, building()));
    await refusal(store.references.put('19:full@thread.tacv2', { n: 1 }));
    expect(await filesIn(path.join(dataDir, 'conversations'))).toEqual([]);

    disk.free();
    const written = await store.update(change.id, (current) => advance(current) as typeof current);

    expect(written?.change.revision).toBe(change.revision + 1);
    expect(store.writeFailure?.()).toBeUndefined();
    expect((await store.get(change.id))?.change.revision).toBe(change.revision + 1);
  });

  it.each([
    ['full', (d: SmallDisk) => d.fill(), 'ENOSPC'],
    ['read-only', (d: SmallDisk) => d.readOnly(), 'EROFS'],
  ] as const)(
    'starts on a %s disk, serves reads, refuses writes, and writes once it can',
    async (_, spoil, code) => {
      store = await openStore(dataDir);
      const { change } = await store.create(2026, building());
      await store.close();
      const before = await fs.readFile(changeFile(dataDir, change.id));
      // A mount cannot turn read-only while a file on it is open for writing: the store is closed first.
      spoil(disk);

      store = await openStore(dataDir);

      expect(store.listActive().map((summary) => summary.id)).toEqual([change.id]);
      expect((await store.get(change.id))?.version).toBe(1);
      expect(store.writeFailure?.()).toMatchObject({ code });
      expect((await refusal(store.create(2026, building()))).code).toBe(code);
      expect(
        (await refusal(store.update(change.id, (current) => advance(current) as typeof current))).code,
      ).toBe(code);
      expect(await fs.readFile(changeFile(dataDir, change.id))).toEqual(before);

      if (code === 'EROFS') disk.writable();
      else disk.free();
      const next = await store.create(2026, building());
      await store.close();
      store = await openStore(dataDir);
      expect(store.listActive().map((summary) => summary.id)).toEqual([change.id, next.change.id]);
      expect((await fs.readdir(dataDir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    },
  );
});
