import { promises as fs } from 'node:fs';
import path from 'node:path';
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
    expect(await store.getConversation(channelKey)).toBeUndefined();
    await store.putConversation(channelKey, reference);
    expect(await store.getConversation(channelKey)).toEqual({
      key: channelKey,
      reference,
      updatedAt: '2026-05-01T08:00:00.000Z',
    });

    now = new Date('2026-05-02T08:00:00.000Z');
    const moved = { ...reference, serviceUrl: 'http://127.0.0.1:56151/_connector' };
    await store.putConversation(channelKey, moved);
    await store.putConversation('a:personal-chat', { user: 'ada' });

    await store.close();
    store = await openStore(dataDir, { clock: () => now });
    expect(await store.getConversation(channelKey)).toEqual({
      key: channelKey,
      reference: moved,
      updatedAt: '2026-05-02T08:00:00.000Z',
    });
    const listed = await store.listConversations();
    expect(listed.map((conversation) => conversation.key).sort()).toEqual([channelKey, 'a:personal-chat']);

    await store.deleteConversation(channelKey);
    await store.deleteConversation(channelKey); // deleting twice is fine
    expect(await store.getConversation(channelKey)).toBeUndefined();
    expect((await store.listConversations()).map((conversation) => conversation.key)).toEqual([
      'a:personal-chat',
    ]);
  });

  it('keeps any key in a safe file name of its own', async () => {
    const keys = ['../../escape', 'a/b\\c', 'x'.repeat(1000), 'ünï:cødé;messageid=1', 'CON', ''];
    for (const key of keys) await store.putConversation(key, { key });
    for (const key of keys) expect((await store.getConversation(key))?.reference).toEqual({ key });

    const names = await fs.readdir(path.join(dataDir, 'conversations'));
    expect(names).toHaveLength(keys.length);
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(await fs.readdir(dataDir)).toEqual(expect.not.arrayContaining(['escape']));
  });

  it('keeps each reference with its schema version', async () => {
    await store.putConversation(channelKey, reference);
    const [name] = await fs.readdir(path.join(dataDir, 'conversations'));
    const onDisk = JSON.parse(await fs.readFile(path.join(dataDir, 'conversations', name ?? ''), 'utf8'));
    expect(onDisk).toEqual({ schemaVersion: 1, key: channelKey, reference, updatedAt: now.toISOString() });
  });

  it('sets a corrupt reference file aside with its path, reads it as absent, and leaves it as it is', async () => {
    await store.putConversation(channelKey, reference);
    const [name] = await fs.readdir(path.join(dataDir, 'conversations'));
    const file = path.join(dataDir, 'conversations', name ?? '');
    await fs.writeFile(file, '{"schemaVersion":1,"key":');

    expect(await store.getConversation(channelKey)).toBeUndefined();
    expect(await store.listConversations()).toEqual([]);
    expect(store.quarantined?.()).toEqual([expect.objectContaining({ kind: 'conversation', path: file })]);
    await expect(store.putConversation(channelKey, reference)).rejects.toBeInstanceOf(StoreCorruptError);
    expect(await fs.readFile(file, 'utf8')).toBe('{"schemaVersion":1,"key":');
  });

  it('refuses an undefined reference, which JSON could not keep', async () => {
    await expect(store.putConversation(channelKey, undefined)).rejects.toThrow(/undefined/);
    expect(await store.listConversations()).toEqual([]);
  });
});
