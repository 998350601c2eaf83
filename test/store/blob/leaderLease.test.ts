/**
 * The leader lock on Azurite: real leases (15 s, the shortest Azure allows), the instance's own clock faked so
 * that "time passes" without waiting.
 */
import type { BlobLeaseClient, BlockBlobClient, ContainerClient } from '@azure/storage-blob';
import { createLeaseLeadership, type LeaseLeadership } from '../../../src/store/blob/leaderLease';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const TIMING = { leaseMs: 15_000, renewMs: 5_000, marginMs: 3_000 };

/** The lock blob, with renewals that fail while `failing.renew` is set (a network cut, as the SDK sees it). */
function flakyLock(blob: BlockBlobClient, failing: { renew: boolean }): BlockBlobClient {
  return new Proxy(blob, {
    get(target, property, receiver) {
      if (property !== 'getBlobLeaseClient') return Reflect.get(target, property, receiver);
      return (proposedId?: string): BlobLeaseClient => {
        const lease = target.getBlobLeaseClient(proposedId);
        return new Proxy(lease, {
          get(inner, key, innerReceiver) {
            const value = Reflect.get(inner, key, innerReceiver) as unknown;
            if (key === 'renewLease') {
              return async () => {
                if (failing.renew)
                  throw Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' });
                return (value as () => Promise<unknown>).call(inner);
              };
            }
            return typeof value === 'function' ? value.bind(inner) : value;
          },
        });
      };
    },
  });
}

describe('leader lease on a blob', () => {
  let container: ContainerClient;
  const started: LeaseLeadership[] = [];
  let now = 0;

  beforeEach(async () => {
    container = azurite.container(freshContainerName('leader'));
    await container.createIfNotExists();
    now = 0;
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((leadership) => leadership.stop()));
    await container.deleteIfExists();
  });

  async function instance(blob: BlockBlobClient = container.getBlockBlobClient('leader.lock')) {
    const leadership = createLeaseLeadership({ blob, ...TIMING, now: () => now });
    started.push(leadership);
    await leadership.start();
    return leadership;
  }

  it('one instance of two leads; when it stops, the other takes over at its next try', async () => {
    const first = await instance();
    const second = await instance();
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);

    await second.step();
    expect(second.isLeader()).toBe(false);

    await first.stop();
    expect(first.isLeader()).toBe(false);
    await second.step();
    expect(second.isLeader()).toBe(true);
  });

  it('a leader that cannot renew stops leading before its lease could expire', async () => {
    const failing = { renew: false };
    const leader = await instance(flakyLock(container.getBlockBlobClient('leader.lock'), failing));
    expect(leader.isLeader()).toBe(true);

    failing.renew = true;
    now = TIMING.renewMs;
    await leader.step();
    expect(leader.isLeader()).toBe(true); // the lease taken at 0 still runs

    now = TIMING.leaseMs - TIMING.marginMs - 1;
    expect(leader.isLeader()).toBe(true);
    now = TIMING.leaseMs - TIMING.marginMs;
    expect(leader.isLeader()).toBe(false); // 3 s before Azure could give the lease to anyone else

    failing.renew = false;
    now += 1;
    await leader.step(); // the lease is still its own on the server: it takes it back
    expect(leader.isLeader()).toBe(true);
  });

  it('a renewal refused because the lease is someone else’s ends the leadership at once', async () => {
    const leader = await instance();
    const lock = container.getBlockBlobClient('leader.lock');
    await lock.getBlobLeaseClient().breakLease(0);
    const usurper = await instance();
    expect(usurper.isLeader()).toBe(true);

    await leader.step();
    expect(leader.isLeader()).toBe(false);
  });

  it('refuses lease lengths Azure would refuse', () => {
    const blob = container.getBlockBlobClient('leader.lock');
    expect(() => createLeaseLeadership({ blob, leaseMs: 5_000 })).toThrow(/15 to 60/);
    expect(() => createLeaseLeadership({ blob, leaseMs: 15_000, renewMs: 14_000 })).toThrow(/outlast/);
  });
});
