import { buttonData, visibleText, verbsOf } from './support/cards';
import { answeredCard, answeredMessage, ask, createChange } from './support/flows';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KEEP_FINISHED } from '../../src/domain/drills';
import { approverEntries } from '../support/processJson';
import {
  approver,
  implementer,
  startHarness,
  START_TIME,
  stranger,
  writeTestProcessFile,
  type Harness,
  type Person,
} from './support/harness';

/**
 * `drill <service>` on the real bot (restify on loopback, the JSON store on disk), timed on the harness's
 * fake clock: no test here waits for real time to pass.
 */
let h: Harness;
let dir: string;
beforeEach(async () => {
  // The implementer runs the drills here as one of the people the process file names for them.
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-drills-'));
  const processFile = await writeTestProcessFile(dir, {}, { drillers: approverEntries([implementer]) });
  h = await startHarness({ env: { PROCESS_FILE: processFile } });
});
afterEach(async () => {
  await h.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const MINUTE = 60_000;

async function drill(
  minutes: number,
  startAt: Date,
  outcome: 'restored' | 'abandoned' = 'restored',
  by: Person = implementer,
) {
  h.setNow(startAt);
  const opened = await ask(h, by, 'drill');
  const at = { replyToId: opened.cardActivityId, rootId: opened.rootId };
  const started = answeredCard(
    await h.press(
      by,
      'drill.started',
      { ...buttonData(opened.card, 'drill.started'), drillPath: 'Data snapshot' },
      at,
    ),
  );
  h.setNow(new Date(startAt.getTime() + minutes * MINUTE));
  const verb = `drill.${outcome}`;
  const finished = answeredCard(
    await h.press(by, verb, { ...buttonData(started, verb), drillNote: 'NAS was slow' }, at),
  );
  return { opened: opened.card, started, finished, at };
}

describe('restore drills', () => {
  it('`drill` alone (one service): a card with the restore paths and a Started button', async () => {
    const { card } = await ask(h, implementer, 'drill');
    const text = visibleText(card);
    expect(text).toContain('Restore drill · ISC Learn Platform');
    expect(text).toContain('Data snapshot (process file: 1 h; never drilled)');
    expect(text).toContain(
      'NAS backup (SSD NAS or small desktop NAS) (process file: no figure; never drilled)',
    );
    expect(verbsOf(card)).toEqual(['drill.started']);
  });

  it('an unknown service name gets a usage line listing the services', async () => {
    const { card } = await ask(h, implementer, 'drill Moodel');
    expect(visibleText(card)).toContain(
      'There is no service "Moodel" in the process file. Type one of: "drill ISC Learn Platform".',
    );
    // The name is matched whatever its case.
    const named = await ask(h, implementer, 'drill isc learn platform');
    expect(verbsOf(named.card)).toEqual(['drill.started']);
  });

  it('Started then Restored 52 min later on the fake clock: 52 min measured and stored', async () => {
    const { finished } = await drill(52, new Date('2026-10-03T08:00:00Z'));
    expect(visibleText(finished)).toContain('Restored: 52 min');
    expect(visibleText(finished)).toContain('Note: NAS was slow');
    expect(verbsOf(finished)).toEqual([]);
    // A new drill card shows the last one next to the process figure (read back from the store).
    const next = await ask(h, implementer, 'drill');
    expect(visibleText(next.card)).toContain(
      'Data snapshot (process file: 1 h; last drill: 52 min on Sat 3 Oct 2026)',
    );
  });

  it('an abandoned drill is not counted, and a late Restored press shows the drill as it is', async () => {
    const { opened, finished, at } = await drill(200, new Date('2026-10-03T08:00:00Z'), 'abandoned');
    expect(visibleText(finished)).toContain('Abandoned');
    const { drillId } = buttonData(opened, 'drill.started');
    const late = answeredCard(await h.press(implementer, 'drill.restored', { drillId }, at));
    expect(visibleText(late)).toContain('Abandoned');
    const next = await ask(h, implementer, 'drill');
    expect(visibleText(next.card)).toContain('Data snapshot (process file: 1 h; never drilled)');
  });

  it('Restored before Started is refused with what to do; a button without a drill id too', async () => {
    const opened = await ask(h, implementer, 'drill');
    const drillId = buttonData(opened.card, 'drill.started').drillId;
    const early = await h.press(implementer, 'drill.restored', { drillId });
    expect(answeredMessage(early)).toBe('Press Started first: the drill is timed from there.');
    const bad = await h.press(implementer, 'drill.started', { drillId: '../../etc' });
    expect(answeredMessage(bad)).toContain('This button does not name a drill');
  });

  it('three slow drills (median 75 min over a 60 min figure): `show` says so', async () => {
    h.setNow(START_TIME);
    const created = await createChange(h);
    await drill(70, new Date('2026-03-03T08:00:00Z'));
    await drill(75, new Date('2026-03-04T08:00:00Z'));
    await drill(80, new Date('2026-03-05T08:00:00Z'));
    const shown = await ask(h, implementer, `show ${created.id}`);
    expect(visibleText(shown.card)).toContain(
      'Restore drills of Data snapshot take longer than the process file says: the median of the last 3 drills is 1 h 15 min',
    );
  });

  it('a stranger may neither start a drill nor press on one; an approver may, without being named a driller', async () => {
    const refused = await ask(h, stranger, 'drill');
    expect(visibleText(refused.card)).toContain(
      'Only the approvers of ISC Learn Platform and the people its process file names for drills may start or finish one (Alice Approver, Bruno Approver, Ines Implementer)',
    );
    const opened = await ask(h, implementer, 'drill');
    const drillId = buttonData(opened.card, 'drill.started').drillId as string;
    const pressed = await h.press(stranger, 'drill.started', { drillId, drillPath: 'Data snapshot' });
    expect(answeredMessage(pressed)).toContain('Only the approvers of ISC Learn Platform');
    const stored = await h.store.drills.get(drillId);
    expect(stored?.value.state).toBe('ready');
    const { finished } = await drill(40, new Date('2026-10-03T08:00:00Z'), 'restored', approver);
    expect(visibleText(finished)).toContain('Restored: 40 min');
  });

  it('one open drill per service: `drill` again shows the open one; once finished, a new one', async () => {
    const first = buttonData((await ask(h, implementer, 'drill')).card, 'drill.started').drillId;
    const again = buttonData((await ask(h, approver, 'drill')).card, 'drill.started').drillId;
    expect(again).toBe(first);
    const { opened } = await drill(30, new Date('2026-10-03T08:00:00Z'));
    expect(buttonData(opened, 'drill.started').drillId).toBe(first);
    const next = buttonData((await ask(h, implementer, 'drill')).card, 'drill.started').drillId;
    expect(next).not.toBe(first);
    const drills = await h.store.drills.list();
    expect(drills).toHaveLength(2);
  });

  it(`records are bounded: after ${KEEP_FINISHED + 5} drills of one path, the last ${KEEP_FINISHED} are kept`, async () => {
    for (let day = 0; day < KEEP_FINISHED + 5; day++) {
      await drill(50 + day, new Date(Date.parse('2026-10-01T08:00:00Z') + day * 86_400_000));
    }
    const drills = await h.store.drills.list();
    expect(drills).toHaveLength(KEEP_FINISHED);
    // The latest is kept: a new drill card shows it.
    const next = await ask(h, implementer, 'drill');
    expect(visibleText(next.card)).toContain('last drill: 1 h 14 min on Sun 25 Oct 2026');
  });
});
