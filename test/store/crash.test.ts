/**
 * kill -9 at any point, and aimed inside the write window, never loses an acknowledged write.
 *
 * A child process (support/crashWriter.ts) runs the bot's own use cases on the JSON store: forms, presses
 * decided by decide(), scheduler ticks and deliveries with their claims, plus conversation references. It
 * prints each acknowledged write. Each round kills it in one of these ways:
 *  - at a random moment: the parent sends SIGKILL after a random number of acknowledged writes;
 *  - aimed: strace runs the child and delivers SIGKILL on entry to the Nth call of one system call
 *    (`-e inject=<call>:signal=SIGKILL:when=N`, counted per thread), so the process dies exactly there:
 *      rename  a write-back (or a reference write) has written and fsync'd a temporary file, not yet renamed
 *              it over the old one: a kill during a write-back
 *      link    a new change is written and fsync'd, not yet linked to its name
 *      folder  the file was renamed or linked, the folder (DATA_DIR/changes, `-P`) is not fsync'd yet: a
 *              write-back half done, or a creation not yet acknowledged
 *      fsync   a file's data is written, not yet fsync'd (write-back and temporary files, mostly)
 *      journal a record is appended to the write-ahead journal (or a line to the active list), not yet
 *              fdatasync'd: between append and flush, nothing of that flight acknowledged
 *      unlink  a write-back's files are durable, its journal segment not yet deleted (or a created change's
 *              temporary name not yet dropped)
 * The writer seals a journal segment every 16 KB, so write-backs run all the time, and each start replays
 * the journal the previous round left (the restart check below opens the store without write-backs, so the
 * next round starts on the journal the kill left, and its start-up write-back can be killed too).
 * After each kill the store is opened as a restart would and compared with what was acknowledged.
 * What this proves: process kills at any point and at the points that matter. It does not simulate a power
 * cut (a lost page cache); the syscall-order test (syscallOrder.test.ts) shows the fsyncs that cover that.
 *
 * Every choice comes from one seed, printed at the start; CRASH_SEED=<seed> replays a run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isFinal } from '../../src/domain/change';
import { hasWorkLeft, summarize } from '../../src/store/summary';
import type { ChangeSummary } from '../../src/store/types';
import { testProcess } from '../domain/support';
import { seededRandom } from './support/seededRandom';
import { makeDataDir, openStore } from './support/storeFixture';

const RANDOM_ROUNDS = 40;
const AIMED_ROUNDS = 160;
const REGISTER = path.join(__dirname, 'support', 'registerTs.js');
const WRITER = path.join(__dirname, 'support', 'crashWriter.ts');
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');
/** An aimed round whose call did not come this often is ended by the parent (counted apart). */
const ACK_BUDGET = 40;

const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : randomInt(2 ** 31);
const hasStrace = spawnSync('sh', ['-c', 'command -v strace'], { stdio: 'ignore' }).status === 0;
if (!hasStrace && process.env.CI === 'true') {
  throw new Error(
    'CI=true but strace is missing: scripts/install-strace.sh installs it (Debian package strace).',
  );
}

type Aim = 'rename' | 'link' | 'folder' | 'fsync' | 'journal' | 'unlink';
const AIMS: Aim[] = ['rename', 'link', 'folder', 'fsync', 'journal', 'unlink'];

function straceArgs(aim: Aim, n: number, dataDir: string): string[] {
  const calls: Record<Aim, string> = {
    rename: 'rename,renameat,renameat2',
    link: 'link,linkat',
    folder: 'fsync',
    fsync: 'fsync',
    journal: 'fdatasync',
    unlink: 'unlink,unlinkat',
  };
  const only = aim === 'folder' ? ['-P', path.join(dataDir, 'changes')] : [];
  const set = calls[aim];
  return [
    '-qq',
    '-f',
    '-o',
    '/dev/null',
    ...only,
    '-e',
    `trace=${set}`,
    '-e',
    `inject=${set}:signal=SIGKILL:when=${n}`,
  ];
}

/** Per change, the latest acknowledged (revision, history lines, sent deliveries): each only grows. */
type Progress = [number, number, number];

