/**
 * The window's silence in a REAL Alertmanager (Debian's prometheus-alertmanager, started here on a free port
 * with a temporary configuration and storage), set by the running bot (startBot over restify, the scheduler
 * ticked on a fake clock): active with the service's matchers until the window's end once the window starts,
 * moved by an extension under the same id, and expired when the implementer reports the change done.
 *
 * Alertmanager judges a silence by its own clock, so the fake clock runs a few minutes behind the real one:
 * the window starts 10 minutes ago and ends an hour from now. Without the binary the test is skipped, except
 * under CI=true, where it fails (scripts/install-alertmanager.sh installs it).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { summaryView } from '../../src/cards/views/summary';
import { tickAt } from '../bot/support/flows';
import { implementer, startHarness, type Harness } from '../bot/support/harness';
import { press, runToStart } from './support/lifecycle';

const BINARY = 'prometheus-alertmanager';
const hasBinary = spawnSync('sh', ['-c', `command -v ${BINARY}`], { stdio: 'ignore' }).status === 0;
if (!hasBinary && process.env.CI === 'true') {
  throw new Error(
    `CI=true but ${BINARY} is missing: scripts/install-alertmanager.sh installs it (Debian package prometheus-alertmanager).`,
  );
}
if (!hasBinary) {
  console.warn(
    `Skipping the Alertmanager test: ${BINARY} is not installed (apt-get install prometheus-alertmanager).`,
  );
}

const MINUTE = 60_000;
const MATCHERS = [
  { name: 'service', value: 'moodle', isRegex: false },
  { name: 'instance', value: 'hannibal.*', isRegex: true },
];

interface Silence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  startsAt: string;
  endsAt: string;
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function startAlertmanager(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  await fs.writeFile(path.join(dir, 'am.yml'), 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
  const child = spawn(
    BINARY,
    [
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      `--storage.path=${dir}`,
      `--config.file=${path.join(dir, 'am.yml')}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 100; tries += 1) {
    if (child.exitCode !== null) throw new Error(`Alertmanager exited: ${log}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Alertmanager did not get ready: ${log}`);
}

async function silences(url: string): Promise<Silence[]> {
  const response = await fetch(`${url}/api/v2/silences`);
  expect(response.ok).toBe(true);
  return (await response.json()) as Silence[];
}

function zurichForm(start: Date, end: Date): Record<string, string> {
  const at = (instant: Date) => DateTime.fromJSDate(instant, { zone: 'Europe/Zurich' });
  return {
    startDate: at(start).toFormat('yyyy-MM-dd'),
    startTime: at(start).toFormat('HH:mm'),
    endDate: at(end).toFormat('yyyy-MM-dd'),
    endTime: at(end).toFormat('HH:mm'),
  };
}

(hasBinary ? describe : describe.skip)('the window silenced in a real Alertmanager', () => {
  let dir: string;
  let am: { url: string; child: ChildProcess };
  let h: Harness;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-am-'));
    am = await startAlertmanager(dir);
  });

  afterAll(async () => {
    await h?.stop();
    if (am?.child.exitCode === null) {
      const exited = new Promise((resolve) => am.child.once('exit', resolve));
      am.child.kill('SIGTERM');
      await exited;
    }
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates the silence at the start, extends it with the window, expires it at the end', async () => {
    const realMinute = Math.floor(Date.now() / MINUTE) * MINUTE;
    const start = new Date(realMinute - 10 * MINUTE);
    const end = new Date(realMinute + 60 * MINUTE);
    h = await startHarness({
      processOverrides: {
        leadTime: 'PT60S',
        before: { preparation: 'PT60S', precheck: 'PT50S', goNoGo: 'PT40S', reminder: 'PT25S' },
      },
      serviceOverrides: {
        snapshot: { duration: 'PT1M', margin: 'PT1M' },
        alertmanager: { url: am.url, matchers: MATCHERS },
      },
    });
    h.setNow(new Date(start.getTime() - 5 * MINUTE));
    const id = await runToStart(h, zurichForm(start, end));

    // Under way: one active silence with the service's matchers, until the window's end.
    const [created] = await silences(am.url);
    expect(created).toMatchObject({ status: { state: 'active' }, endsAt: end.toISOString() });
    expect(created!.matchers).toEqual(MATCHERS.map((m) => ({ ...m, isEqual: true })));
    const stored = await h.change(id);
    const silenceEntry = stored.outbox.find((entry) => entry.effect.to.kind === 'silence');
    expect(silenceEntry).toMatchObject({ state: 'sent', silenceId: created!.id });
    expect(summaryView(stored, h.process, { now: h.now() }).silenceUrl).toBe(
      `${am.url}/#/silences/${created!.id}`,
    );

    // Extended by 30 minutes: the same silence, its end moved with the window's.
    await press(h, id, implementer, 'extend', { extraMinutes: '30' });
    await tickAt(h, new Date(h.now().getTime() + MINUTE));
    const afterExtend = await silences(am.url);
    expect(afterExtend).toHaveLength(1);
    expect(afterExtend[0]).toMatchObject({
      id: created!.id,
      status: { state: 'active' },
      endsAt: new Date(end.getTime() + 30 * MINUTE).toISOString(),
    });

    // Done before the end: the silence is expired, nothing stays silenced.
    await press(h, id, implementer, 'done');
    await tickAt(h, new Date(h.now().getTime() + MINUTE));
    const afterEnd = await silences(am.url);
    expect(afterEnd.filter((silence) => silence.status.state !== 'expired')).toEqual([]);
    expect(afterEnd.map((silence) => silence.id)).toContain(created!.id);
    const final = await h.change(id);
    expect(final.status).toBe('completed');
    expect(
      final.outbox
        .filter((entry) => entry.effect.to.kind === 'silence')
        .map((entry) => [entry.effect.to, entry.state]),
    ).toEqual([
      [{ kind: 'silence', action: 'create' }, 'sent'],
      [{ kind: 'silence', action: 'extend' }, 'sent'],
      [{ kind: 'silence', action: 'expire' }, 'sent'],
    ]);
  });
});
