/**
 * What only a shared store has: two instances (two BlobChangeStores on one Azurite container) writing the same
 * change, the 412 path, and one instance's index catching up with the other's writes.
 */
import { BlobServiceClient, type BlockBlobClient, type ContainerClient } from '@azure/storage-blob';
import { createLifecycle } from '../../../src/app/lifecycle';
import { DEFAULT_PROCESS_FILE } from '../../../src/config/env';
import { loadProcessFile } from '../../../src/config/processFile';
import type { Change } from '../../../src/domain/change';
import { createBlobStore } from '../../../src/store/blob/blobStore';
import { encodeChangeFile } from '../../../src/store/changeFile';
import { summarize } from '../../../src/store/summary';
import { WriteConflictError, type ChangeStore } from '../../../src/store/types';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';
import { building } from '../contract/storeContract';
import { recordingLogger } from '../../bot/support/harness';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

/** A container whose change uploads first run `beforeUpload` (to let another instance write in between). */
function interceptedContainer(
  container: ContainerClient,
  beforeUpload: (name: string) => Promise<void>,
): ContainerClient {
  return new Proxy(container, {
    get(target, property, receiver) {
      if (property !== 'getBlockBlobClient') return Reflect.get(target, property, receiver);
      return (name: string): BlockBlobClient => {
        const blob = target.getBlockBlobClient(name);
        return new Proxy(blob, {
          get(inner, key, innerReceiver) {
            if (key !== 'upload') return Reflect.get(inner, key, innerReceiver);
            return async (...args: Parameters<BlockBlobClient['upload']>) => {
              await beforeUpload(name);
              return inner.upload(...args);
            };
          },
        });
      };
    },
  });
}

function addTest(label: string): (current: Change) => Change {
  return (current) => ({ ...current, revision: current.revision + 1, tests: [...current.tests, label] });
}

describe('blob store: several instances on one container', () => {
  let container: ContainerClient;
  const opened: ChangeStore[] = [];

  async function open(on: ContainerClient = container): Promise<ChangeStore> {
    const store = createBlobStore({ container: on, createContainer: true });
    await store.open();
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    container = azurite.container(freshContainerName('instances'));
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await container.deleteIfExists();
  });

  it('writes the same JSON document as the JSON store, tagged for the active index', async () => {
    const store = await open();
    const created = await store.create(2026, building());
    const blob = container.getBlockBlobClient(`changes/${created.change.id}.json`);
    expect((await blob.downloadToBuffer()).toString('utf8')).toBe(encodeChangeFile(created));
    expect((await blob.getTags()).tags).toEqual({ work: '1', version: '1' });

    await store.save({ ...created.change, revision: 2, status: 'cancelled' }, 1);
    expect((await blob.getTags()).tags).toEqual({ work: '0', version: '2' });
  });

  it("an instance sees another's creations and settlements after refresh()", async () => {
    const a = await open();
    const b = await open();
    const created = await a.create(2026, building());
    expect(b.listActive()).toEqual([]);

    await b.refresh?.();
    expect(b.listActive()).toEqual([summarize(created.change)]);
    expect(b.ids()).toEqual([created.change.id]);

    await a.save({ ...created.change, revision: 2, status: 'cancelled' }, 1);
    expect(b.listActive()).toHaveLength(1);
    await b.refresh?.();
    expect(b.listActive()).toEqual([]);
    expect(b.due(new Date('2100-01-01T00:00:00Z'))).toEqual([]);
  });

  it('a 412 re-reads the change and runs the transform once more on what the other instance wrote', async () => {
    const b = await open();
    const { change } = await b.create(2026, building());
    let interfere = true;
    const a = await open(
      interceptedContainer(container, async () => {
        if (!interfere) return;
        interfere = false;
        await b.update(change.id, addTest('by B'));
      }),
    );
    const seen: string[][] = [];
    const result = await a.update(change.id, (current) => {
      seen.push(current.tests.slice(change.tests.length));
      return addTest('by A')(current);
    });

    expect(seen).toEqual([[], ['by B']]);
    expect(result?.version).toBe(3);
    expect((await b.get(change.id))?.change.tests.slice(change.tests.length)).toEqual(['by B', 'by A']);
  });

  it('a second 412 in a row gives up with WriteConflictError and applies nothing', async () => {
    const b = await open();
    const { change } = await b.create(2026, building());
    let runs = 0;
    const a = await open(
      interceptedContainer(container, async () => {
        await b.update(change.id, addTest('by B'));
      }),
    );
    await expect(
      a.update(change.id, (current) => {
        runs += 1;
        return addTest('by A')(current);
      }),
    ).rejects.toBeInstanceOf(WriteConflictError);
    expect(runs).toBe(2);
    const stored = await b.get(change.id);
    expect(stored?.change.tests.slice(change.tests.length)).toEqual(['by B', 'by B']);
    expect(stored?.version).toBe(3);
  });

  it('the lifecycle answers a twice-lost press with the change as it stands, nothing applied', async () => {
    const b = await open();
    const process = loadProcessFile(DEFAULT_PROCESS_FILE);
    const { change } = await b.create(2026, building());
    const a = await open(
      interceptedContainer(container, async () => {
        await b.update(change.id, addTest('by B'));
      }),
    );
    const at = new Date(Date.parse(change.milestones.preparation.due) + 60_000);
    const lifecycle = createLifecycle({ store: a, process, clock: () => at, logger: recordingLogger() });
    const result = await lifecycle.act(change.id, {
      event: { type: 'milestone', name: 'preparation' },
      by: 'system',
    });

    expect(result).toMatchObject({ found: true, decision: { accepted: false, refusal: { code: 'stale' } } });
    const current = (await b.get(change.id))?.change;
    expect(result.found && result.change).toEqual(current);
    expect(current?.milestones.preparation.state).toBe('pending');
  });

  it('a refused sign-in stops the start with what to fix, not a stack trace', async () => {
    const wrongKey = azurite.connectionString.replace(
      /AccountKey=[^;]+/,
      `AccountKey=${Buffer.from('wrong').toString('base64')}`,
    );
    const store = createBlobStore({
      container: BlobServiceClient.fromConnectionString(wrongKey).getContainerClient(
        freshContainerName('denied'),
      ),
    });
    await expect(store.open()).rejects.toThrow(/refused access .*Storage Blob Data Contributor/);
  });

  it('concurrent updates from two instances: each one applied once or refused, none lost', async () => {
    const a = await open();
    const b = await open();
    const { change } = await a.create(2026, building());
    const attempts = Array.from({ length: 16 }, (_, n) =>
      (n % 2 === 0 ? a : b).update(change.id, addTest(`update ${n}`)).then(
        () => `update ${n}`,
        (error: unknown) => {
          if (error instanceof WriteConflictError) return undefined;
          throw error;
        },
      ),
    );
    const applied = (await Promise.all(attempts)).filter((label) => label !== undefined);
    const stored = await a.get(change.id);
    const added = stored?.change.tests.slice(change.tests.length) ?? [];
    expect([...added].sort()).toEqual([...applied].sort());
    expect(stored?.version).toBe(1 + applied.length);
  });
});
