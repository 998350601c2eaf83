import { promises as fs } from 'node:fs';
import path from 'node:path';
import { recordFileName } from '../../src/store/recordFiles';
import { StoreCorruptError, type ChangeStore } from '../../src/store/types';
import { makeDataDir, openStore } from './support/storeFixture';

const channelKey = '19:4a1b2c@thread.tacv2;messageid=1715000000000';
const reference = {
  conversation: { id: channelKey, conversationType: 'channel', tenantId: 'tenant-1' },
  serviceUrl: 'http://127.0.0.1:56150/_connector',
  bot: { id: '28:bot', name: 'Change' },
};

describe('JSON change store: conversation references', () => {
  let dataDir: string;
  let store: ChangeStore;
  let now: Date;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    now = new Date('2026-05-01T08:00:00.000Z');
    store = await openStore(dataDir, { clock: () => now });
  });

  afterEach(async () => {
    await store.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('stores, reads, replaces, lists and deletes references, across restarts', async () => {
    expect(await store.references.get(channelKey)).toBeUndefined();
    await store.references.put(channelKey, reference);
    expect(await store.references.get(channelKey)).toEqual({
      key: channelKey,
      value: reference,
      updatedAt: '2026-05-01T08:00:00.000Z',
    });

    now = new Date('2026-05-02T08:00:00.000Z');
    const moved = { ...reference, serviceUrl: 'http://127.0.0.1:56151/_connector' };
    await store.references.put(channelKey, moved);
    await store.references.put('a:personal-chat', { user: 'ada' });

    await store.close();
    store = await openStore(dataDir, { clock: () => now });
    expect(await store.references.get(channelKey)).toEqual({
      key: channelKey,
      value: moved,
      updatedAt: '2026-05-02T08:00:00.000Z',
    });
    const listed = await store.references.list();
    expect(listed.map((conversation) => conversation.key).sort()).toEqual([channelKey, 'a:personal-chat']);

    await store.references.delete(channelKey);
    await store.references.delete(channelKey); // deleting twice is fine
    expect(await store.references.get(channelKey)).toBeUndefined();
    expect((await store.references.list()).map((conversation) => conversation.key)).toEqual([
      'a:personal-chat',
    ]);
  });

  it('keeps any key in a safe file name of its own', async () => {
    const keys = ['../../escape', 'a/b\\c', 'x'.repeat(1000), 'ünï:cødé;messageid=1', 'CON', ''];
    for (const key of keys) await store.references.put(key, { key });
    for (const key of keys) expect((await store.references.get(key))?.value).toEqual({ key });

    const names = await fs.readdir(path.join(dataDir, 'conversations'));
    expect(names).toHaveLength(keys.length);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await fs.readdir(dataDir)).toEqual(expect.not.arrayContaining(['escape']));
  });

  it('keeps each reference with its schema version', async () => {
    await store.references.put(channelKey, reference);
    const [name] = await fs.readdir(path.join(dataDir, 'conversations'));
    const onDisk = JSON.parse(await fs.readFile(path.join(dataDir, 'conversations', name ?? ''), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, key: channelKey, reference, updatedAt: now.toISOString() });
  });

  it('sets a corrupt reference file aside with its path, reads it as absent, and leaves it as it is', async () => {
    await store.references.put(channelKey, reference);
    const [name] = await fs.readdir(path.join(dataDir, 'conversations'));
    const file = path.join(dataDir, 'conversations', name ?? '');
    await fs.writeFile(file, '{"schemaVersion":1,"key":');

    expect(await store.references.get(channelKey)).toBeUndefined();
    expect(await store.references.list()).toEqual([]);
    expect(store.quarantined?.()).toEqual([expect.objectContaining({ kind: 'record', path: file })]);
    await expect(store.references.put(channelKey, reference)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await fs.readFile(file, 'utf8')).toBe('{"schemaVersion":1,"key":');
  });

  it('refuses an undefined reference, which JSON could not keep', async () => {
    await expect(store.references.put(channelKey, undefined as never)).rejects.toThrow(/undefined/);
    expect(await store.references.list()).toEqual([]);
  });

  it('reads the documents written before the kinds had collections, each as its kind', async () => {
    await store.close();
    const aad = '11111111-2222-4333-8444-555555555555';
    const old: [string, unknown][] = [
      [`member:${aad}`, { userId: '29:ada', aadObjectId: aad }],
      [`prefs:${aad}`, { notify: false }],
      [
        'snapshot-timing:CHG-2026-001',
        { changeId: 'CHG-2026-001', service: 'S', startedAt: 'a', doneAt: 'b' },
      ],
      [channelKey, reference],
    ];
    for (const [key, value] of old) {
      const text = JSON.stringify({ schemaVersion: 1, key, reference: value, updatedAt: now.toISOString() });
      await fs.writeFile(path.join(dataDir, 'conversations', recordFileName(key)), text);
    }
    store = await openStore(dataDir, { clock: () => now });
    expect((await store.members.get(aad))?.value).toEqual({ userId: '29:ada', aadObjectId: aad });
    expect((await store.preferences.get(aad))?.value).toEqual({ notify: false });
    expect((await store.timings.list()).map((record) => record.key)).toEqual(['CHG-2026-001']);
    expect((await store.references.list()).map((record) => record.key)).toEqual([channelKey]);
    // Rewritten through its collection, a record keeps its old file: nothing moves on disk.
    await store.preferences.put(aad, { notify: true });
    expect(await fs.readdir(path.join(dataDir, 'conversations'))).toHaveLength(old.length);
  });
});
