/**
 * Two services through the real bot (restify, CloudAdapter, the store on disk): in the channel the process
 * file names for ISC Wiki, `@change new` comes preselected to ISC Wiki; the change made there is ISC Wiki's,
 * and `list` says so.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { approverEntries } from '../support/processJson';
import { inputValues, objectsOf, visibleText } from './support/cards';
import { ask, createChange } from './support/flows';
import {
  approver,
  CHANNEL,
  implementer,
  secondApprover,
  startHarness,
  type Harness,
} from './support/harness';

let h: Harness;
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-services-'));
  const shipped = JSON.parse(await fs.readFile(DEFAULT_PROCESS_FILE, 'utf8')) as {
    services: Record<string, unknown>[];
  };
  const learn = { ...shipped.services[0], approvers: approverEntries([approver]) };
  const wiki = {
    ...learn,
    name: 'ISC Wiki',
    channel: { teamId: 'team-1', channelId: CHANNEL },
    approvers: approverEntries([secondApprover]),
    audience: { emails: ['wiki-readers@test.example.org'] },
  };
  const file = path.join(dir, 'two.process.json');
  await fs.writeFile(file, JSON.stringify({ ...shipped, services: [learn, wiki] }));
  h = await startHarness({ env: { PROCESS_FILE: file } });
});
afterEach(async () => {
  await h.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

test("in a service's channel the form offers both services, preselected to that channel's", async () => {
  const { card } = await ask(h, implementer, 'new');
  const choice = objectsOf(card).find((item) => item.type === 'Input.ChoiceSet' && item.id === 'service');
  expect((choice?.choices as { value: string }[] | undefined)?.map((c) => c.value)).toEqual([
    'ISC Learn Platform',
    'ISC Wiki',
  ]);
  expect(inputValues(card).service).toBe('ISC Wiki');
  expect(visibleText(card)).toContain(secondApprover.name);
});

test('a change made for the second service is stored as its, with its approvers, and list shows it', async () => {
  const created = await createChange(h, { service: 'ISC Wiki' });
  const stored = (await h.store.get(created.id))!.change;
  expect(stored.service).toBe('ISC Wiki');
  expect(stored.serviceAtCreation?.approvers.map((a) => a.name)).toEqual([secondApprover.name]);
  const { card } = await ask(h, implementer, 'list');
  expect(visibleText(card)).toContain('ISC Wiki');
});
