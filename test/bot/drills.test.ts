import { buttonData, visibleText, verbsOf } from './support/cards';
import { answeredCard, answeredMessage, ask, createChange } from './support/flows';
import { implementer, startHarness, START_TIME, type Harness } from './support/harness';

/**
 * `drill <service>` on the real bot (restify on loopback, the JSON store on disk), timed on the harness's
 * fake clock: no test here waits for real time to pass.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const MINUTE = 60_000;

async function drill(minutes: number, startAt: Date, outcome: 'restored' | 'abandoned' = 'restored') {
  h.setNow(startAt);
  const opened = await ask(h, implementer, 'drill');
  const at = { replyToId: opened.cardActivityId, rootId: opened.rootId };
  const started = answeredCard(
    await h.press(
      implementer,
      'drill.started',
      { ...buttonData(opened.card, 'drill.started'), drillPath: 'Data snapshot' },
      at,
    ),
  );
  h.setNow(new Date(startAt.getTime() + minutes * MINUTE));
  const verb = `drill.${outcome}`;
  const finished = answeredCard(
    await h.press(implementer, verb, { ...buttonData(started, verb), drillNote: 'NAS was slow' }, at),
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
});
