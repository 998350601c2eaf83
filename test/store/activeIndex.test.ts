import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Change } from '../../src/domain/change';
import { summarize } from '../../src/store/summary';
import type { ChangeStore } from '../../src/store/types';
import { makeChange } from '../support/changeFactory';
import {
  building,
  changeFile,
  journalFile,
  makeDataDir,
  openStore,
  pendingNotice,
  recordingLogger,
} from './support/storeFixture';

function windowAt(start: string): Change['window'] {
  return { start, end: new Date(Date.parse(start) + 2 * 3600_000).toISOString() };
}

async function journalIds(dataDir: string): Promise<string[]> {
  const lines = (await fs.readFile(journalFile(dataDir), 'utf8')).split('\n').filter((line) => line !== '');
  return lines.slice(1).map((line) => JSON.parse(line).id as string);
}

describe('JSON change store: active index', () => {
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

  it('lists the changes that are not final, by window start, with their summaries', async () => {
    const later = await store.create(2026, building({ window: windowAt('2026-07-01T06:00:00.000Z') }));
    const sooner = await store.create(2026, building({ window: windowAt('2026-06-01T06:00:00.000Z') }));
    await store.create(2026, building({ status: 'cancelled' }));

    expect(store.listActive()).toEqual([summarize(sooner.change), summarize(later.change)]);
  });

  it('drops a change from the list when it becomes final, and keeps it out after a restart', async () => {
    const { change } = await store.create(2026, building());
    await store.save({ ...change, revision: 2, status: 'completed' }, 1);
    expect(store.listActive()).toEqual([]);
    expect(store.due(new Date('2030-01-01T00:00:00Z'))).toEqual([]);

    await store.close();
    store = await openStore(dataDir);
    expect(store.listActive()).toEqual([]);
    expect(store.ids()).toEqual([change.id]);
  });

  it('tells what is due at a given time, earliest first, and not what comes later', async () => {
    const a = await store.create(2026, building({ window: windowAt('2026-06-20T06:00:00.000Z') }));
    const b = await store.create(2026, building({ window: windowAt('2026-06-10T06:00:00.000Z') }));
    // b's preparation is due 2026-05-20T06:00Z, a's 2026-05-30T06:00Z.
    expect(store.due(new Date('2026-05-20T05:59:59.999Z'))).toEqual([]);
    expect(store.due(new Date('2026-05-20T06:00:00.000Z')).map((s) => s.id)).toEqual([b.change.id]);
    expect(store.due(new Date('2026-06-01T00:00:00.000Z')).map((s) => s.id)).toEqual([
      b.change.id,
      a.change.id,
    ]);
  });

  it('follows each write: a handled milestone moves nextDue to the next one', async () => {
    const { change } = await store.create(2026, building());
    const milestones = {
      ...change.milestones,
      preparation: { ...change.milestones.preparation, state: 'done' as const },
    };
    await store.save({ ...change, revision: 2, milestones }, 1);
    expect(store.listActive()[0]?.nextDue).toBe(change.milestones.precheck.due);
    expect(store.listActive()[0]?.revision).toBe(2);
  });

  it('keeps a final change due while a delivery is pending, without listing it as active', async () => {
    const { change } = await store.create(2026, building());
    const notice = pendingNotice('2026-06-20T10:05:00.000Z');
    const completed = await store.save({ ...change, revision: 2, status: 'completed', outbox: [notice] }, 1);
    expect(store.listActive()).toEqual([]);
    expect(store.due(new Date('2026-06-20T10:05:00.000Z')).map((s) => s.id)).toEqual([change.id]);

    await store.close();
    store = await openStore(dataDir);
    expect(store.due(new Date('2026-06-20T10:05:00.000Z')).map((s) => s.id)).toEqual([change.id]);

    const sent = { ...notice, state: 'sent' as const, sentAt: '2026-06-20T10:05:01.000Z' };
    await store.save({ ...completed.change, outbox: [sent] }, completed.version);
    expect(store.due(new Date('2030-01-01T00:00:00Z'))).toEqual([]);
  });

  it('brings a settled change back when a write gives it work again, also after a restart', async () => {
    const { change } = await store.create(2026, building({ status: 'cancelled' }));
    await store.close();
    store = await openStore(dataDir);
    expect(await journalIds(dataDir)).toEqual([]);

    await store.save({ ...change, revision: 2, outbox: [pendingNotice('2026-06-01T00:00:00.000Z')] }, 1);
    await store.close(); // the write-back at close puts the file in place
    expect(await journalIds(dataDir)).toEqual([change.id]); // listed, as its file now has work left
    store = await openStore(dataDir);
    expect(store.due(new Date('2026-06-01T00:00:00.000Z')).map((s) => s.id)).toEqual([change.id]);
  });

  it('answers from memory: listing works with the change files gone', async () => {
    await store.create(2026, building());
    await fs.rename(path.join(dataDir, 'changes'), path.join(dataDir, 'moved-away'));
    expect(store.listActive()).toHaveLength(1);
    expect(store.due(new Date('2030-01-01T00:00:00Z'))).toHaveLength(1);
    await fs.rename(path.join(dataDir, 'moved-away'), path.join(dataDir, 'changes'));
  });

  it('hands out copies: changing a returned summary does not change the index', async () => {
    await store.create(2026, building());
    const [first] = store.listActive();
    if (first === undefined) throw new Error('expected one change');
    first.status = 'cancelled';
    first.window.start = 'tampered';
    expect(store.listActive()[0]?.status).toBe('planned');
    expect(store.listActive()[0]?.window.start).not.toBe('tampered');
  });

  it('at start reads only the changes with work left, as listed in the journal', async () => {
    const active = await store.create(2026, building());
    const done = await store.create(2026, building({ status: 'completed' }));
    await store.close();
    // A corrupt file that the journal does not list is not read at start (and get() reports it).
    await fs.writeFile(changeFile(dataDir, done.change.id), '{ not json');
    store = await openStore(dataDir);
    expect(store.listActive().map((s) => s.id)).toEqual([active.change.id]);
    expect(store.ids()).toEqual([active.change.id, done.change.id]);
  });

  it('ignores a torn last line of the active-changes list', async () => {
    const { change } = await store.create(2026, building());
    await store.close();
    await fs.appendFile(journalFile(dataDir), '{"id":"CHG-20');
    const logger = recordingLogger();
    store = await openStore(dataDir, { logger });
    expect(store.listActive().map((s) => s.id)).toEqual([change.id]);
    expect(logger.lines.some((line) => line.level === 'warn' && /torn/.test(line.message))).toBe(true);
    // The journal was rewritten whole: the next append starts on a fresh line.
    expect(await fs.readFile(journalFile(dataDir), 'utf8')).toMatch(/\n$/);
    const next = await store.create(2026, building());
    expect(await journalIds(dataDir)).toEqual([change.id, next.change.id]);
  });

  it('drops journal entries whose change file does not exist (a creation cut short)', async () => {
    const { change } = await store.create(2026, building());
    await store.close();
    await fs.appendFile(journalFile(dataDir), JSON.stringify({ id: 'CHG-2026-002' }) + '\n');
    store = await openStore(dataDir);
    expect(store.ids()).toEqual([change.id]);
    expect(store.listActive().map((s) => s.id)).toEqual([change.id]);
    expect(await journalIds(dataDir)).toEqual([change.id]);
    expect((await store.create(2026, building())).change.id).toBe('CHG-2026-002');
  });

  it('rebuilds the index from every change file when the journal is missing or unreadable', async () => {
    const a = await store.create(2026, building());
    await store.create(2026, building({ status: 'cancelled' }));
    const c = await store.create(2026, building());
    await store.close();

    await fs.rm(journalFile(dataDir));
    let logger = recordingLogger();
    store = await openStore(dataDir, { logger });
    expect(
      store
        .listActive()
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.change.id, c.change.id]);
    expect(logger.lines.some((line) => line.level === 'warn' && /rebuilding/.test(line.message))).toBe(true);
    await store.close();

    const lines = (await fs.readFile(journalFile(dataDir), 'utf8')).split('\n');
    lines[1] = 'garbage';
    await fs.writeFile(journalFile(dataDir), lines.join('\n'));
    logger = recordingLogger();
    store = await openStore(dataDir, { logger });
    expect(
      store
        .listActive()
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.change.id, c.change.id]);
    expect(logger.lines.some((line) => line.level === 'warn' && /rebuilding/.test(line.message))).toBe(true);
  });

  it('shrinks the journal at run time once many listed changes are done', async () => {
    const created = [];
    for (let n = 0; n < 70; n += 1) created.push(await store.create(2026, building()));
    const keep = created[0];
    if (keep === undefined) throw new Error('expected changes');
    await Promise.all(
      created
        .slice(1)
        .map(({ change, version }) => store.save({ ...change, revision: 2, status: 'cancelled' }, version)),
    );
    // Compaction runs in the background; close() waits for it.
    await store.close();
    expect((await journalIds(dataDir)).length).toBeLessThan(70);
    expect(await journalIds(dataDir)).toContain(keep.change.id);

    store = await openStore(dataDir);
    expect(store.listActive().map((s) => s.id)).toEqual([keep.change.id]);
    expect(store.ids()).toHaveLength(70);
  });

  it('removes temporary files left by a crash and never reads them as changes', async () => {
    const { change } = await store.create(2026, building());
    await store.close();
    const leftover = path.join(dataDir, 'changes', `.CHG-2026-002.json.${process.pid}.1.tmp`);
    await fs.writeFile(
      leftover,
      JSON.stringify({ schemaVersion: 1, version: 1, change: makeChange({ id: 'CHG-2026-002' }) }),
    );
    // No process can have a pid above Linux's highest pid_max (2^22).
    await fs.writeFile(path.join(dataDir, 'changes', '.CHG-2026-001.json.4194305.7.tmp'), '{"torn');
    // A temporary file of a process that still runs may be about to be put in place: it stays.
    const othersInFlight = `.CHG-2026-003.json.${process.ppid}.1.tmp`;
    await fs.writeFile(path.join(dataDir, 'changes', othersInFlight), '{}');
    store = await openStore(dataDir);
    expect(store.ids()).toEqual([change.id]);
    expect((await fs.readdir(path.join(dataDir, 'changes'))).sort()).toEqual([
      othersInFlight,
      `${change.id}.json`,
    ]);
  });
});
