import type { Change } from '../../src/domain/change';
import type { ChangeEvent } from '../../src/domain/events';
import { checkWindow } from '../../src/domain/request';
import { planMilestones } from '../../src/domain/schedule';
import {
  accepted,
  act,
  approvedChange,
  approver,
  describeEffects,
  dueOf,
  implementer,
  newChange,
  ownersList,
  publicAudience,
  refused,
  runningChange,
  secondApprover,
  testProcess,
  tick,
  withoutHistory,
  zurich,
} from './support';

const process = testProcess();
const START = '2027-06-19 18:00';
/** A week after the form was sent, three weeks before the window. */
const LATER = '2027-05-27 09:00';

function planned(): Change {
  return newChange(START).change;
}

/** Asserts that a refusal appended exactly one history line and touched nothing else. */
function expectOnlyHistoryLine(
  before: Change,
  after: Change,
  event: ChangeEvent['type'],
  note: string,
): void {
  expect(withoutHistory(after)).toEqual(withoutHistory(before));
  expect(after.history).toHaveLength(before.history.length + 1);
  expect(after.history.at(-1)).toMatchObject({ event, accepted: false, note, revision: before.revision });
}

describe('prep.check', () => {
  it('ticks an item with who and when, and unticks it', () => {
    const change = planned();
    const ticked = accepted(
      act(change, { type: 'prep.check', item: 'tests', checked: true }, implementer, LATER, {
        source: 'preparation',
      }),
    );
    expect(ticked.effects).toEqual([]);
    expect(ticked.change.revision).toBe(2);
    expect(ticked.change.preparation.find((item) => item.id === 'tests')).toEqual({
      id: 'tests',
      label: 'Validation tests written (it worked, nothing broke)',
      checked: true,
      by: implementer.name,
      at: zurich(LATER).toISOString(),
    });
    expect(ticked.change.history.at(-1)).toMatchObject({
      event: 'prep.check',
      accepted: true,
      revision: 2,
      source: 'preparation',
      note: 'ticked "Validation tests written (it worked, nothing broke)"',
    });
    const unticked = accepted(
      act(ticked.change, { type: 'prep.check', item: 'tests', checked: false }, implementer, LATER),
    ).change;
    const item = unticked.preparation.find((candidate) => candidate.id === 'tests');
    expect(item).toMatchObject({ checked: false });
    expect(item?.by).toBeUndefined();
    expect(item?.at).toBeUndefined();
  });

  it('refuses to tick an item that is already ticked (a repeated press)', () => {
    const once = accepted(
      act(planned(), { type: 'prep.check', item: 'window', checked: true }, implementer, LATER),
    );
    const twice = refused(
      act(once.change, { type: 'prep.check', item: 'window', checked: true }, implementer, LATER),
      'state',
    );
    expect(twice.message).toBe('"Time window estimated" is already ticked.');
  });

  it('accepts an explicit tick from an older card: it cannot apply twice', () => {
    const once = accepted(
      act(planned(), { type: 'prep.check', item: 'window', checked: true }, implementer, LATER),
    );
    const other = act(once.change, { type: 'prep.check', item: 'tests', checked: true }, implementer, LATER, {
      revision: 1,
    });
    expect(accepted(other).change.preparation.filter((item) => item.checked)).toHaveLength(2);
  });

  it('toggles an item when the press does not say which way', () => {
    const on = accepted(act(planned(), { type: 'prep.check', item: 'prepare' }, implementer, LATER)).change;
    expect(on.preparation[0]).toMatchObject({ id: 'prepare', checked: true });
    const off = accepted(act(on, { type: 'prep.check', item: 'prepare' }, implementer, LATER)).change;
    expect(off.preparation[0]).toMatchObject({ id: 'prepare', checked: false });
  });

  it('refuses a toggle from a stale card, which would undo the other press', () => {
    const on = accepted(act(planned(), { type: 'prep.check', item: 'prepare' }, implementer, LATER)).change;
    const stale = refused(
      act(on, { type: 'prep.check', item: 'prepare' }, implementer, LATER, { revision: 1 }),
      'stale',
    );
    expect(stale.message).toMatch(/^That card was out of date \(CHG-2027-001 changed since\)/);
    expectOnlyHistoryLine(on, stale.change, 'prep.check', stale.message);
  });

  it('refuses an unknown item', () => {
    const change = planned();
    const result = refused(
      act(change, { type: 'prep.check', item: 'nope', checked: true }, implementer, LATER),
      'invalid',
    );
    expect(result.message).toBe('The checklist of CHG-2027-001 has no item "nope".');
    expectOnlyHistoryLine(change, result.change, 'prep.check', result.message);
  });

  it('is closed once the window runs', () => {
    const running = runningChange();
    const result = act(
      running,
      { type: 'prep.check', item: 'tests', checked: true },
      implementer,
      '2027-06-19 18:05',
    );
    expect(refused(result, 'state').message).toBe(
      'CHG-2027-001 is running, so ticking the preparation checklist is not possible now.',
    );
  });
});

