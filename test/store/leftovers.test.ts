/**
 * Temporary files of interrupted writes (change files, conversation references, outbox mails) are removed at
 * start when their writer is gone: also when it is a zombie (killed, not yet reaped by its parent, which
 * signal 0 still reaches) and when a live process merely reuses its pid. A live writer's files are kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createEmlOutbox } from '../../src/mail/emlOutbox';
import { recordFileName } from '../../src/store/recordFiles';
import { recordingLogger } from '../bot/support/harness';
import { process as definition } from '../mail/support/mailFixture';
import { makeDataDir, openStore } from './support/storeFixture';

function startTicks(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!;
}

function state(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

/**
 * A shell that starts a child and then becomes a `sleep` that never reaps it: killing the child leaves a
 * zombie for as long as the test wants. Returns the parent (alive) and the zombie's pid.
 */
async function zombieAndParent(): Promise<{ parent: ChildProcess; zombie: number }> {
  const parent = spawn('sh', ['-c', 'sleep 1000 & echo $!; exec sleep 1000'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: parent.stdout! }).once('line', resolve),
  );
  const zombie = Number(line);
  // Kill the child only once the shell has become `sleep`: a shell still running may reap it (seen in CI).
  for (let i = 0; i < 200_000 && readFileSync(`/proc/${parent.pid}/comm`, 'utf8') !== 'sleep\n'; i += 1)
    await new Promise((resolve) => setImmediate(resolve));
  expect(readFileSync(`/proc/${parent.pid}/comm`, 'utf8')).toBe('sleep\n');
  process.kill(zombie, 'SIGKILL');
  for (let i = 0; i < 200_000 && state(zombie) !== 'Z'; i += 1)
    await new Promise((resolve) => setImmediate(resolve));
  expect(state(zombie)).toBe('Z');
  expect(() => process.kill(zombie, 0)).not.toThrow(); // what fooled the old clean-up
  return { parent, zombie };
}

describe('leftover temporary files', () => {
  let dataDir: string;
  let parent: ChildProcess;
  let zombie: number;
  let live: number;

  beforeEach(async () => {
    dataDir = await makeDataDir();
    ({ parent, zombie } = await zombieAndParent());
    live = parent.pid!;
  });

  afterEach(async () => {
    parent.kill('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('are removed at start for a zombie or a reused pid, and kept for a live writer', async () => {
    await (await openStore(dataDir)).close();
    const changes = path.join(dataDir, 'changes');
    const conversations = path.join(dataDir, 'conversations');
    const reference = recordFileName('19:a@thread.tacv2');
    const gone = [
      path.join(changes, `.CHG-2026-001.json.${zombie}.1.tmp`), // name without start time (older bots)
      path.join(changes, `.CHG-2026-002.json.${zombie}-${startTicks(zombie)}.3.tmp`),
      path.join(conversations, `.${reference}.${zombie}-${startTicks(zombie)}.2.tmp`),
      path.join(changes, `.CHG-2026-003.json.${live}-1.4.tmp`), // the live pid, but another process's start
      path.join(dataDir, `.active-changes.jsonl.${zombie}.5.tmp`),
    ];
    const kept = [
      path.join(changes, `.CHG-2026-004.json.${live}-${startTicks(live)}.6.tmp`),
      path.join(conversations, `.${reference}.${live}.7.tmp`),
    ];
    for (const file of [...gone, ...kept]) await fs.writeFile(file, '{"torn');

    await (await openStore(dataDir)).close();

    const left = [
      ...(await fs.readdir(changes)).map((name) => path.join(changes, name)),
      ...(await fs.readdir(conversations)).map((name) => path.join(conversations, name)),
      ...(await fs.readdir(dataDir))
        .filter((name) => name.endsWith('.tmp'))
        .map((name) => path.join(dataDir, name)),
    ];
    expect(left.sort()).toEqual([...kept].sort());
  });

  it('of outbox mails are removed when the mail outbox starts, and kept for a live writer', async () => {
    const outbox = path.join(dataDir, 'outbox');
    await fs.mkdir(outbox);
    const gone = [
      `CHG-2026-001.4_announcement_mail.eml.${zombie}.tmp`, // the name older bots used
      `.CHG-2026-001.5_reminder_mail.eml.${zombie}-${startTicks(zombie)}.1.tmp`,
      `.CHG-2026-002.2_announcement_mail.eml.${live}-1.1.tmp`,
    ];
    const kept = [
      `.CHG-2026-003.2_announcement_mail.eml.${live}-${startTicks(live)}.1.tmp`,
      'CHG-2026-004.2_x.eml',
    ];
    for (const name of [...gone, ...kept]) await fs.writeFile(path.join(outbox, name), '');

    const mailer = createEmlOutbox({ dir: outbox, process: definition, logger: recordingLogger() });

    expect((await mailer.cleaned).sort()).toEqual([...gone].sort());
    expect((await fs.readdir(outbox)).sort()).toEqual([...kept].sort());
  });
});
