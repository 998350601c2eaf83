/**
 * The write-ahead journal of the JSON store on a real file system: an acknowledged write is in the journal
 * before any change file holds it, a start replays it (idempotent by version, also over a write-back that
 * died halfway), a torn or damaged tail is cut and never misread, concurrent writers to one change and to
 * many all land, and writes that arrive during a flush share the next one.
 * Crashes themselves (kill -9 at random and aimed points) are in crash.test.ts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Change } from '../../src/domain/change';
import { encodeChangeFile } from '../../src/store/changeFile';
import { DurableFolder } from '../../src/store/durableFile';
import { scanRecords } from '../../src/store/journalRecords';
import type { ChangeStore } from '../../src/store/types';
import { WriteAheadJournal } from '../../src/store/writeAheadJournal';
import { building, changeFile, makeDataDir, openStore, recordingLogger } from './support/storeFixture';

const journalDir = (dataDir: string): string => path.join(dataDir, 'journal');

async function segments(dataDir: string): Promise<string[]> {
  return (await fs.readdir(journalDir(dataDir))).filter((name) => name.endsWith('.wal')).sort();
}

async function fileVersion(dataDir: string, id: string): Promise<number> {
  return (JSON.parse(await fs.readFile(changeFile(dataDir, id), 'utf8')) as { version: number }).version;
}

const renamed = (title: string) => (change: Change) => ({ ...change, revision: change.revision + 1, title });

describe('JSON change store: write-ahead journal', () => {
  let dataDir: string;
  let store: ChangeStore | undefined;

  beforeEach(async () => {
    dataDir = await makeDataDir();
  });

  afterEach(async () => {
    await store?.close();
    store = undefined;
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  /** Three acknowledged updates of one change (versions 2, 3, 4), left in the journal only. */
  async function threeUpdates(): Promise<string> {
    store = await openStore(dataDir, { writeBack: false });
    const { change } = await store.create(2026, building({ title: 'first' }));
    for (const title of ['second', 'third', 'fourth']) await store.update(change.id, renamed(title));
    await store.close();
    store = undefined;
    return change.id;
  }

  it('acknowledges a write once it is in the journal; the change file is a later write-back', async () => {
    const id = await threeUpdates();
    expect(await fileVersion(dataDir, id)).toBe(1); // no write-back ran: only the journal holds versions 2-4
    expect(await segments(dataDir)).toHaveLength(1);

    store = await openStore(dataDir);
    expect(await store.get(id)).toMatchObject({ version: 4, change: { title: 'fourth' } });
    expect(store.listActive().map((summary) => summary.title)).toEqual(['fourth']);
    await store.close();
    store = undefined;

    expect(await fileVersion(dataDir, id)).toBe(4); // the write-back at close wrote it
    expect(await segments(dataDir)).toEqual([]); // and emptied the journal
  });

  it('cuts a torn last record, serves the write before it, and appends after it in a new segment', async () => {
    const id = await threeUpdates();
    const [segment] = await segments(dataDir);
    const file = path.join(journalDir(dataDir), segment!);
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 40)); // a crash cut the last append
    const logger = recordingLogger();

    store = await openStore(dataDir, { logger, writeBack: false });

    expect(await store.get(id)).toMatchObject({ version: 3, change: { title: 'third' } });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        details: expect.objectContaining({ file, why: 'a torn record (shorter than its length)' }),
      }),
    );
    expect((await store.update(id, renamed('fourth again')))?.version).toBe(4);
    await store.close();
    store = await openStore(dataDir, { writeBack: false });
    expect(await store.get(id)).toMatchObject({ version: 4, change: { title: 'fourth again' } });
    expect(await segments(dataDir)).toHaveLength(2);
  });

  it('never misreads a record whose bytes changed: the checksum stops the replay there', async () => {
    const id = await threeUpdates();
    const [segment] = await segments(dataDir);
    const file = path.join(journalDir(dataDir), segment!);
    const text = await fs.readFile(file, 'latin1');
    const at = text.lastIndexOf('"fourth"');
    await fs.writeFile(file, `${text.slice(0, at)}"fourtH"${text.slice(at + 8)}`, 'latin1'); // same length

    store = await openStore(dataDir, { writeBack: false });

    expect(await store.get(id)).toMatchObject({ version: 3, change: { title: 'third' } });
    expect(scanRecords(await fs.readFile(file)).stopped).toBe('a record whose checksum does not match');
  });

  it('replays over a write-back that died halfway: each change ends at its last acknowledged version', async () => {
    store = await openStore(dataDir, { writeBack: false });
    const a = await store.create(2026, building({ title: 'a1' }));
    const b = await store.create(2026, building({ title: 'b1' }));
    await store.update(a.change.id, renamed('a2'));
    await store.update(b.change.id, renamed('b2'));
    const a3 = await store.update(a.change.id, renamed('a3'));
    await store.update(b.change.id, renamed('b3'));
    await store.close();
    // The write-back had put A's file in place and died before B's rename (its temporary file is left).
    await fs.writeFile(changeFile(dataDir, a.change.id), encodeChangeFile(a3!));
    const leftover = path.join(dataDir, 'changes', `.${b.change.id}.json.4194305.9.tmp`);
    await fs.writeFile(leftover, '{"torn');

    store = await openStore(dataDir);
    expect(await store.get(a.change.id)).toMatchObject({ version: 3, change: { title: 'a3' } });
    expect(await store.get(b.change.id)).toMatchObject({ version: 3, change: { title: 'b3' } });
    expect((await store.save({ ...a3!.change, title: 'a4' }, 3)).version).toBe(4);
    await store.close();

    expect([await fileVersion(dataDir, a.change.id), await fileVersion(dataDir, b.change.id)]).toEqual([
      4, 3,
    ]);
    expect(await segments(dataDir)).toEqual([]);
    await expect(fs.stat(leftover)).rejects.toMatchObject({ code: 'ENOENT' });
    store = await openStore(dataDir);
    expect((await store.get(a.change.id))?.change.title).toBe('a4');
  });

  it('keeps every write of concurrent writers to one change and to many, through a restart', async () => {
    store = await openStore(dataDir, { writeBack: false, journalSegmentBytes: 4096 });
    const created = await Promise.all(Array.from({ length: 20 }, () => store!.create(2026, building())));
    const writes = created.flatMap(({ change }) =>
      Array.from({ length: 5 }, (_, n) =>
        store!.update(change.id, (current) => ({
          ...current,
          revision: current.revision + 1,
          tests: [...current.tests, `test ${n}`],
        })),
      ),
    );
    await Promise.all(writes);
    await store.close();
    expect((await segments(dataDir)).length).toBeGreaterThan(1); // sealed at 4 KB, never written back

    store = await openStore(dataDir);
    for (const { change } of created) {
      const stored = await store.get(change.id);
      expect({ id: change.id, version: stored?.version, tests: stored?.change.tests.length }).toEqual({
        id: change.id,
        version: 6,
        tests: change.tests.length + 5,
      });
    }
  });

  it('lets the writes that arrive during a flush share the next one (two fdatasyncs for fifty writes)', async () => {
    const folder = await DurableFolder.open(journalDir(dataDir));
    const journal = new WriteAheadJournal(folder, [], 1 << 20, () => undefined);
    const probe = await fs.open(path.join(dataDir, 'probe'), 'w');
    const prototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const datasync = jest.spyOn(prototype, 'datasync');
    try {
      const payload = (n: number): string =>
        encodeChangeFile({ change: { id: 'x', n } as never, version: n });
      await Promise.all(
        Array.from({ length: 50 }, (_, n) => journal.append('CHG-2026-001', n + 1, payload(n + 1))),
      );
      // The first write is flushed at once (no timer); the 49 that came during its flush share the next one.
      expect(datasync).toHaveBeenCalledTimes(2);
    } finally {
      datasync.mockRestore();
      await journal.close();
      await folder.close();
    }
    const [segment] = await segments(dataDir);
    const scan = scanRecords(await fs.readFile(path.join(journalDir(dataDir), segment!)));
    expect(scan.records.map((record) => record.version)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1));
    expect(scan.stopped).toBeUndefined();
  });
});