describe('pre-check', () => {
  it('records the pre-check as done and tells the thread', () => {
    const result = accepted(act(planned(), { type: 'precheck.done' }, approver, '2027-06-07 10:00'));
    expect(result.change.precheck).toEqual({
      state: 'done',
      by: approver,
      at: zurich('2027-06-07 10:00').toISOString(),
    });
    expect(describeEffects(result.effects)).toEqual(['precheckRecorded → thread']);
  });

  it('refuses a second pre-check done, naming who did it', () => {
    const done = accepted(act(planned(), { type: 'precheck.done' }, approver, '2027-06-07 10:00')).change;
    const again = refused(act(done, { type: 'precheck.done' }, secondApprover, '2027-06-07 11:00'), 'state');
    expect(again.message).toBe(
      'The pre-check was already recorded as done by Alice Approver (Mon 7 Jun, 10:00).',
    );
  });

  it('requires a comment for corrections', () => {
    const change = planned();
    for (const comment of ['', '   \n ']) {
      const result = refused(
        act(change, { type: 'precheck.corrections', comment }, approver, LATER),
        'invalid',
      );
      expect(result.message).toBe(
        'Say what needs correcting in the comment box, then press Needs corrections again.',
      );
      expectOnlyHistoryLine(change, result.change, 'precheck.corrections', result.message);
    }
    const long = refused(
      act(change, { type: 'precheck.corrections', comment: 'x'.repeat(1001) }, approver, LATER),
      'invalid',
    );
    expect(long.message).toBe('The comment is too long (at most 1000 characters).');
  });

  it('reopens the preparation checklist on corrections and tells the implementer', () => {
    let change = planned();
    for (const item of ['prepare', 'tests', 'window']) {
      change = accepted(act(change, { type: 'prep.check', item, checked: true }, implementer, LATER)).change;
    }
    const result = accepted(
      act(
        change,
        { type: 'precheck.corrections', comment: '  Add a test for the SSO login.  ' },
        approver,
        LATER,
      ),
    );
    expect(result.change.precheck).toMatchObject({
      state: 'corrections',
      comment: 'Add a test for the SSO login.',
      by: approver,
    });
    expect(result.change.preparation.map((item) => item.checked)).toEqual([false, false, false]);
    expect(result.change.preparation.every((item) => item.by === undefined && item.at === undefined)).toBe(
      true,
    );
    expect(describeEffects(result.effects)).toEqual(['precheckRecorded → implementer']);
    expect(result.change.history.at(-1)?.note).toBe('Add a test for the SSO login.');
    // After the corrections, the pre-check can be recorded as done.
    expect(
      accepted(act(result.change, { type: 'precheck.done' }, approver, LATER)).change.precheck.state,
    ).toBe('done');
  });

  it('refuses corrections from a card older than corrections another approver asked for', () => {
    const change = accepted(
      act(planned(), { type: 'precheck.corrections', comment: 'Add the SSO test' }, secondApprover, LATER),
    ).change;
    const result = act(change, { type: 'precheck.corrections', comment: 'Fix it' }, approver, LATER, {
      revision: 1,
    });
    expect(refused(result, 'stale').message).toContain(
      'Bruno Approver sent the pre-check back for corrections',
    );
    expect(result.change.precheck.comment).toBe('Add the SSO test');
  });

  it('takes corrections from a card older than a checklist tick (a tick changes nothing it decides on)', () => {
    const change = accepted(act(planned(), { type: 'prep.check', item: 'tests' }, implementer, LATER)).change;
    const result = act(change, { type: 'precheck.corrections', comment: 'Fix it' }, approver, LATER, {
      revision: 1,
    });
    expect(accepted(result).change.precheck.state).toBe('corrections');
  });

  it('is only possible while the change is planned', () => {
    const approved = approvedChange();
    expect(
      refused(act(approved, { type: 'precheck.done' }, approver, '2027-06-13 09:00'), 'state').message,
    ).toBe('CHG-2027-001 is approved (GO given), so recording the pre-check is not possible now.');
  });
});