interface Tally {
  changes: Map<string, Progress>;
  conversation: number;
  writes: number;
  kills: Record<string, number>;
  /** Aimed rounds in which the call never came often enough: killed by the parent instead. */
  unaimed: number;
  /** Journal segments seen after a kill: those gone later were deleted by a write-back. */
  segments: Set<string>;
}

function later(a: Progress, b: Progress): boolean {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
}

async function runAndKill(
  dataDir: string,
  seed: number,
  startMs: number,
  processJson: string,
  plan: { aim?: Aim; n?: number; acks: number },
  tally: Tally,
): Promise<'aimed' | 'parent'> {
  const writer = [
    process.execPath,
    '-r',
    REGISTER,
    WRITER,
    dataDir,
    String(seed),
    String(startMs),
    processJson,
  ];
  const [command, ...args] =
    plan.aim === undefined ? writer : ['strace', ...straceArgs(plan.aim, plan.n ?? 1, dataDir), ...writer];
  const child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));

  let writerPid: number | undefined;
  let killedByParent = false;
  let seen = 0;
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [kind, ...rest] = line.split(' ');
      if (kind === 'ready') writerPid = Number(rest[0]);
      else if (kind === 'ack') {
        const [id = '', ...numbers] = rest;
        const progress = numbers.map(Number) as Progress;
        const before = tally.changes.get(id);
        if (before === undefined || later(progress, before)) tally.changes.set(id, progress);
        tally.writes += 1;
        seen += 1;
      } else if (kind === 'conversation') tally.conversation = Math.max(tally.conversation, Number(rest[0]));
    }
    if (seen >= plan.acks && !killedByParent && writerPid !== undefined) {
      killedByParent = true;
      process.kill(writerPid, 'SIGKILL');
    }
  });
  await exited;
  if (child.exitCode !== 137 && child.signalCode !== 'SIGKILL') {
    throw new Error(`The writer stopped on its own (${child.exitCode ?? child.signalCode}):\n${stderr}`);
  }
  return killedByParent ? 'parent' : 'aimed';
}

/** Opens the store as a restart would and lists what disagrees with the acknowledged writes or the files. */
async function problemsAfterRestart(dataDir: string, tally: Tally): Promise<string[]> {
  const problems: string[] = [];
  for (const name of await fs.readdir(path.join(dataDir, 'journal'))) tally.segments.add(name);
  const store = await openStore(dataDir, { writeBack: false });
  try {
    for (const [id, acked] of tally.changes) {
      const stored = await store.get(id);
      if (stored === undefined) {
        problems.push(`${id}: acknowledged ${acked.join('/')}, now missing`);
        continue;
      }
      const { change } = stored;
      const found: Progress = [
        change.revision,
        change.history.length,
        change.outbox.filter((entry) => entry.state === 'sent').length,
      ];
      if (later(acked, found))
        problems.push(`${id}: acknowledged ${acked.join('/')}, found ${found.join('/')}`);
    }
    if ((store.quarantined?.() ?? []).length > 0)
      problems.push(`unreadable: ${JSON.stringify(store.quarantined?.())}`);

    const files = (await fs.readdir(path.join(dataDir, 'changes'))).filter((name) => name.endsWith('.json'));
    const fileIds = files.map((name) => name.slice(0, -'.json'.length)).sort();
    if (JSON.stringify(store.ids()) !== JSON.stringify(fileIds))
      problems.push('ids() differs from the files');
    const leftovers = (await fs.readdir(path.join(dataDir, 'changes'))).filter((name) =>
      name.endsWith('.tmp'),
    );
    if (leftovers.length > 0) problems.push(`temporary files left after start: ${leftovers.join(', ')}`);

    const expectedActive: Record<string, ChangeSummary> = {};
    const expectedDue: Record<string, ChangeSummary> = {};
    for (const id of fileIds) {
      const stored = await store.get(id);
      if (stored === undefined || !hasWorkLeft(stored.change)) continue;
      const summary = summarize(stored.change);
      if (!isFinal(summary.status)) expectedActive[id] = summary;
      if (summary.nextDue !== undefined) expectedDue[id] = summary;
    }
    const byId = (summaries: ChangeSummary[]): Record<string, ChangeSummary> =>
      Object.fromEntries(summaries.map((summary) => [summary.id, summary]));
    if (!isDeepStrictEqual(byId(store.listActive()), expectedActive)) problems.push('listActive() differs');
    if (!isDeepStrictEqual(byId(store.due(FAR_FUTURE)), expectedDue)) problems.push('due() differs');

    const conversation = await store.references.get('19:crash-test@thread.tacv2');
    const n = (conversation?.value as { n?: number } | undefined)?.n ?? 0;
    if (n < tally.conversation) problems.push(`conversation at ${n}, acknowledged ${tally.conversation}`);
  } finally {
    await store.close();
  }
  return problems;
}

