import { approver, ownersList } from '../domain/support';
import { MINUTE, schedulerFixture, zurich, type SchedulerFixture } from './support/schedulerFixture';

/** The window of every test: Sat 19 Jun 2027, 18:00–20:00 in Zurich; created 30 days before. */
const WINDOW = '2027-06-19 18:00';
const CREATED = zurich('2027-05-20 18:00');

function sent(f: SchedulerFixture): string[] {
  return [...f.poster.calls, ...f.mailer.calls]
    .filter((call) => call.outcome === 'ok')
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((call) => `${call.notice}→${call.to}${call.late ? ' (late)' : ''}`);
}

describe('scheduler tick', () => {
  let f: SchedulerFixture;
  afterEach(async () => f.close());

  it("doesn't send twice when the system clock reverses", async () => {
    f = await schedulerFixture(CREATED);
    const id = await f.create(WINDOW);
    await f.runUntil(zurich('2027-05-29 18:00')); // D-21: preparation
    expect(sent(f)).toEqual(['created→channel', 'preparation→implementer', 'preparation→personal']);

    f.setNow(zurich('2027-05-29 17:00')); // NTP steps the clock back an hour
    await f.tick();
    await f.runUntil(zurich('2027-05-29 19:30'));
    expect(sent(f)).toEqual(['created→channel', 'preparation→implementer', 'preparation→personal']);
    const handled = (await f.change(id)).history.filter((h) => h.event.startsWith('milestone'));
    expect(handled.map((h) => [h.event, h.accepted])).toEqual([['milestone.preparation', true]]);
  });

  it('joins a tick that is still running instead of running a second one beside it', async () => {
    f = await schedulerFixture(CREATED);
    const id = await f.create(WINDOW);
    f.setNow(zurich('2027-05-29 18:00'));
    await Promise.all([f.tick(), f.tick(), f.tick()]);
    // A second tick beside the first would have tried the milestone again (a refused line in the history).
    const lines = (await f.change(id)).history.filter((h) => h.event.startsWith('milestone'));
    expect(lines.map((h) => h.accepted)).toEqual([true]);
    expect(sent(f)).toEqual(['created→channel', 'preparation→implementer', 'preparation→personal']);
  });

  it('catches up after 3 days offline before the window: the GO/NOGO card goes out once, marked late', async () => {
    f = await schedulerFixture(CREATED);
    const id = await f.create(WINDOW);
    await f.runUntil(zurich('2027-06-11 12:00')); // D-8: offline from here
    await f.restart();
    f.setNow(zurich('2027-06-14 12:00')); // back three days later; GO/NOGO was due on the 12th, 18:00
    await f.tick();
    await f.runUntil(zurich('2027-06-14 18:00'));

    expect(sent(f)).toEqual([
      'created→channel',
      'preparation→implementer',
      'preparation→personal',
      'precheck→approvers',
      'precheck→personal',
      'precheck→personal',
      'goNoGo→approvers (late)',
      'goNoGo→personal (late)',
      'goNoGo→personal (late)',
    ]);
    const goNoGo = (await f.change(id)).milestones.goNoGo;
    expect(goNoGo).toMatchObject({
      state: 'done',
      late: true,
      handledAt: zurich('2027-06-14 12:00').toISOString(),
    });
  });

  it('catches up after 3 days offline across the start: in order, once, late; the rest recorded as skipped', async () => {
    f = await schedulerFixture(CREATED);
    const id = await f.create(WINDOW);
    await f.runUntil(zurich('2027-06-12 18:00'));
    await f.lifecycle.act(id, { event: { type: 'go' }, by: approver });
    await f.settle();
    await f.runUntil(zurich('2027-06-17 18:00')); // D-2: offline from here
    const before = sent(f).length;

    await f.restart();
    f.setNow(zurich('2027-06-20 18:00')); // back three days later, a day after the window
    await f.tick();
    await f.runUntil(zurich('2027-06-21 18:00'));

    expect(sent(f).slice(before)).toEqual([
      'start→channel (late)',
      'control→implementer (late)',
      'control→personal (late)',
      'decision→implementer (late)',
      'decision→personal (late)',
      'start→mail (late)',
    ]);
    // Teams in milestone order; the mail lane runs beside it.
    const thread = f.poster.calls.filter((c) => c.to !== 'personal');
    expect(thread.slice(-3).map((c) => c.notice)).toEqual(['start', 'control', 'decision']);
    const change = await f.change(id);
    expect(change.milestones.reminder).toMatchObject({
      state: 'skipped',
      reason: 'the window had already started',
    });
    expect(change.milestones.snapshot).toMatchObject({
      state: 'skipped',
      reason: 'the window had already started',
    });
    expect(change.milestones.start).toMatchObject({ state: 'done', late: true });
    expect(change.milestones.decision).toMatchObject({ state: 'done', late: true });
    const caughtUp = change.history.filter((h) => h.at === zurich('2027-06-20 18:00').toISOString());
    expect(caughtUp.map((h) => [h.event, h.note])).toEqual([
      ['milestone.reminder', 'skipped: the window had already started'],
      ['milestone.snapshot', 'skipped: the window had already started'],
      ['milestone.start', 'sent late'],
      ['milestone.decision', 'sent late'],
    ]);
  });

  it('blocks a change with no GO by D-1 and tells the implementer and the approvers', async () => {
    f = await schedulerFixture(CREATED);
    const id = await f.create(WINDOW);
    await f.runUntil(zurich('2027-06-19 20:00'));

    expect(sent(f)).toEqual([
      'created→channel',
      'preparation→implementer',
      'preparation→personal',
      'precheck→approvers',
      'precheck→personal',
      'precheck→personal',
      'goNoGo→approvers',
      'goNoGo→personal',
      'goNoGo→personal',
      'blocked→implementer',
      'blocked→personal',
      'blocked→personal',
      'blocked→personal',
      'blocked→mail',
    ]);
    const blockedMail = f.mailer.calls.find((c) => c.notice === 'blocked')!;
    expect([...blockedMail.recipients!].sort().join(', ')).toBe(ownersList());
    expect(blockedMail.at).toEqual(zurich('2027-06-18 18:00'));
    const change = await f.change(id);
    expect(change.status).toBe('blocked');
    expect(change.milestones.start).toMatchObject({ state: 'skipped', reason: 'the change was blocked' });
  });

  it('stays quiet between due times: nothing is sent before it is due', async () => {
    f = await schedulerFixture(CREATED);
    await f.create(WINDOW);
    await f.runUntil(new Date(zurich('2027-05-29 18:00').getTime() - MINUTE));
    expect(sent(f)).toEqual(['created→channel']);
    await f.runUntil(zurich('2027-05-29 18:00'));
    expect(f.poster.calls.at(-1)).toMatchObject({ notice: 'preparation', at: zurich('2027-05-29 18:00') });
  });
});