describe('GO / NOGO', () => {
  it('GO approves and announces to the channel and by mail with a calendar request', () => {
    const result = accepted(act(planned(), { type: 'go' }, secondApprover, '2027-06-12 18:05'));
    expect(result.change).toMatchObject({
      status: 'approved',
      announced: true,
      decision: { verdict: 'go', by: secondApprover, at: zurich('2027-06-12 18:05').toISOString() },
    });
    expect(describeEffects(result.effects)).toEqual([
      'announcement → channel',
      `announcement → mail[request] ${publicAudience()}`,
    ]);
  });

  it('NOGO needs a reason; without one nothing changes', () => {
    const change = planned();
    const result = refused(act(change, { type: 'nogo', reason: '  ' }, approver, LATER), 'invalid');
    expect(result.message).toBe('A NOGO needs a reason: write it in the reason box, then press NOGO again.');
    expectOnlyHistoryLine(change, result.change, 'nogo', result.message);
    const long = refused(act(change, { type: 'nogo', reason: 'r'.repeat(1001) }, approver, LATER), 'invalid');
    expect(long.message).toBe('The reason is too long (at most 1000 characters).');
  });

  it('NOGO stops the change, tells the implementer why, and announces nothing', () => {
    const result = accepted(act(planned(), { type: 'nogo', reason: 'Exams that week.' }, approver, LATER));
    expect(result.change).toMatchObject({
      status: 'rejected',
      announced: false,
      decision: { verdict: 'nogo', by: approver, reason: 'Exams that week.' },
    });
    expect(describeEffects(result.effects)).toEqual(['nogo → implementer']);
    expect(result.change.history.at(-1)?.note).toBe('Exams that week.');
  });

  it.each([
    ['implementer', implementer],
    ['a channel member', { aadObjectId: 'dddddddd-0000-4000-8000-000000000009', name: 'Alice Approver' }],
  ])('refuses GO and NOGO from %s, and the card is unchanged', (_who, actor) => {
    const change = planned();
    for (const event of [{ type: 'go' }, { type: 'nogo', reason: 'no' }] as const) {
      const result = refused(act(change, event, actor, LATER), 'forbidden');
      expect(result.message).toBe(
        'Only an approver (Alice Approver, Bruno Approver) can do this; ask them to press the button.',
      );
      if (actor === implementer) expectOnlyHistoryLine(change, result.change, event.type, result.message);
      // A channel member has no role on the change: nothing is stored (the lifecycle logs it).
      else expect(result.change).toBe(change);
    }
  });

  it('refuses a second decision, naming who decided and when', () => {
    const approved = accepted(act(planned(), { type: 'go' }, approver, '2027-06-13 08:30')).change;
    const secondGo = refused(act(approved, { type: 'go' }, secondApprover, '2027-06-13 08:31'), 'state');
    expect(secondGo.message).toBe('Alice Approver already decided GO for CHG-2027-001 (Sun 13 Jun, 08:30).');
    const lateNogo = refused(
      act(approved, { type: 'nogo', reason: 'wait' }, secondApprover, '2027-06-13 08:31'),
      'state',
    );
    expect(lateNogo.message).toBe(secondGo.message);
    expectOnlyHistoryLine(approved, lateNogo.change, 'nogo', lateNogo.message);

    const rejected = accepted(
      act(planned(), { type: 'nogo', reason: 'Exams' }, secondApprover, '2027-06-13 08:30'),
    ).change;
    expect(refused(act(rejected, { type: 'go' }, approver, '2027-06-13 09:00'), 'state').message).toBe(
      'Bruno Approver already decided NOGO for CHG-2027-001 (Sun 13 Jun, 08:30).',
    );
  });

  it('a GO pressed twice from the same card is refused, not announced twice', () => {
    const change = planned();
    const first = accepted(act(change, { type: 'go' }, approver, LATER, { revision: change.revision }));
    const second = act(first.change, { type: 'go' }, approver, LATER, { revision: change.revision });
    expect(second.accepted).toBe(false);
  });
});