describe(`JSON change store: kill -9 (seed ${SEED}; replay with CRASH_SEED=${SEED})`, () => {
  let dataDir: string;
  let processJson: string;
  const random = seededRandom(SEED);
  /** The writers' fake clock: it goes on where the previous round stopped, roughly. */
  let startMs = Date.parse('2026-03-02T08:00:00Z');

  beforeAll(async () => {
    process.stdout.write(`crash test seed: ${SEED} (replay: CRASH_SEED=${SEED})\n`);
    dataDir = await makeDataDir();
    processJson = `${dataDir}.process.json`;
    await fs.writeFile(processJson, JSON.stringify(testProcess()));
  });

  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(processJson, { force: true });
  });

  async function rounds(count: number, aimed: boolean, tally: Tally): Promise<void> {
    for (let round = 0; round < count; round += 1) {
      const seed = Math.floor(random() * 2 ** 31);
      const aim = aimed ? AIMS[Math.floor(random() * AIMS.length)]! : undefined;
      const plan = aimed
        ? { aim, n: 1 + Math.floor(random() * 3), acks: ACK_BUDGET }
        : { acks: 1 + Math.floor(random() * 40) };
      const writesBefore = tally.writes;
      const how = await runAndKill(dataDir, seed, startMs, processJson, plan, tally);
      startMs += (tally.writes - writesBefore) * 3_600_000;
      const kind = how === 'parent' ? (aimed ? 'unaimed' : 'random') : aim!;
      if (kind === 'unaimed') tally.unaimed += 1;
      else tally.kills[kind] = (tally.kills[kind] ?? 0) + 1;
      const context = { seed: SEED, round, plan };
      expect({ ...context, problems: await problemsAfterRestart(dataDir, tally) }).toEqual({
        ...context,
        problems: [],
      });
    }
  }

  const tally: Tally = {
    changes: new Map(),
    conversation: 0,
    writes: 0,
    kills: {},
    unaimed: 0,
    segments: new Set(),
  };

  it(`keeps every acknowledged write through ${RANDOM_ROUNDS} kills at random moments`, async () => {
    await rounds(RANDOM_ROUNDS, false, tally);
    expect(tally.kills.random).toBe(RANDOM_ROUNDS);
    expect(tally.changes.size).toBeGreaterThan(4);
  }, 600_000);

  (hasStrace ? it : it.skip)(
    `keeps every acknowledged write through ${AIMED_ROUNDS} kills aimed inside the write window (strace)`,
    async () => {
      await rounds(AIMED_ROUNDS, true, tally);
      process.stdout.write(
        `crash test: seed ${SEED}, ${RANDOM_ROUNDS + AIMED_ROUNDS} kills ${JSON.stringify(tally.kills)}, ` +
          `${tally.unaimed} aimed rounds ended by the parent, ${tally.writes} acknowledged writes ` +
          `of ${tally.changes.size} changes, 0 lost\n`,
      );
      // Most aimed rounds must really die at their call, or the test would only be a random one (seen: 19
      // and 29 of 160 ended by the parent; the bound leaves room for slow seeds without hiding a broken aim).
      expect(tally.unaimed).toBeLessThan(AIMED_ROUNDS / 2);
      for (const aim of AIMS) expect(tally.kills[aim]).toBeGreaterThan(0);
      // Write-backs ran between the kills: segments seen after one kill were deleted by a later round.
      const left = await fs.readdir(path.join(dataDir, 'journal'));
      expect([...tally.segments].filter((name) => !left.includes(name)).length).toBeGreaterThan(10);
    },
    900_000,
  );
});
