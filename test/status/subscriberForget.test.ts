import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createJsonStore } from '../../src/store/jsonStore';
import type { SubscriberRecord } from '../../src/store/records';
import { subscriberKey } from '../../src/web/subscriptionToken';

/** `npm run subscriber:forget -- <address>`: the command's own entry file, run as the operator runs it. */
const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');
const READER = 'Reader@Example.org';
const RECORD: SubscriberRecord = {
  address: READER,
  services: ['ISC Learn Platform'],
  language: 'fr',
  consentAt: '2026-03-02T08:00:00.000Z',
  tokenHash: 'a'.repeat(64),
};

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'subscriber-forget-'));
  const store = createJsonStore({ dataDir });
  await store.open();
  await store.subscribers.put(subscriberKey(READER), RECORD);
  await store.subscribers.put(subscriberKey('other@example.org'), {
    ...RECORD,
    address: 'other@example.org',
  });
  await store.close();
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

function forget(...args: string[]) {
  return run(
    process.execPath,
    ['-r', './test/store/support/registerTs.js', 'src/subscriberData.ts', ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
    },
  ).then(
    (done) => ({ code: 0, ...done }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

async function stored(): Promise<string[]> {
  const store = createJsonStore({ dataDir });
  await store.open();
  try {
    return (await store.subscribers.list()).map((record) => record.value.address).sort();
  } finally {
    await store.close();
  }
}

test('prints everything kept about one subscriber (the address in any case), then deletes only that one', async () => {
  const kept = await forget('reader@example.org', '--keep');
  expect(kept.code).toBe(0);
  expect(JSON.parse(kept.stdout)).toMatchObject({ key: subscriberKey(READER), record: RECORD });
  expect(await stored()).toEqual([READER, 'other@example.org'].sort());

  const gone = await forget('reader@example.org');
  expect(gone.code).toBe(0);
  expect(JSON.parse(gone.stdout).record).toEqual(RECORD);
  expect(await stored()).toEqual(['other@example.org']);

  const again = await forget('reader@example.org');
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('No subscriber with that address');
}, 60_000);
