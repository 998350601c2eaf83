/*
 * Child process of crash.test.ts: writes to the store as fast as it can, from several workers at once, and
 * prints each acknowledged write on stdout (a pipe: synchronous on Linux, so a printed line is out before
 * any later kill). The parent kills it with SIGKILL at random moments.
 *   node -r ./test/store/support/registerTs.js test/store/support/crashWriter.ts <dataDir>
 */
import type { Change } from '../../../src/domain/change';
import { createJsonStore } from '../../../src/store/jsonStore';
import { StaleWriteError, type ChangeStore, type StoredChange } from '../../../src/store/types';
import { makeChange } from '../../support/changeFactory';

const CONVERSATION_KEY = '19:crash-test@thread.tacv2';
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function acknowledge(stored: StoredChange | undefined): void {
  if (stored !== undefined) say(`ack ${stored.change.id} ${stored.version} ${stored.change.revision}`);
}

function pick<T>(items: T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

/** One step in the life of a change: mostly progress, sometimes the end (with or without a notice to send). */
function advance(change: Change): Change {
  const revision = change.revision + 1;
  const at = new Date(Date.parse(change.updatedAt) + 60_000).toISOString();
  const next: Change = {
    ...change,
    revision,
    updatedAt: at,
    history: [...change.history, { at, by: 'system', event: 'crash-test', accepted: true, revision }],
  };
  const roll = Math.random();
  if (roll < 0.1) {
    const notice = {
      key: `${revision}:end:thread`,
      effect: { notice: 'end' as const, to: { kind: 'thread' as const } },
      revision,
      state: 'pending' as const,
      attempts: 0,
      createdAt: at,
    };
    return { ...next, status: 'completed', outbox: [...change.outbox, notice] };
  }
  if (roll < 0.2) return { ...next, status: 'cancelled' };
  const pending = Object.entries(change.milestones).find(([, milestone]) => milestone.state === 'pending');
  if (pending === undefined) return next;
  const [name, milestone] = pending;
  return {
    ...next,
    milestones: { ...change.milestones, [name]: { ...milestone, state: 'done', handledAt: at } },
  };
}

/** Delivers the pending notices of a final change, or gives a settled change a new notice to send. */
function deliverOrRevive(change: Change): Change {
  const revision = change.revision + 1;
  const pending = change.outbox.some((entry) => entry.state === 'pending');
  const outbox = pending
    ? change.outbox.map((entry) => (entry.state === 'pending' ? { ...entry, state: 'sent' as const } : entry))
    : [
        ...change.outbox,
        {
          key: `${revision}:cancellation:channel`,
          effect: { notice: 'cancellation' as const, to: { kind: 'channel' as const } },
          revision,
          state: 'pending' as const,
          attempts: 0,
          createdAt: change.updatedAt,
        },
      ];
  return { ...change, revision, outbox };
}

async function progressWorker(store: ChangeStore): Promise<never> {
  for (;;) {
    const active = store.listActive();
    const target = pick(active);
    if (target === undefined || active.length < 4 || Math.random() < 0.05) {
      acknowledge(await store.create(2026, (id) => makeChange({ id })));
    } else if (Math.random() < 0.3) {
      const current = await store.get(target.id);
      if (current === undefined) continue;
      try {
        acknowledge(await store.save(advance(current.change), current.version));
      } catch (error) {
        if (!(error instanceof StaleWriteError)) throw error; // another worker wrote it first: not acknowledged
      }
    } else {
      acknowledge(await store.update(target.id, advance));
    }
  }
}

async function deliveryWorker(store: ChangeStore): Promise<never> {
  for (;;) {
    const finalDue = store
      .due(FAR_FUTURE)
      .filter((summary) => ['completed', 'cancelled'].includes(summary.status));
    const indexed = new Set(store.due(FAR_FUTURE).map((summary) => summary.id));
    const settled = store.ids().filter((id) => !indexed.has(id));
    const id =
      Math.random() < 0.7 ? (pick(finalDue)?.id ?? pick(settled)) : (pick(settled) ?? pick(finalDue)?.id);
    if (id === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    acknowledge(await store.update(id, deliverOrRevive));
  }
}

async function conversationWorker(store: ChangeStore): Promise<never> {
  const stored = await store.getConversation(CONVERSATION_KEY);
  let n = (stored?.reference as { n?: number } | undefined)?.n ?? 0;
  for (;;) {
    n += 1;
    await store.putConversation(CONVERSATION_KEY, { n });
    say(`conversation ${n}`);
  }
}

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (dataDir === undefined) throw new Error('usage: crashWriter.ts <dataDir>');
  const store = createJsonStore({ dataDir });
  await store.open();
  say('ready');
  await Promise.all([
    progressWorker(store),
    progressWorker(store),
    progressWorker(store),
    deliveryWorker(store),
    conversationWorker(store),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
