import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StoreCorruptError, type ChangeStore } from '../../src/store/types';
import { makeChange } from '../support/changeFactory';
import { recordFileName } from '../../src/store/recordFiles';
import { building, changeFile, makeDataDir, openStore, recordingLogger } from './support/storeFixture';

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
    ['of garbage', () => '\u0000\u0001PK\u0003\u0004 not json', /not valid JSON/],
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
    'sets a file %s aside at start, naming it, serves every other change, and leaves it byte for byte',
    async (_, damage, detail) => {
      store = await openStore(dataDir);
      const other = (await store.create(2026, building())).change.id;
      await store.close();
      const file = changeFile(dataDir, id);
      await fs.writeFile(file, damage(await fs.readFile(file, 'utf8')));
      const before = await fs.readFile(file);
      const logger = recordingLogger();

      store = await openStore(dataDir, { logger });

      expect(store.listActive().map((summary) => summary.id)).toEqual([other]);
      expect(store.ids()).toEqual([id, other]); // its id is never given to a new change
      expect(store.quarantined?.()).toEqual([
        { kind: 'change', id, path: file, reason: expect.stringMatching(detail), since: expect.any(String) },
      ]);
      expect(store.quarantined?.()[0]?.reason).toMatch(/backup/); // says what to do
      expect(logger.lines.filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({ details: { path: file, kind: 'change' } }),
      ]);
      await expectCorrupt(store.get(id), file, detail);
      expect(
        (await store.update(other, (change) => ({ ...change, revision: change.revision + 1 })))?.version,
      ).toBe(2);
      expect((await store.create(2026, building())).change.id).toBe('CHG-2026-003');
      expect(await fs.readFile(file)).toEqual(before);
      expect(logger.lines.filter((line) => line.level === 'error')).toHaveLength(1); // reported once
      await store.close();
      store = await openStore(dataDir); // and again at the next start, until it is fixed
      expect(store.quarantined?.().map((entry) => entry.id)).toEqual([id]);
    },
  );

  it('takes a file out of quarantine once the operator restored it', async () => {
    const file = changeFile(dataDir, id);
    const good = await fs.readFile(file);
    await fs.writeFile(file, '');
    store = await openStore(dataDir);
    expect(store.quarantined?.()).toHaveLength(1);

    await fs.writeFile(file, good);

    expect((await store.get(id))?.version).toBe(1);
    expect(store.quarantined?.()).toEqual([]);
  });

  const referenceDamages: [string, string][] = [
    ['truncated', '{"schemaVersion":1,"key":"19:a@thread.tacv2","refe'],
    ['empty', ''],
    ['garbage', '\u0000\u0001PK\u0003\u0004 not json at all'],
  ];

  it.each(referenceDamages)(
    'sets a conversation reference file (%s) aside: start goes on, the others are served, it is never overwritten',
    async (_, text) => {
      store = await openStore(dataDir);
      await store.references.put('19:a@thread.tacv2', { n: 1 });
      await store.references.put('19:b@thread.tacv2', { n: 2 });
      await store.close();
      const file = path.join(dataDir, 'conversations', recordFileName('19:a@thread.tacv2'));
      await fs.writeFile(file, text);

      store = await openStore(dataDir);

      expect(store.quarantined?.()).toEqual([
        {
          kind: 'record',
          path: file,
          reason: expect.stringMatching(/backup/),
          since: expect.any(String),
        },
      ]);
      expect((await store.references.list()).map((c) => c.key)).toEqual(['19:b@thread.tacv2']);
      expect(await store.references.get('19:a@thread.tacv2')).toBeUndefined();
      expect((await store.references.get('19:b@thread.tacv2'))?.value).toEqual({ n: 2 });
      await expect(store.references.put('19:a@thread.tacv2', { n: 3 })).rejects.toBeInstanceOf(
        StoreCorruptError,
      );
      expect(await fs.readFile(file, 'utf8')).toBe(text);
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
