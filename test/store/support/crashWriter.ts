/*
 * Child process of crash.test.ts: runs the bot's own use cases against the JSON store as fast as it can,
 * from several workers at once: forms submitted (lifecycle.submit), presses (lifecycle.act, so decide()
 * makes each transition, refusals included), scheduler ticks on a clock that runs fast, and deliveries
 * (delivery.deliver: lease claims, then "sent"). After each acknowledged write it prints what the store now
 * holds for that change on stdout (a pipe: synchronous on Linux, so a printed line is out before any kill).
 *   node -r ./test/store/support/registerTs.js test/store/support/crashWriter.ts <dataDir> <seed> <startMs> <process.json>
 * Every choice comes from the seed (no Math.random), so a round replays. The process definition comes as
 * JSON from the parent: loading the process file's zod schema would double the start time of each round.
 */
import { readFileSync } from 'node:fs';
import { DateTime, Duration } from 'luxon';
import type { Logger, Mailer, NoticePoster } from '../../../src/app/ports';
import { createDelivery } from '../../../src/app/delivery';
import { createLifecycle } from '../../../src/app/lifecycle';
import type { Actor, Change } from '../../../src/domain/change';
import type { ChangeEvent } from '../../../src/domain/events';
import { ownerEmails } from '../../../src/domain/recipients';
import { createTick } from '../../../src/scheduler/tick';
import { createJsonStore } from '../../../src/store/jsonStore';
import type { ProcessDefinition } from '../../../src/domain/process';
import { BUILT_IN_STEPS } from '../../../src/domain/steps';
import { seededRandom } from './seededRandom';

const HOUR = 3_600_000;

const [dataDir, seedText, startText, processFile] = process.argv.slice(2);
if (dataDir === undefined || seedText === undefined || startText === undefined || processFile === undefined) {
  throw new Error('usage: crashWriter.ts <dataDir> <seed> <startMs> <process.json>');
}
const random = seededRandom(Number(seedText));
let nowMs = Number(startText);
/** Time runs an hour per acknowledged write, so milestones fall due and the scheduler has work. */
const clock = (): Date => new Date(nowMs);
/** The parsed process as JSON; its durations (ISO strings there) become luxon Durations again. */
// The steps are code, which JSON drops: the child runs the built-in ones, as the parent's testProcess() does.
const process_ = {
  ...(JSON.parse(readFileSync(processFile, 'utf8'), (_key, value: unknown) =>
    typeof value === 'string' && /^P(?:\d|T\d)/.test(value) ? Duration.fromISO(value) : value,
  ) as Omit<ProcessDefinition, 'steps'>),
  steps: BUILT_IN_STEPS,
} as ProcessDefinition;
const approver: Actor = process_.approvers[0]!;
const implementer: Actor = { aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001', name: 'Ines Implementer' };
const stranger: Actor = { aadObjectId: 'cccccccc-0000-4000-8000-000000000001', name: 'Sam Stranger' };

/** A valid form for a two-hour window starting at 18:00 local time on `day` (yyyy-MM-dd). */
function form(day: string) {
  return {
    title: 'Upgrade Moodle to 4.5',
    description: 'Upgrade the learning platform.',
    startDate: day,
    startTime: '18:00',
    endDate: day,
    endTime: '20:00',
    downtime: '30',
    tests: 'Log in as a student\nSubmit a quiz',
    rollback: 'Restore the snapshot.',
    audience: 'teachers@test.example.org',
    expedited: 'false',
  };
}

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** What an acknowledged write left: it must still be there (or later) after any kill. */
function acknowledge(change: Change): void {
  const sent = change.outbox.filter((entry) => entry.state === 'sent').length;
  nowMs += HOUR;
  say(`ack ${change.id} ${change.revision} ${change.history.length} ${sent}`);
}

const silent: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
};

// A small segment: write-backs (and the deletion of sealed segments) run every few writes.
const store = createJsonStore({ dataDir, clock, journalSegmentBytes: 16 * 1024 });
const lifecycle = createLifecycle({ store, process: process_, clock, logger: silent });
let posts = 0;
const poster: NoticePoster = {
  post: async () => ({
    conversationKey: 'channel:19:crash@thread.tacv2',
    activityId: `post-${(posts += 1)}`,
  }),
};
const mailer: Mailer = { send: async () => undefined };
const delivery = createDelivery({
  store,
  poster,
  mailer,
  clock,
  logger: silent,
  owners: (change) => ownerEmails(change, process_),
});
const tick = createTick({ store, lifecycle, delivery, clock, logger: silent });

function someEvent(): { event: ChangeEvent; by: Actor | 'system' } {
  const roll = random();
  if (roll < 0.3) return { event: { type: 'go' }, by: approver };
  if (roll < 0.4) return { event: { type: 'nogo', reason: 'not this week' }, by: approver };
  if (roll < 0.6) {
    const item = pick(['tests', 'window'])!;
    return { event: { type: 'prep.check', item, checked: random() < 0.7 }, by: implementer };
  }
  if (roll < 0.7) return { event: { type: 'precheck.done' }, by: implementer };
  if (roll < 0.8) return { event: { type: 'go' }, by: stranger }; // refused: a history line only
  if (roll < 0.87) return { event: { type: 'cancel', reason: 'no longer needed' }, by: implementer };
  return { event: { type: 'milestone', name: 'goNoGo' }, by: 'system' };
}

async function submitWorker(): Promise<never> {
  for (;;) {
    if (store.listActive().length < 4) {
      const day = DateTime.fromMillis(nowMs + (25 + Math.floor(random() * 20)) * 24 * HOUR, {
        zone: process_.timeZone,
      }).toFormat('yyyy-MM-dd');
      const result = await lifecycle.submit(form(day), implementer, {
        conversationKey: 'channel:19:crash@thread.tacv2',
      });
      if (result.ok) acknowledge(result.change);
    } else {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

async function pressWorker(): Promise<never> {
  for (;;) {
    const target = pick(store.listActive());
    if (target === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      continue;
    }
    const { event, by } = someEvent();
    const result = await lifecycle.act(target.id, { event, by, source: 'crash-test' });
    if (result.found) acknowledge(result.change);
  }
}

async function schedulerWorker(): Promise<never> {
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    await tick();
    for (const summary of store.due(new Date(8.64e15))) {
      await delivery.deliver(summary.id);
      const stored = await store.get(summary.id);
      if (stored) acknowledge(stored.change);
    }
  }
}

async function conversationWorker(): Promise<never> {
  const key = '19:crash-test@thread.tacv2';
  let n = ((await store.references.get(key))?.value as { n?: number } | undefined)?.n ?? 0;
  for (;;) {
    n += 1;
    await store.references.put(key, { n });
    say(`conversation ${n}`);
  }
}

async function main(): Promise<void> {
  await store.open();
  say(`ready ${process.pid}`);
  await Promise.all([submitWorker(), pressWorker(), pressWorker(), schedulerWorker(), conversationWorker()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
