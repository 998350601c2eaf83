/*
 * Child process of syscallOrder.test.ts, run under strace: a few real transitions one after the other (a form
 * submitted, presses decided by decide(), a delivery with its claims, a conversation reference), each
 * followed by `ack <what>` on stdout once the store's promise resolved. The test reads the order of the
 * system calls between two acks.
 *   node -r ./test/store/support/registerTs.js test/store/support/orderWriter.ts <dataDir> <process.json>
 */
import { readFileSync } from 'node:fs';
import { Duration } from 'luxon';
import { createDelivery } from '../../../src/app/delivery';
import { createLifecycle } from '../../../src/app/lifecycle';
import type { Logger } from '../../../src/app/ports';
import type { Actor } from '../../../src/domain/change';
import type { ProcessDefinition } from '../../../src/domain/process';
import { BUILT_IN_STEPS } from '../../../src/domain/steps';
import { createJsonStore } from '../../../src/store/jsonStore';

const [dataDir, processFile] = process.argv.slice(2);
if (dataDir === undefined || processFile === undefined)
  throw new Error('usage: orderWriter.ts <dataDir> <process.json>');
// The steps are code, which JSON drops: the child runs the built-in ones, as the parent's testProcess() does.
const definition = {
  ...(JSON.parse(readFileSync(processFile, 'utf8'), (_key, value: unknown) =>
    typeof value === 'string' && /^P(?:\d|T\d)/.test(value) ? Duration.fromISO(value) : value,
  ) as Omit<ProcessDefinition, 'steps'>),
  steps: BUILT_IN_STEPS,
} as ProcessDefinition;
const silent: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
};
const clock = () => new Date('2026-03-02T08:00:00.000Z');
const implementer: Actor = { aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001', name: 'Ines Implementer' };
const approver: Actor = definition.approvers[0]!;

function ack(what: string): void {
  process.stdout.write(`ack ${what}\n`);
}

async function main(): Promise<void> {
  const store = createJsonStore({ dataDir: dataDir!, clock });
  await store.open();
  ack('open');
  const lifecycle = createLifecycle({ store, process: definition, clock, logger: silent });
  const delivery = createDelivery({
    store,
    poster: {
      post: async () => ({ conversationKey: 'channel:19:order@thread.tacv2', activityId: 'root-1' }),
    },
    mailer: { send: async () => undefined },
    clock,
    logger: silent,
    owners: () => ['ines@example.org'],
  });
  const submitted = await lifecycle.submit(
    {
      title: 'Upgrade Moodle to 4.5',
      description: 'Upgrade the learning platform.',
      startDate: '2026-04-15',
      startTime: '18:00',
      endDate: '2026-04-15',
      endTime: '20:00',
      downtime: '30',
      tests: 'Log in as a student',
      rollback: 'Restore the snapshot.',
      audience: 'teachers@test.example.org',
      expedited: 'false',
    },
    implementer,
    { conversationKey: 'channel:19:order@thread.tacv2' },
  );
  if (!submitted.ok) throw new Error(`form refused: ${JSON.stringify(submitted.errors)}`);
  const id = submitted.change.id;
  ack(`create ${id}`);
  await lifecycle.act(id, { event: { type: 'prep.check', item: 'tests', checked: true }, by: implementer });
  ack(`press ${id}`);
  await lifecycle.act(id, { event: { type: 'go' }, by: approver });
  ack(`press ${id}`);
  await delivery.deliver(id);
  ack(`deliver ${id}`);
  await store.references.put('channel:19:order@thread.tacv2', { serviceUrl: 'https://example.org/' });
  ack('conversation');
  await store.close();
  ack('close');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
