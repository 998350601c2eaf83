/**
 * The journal writes what changed: after a change's first (whole) record in a segment, each write appends
 * only the fields that differ from it, so bytes per press stay flat and small however long the change is;
 * a restart rebuilds every version exactly (fields set, arrays grown or shrunk, fields removed), also across
 * a new segment; one damaged delta loses only its own version.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Change } from '../../src/domain/change';
import { encodeChangeFile } from '../../src/store/changeFile';
import { scanRecords } from '../../src/store/journalRecords';
import type { ChangeStore, StoredChange } from '../../src/store/types';
import { building, makeDataDir, openStore, recordingLogger } from './support/storeFixture';

const journalDir = (dataDir: string): string => path.join(dataDir, 'journal');

async function segmentFiles(dataDir: string): Promise<string[]> {
  return (await fs.readdir(journalDir(dataDir)))
    .filter((name) => name.endsWith('.wal'))
    .sort()
    .map((name) => path.join(journalDir(dataDir), name));
}

/** A press-like write: revision + 1, a history line, the checklist item toggled. */
const press =
  (n: number) =>
  (change: Change): Change => ({
    ...change,
    revision: change.revision + 1,
    preparation: change.preparation.map((item, index) =>
      index === 0 ? { ...item, checked: n % 2 === 0 } : item,
    ),
    history: [
      ...change.history,
      {
        at: `2026-05-01T08:${String(n % 60).padStart(2, '0')}:00.000Z`,
        by: 'system',
        event: 'bench',
        accepted: true,
        revision: change.revision + 1,
      },
    ],
  });

describe('JSON change store: the journal writes what changed', () => {
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

  /** The sizes of the JSON of the records the journal holds, oldest first, with their kind. */
  async function recordSizes(): Promise<{ bytes: number; delta: boolean }[]> {
    const sizes: { bytes: number; delta: boolean }[] = [];
    for (const file of await segmentFiles(dataDir)) {
      for (const record of scanRecords(await fs.readFile(file)).records) {
        sizes.push({ bytes: record.end - record.start, delta: record.base !== undefined });
      }
    }
    return sizes;
  }

  it('repeated toggles: a few hundred bytes per press, flat, for a change of several KB', async () => {
    store = await openStore(dataDir, { writeBack: false });
    const { change } = await store.create(2026, building({ description: 'x'.repeat(4000) }));
    let last: StoredChange | undefined;
    for (let n = 0; n < 200; n += 1) {
      // As decide() folds a repeated toggle: the checklist item flips, the last history line counts it.
      last = await store.update(change.id, (current) => {
        const next = press(n)(current);
        const line = { ...next.history.at(-1)!, count: n + 1 };
        return { ...next, history: [...current.history.slice(0, n === 0 ? undefined : -1), line] };
      });
    }
    const whole = encodeChangeFile(last!).length;
    const sizes = await recordSizes();
    expect(whole).toBeGreaterThan(4000);
    // The first two records in the segment are whole; then deltas of both.
    expect(sizes.slice(0, 2)).toMatchObject([{ delta: false }, { delta: false }]);
    expect(sizes.slice(2).every((size) => size.delta && size.bytes < 1000)).toBe(true);
    // Flat: the last presses cost what the first did (give or take the digits of the count).
    const largest = (list: { bytes: number }[]) => Math.max(...list.map((size) => size.bytes));
    expect(largest(sizes.slice(-20))).toBeLessThanOrEqual(largest(sizes.slice(2, 22)) + 16);
  });

  it('presses that each add a history line: no delta is over 3/4 of the whole record it builds on', async () => {
    store = await openStore(dataDir, { writeBack: false });
    const { change } = await store.create(2026, building({ description: 'x'.repeat(4000) }));
    for (let n = 0; n < 100; n += 1) await store.update(change.id, press(n));
    const sizes = await recordSizes();
    let whole = 0;
    for (const size of sizes) {
      if (!size.delta) whole = size.bytes;
      else expect(size.bytes * 4).toBeLessThanOrEqual(whole * 3);
    }
    // Far fewer bytes than a whole change per press.
    const total = sizes.reduce((sum, size) => sum + size.bytes, 0);
    expect(total / sizes.length).toBeLessThan((whole * 3) / 4);
  });

  it('rebuilds every field exactly at restart: set, grown, shrunk, removed, across segments', async () => {
    store = await openStore(dataDir, { writeBack: false, journalSegmentBytes: 8 * 1024 });
    const { change } = await store.create(
      2026,
      building({ cancelReason: 'to be removed', tests: ['a', 'b', 'c'] }),
    );
    const acknowledged = new Map<number, StoredChange>();
    for (let n = 0; n < 40; n += 1) {
      const stored = await store.update(change.id, (current) => {
        const next = press(n)(current);
        if (n === 5) delete (next as Partial<Change>).cancelReason;
        if (n === 9) next.tests = ['a'];
        if (n === 13) next.title = 'A new title';
        if (n === 17) next.tests = ['a', 'b', 'd', 'e'];
        return next;
      });
      acknowledged.set(stored!.version, stored!);
    }
    await store.close();
    expect((await segmentFiles(dataDir)).length).toBeGreaterThan(1);
    const lastVersion = Math.max(...acknowledged.keys());

    store = await openStore(dataDir, { writeBack: false });
    const read = await store.get(change.id);
    expect(read).toEqual(JSON.parse(JSON.stringify(acknowledged.get(lastVersion)!)));
    expect(read?.change.cancelReason).toBeUndefined();
    expect(read?.change.tests).toEqual(['a', 'b', 'd', 'e']);
  });

  /** A change written six times (versions 2 to 7) in one segment; returns its id, the segment and records. */
  async function sixWrites() {
    store = await openStore(dataDir, { writeBack: false });
    const { change } = await store.create(2026, building({ description: 'x'.repeat(2000) }));
    for (let n = 0; n < 6; n += 1) await store.update(change.id, press(n));
    await store.close();
    store = undefined;
    const [file] = await segmentFiles(dataDir);
    const bytes = await fs.readFile(file!);
    return { id: change.id, file: file!, bytes, records: scanRecords(bytes).records };
  }

  it('a damaged delta loses only its own version: the next one applies to its whole record', async () => {
    const { id, file, bytes, records } = await sixWrites();
    expect(records.map((record) => record.base)).toEqual([undefined, undefined, 3, 3, 3, 3]);
    const at = records[3]!.start + 5; // in the delta of version 5
    bytes[at] = bytes[at]! ^ 0x01;
    await fs.writeFile(file, bytes);

    store = await openStore(dataDir, { logger: recordingLogger() });
    expect((await store.get(id))?.version).toBe(7);
  });

  it('a damaged whole record loses nothing: the deltas after it apply to the whole record before it', async () => {
    const { id, file, bytes, records } = await sixWrites();
    const at = records[1]!.start + 30; // in the whole record of version 3
    bytes[at] = bytes[at]! ^ 0x01;
    await fs.writeFile(file, bytes);
    const logger = recordingLogger();

    store = await openStore(dataDir, { logger, writeBack: false });
    expect((await store.get(id))?.version).toBe(7);
    expect(logger.lines.some((line) => /versions .* are lost/.test(line.message))).toBe(false);
  });
});