describe('cancel', () => {
  it('before the announcement, tells the thread only and skips every pending milestone', () => {
    const change = accepted(tick(planned(), 'preparation')).change;
    const result = accepted(act(change, { type: 'cancel', reason: ' Budget moved. ' }, implementer, LATER));
    expect(describeEffects(result.effects)).toEqual(['cancellation → thread']);
    expect(result.change).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Budget moved.',
      calendarSequence: 0,
    });
    expect(result.change.milestones.preparation.state).toBe('done');
    for (const name of ['precheck', 'goNoGo', 'reminder', 'snapshot', 'start', 'decision'] as const) {
      expect(result.change.milestones[name]).toMatchObject({ state: 'skipped', reason: 'cancelled' });
    }
  });

  it('after the announcement, sends the cancellation to the channel and by mail with a calendar cancel', () => {
    const approved = approvedChange();
    const result = accepted(act(approved, { type: 'cancel' }, approver, '2027-06-14 09:00'));
    expect(describeEffects(result.effects)).toEqual([
      'cancellation → channel',
      `cancellation → mail[cancel] ${publicAudience()}`,
    ]);
    expect(result.change.calendarSequence).toBe(approved.calendarSequence + 1);
    expect(result.change.cancelReason).toBeUndefined();
  });

  it('is possible after a NOGO and when blocked', () => {
    const rejected = accepted(act(planned(), { type: 'nogo', reason: 'No' }, approver, LATER)).change;
    expect(accepted(act(rejected, { type: 'cancel' }, implementer, LATER)).change.status).toBe('cancelled');
    const blocked = accepted(tick(planned(), 'reminder')).change;
    expect(blocked.status).toBe('blocked');
    expect(accepted(act(blocked, { type: 'cancel' }, implementer, '2027-06-18 19:00')).change.status).toBe(
      'cancelled',
    );
  });

  it('is refused once the window started', () => {
    const running = runningChange();
    const result = refused(act(running, { type: 'cancel' }, implementer, '2027-06-19 18:10'), 'state');
    expect(result.message).toBe(
      'CHG-2027-001 has already started; finish it with Done, Extend or Declare incident instead of cancelling.',
    );
    expectOnlyHistoryLine(running, result.change, 'cancel', result.message);
  });

  it('refuses a reason that is too long', () => {
    expect(
      refused(act(planned(), { type: 'cancel', reason: 'r'.repeat(1001) }, implementer, LATER), 'invalid')
        .message,
    ).toBe('The reason is too long (at most 1000 characters).');
  });
});

