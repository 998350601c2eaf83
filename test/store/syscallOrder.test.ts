/**
 * Durability shown by the system calls themselves: real transitions (a form, presses decided by decide(), a
 * delivery with its claims, a conversation reference) run under `strace -f`, and for every file put in place
 * the log must show data written and fsync'd before the rename or link, the folder fsync'd before the write
 * is acknowledged, and a journal line fdatasync'd before the change file it covers is put in place; a press
 * is acknowledged after its record was appended to the write-ahead journal and fdatasync'd, and the journal
 * segment is deleted at close only after the write-back (change files and their folder) was fsync'd.
 * Needs strace (Debian package; scripts/install-strace.sh): under CI=true a missing strace fails the test.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { testProcess } from '../domain/support';
import { checkOrder, parseStrace } from './support/straceOrder';
import { makeDataDir } from './support/storeFixture';

const hasStrace = spawnSync('sh', ['-c', 'command -v strace'], { stdio: 'ignore' }).status === 0;
if (!hasStrace && process.env.CI === 'true') {
  throw new Error(
    'CI=true but strace is missing: scripts/install-strace.sh installs it (Debian package strace).',
  );
}
const REGISTER = path.join(__dirname, 'support', 'registerTs.js');
const WRITER = path.join(__dirname, 'support', 'orderWriter.ts');

(hasStrace ? describe : describe.skip)('store durability order under strace', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeDataDir();
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes and fsyncs data before the rename, fsyncs the folder before acknowledging, syncs the journal first', async () => {
    const dataDir = path.join(dir, 'data');
    const processJson = path.join(dir, 'process.json');
    const log = path.join(dir, 'strace.log');
    await fs.writeFile(processJson, JSON.stringify(testProcess()));
    const calls =
      'write,pwrite64,writev,pwritev,pwritev2,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat';
    const child = spawn(
      'strace',
      [
        '-f',
        '-qq',
        '-y',
        '-s',
        '64',
        '-o',
        log,
        '-e',
        `trace=${calls}`,
        process.execPath,
        '-r',
        REGISTER,
        WRITER,
        dataDir,
        processJson,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('ack conversation') });

    const { problems, steps } = checkOrder(parseStrace(await fs.readFile(log, 'utf8')), dataDir);

    expect(problems).toEqual([]);
    expect(steps).toEqual([
      { ack: 'open', placed: ['rename active-changes.jsonl'] },
      {
        ack: 'create CHG-2026-001',
        placed: ['link changes/CHG-2026-001.json', 'journal line fdatasync-ed first'],
      },
      { ack: 'press CHG-2026-001', placed: ['journal append fdatasync-ed'] },
      { ack: 'press CHG-2026-001', placed: ['journal append fdatasync-ed'] },
      { ack: 'deliver CHG-2026-001', placed: ['journal append fdatasync-ed'] },
      { ack: 'conversation', placed: [expect.stringMatching(/^rename conversations\/[0-9a-f]{64}\.json$/)] },
      {
        ack: 'close',
        placed: ['rename changes/CHG-2026-001.json', 'removed journal/000000000001.wal after the write-back'],
      },
    ]);
  });
});

describe('the strace order check itself', () => {
  const dataDir = '/d';
  const good = [
    '1  write(20</d/changes/.C.json.1-2.1.tmp>, "{}", 2) = 2',
    '2  fsync(20</d/changes/.C.json.1-2.1.tmp>) = 0',
    '3  rename("/d/changes/.C.json.1-2.1.tmp", "/d/changes/C.json") = 0',
    '2  fsync(19</d/changes>) = 0',
    '1  write(1<pipe:[7]>, "ack press\\n", 10) = 10',
  ];

  it('passes the right order', () => {
    expect(checkOrder(parseStrace(good.join('\n')), dataDir).problems).toEqual([]);
  });

  it.each([
    ['no fsync of the data', [0, 2, 3, 4], /before its data was fsync'd/],
    ['no folder fsync', [0, 1, 2, 4], /was not fsync'd before the acknowledgement/],
    [
      'the folder fsync after the acknowledgement',
      [0, 1, 2, 4, 3],
      /was not fsync'd before the acknowledgement/,
    ],
    ['the data fsync after the rename', [0, 2, 1, 3, 4], /before its data was fsync'd/],
  ])('catches %s', (_, order, problem) => {
    const log = order.map((index) => good[index]).join('\n');
    expect(checkOrder(parseStrace(log), dataDir).problems).toEqual([expect.stringMatching(problem)]);
  });

  const journaled = [
    '1  pwrite64(21</d/journal/000000000001.wal>, "CB1 C 2 2 00000000\\n{}", 30, 0) = 30',
    '1  fdatasync(21</d/journal/000000000001.wal>) = 0',
    '1  fsync(22</d/journal>) = 0',
    '1  write(1<pipe:[7]>, "ack press\\n", 10) = 10',
  ];

  it('passes a journal append fdatasync-ed before the acknowledgement', () => {
    const { problems, steps } = checkOrder(parseStrace(journaled.join('\n')), dataDir);
    expect({ problems, steps }).toEqual({
      problems: [],
      steps: [{ ack: 'press', placed: ['journal append fdatasync-ed'] }],
    });
  });

  it('catches a journal append acknowledged before its fdatasync', () => {
    const log = [0, 2, 3, 1].map((index) => journaled[index]).join('\n');
    expect(checkOrder(parseStrace(log), dataDir).problems).toEqual([
      expect.stringMatching(/was not fdatasync'd before the acknowledgement/),
    ]);
  });

  it('catches a journal segment deleted before the write-back was fsync-ed', () => {
    const writeBack = [
      '1  write(20</d/changes/.C.json.1-2.1.tmp>, "{}", 2) = 2',
      '1  fsync(20</d/changes/.C.json.1-2.1.tmp>) = 0',
      '1  rename("/d/changes/.C.json.1-2.1.tmp", "/d/changes/C.json") = 0',
      '1  unlink("/d/journal/000000000001.wal") = 0',
      '1  fsync(19</d/changes>) = 0',
      '1  write(1<pipe:[7]>, "ack close\\n", 10) = 10',
    ];
    expect(checkOrder(parseStrace(writeBack.join('\n')), dataDir).problems).toEqual([
      expect.stringMatching(/000000000001.wal was deleted before its write-back was durable/),
    ]);
    const right = [0, 1, 2, 4, 3, 5].map((index) => writeBack[index]).join('\n');
    expect(checkOrder(parseStrace(right), dataDir).problems).toEqual([]);
  });
});
