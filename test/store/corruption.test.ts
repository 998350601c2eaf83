import { promises as fs } from 'node:fs';
import { StoreCorruptError, type ChangeStore } from '../../src/store/types';
import { makeChange } from '../support/changeFactory';
import { building, changeFile, makeDataDir, openStore } from './support/storeFixture';

async function expectCorrupt(promise: Promise<unknown>, file: string, detail: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StoreCorruptError);
  expect((error as StoreCorruptError).path).toBe(file);
  expect((error as StoreCorruptError).message).toContain(file);
  expect((error as StoreCorruptError).message).toMatch(detail);
  expect((error as StoreCorruptError).message).toMatch(/backup/); // says what to do
}

describe('JSON change store: corrupt files', () => {
  let dataDir: string;
  let store: ChangeStore;
  let id: string;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    store = await openStore(dataDir);
    id = (await store.create(2026, building())).change.id;
    await store.close();
  });

  afterEach(async () => {
    await store.close().catch(() => undefined);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const damages: [string, (text: string) => string, RegExp][] = [
    ['cut in the middle', (text) => text.slice(0, text.length / 2), /not valid JSON/],
    ['emptied', () => '', /empty/],
    [
      'of an unknown schema version',
      (text) => text.replace('"schemaVersion":1', '"schemaVersion":7'),
      /schema version 7/,
    ],
    [
      'holding another change',
      (text) => text.replace('"id":"CHG-2026-001"', '"id":"CHG-2026-002"'),
      /CHG-2026-002/,
    ],
    ['without a version', (text) => text.replace(/"version":\d+,/, ''), /version/],
    ['with a malformed change', (text) => text.replace('"outbox":[]', '"outbox":{}'), /outbox/],
  ];

  it.each(damages)(
    'stops the start on a file %s, naming it, and leaves it byte for byte',
    async (_, damage, detail) => {
      const file = changeFile(dataDir, id);
      await fs.writeFile(file, damage(await fs.readFile(file, 'utf8')));
      const before = await fs.readFile(file);

      await expectCorrupt(openStore(dataDir), file, detail);
      expect(await fs.readFile(file)).toEqual(before);
    },
  );

  it('reports a corrupt file that start did not read when it is asked for, and never rewrites it', async () => {
    store = await openStore(dataDir);
    const { change } = await store.create(2026, building({ status: 'cancelled' }));
    await store.close();
    const file = changeFile(dataDir, change.id);
    await fs.writeFile(file, '{"schemaVersion":1,"version":1,"change":');
    const before = await fs.readFile(file);

    store = await openStore(dataDir);
    await expectCorrupt(store.get(change.id), file, /not valid JSON/);
    await expectCorrupt(
      store.update(change.id, (current) => current),
      file,
      /not valid JSON/,
    );
    await expectCorrupt(store.save(makeChange({ id: change.id }), 1), file, /not valid JSON/);
    expect(await fs.readFile(file)).toEqual(before);
  });
});
