/**
 * Migration 1 -> 2: the committed store of version-1 changes (test/store/fixtures/v1-store, written by the bot
 * of November 2026 with one service) opens with the shipped process file, and every change comes out naming
 * its service with a copy of that service's facts; the copy is what the change uses once the service is
 * gone from the process file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { loadProcessFile, parseProcess } from '../../src/config/processFile';
import { serviceFacts } from '../../src/domain/serviceFacts';
import { createJsonStore } from '../../src/store/jsonStore';
import { changeSchemaFor, CURRENT_CHANGE_SCHEMA, migrateChange } from '../../src/store/migrations';
import type { ChangeStore } from '../../src/store/types';
import { changeFile, makeDataDir } from './support/storeFixture';

const FIXTURE = path.join(__dirname, 'fixtures', 'v1-store');
const shipped = loadProcessFile(DEFAULT_PROCESS_FILE);

let dataDir: string;
let store: ChangeStore | undefined;

beforeEach(async () => {
  dataDir = await makeDataDir();
  await fs.cp(FIXTURE, dataDir, { recursive: true });
});
afterEach(async () => {
  await store?.close();
  store = undefined;
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('the version 1 -> 2 migration (a change names its service)', () => {
  it('copies the service facts from the process file into every stored change, on read', async () => {
    store = createJsonStore({ dataDir, changeSchema: changeSchemaFor(shipped) });
    await store.open();
    expect(store.quarantined?.()).toEqual([]);
    for (const id of ['CHG-2026-001', 'CHG-2026-002', 'CHG-2026-003']) {
      const { change } = (await store.get(id))!;
      expect(change.schemaVersion).toBe(2);
      expect(change.service).toBe('ISC Learn Platform');
      expect(change.serviceAtCreation).toMatchObject({
        name: 'ISC Learn Platform',
        host: 'Hannibal',
        provider: 'Infomaniak',
        snapshot: { duration: 'PT2H30M', margin: 'PT15M' },
        approvers: [{ name: 'Pierre André' }],
        audience: { emails: ['isc-learn-users@isc.example.org'] },
      });
      expect(change.serviceAtCreation?.restorePaths.map((p) => [p.name, p.duration])).toEqual([
        ['NAS backup (SSD NAS or small desktop NAS)', undefined],
        ['Data snapshot', 'PT1H'],
      ]);
    }
    // Written back in version 2 by the next write only.
    const text = async () => JSON.parse(await fs.readFile(changeFile(dataDir, 'CHG-2026-001'), 'utf8'));
    expect((await text()).change.schemaVersion).toBe(1);
    await store.update('CHG-2026-001', (change) => ({ ...change, revision: change.revision + 1 }));
    await store.close(); // the change files are written back from the journal: close writes them
    expect((await text()).change).toMatchObject({
      schemaVersion: 2,
      serviceAtCreation: { host: 'Hannibal' },
    });
  });

  it('a migrated change whose service was later removed still finds its approvers and restore paths', async () => {
    store = createJsonStore({ dataDir, changeSchema: changeSchemaFor(shipped) });
    await store.open();
    const { change } = (await store.get('CHG-2026-001'))!;
    const raw = JSON.parse(await fs.readFile(DEFAULT_PROCESS_FILE, 'utf8')) as { services: object[] };
    const other = parseProcess(
      { ...raw, services: [{ ...raw.services[0], name: 'Another Service', host: 'elsewhere' }] },
      'other.json',
    );
    const facts = serviceFacts(other, change);
    expect(facts).toMatchObject({ inFile: false, name: 'ISC Learn Platform', host: 'Hannibal' });
    expect(facts.approvers.map((a) => a.name)).toEqual(['Pierre André']);
    expect(facts.restorePaths[1]?.duration?.as('minutes')).toBe(60);
  });

  it('without a process file (a tool reading the store) only the version moves', () => {
    const migrated = migrateChange(
      { schemaVersion: 1, service: 'ISC Learn Platform' },
      CURRENT_CHANGE_SCHEMA,
    );
    expect(migrated).toEqual({ ok: true, change: { schemaVersion: 2, service: 'ISC Learn Platform' } });
  });
});
