/** `npm run store:copy -- --from dir --to blob` (src/storeCopy.ts) from a JSON store into Azurite, twice. */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBlobStore } from '../../../src/store/blob/blobStore';
import { createJsonStore } from '../../../src/store/jsonStore';
import { freshContainerName, startAzurite, type Azurite } from '../../support/azurite';
import { building } from '../contract/storeContract';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const ROOT = path.join(__dirname, '..', '..', '..');

function storeCopy(env: Record<string, string>, args = ['--from', 'dir', '--to', 'blob']) {
  return spawnSync(
    process.execPath,
    ['-r', './test/store/support/registerTs.js', 'src/storeCopy.ts', ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    },
  );
}

it('copies every change and reference from DATA_DIR into the container; a second run copies nothing', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-copy-'));
  const source = createJsonStore({ dataDir });
  await source.open();
  const active = await source.create(2026, building({ title: 'still planned' }));
  const done = await source.create(2026, building({ title: 'done', status: 'completed' }));
  await source.update(active.change.id, (change) => ({ ...change, revision: 2 }));
  await source.references.put('channel:19:general@thread.tacv2', { serviceUrl: 'https://smba.example/' });
  await source.close();

  const container = freshContainerName('copy');
  const env = {
    DATA_DIR: dataDir,
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: container,
  };
  const first = storeCopy(env);
  expect(first.stderr).toBe('');
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/Copied 2 changes and 1 conversation references .* 0 were already there/);
  const second = storeCopy(env);
  expect(second.status).toBe(0);
  expect(second.stdout).toMatch(/Copied 0 changes and 1 conversation references .* 2 were already there/);

  const reopened = createJsonStore({ dataDir });
  await reopened.open();
  const blob = createBlobStore({ container: azurite.container(container) });
  await blob.open();
  for (const id of [active.change.id, done.change.id])
    expect(await blob.get(id)).toEqual(await reopened.get(id));
  expect(blob.listActive()).toEqual(reopened.listActive());
  expect((await blob.references.get('channel:19:general@thread.tacv2'))?.value).toEqual({
    serviceUrl: 'https://smba.example/',
  });
  await Promise.all([blob.close(), reopened.close()]);
  await fs.rm(dataDir, { recursive: true, force: true });
});

it('refuses anything but --from dir --to blob, and a missing target, with exit 2', () => {
  expect(storeCopy({}, ['--from', 'blob', '--to', 'dir']).status).toBe(2);
  const missing = storeCopy({ DATA_DIR: os.tmpdir() });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toMatch(/AZURE_STORAGE_ACCOUNT_URL/);
});
