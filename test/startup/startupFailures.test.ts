/**
 * Every way the bot can fail to start ends the same: one line on stderr that names what to fix, nothing on
 * stdout, exit code 2 (systemd's unit does not restart on it). Each case runs the real entry (src/main.ts,
 * transpiled on the fly as the crash test does) as its own process against real folders and ports.
 */
import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const REGISTER = path.join(ROOT, 'test', 'store', 'support', 'registerTs.js');
const MAIN = path.join(ROOT, 'src', 'main.ts');
const isRoot = process.getuid?.() === 0;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function startBot(
  env: Record<string, string>,
  options: { uid?: number; gid?: number; entry?: string } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, options.entry ?? MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TMPDIR: os.tmpdir(), PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A bot that starts after all would run forever: stop it, and the assertions below say what went wrong.
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit code 2, one line on stderr (returned), nothing on stdout. */
function oneLineFailure(outcome: Outcome): string {
  expect({ code: outcome.code, stdout: outcome.stdout }).toEqual({ code: 2, stdout: '' });
  expect(outcome.stderr.endsWith('\n')).toBe(true);
  const lines = outcome.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

let scratch: string;
beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-startup-'));
  await fs.chmod(scratch, 0o755);
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('a DATA_DIR the bot cannot use stops it with one line and exit code 2', () => {
  it('names ENOTDIR when a part of the path is a file', async () => {
    const file = path.join(scratch, 'a-file');
    await fs.writeFile(file, 'x');
    const line = oneLineFailure(await startBot({ DATA_DIR: path.join(file, 'data') }));
    expect(line).toContain(`DATA_DIR ${path.join(file, 'data')} cannot be used`);
    expect(line).toContain('(ENOTDIR)');
    // DATA_DIR itself a file: the same code, said plainly.
    expect(oneLineFailure(await startBot({ DATA_DIR: file }))).toMatch(
      /it is a file, not a folder \(ENOTDIR\)/,
    );
  });

  it('names EACCES when the user the bot runs as may not write it', async () => {
    const locked = path.join(scratch, 'locked');
    await fs.mkdir(locked, { mode: 0o700 });
    // root may write anywhere: run the bot as nobody. The TypeScript is transpiled first by this user into a
    // temp folder nobody can read (@swc/core's native addon refuses to load for nobody here).
    const tmp = path.join(scratch, 'nobody-tmp');
    await fs.mkdir(tmp, { mode: 0o755 });
    if (isRoot) oneLineFailure(await startBot({ DATA_DIR: locked, TMPDIR: tmp, LOG_LEVEL: 'loud' }));
    if (!isRoot) await fs.chmod(locked, 0o500);
    const outcome = await startBot(
      { DATA_DIR: path.join(locked, 'data'), TMPDIR: tmp },
      isRoot ? { uid: 65534, gid: 65534 } : {},
    );
    const line = oneLineFailure(outcome);
    expect(line).toContain(`DATA_DIR ${path.join(locked, 'data')} cannot be used`);
    expect(line).toContain('(EACCES)');
    expect(line).toContain('chown/chmod');
  });

  (isRoot ? it : it.skip)('names EPERM for an immutable folder (chattr +i, root only)', async () => {
    const frozen = path.join(scratch, 'frozen');
    await fs.mkdir(frozen);
    execFileSync('chattr', ['+i', frozen]);
    try {
      const line = oneLineFailure(await startBot({ DATA_DIR: frozen }));
      expect(line).toContain(`DATA_DIR ${frozen} cannot be used: the folder cannot be written (EPERM)`);
    } finally {
      execFileSync('chattr', ['-i', frozen]);
    }
  });

  it('refuses kernel file systems such as /proc and /sys instead of spinning there', async () => {
    expect(oneLineFailure(await startBot({ DATA_DIR: '/proc/self/change-bot' }))).toMatch(
      /^DATA_DIR \/proc\/self\/change-bot is on a kernel file system \(proc\)/,
    );
    expect(oneLineFailure(await startBot({ DATA_DIR: '/sys/kernel' }))).toContain('(sysfs)');
  });
});

describe('other start-up failures are one line and exit code 2 too', () => {
  it('a PORT another program listens on (EADDRINUSE)', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const dataDir = path.join(scratch, 'port-data');
      const line = oneLineFailure(await startBot({ DATA_DIR: dataDir, PORT: String(port) }));
      expect(line).toMatch(new RegExp(`^PORT ${port} is already in use on 127\\.0\\.0\\.1 \\(EADDRINUSE\\)`));
    } finally {
      holder.close();
    }
  });

  it('a bad variable, named with its fix', async () => {
    const line = oneLineFailure(
      await startBot({ DATA_DIR: path.join(scratch, 'var-data'), STATUS_PAGE: 'maybe' }),
    );
    expect(line).toBe(
      'Configuration error in STATUS_PAGE: "maybe" is neither on nor off. Set STATUS_PAGE=on or STATUS_PAGE=off (true and false work too; off when unset).',
    );
  });

  it('local mode where it is refused (the container image sets LOCAL_MODE=refuse)', async () => {
    const line = oneLineFailure(
      await startBot({ DATA_DIR: path.join(scratch, 'ctr-data'), LOCAL_MODE: 'refuse' }),
    );
    expect(line).toMatch(
      /^Configuration error in MicrosoftAppId: is not set, and this installation refuses local mode/,
    );
  });
});
