import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isFinal } from '../../src/domain/change';
import { hasWorkLeft, summarize } from '../../src/store/summary';
import type { ChangeSummary } from '../../src/store/types';
import { makeDataDir, openStore } from './support/storeFixture';

const ROUNDS = 50;
const REGISTER = path.join(__dirname, 'support', 'registerTs.js');
const WRITER = path.join(__dirname, 'support', 'crashWriter.ts');
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

interface Acknowledged {
  changes: Map<string, { version: number; revision: number }>;
  conversation: number;
  writes: number;
}

/**
 * Runs the writer until it has acknowledged `acks` writes, then kills it with SIGKILL; the kill lands while
 * its other workers are in the middle of their writes. Returns what it printed.
 */
async function runAndKill(dataDir: string, acks: number, into: Acknowledged): Promise<void> {
  const child = spawn(process.execPath, ['-r', REGISTER, WRITER, dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );

  let pending = '';
  let seen = 0;
  const killed = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const [kind, ...rest] = line.split(' ');
        if (kind === 'ack') {
          const [id = '', version, revision] = rest;
          const before = into.changes.get(id);
          if (before === undefined || Number(version) > before.version) {
            into.changes.set(id, { version: Number(version), revision: Number(revision) });
          }
          into.writes += 1;
          seen += 1;
        } else if (kind === 'conversation') {
          into.conversation = Math.max(into.conversation, Number(rest[0]));
        }
      }
      if (seen >= acks && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', () => resolve());
  });
  await killed;
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`The writer stopped on its own:\n${stderr}`);
}

/**
 * Opens the store as a restart would and lists what disagrees with the acknowledged writes or with the files
 * (an index rebuilt at start must say exactly what the files say).
 */
async function problemsAfterRestart(dataDir: string, acknowledged: Acknowledged): Promise<string[]> {
  const problems: string[] = [];
  const store = await openStore(dataDir);
  try {
    for (const [id, ack] of acknowledged.changes) {
      const stored = await store.get(id);
      if (stored === undefined) problems.push(`${id}: acknowledged at version ${ack.version}, now missing`);
      else if (stored.version < ack.version || stored.change.revision < ack.revision) {
        problems.push(`${id}: acknowledged ${JSON.stringify(ack)}, found version ${stored.version}`);
      }
    }

    const files = (await fs.readdir(path.join(dataDir, 'changes'))).filter((name) => name.endsWith('.json'));
    const fileIds = files.map((name) => name.slice(0, -'.json'.length)).sort();
    if (JSON.stringify(store.ids()) !== JSON.stringify(fileIds))
      problems.push('ids() differs from the files');

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

    const conversation = await store.getConversation('19:crash-test@thread.tacv2');
    const n = (conversation?.reference as { n?: number } | undefined)?.n ?? 0;
    if (n < acknowledged.conversation)
      problems.push(`conversation at ${n}, acknowledged ${acknowledged.conversation}`);
  } finally {
    await store.close();
  }
  return problems;
}

describe('JSON change store: kill -9', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await makeDataDir();
  });

  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it(`keeps every acknowledged write through ${ROUNDS} kills at random moments`, async () => {
    const acknowledged: Acknowledged = { changes: new Map(), conversation: 0, writes: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      await runAndKill(dataDir, 1 + Math.floor(Math.random() * 40), acknowledged);
      expect({ round, problems: await problemsAfterRestart(dataDir, acknowledged) }).toEqual({
        round,
        problems: [],
      });
    }
    expect(acknowledged.writes).toBeGreaterThanOrEqual(ROUNDS);
    expect(acknowledged.changes.size).toBeGreaterThan(4);
  }, 60_000);
});
