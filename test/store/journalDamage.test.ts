/**
 * Damage in the journal is not a torn append: a record that fails its checksum with checked records after
 * it is read around (the later writes count), the segment is copied aside before the write-back deletes it,
 * readiness turns degraded naming the copy, and the owners are mailed once (across restarts too). Only
 * damage at the very end is an interrupted append, cut without a report.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDamagedFilesNotice } from '../../src/app/damagedFiles';
import type { Change } from '../../src/domain/change';
import type { Mailer, OperatorMail } from '../../src/app/ports';
import { storedFilesCheck } from '../../src/health/storeFilesCheck';
import { scanRecords } from '../../src/store/journalRecords';
import { toldMemoryIn } from '../../src/store/toldMemory';
import type { ChangeStore } from '../../src/store/types';
import { tmpfsAvailable } from '../support/tmpfs';
import { recordingLogger as botLogger } from '../bot/support/harness';
import { building, makeDataDir, openStore, recordingLogger } from './support/storeFixture';

const journalDir = (dataDir: string): string => path.join(dataDir, 'journal');

async function onlySegment(dataDir: string): Promise<string> {
  const names = (await fs.readdir(journalDir(dataDir))).filter((name) => name.endsWith('.wal'));
  expect(names).toHaveLength(1);
  return path.join(journalDir(dataDir), names[0]!);
}

/** Flips one byte inside the JSON of the `n`th record (1-based) of a segment. */
async function flipByteInRecord(file: string, n: number): Promise<void> {
  const bytes = await fs.readFile(file);
  const record = scanRecords(bytes).records[n - 1]!;
  const at = record.start + Math.floor((record.end - record.start) / 2);
  bytes[at] = bytes[at]! ^ 0x01;
  await fs.writeFile(file, bytes);
}

const toggled = (change: Change): Change => ({
  ...change,
  revision: change.revision + 1,
});

describe('JSON change store: a damaged journal record', () => {
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

  /** A change at revision 3, then six acknowledged presses (revisions 4 to 9), left in the journal only. */
  async function sixPresses(): Promise<string> {
    store = await openStore(dataDir, { writeBack: false });
    const { change } = await store.create(2026, building({ revision: 3 }));
    for (let press = 0; press < 6; press += 1) await store.update(change.id, toggled);
    await store.close();
    store = undefined;
    return change.id;
  }

  it('flipped byte in record 2 of 6: revision 9 is served, the segment is copied aside, a warning is logged', async () => {
    const id = await sixPresses();
    const segment = await onlySegment(dataDir);
    const before = await fs.readFile(segment);
    await flipByteInRecord(segment, 2);
    const damagedBytes = await fs.readFile(segment);
    expect(damagedBytes.equals(before)).toBe(false);
    const logger = recordingLogger();

    store = await openStore(dataDir, { logger });

    expect((await store.get(id))?.change.revision).toBe(9);
    const warning = logger.lines.find((line) => line.message.startsWith('journal segment damaged'));
    expect(warning).toMatchObject({ level: 'warn' });
    expect(warning!.message).toContain(`the record of ${id} version 3`);
    const [entry] = store.quarantined!();
    expect(entry).toMatchObject({ kind: 'journal' });
    expect(path.dirname(entry!.path)).toBe(path.join(dataDir, 'quarantine'));
    expect((await fs.readFile(entry!.path)).equals(damagedBytes)).toBe(true);
    expect(await storedFilesCheck(store).run()).toMatchObject({
      state: 'degraded',
      detail: expect.stringContaining(entry!.path),
    });

    // The close's write-back writes revision 9 and empties the journal; the copy stays, and so does the report.
    await store.close();
    store = undefined;
    await expect(fs.stat(segment)).rejects.toMatchObject({ code: 'ENOENT' });
    store = await openStore(dataDir);
    expect((await store.get(id))?.change.revision).toBe(9);
    expect(store.quarantined!().map((file) => file.path)).toEqual([entry!.path]);

    // An operator deleted the copy after looking: the report stops at the next start.
    await store.close();
    await fs.rm(entry!.path);
    store = await openStore(dataDir);
    expect(store.quarantined!()).toEqual([]);
  });

  it('tells the owners once, across restarts', async () => {
    await sixPresses();
    await flipByteInRecord(await onlySegment(dataDir), 2);
    const sent: OperatorMail[] = [];
    const mailer: Mailer = {
      send: () => Promise.resolve(),
      sendToOperators: (mail: OperatorMail) => {
        sent.push(mail);
        return Promise.resolve();
      },
    };
    for (let start = 0; start < 2; start += 1) {
      store = await openStore(dataDir);
      const notice = createDamagedFilesNotice({
        store,
        mailer,
        owners: ['owner@test.example.org'],
        memory: toldMemoryIn(dataDir),
        logger: botLogger(),
      });
      await notice.check();
      await notice.check();
      await store.close();
      store = undefined;
    }
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain('journal segment with damaged records');
    expect(sent[0]!.text).toContain(path.join(dataDir, 'quarantine'));
  });

  it('damage in the last record is a torn append: cut without a report or a copy', async () => {
    const id = await sixPresses();
    await flipByteInRecord(await onlySegment(dataDir), 6);
    const logger = recordingLogger();

    store = await openStore(dataDir, { logger });

    expect((await store.get(id))?.change.revision).toBe(8);
    expect(store.quarantined!()).toEqual([]);
    expect(logger.lines.some((line) => line.message.startsWith('journal segment damaged'))).toBe(false);
    await expect(fs.stat(path.join(dataDir, 'quarantine'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  (tmpfsAvailable() ? it : it.skip)(
    'keeps a damaged segment in place, never deleted, when the copy cannot be made (read-only quarantine)',
    async () => {
      const id = await sixPresses();
      const segment = await onlySegment(dataDir);
      await flipByteInRecord(segment, 2);
      const quarantine = path.join(dataDir, 'quarantine');
      await fs.mkdir(quarantine);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', quarantine]);
      try {
        const logger = recordingLogger();
        store = await openStore(dataDir, { logger });
        expect((await store.get(id))?.change.revision).toBe(9);
        expect(store.quarantined!()).toMatchObject([{ kind: 'journal', path: segment }]);
        await store.close();
        store = undefined;
        await expect(fs.stat(segment)).resolves.toBeDefined();
        expect(logger.lines).toContainEqual(
          expect.objectContaining({ level: 'error', details: expect.objectContaining({ code: 'EROFS' }) }),
        );
      } finally {
        execFileSync('umount', [quarantine]);
      }
      // Once the copy can be made, the next start makes it, and the segment may go.
      store = await openStore(dataDir);
      expect((await store.get(id))?.change.revision).toBe(9);
      expect(store.quarantined!()).toMatchObject([
        { kind: 'journal', path: expect.stringContaining(quarantine) },
      ]);
    },
  );
});
