/**
 * Records by kind, run against both stores like storeContract.ts: each typed collection reads, lists and
 * deletes only records of its own kind, though both stores keep every kind as one document under
 * `conversations/`.
 */
import { newDrill } from '../../../src/domain/drills';
import { everyRecord } from '../../../src/store/records';
import type { ChangeStore } from '../../../src/store/types';
import type { ContractSubject, StoreBacking } from './storeContract';

const CHANNEL = 'channel:19:general@thread.tacv2';
const AAD = '11111111-2222-4333-8444-555555555555';

export function describeRecordsContract(subject: ContractSubject): void {
  describe(`records by kind: ${subject.name}`, () => {
    let backing: StoreBacking;
    let store: ChangeStore;

    beforeEach(async () => {
      backing = await subject.backing();
      store = await backing.open({ clock: () => new Date('2026-10-03T08:00:00.000Z') });
    });

    afterEach(async () => {
      await store.close();
      await backing.dispose();
    });

    it('each collection sees its own kind only, under the same key as another kind', async () => {
      const drill = newDrill('d1', 'ISC Learn Platform', { aadObjectId: AAD, name: 'Ada' }, new Date());
      await store.references.put(CHANNEL, { serviceUrl: 'https://smba.example/emea/' });
      await store.members.put(AAD, { userId: '29:ada', aadObjectId: AAD });
      await store.preferences.put(AAD, { notify: false });
      await store.drills.put('d1', drill);
      await store.timings.put('CHG-2026-001', {
        changeId: 'CHG-2026-001',
        service: 'ISC Learn Platform',
        startedAt: '2026-10-03T05:00:00.000Z',
        doneAt: '2026-10-03T07:40:00.000Z',
      });
      await store.close();
      store = await backing.open();

      expect((await store.references.list()).map((record) => record.key)).toEqual([CHANNEL]);
      expect(await store.members.list()).toEqual([
        { key: AAD, value: { userId: '29:ada', aadObjectId: AAD }, updatedAt: '2026-10-03T08:00:00.000Z' },
      ]);
      expect((await store.preferences.list()).map((record) => record.value)).toEqual([{ notify: false }]);
      expect((await store.drills.list()).map((record) => record.key)).toEqual(['d1']);
      expect((await store.drills.get('d1'))?.value).toEqual(drill);
      expect((await store.timings.list()).map((record) => record.key)).toEqual(['CHG-2026-001']);
      // One key, two kinds: deleting the preference leaves the member.
      await store.preferences.delete(AAD);
      expect(await store.preferences.get(AAD)).toBeUndefined();
      expect((await store.members.get(AAD))?.value.userId).toBe('29:ada');
      expect(await store.members.get('d1')).toBeUndefined();
    });

    it('a conversation reference cannot be keyed like another kind: refused, never shared', async () => {
      await store.members.put(AAD, { userId: '29:ada', aadObjectId: AAD });
      expect(await store.references.get(`member:${AAD}`)).toBeUndefined();
      await expect(store.references.put(`member:${AAD}`, { serviceUrl: 'x' })).rejects.toThrow(
        /another kind/,
      );
      await expect(store.references.delete(`member:${AAD}`)).rejects.toThrow(/another kind/);
      expect((await store.members.get(AAD))?.value).toEqual({ userId: '29:ada', aadObjectId: AAD });
      expect(await store.references.list()).toEqual([]);
    });

    it('subscribers: their own kind, read back after a restart, deleted one by one (what subscriber:forget does)', async () => {
      const reader = {
        address: 'reader@example.org',
        services: ['ISC Learn Platform'],
        language: 'de',
        consentAt: '2026-10-03T07:00:00.000Z',
        tokenHash: 'a'.repeat(64),
      };
      await store.subscribers.put('k1', reader);
      await store.subscribers.put('k2', { ...reader, address: 'other@example.org' });
      await store.members.put('k1', { userId: '29:ada', aadObjectId: AAD });
      await store.close();
      store = await backing.open();
      expect((await store.subscribers.get('k1'))?.value).toEqual(reader);
      expect((await store.subscribers.list()).map((record) => record.key).sort()).toEqual(['k1', 'k2']);
      expect((await everyRecord(store)).map((record) => record.key)).toContain('subscriber:k1');
      await store.subscribers.delete('k1');
      expect((await store.subscribers.list()).map((record) => record.key)).toEqual(['k2']);
      expect((await store.members.get('k1'))?.value.userId).toBe('29:ada');
    });

    it('every record of every kind, as stored: what a copy to another store takes', async () => {
      await store.references.put(CHANNEL, { serviceUrl: 'https://smba.example/emea/' });
      await store.members.put(AAD, { userId: '29:ada', aadObjectId: AAD });
      await store.preferences.put(AAD, { notify: true });
      expect((await everyRecord(store)).map((record) => record.key).sort()).toEqual(
        [CHANNEL, `member:${AAD}`, `prefs:${AAD}`].sort(),
      );
    });
  });
}
