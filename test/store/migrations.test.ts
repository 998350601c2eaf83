/**
 * Stored-data migrations: the committed store of version-1 files (test/store/fixtures/v1-store, written by
 * the bot of November 2026) opens as it is, and after a test-only bump to version 3 every change is migrated
 * on read, written back in version 3 by its next write only, and read without migrating afterwards.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createJsonStore } from '../../src/store/jsonStore';
import { CHANGE_SCHEMA_VERSION } from '../../src/domain/change';
import {
  CHANGE_MIGRATIONS,
  CURRENT_CHANGE_SCHEMA,
  migrateChange,
  type ChangeSchema,
  type StoredJson,
} from '../../src/store/migrations';
import type { ChangeStore } from '../../src/store/types';
import { changeFile, makeDataDir } from './support/storeFixture';

const FIXTURE = path.join(__dirname, 'fixtures', 'v1-store');

/** A pretend version 3, on top of the real chain: every change gets a `labels` list (empty for old changes). */
const toV3 = jest.fn((change: StoredJson): StoredJson => ({ ...change, schemaVersion: 3, labels: [] }));
const V3: ChangeSchema = { version: 3, migrations: [...CHANGE_MIGRATIONS, toV3] };

async function copyFixture(): Promise<string> {
  const dataDir = await makeDataDir();
  await fs.cp(FIXTURE, dataDir, { recursive: true });
  return dataDir;
}

async function open(dataDir: string, changeSchema?: ChangeSchema): Promise<ChangeStore> {
  const store = createJsonStore({ dataDir, ...(changeSchema ? { changeSchema } : {}) });
  await store.open();
  return store;
}

async function storedSchemaVersion(dataDir: string, id: string): Promise<unknown> {
  return (JSON.parse(await fs.readFile(changeFile(dataDir, id), 'utf8')) as { change: StoredJson }).change
    .schemaVersion;
}

describe('stored-data migrations', () => {
  let dataDir: string;
  let store: ChangeStore | undefined;

  beforeEach(async () => {
    dataDir = await copyFixture();
    toV3.mockClear();
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('the committed version-1 store opens with this bot as it is', async () => {
    store = await open(dataDir);

    expect(store.ids()).toEqual(['CHG-2026-001', 'CHG-2026-002', 'CHG-2026-003']);
    expect(store.listActive().map((s) => [s.id, s.status])).toEqual([['CHG-2026-001', 'approved']]);
    expect(
      store
        .due(new Date('2100-01-01T00:00:00Z'))
        .map((s) => s.id)
        .sort(),
    ).toEqual(['CHG-2026-001', 'CHG-2026-002']);
    expect((await store.get('CHG-2026-003'))?.change.status).toBe('completed');
    expect(await store.references.list()).toHaveLength(1);
    expect(store.quarantined?.()).toEqual([]);
  });

  it('after a bump, migrates every change on read and writes it back in the new version on its next write', async () => {
    store = await open(dataDir, V3);

    expect(store.quarantined?.()).toEqual([]);
    const read = await store.get('CHG-2026-003');
    expect(read?.change).toMatchObject({ schemaVersion: 3, labels: [], status: 'completed' });
    expect(store.listActive().map((s) => s.id)).toEqual(['CHG-2026-001']);
    expect(await storedSchemaVersion(dataDir, 'CHG-2026-001')).toBe(1); // reading rewrites nothing

    const written = await store.update('CHG-2026-001', (change) => ({
      ...change,
      revision: change.revision + 1,
    }));
    expect(written?.change).toMatchObject({ schemaVersion: 3, labels: [] });
    await store.close(); // the change files are written back from the journal: close writes them
    expect(await storedSchemaVersion(dataDir, 'CHG-2026-001')).toBe(3);
    expect(await storedSchemaVersion(dataDir, 'CHG-2026-002')).toBe(1);

    toV3.mockClear();
    store = await open(dataDir, V3);
    expect((await store.get('CHG-2026-001'))?.change).toMatchObject({ schemaVersion: 3, labels: [] });
    expect(toV3).not.toHaveBeenCalledWith(expect.objectContaining({ id: 'CHG-2026-001' }));
  });

  it('a change written by a newer bot is set aside, saying so, and left as it is', async () => {
    store = await open(dataDir, V3);
    await store.update('CHG-2026-001', (change) => ({ ...change, revision: change.revision + 1 }));
    await store.close();
    const before = await fs.readFile(changeFile(dataDir, 'CHG-2026-001'));

    store = await open(dataDir);

    expect(store.quarantined?.().map((file) => [file.id, file.reason])).toEqual([
      ['CHG-2026-001', expect.stringContaining('written by a newer version of the bot')],
    ]);
    expect(await fs.readFile(changeFile(dataDir, 'CHG-2026-001'))).toEqual(before);
  });

  it('refuses a schema whose chain misses a step or whose step forgets the version', () => {
    const change = { schemaVersion: 1 };
    expect(() => migrateChange(change, { version: 3, migrations: [toV3] })).toThrow(/needs 2 migrations/);
    expect(() => migrateChange(change, { version: 2, migrations: [(c) => c] })).toThrow(
      /did not set schemaVersion 2/,
    );
    const current = { schemaVersion: CHANGE_SCHEMA_VERSION };
    expect(migrateChange(current, CURRENT_CHANGE_SCHEMA)).toEqual({ ok: true, change: current });
  });
});
