/**
 * The store on a file system without hard links (an SMB share such as Azure Files), forced by a link
 * function that fails as such a share does: new changes are created by reserving the name with an exclusive
 * create and renaming the full file over it. Ids stay unique even between two stores on one folder, every
 * file is complete, and the empty reservation a crash can leave is set aside at the next start.
 * What this does not show: the behaviour of a real SMB server (no such share in CI).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createJsonStore } from '../../src/store/jsonStore';
import type { ChangeStore } from '../../src/store/types';
import { building, changeFile, journalFile, makeDataDir } from './support/storeFixture';

function noHardLinks(code: string) {
  const tried: string[] = [];
  const link = async (_existing: string, name: string): Promise<void> => {
    tried.push(path.basename(name));
    throw Object.assign(new Error(`${code}: operation not permitted, link -> '${name}'`), { code });
  };
  return { link, tried };
}

describe.each(['EPERM', 'ENOTSUP', 'EOPNOTSUPP'])('JSON change store where link fails with %s', (code) => {
  let dataDir: string;
  const stores: ChangeStore[] = [];

  async function open(link: (existing: string, name: string) => Promise<void>): Promise<ChangeStore> {
    const store = createJsonStore({ dataDir, link });
    await store.open();
    stores.push(store);
    return store;
  }

  beforeEach(async () => {
    dataDir = await makeDataDir();
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('creates changes by reservation: unique ids across two stores on one folder, complete files', async () => {
    const first = noHardLinks(code);
    const second = noHardLinks(code);
    const [a, b] = [await open(first.link), await open(second.link)];

    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).create(2026, building())),
    );

    const ids = created.map((stored) => stored.change.id);
    expect(new Set(ids).size).toBe(20);
    expect(first.tried.length + second.tried.length).toBeGreaterThanOrEqual(20); // the link path was tried
    for (const id of ids) {
      const text = await fs.readFile(changeFile(dataDir, id), 'utf8');
      expect((JSON.parse(text) as { change: { id: string } }).change.id).toBe(id);
    }
    expect((await fs.readdir(path.join(dataDir, 'changes'))).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
  });

  it('sets aside the empty reservation a crash leaves, serves the rest, and never reuses its id', async () => {
    const store = await open(noHardLinks(code).link);
    const kept = await store.create(2026, building());
    await store.close();
    stores.length = 0;
    // A crash after the exclusive create and before the rename leaves the reserved name empty; the journal
    // already lists the id (a change with work left is listed before its file is put in place).
    await fs.writeFile(changeFile(dataDir, 'CHG-2026-002'), '');
    await fs.appendFile(journalFile(dataDir), '{"id":"CHG-2026-002"}\n');

    const again = await open(noHardLinks(code).link);

    expect(again.listActive().map((summary) => summary.id)).toEqual([kept.change.id]);
    expect(again.quarantined?.()).toEqual([
      expect.objectContaining({ id: 'CHG-2026-002', reason: expect.stringMatching(/empty/) }),
    ]);
    expect((await again.create(2026, building())).change.id).toBe('CHG-2026-003');
  });
});