describe('reschedule', () => {
  const now = zurich(LATER);
  function newWindow(start: string, end: string) {
    const [startDate, startTime] = start.split(' ');
    const [endDate, endTime] = end.split(' ');
    const checked = checkWindow({ startDate, startTime, endDate, endTime }, false, process, now);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    return checked.window;
  }

  it('brings a NOGO-ed change back to planned with recomputed milestones; GO then works again', () => {
    const rejected = accepted(
      act(planned(), { type: 'nogo', reason: 'Exams that week.' }, approver, LATER),
    ).change;
    const window = newWindow('2027-07-03 18:00', '2027-07-03 21:00');
    const result = accepted(
      act(
        rejected,
        { type: 'reschedule', window, expedited: false, overlaps: ['CHG-2027-004'] },
        implementer,
        LATER,
      ),
    );
    expect(describeEffects(result.effects)).toEqual(['rescheduled → thread']);
    const moved = result.change;
    expect(moved).toMatchObject({
      status: 'planned',
      window,
      plannedEnd: window.end,
      overlaps: ['CHG-2027-004'],
    });
    expect(moved.decision).toBeUndefined();
    expect(moved.calendarSequence).toBe(0);
    expect(moved.milestones).toEqual(planMilestones(window, process, now));
    expect(moved.milestones.goNoGo.due).toBe(zurich('2027-06-26 18:00').toISOString());
    expect(moved.history.at(-1)?.note).toBe('new window Sat 3 Jul, 18:00 → Sat 3 Jul, 21:00');

    const asked = accepted(tick(moved, 'goNoGo'));
    expect(describeEffects(asked.effects)).toEqual(['goNoGo → approvers']);
    const approved = accepted(act(asked.change, { type: 'go' }, approver, dueOf(moved, 'goNoGo')));
    expect(approved.change.status).toBe('approved');
    expect(describeEffects(approved.effects)[0]).toBe('announcement → channel');
  });

  it('moves an announced change: the audience gets the new window with a calendar update, GO is asked again', () => {
    const approved = approvedChange();
    const window = newWindow('2027-07-10 18:00', '2027-07-10 20:00');
    const result = accepted(
      act(
        approved,
        { type: 'reschedule', window, expedited: false, overlaps: [] },
        approver,
        '2027-06-14 09:00',
      ),
    );
    expect(describeEffects(result.effects)).toEqual([
      'rescheduled → thread',
      'rescheduled → channel',
      `rescheduled → mail[request] ${publicAudience()}`,
    ]);
    expect(result.change).toMatchObject({
      status: 'planned',
      calendarSequence: approved.calendarSequence + 1,
    });
    expect(result.change.decision).toBeUndefined();
    expect(result.change.snapshot).toEqual({ state: 'none' });
  });

  it('withdraws the announcement when a rescheduled, announced change gets no new GO by D-1', () => {
    const window = newWindow('2027-07-10 18:00', '2027-07-10 20:00');
    const moved = accepted(
      act(
        approvedChange(),
        { type: 'reschedule', window, expedited: false, overlaps: [] },
        approver,
        '2027-06-14 09:00',
      ),
    ).change;
    const result = accepted(tick(moved, 'reminder'));
    expect(result.change.status).toBe('blocked');
    expect(result.change.calendarSequence).toBe(moved.calendarSequence + 1);
    expect(describeEffects(result.effects)).toEqual([
      'blocked → implementer',
      `blocked → mail ${ownersList()}`,
      'cancellation → channel',
      `cancellation → mail[cancel] ${publicAudience()}`,
    ]);
  });

  it('brings a blocked change back to planned', () => {
    const blocked = accepted(tick(planned(), 'reminder')).change;
    const window = newWindow('2027-07-10 18:00', '2027-07-10 20:00');
    const result = accepted(
      act(
        blocked,
        { type: 'reschedule', window, expedited: false, overlaps: [] },
        implementer,
        '2027-06-18 19:00',
      ),
    );
    expect(result.change.status).toBe('planned');
    expect(Object.values(result.change.milestones).every((milestone) => milestone.state === 'pending')).toBe(
      true,
    );
  });

  it('refuses a reschedule from a card older than another reschedule, and once the window started', () => {
    const earlier = newWindow('2027-07-03 18:00', '2027-07-03 20:00');
    const change = accepted(
      act(
        planned(),
        { type: 'reschedule', window: earlier, expedited: false, overlaps: [] },
        approver,
        LATER,
      ),
    ).change;
    const window = newWindow('2027-07-10 18:00', '2027-07-10 20:00');
    const event: ChangeEvent = { type: 'reschedule', window, expedited: false, overlaps: [] };
    expect(refused(act(change, event, implementer, LATER, { revision: 1 }), 'stale').message).toContain(
      'the window moved to Sat 3 Jul 18:00–20:00',
    );
    const running = runningChange();
    expect(refused(act(running, event, implementer, '2027-06-19 18:10'), 'state').message).toBe(
      'CHG-2027-001 has already started; use Extend to move its end instead.',
    );
  });
});
