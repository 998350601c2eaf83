import type { Change, MilestoneName } from '../../src/domain/change';
import { LATE_AFTER_MS } from '../../src/domain/milestones';
import {
  MINUTE,
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
  tick,
  withoutHistory,
  zurich,
} from './support';

const START = '2027-06-19 18:00';

function planned(): Change {
  return newChange(START).change;
}

function after(change: Change, name: MilestoneName, ms: number): Date {
  return new Date(dueOf(change, name).getTime() + ms);
}

describe('milestones that fall due send their cards to the right people', () => {
  it.each([
    ['preparation', ['preparation → implementer']],
    ['precheck', ['precheck → approvers']],
    ['goNoGo', ['goNoGo → approvers']],
  ] as const)('%s, while planned', (name, expected) => {
    const change = planned();
    const result = accepted(tick(change, name));
    expect(describeEffects(result.effects)).toEqual(expected);
    expect(result.change.milestones[name]).toEqual({
      due: change.milestones[name].due,
      state: 'done',
      handledAt: change.milestones[name].due,
    });
    expect(result.change.status).toBe('planned');
    expect(result.change.history.at(-1)).toMatchObject({
      by: 'system',
      event: `milestone.${name}`,
      accepted: true,
    });
  });

  it('reminder, once approved: channel and mail to the audience', () => {
    const result = accepted(tick(approvedChange(), 'reminder'));
    expect(describeEffects(result.effects)).toEqual([
      'reminder → channel',
      `reminder → mail ${publicAudience()}`,
    ]);
  });

  it('snapshot, once approved: the card to the implementer', () => {
    const result = accepted(tick(approvedChange(), 'snapshot'));
    expect(describeEffects(result.effects)).toEqual(['snapshot → implementer']);
  });

  it('start, once approved: the change runs, notice to everyone, control card to the implementer', () => {
    const result = accepted(tick(approvedChange(), 'start'));
    expect(result.change.status).toBe('running');
    expect(describeEffects(result.effects)).toEqual([
      'start → channel',
      `start → mail ${publicAudience()}`,
      'control → implementer',
    ]);
  });

  it('decision, while running or debugging: the decision card to the implementer', () => {
    const running = runningChange();
    expect(describeEffects(accepted(tick(running, 'decision')).effects)).toEqual(['decision → implementer']);
    const debugging = accepted(act(running, { type: 'problem' }, implementer, '2027-06-19 18:30')).change;
    expect(describeEffects(accepted(tick(debugging, 'decision')).effects)).toEqual([
      'decision → implementer',
    ]);
  });
});

describe('milestones that are not due', () => {
  it('wait without leaving a trace', () => {
    const change = planned();
    const early = tick(change, 'goNoGo', new Date(dueOf(change, 'goNoGo').getTime() - 1));
    expect(refused(early, 'waiting').message).toBe('The goNoGo milestone is not due yet.');
    expect(early.change).toBe(change);
  });

  it('are not sent twice when the clock goes back', () => {
    const change = planned();
    const sent = accepted(tick(change, 'precheck', after(change, 'precheck', MINUTE))).change;
    const reversed = refused(tick(sent, 'precheck', after(change, 'precheck', 0)), 'state');
    expect(reversed.change.milestones.precheck).toEqual(sent.milestones.precheck);
    // And one that was not due yet, with the clock set back before its due time, still waits.
    refused(tick(sent, 'goNoGo', after(change, 'precheck', -60 * MINUTE)), 'waiting');
  });

  it('are handled once only', () => {
    const done = accepted(tick(planned(), 'preparation')).change;
    const again = refused(tick(done, 'preparation', after(done, 'preparation', MINUTE)), 'state');
    expect(again.message).toBe('The preparation milestone was already handled.');
  });
});

describe('milestones that no longer make sense are skipped', () => {
  it.each(['preparation', 'precheck', 'goNoGo', 'reminder', 'snapshot'] as const)(
    '%s after the window started',
    (name) => {
      // GO pressed early, before any card went out: every milestone is still pending.
      const approved = accepted(act(planned(), { type: 'go' }, approver, '2027-05-21 10:00')).change;
      const late = accepted(tick(approved, name, zurich('2027-06-19 18:01')));
      expect(late.effects).toEqual([]);
      expect(late.change.milestones[name]).toMatchObject({
        state: 'skipped',
        reason: 'the window had already started',
        handledAt: zurich('2027-06-19 18:01').toISOString(),
      });
      expect(late.change.history.at(-1)?.note).toBe('skipped: the window had already started');
      expect(late.change.status).toBe('approved');
    },
  );

  it('the pre-check card when the pre-check was already done', () => {
    const checked = accepted(act(planned(), { type: 'precheck.done' }, approver, '2027-05-30 10:00')).change;
    const result = accepted(tick(checked, 'precheck'));
    expect(result.effects).toEqual([]);
    expect(result.change.milestones.precheck).toMatchObject({
      state: 'skipped',
      reason: 'the pre-check was already done',
    });
  });

  it('the GO/NOGO card when GO was already decided', () => {
    const approved = accepted(act(planned(), { type: 'go' }, approver, '2027-06-01 10:00')).change;
    const result = accepted(tick(approved, 'goNoGo'));
    expect(result.effects).toEqual([]);
    expect(result.change.milestones.goNoGo).toMatchObject({
      state: 'skipped',
      reason: 'GO/NOGO was already decided',
    });
  });

  it('the preparation card once the change was decided', () => {
    const rejected = accepted(
      act(planned(), { type: 'nogo', reason: 'No' }, approver, '2027-05-21 10:00'),
    ).change;
    expect(accepted(tick(rejected, 'preparation')).change.milestones.preparation).toMatchObject({
      state: 'skipped',
      reason: 'the change was rejected',
    });
  });

  it('reminder, snapshot and start after a NOGO', () => {
    let change = accepted(
      act(planned(), { type: 'nogo', reason: 'No' }, approver, '2027-06-12 19:00'),
    ).change;
    for (const name of ['reminder', 'snapshot', 'start', 'decision'] as const) {
      const result = accepted(tick(change, name));
      expect(result.effects).toEqual([]);
      expect(result.change.milestones[name]).toMatchObject({
        state: 'skipped',
        reason: 'the change was rejected',
      });
      change = result.change;
    }
    expect(change.status).toBe('rejected');
  });
});

describe('no GO in time', () => {
  it('blocks the change at D-1: the implementer is told, the owners are mailed, nothing is announced', () => {
    const result = accepted(tick(planned(), 'reminder'));
    expect(result.change).toMatchObject({ status: 'blocked', announced: false });
    expect(describeEffects(result.effects)).toEqual([
      'blocked → implementer',
      `blocked → mail ${ownersList()}`,
    ]);
    expect(result.change.milestones.reminder.state).toBe('done');
    // Nothing more happens for a blocked change.
    let change = result.change;
    for (const name of ['snapshot', 'start', 'decision'] as const) {
      const step = accepted(tick(change, name));
      expect(step.effects).toEqual([]);
      change = step.change;
    }
    expect(change.status).toBe('blocked');
  });

  it('blocks the change at the start if the reminder was never handled', () => {
    const result = accepted(tick(planned(), 'start'));
    expect(result.change.status).toBe('blocked');
    expect(describeEffects(result.effects)).toEqual([
      'blocked → implementer',
      `blocked → mail ${ownersList()}`,
    ]);
  });

  it('an expedited change waits for GO with its reminder and snapshot, then sends them late', () => {
    const now = zurich('2027-06-14 10:00');
    const { change } = newChange(START, { expedited: true, now });
    for (const name of ['reminder', 'snapshot'] as const) {
      const waiting = tick(change, name);
      expect(refused(waiting, 'waiting').message).toBe('waiting for GO');
      expect(waiting.change).toBe(change);
    }
    const approved = accepted(act(change, { type: 'go' }, approver, '2027-06-19 15:20')).change;
    const reminder = accepted(tick(approved, 'reminder', '2027-06-19 15:21'));
    expect(describeEffects(reminder.effects)).toEqual([
      'reminder → channel (late)',
      `reminder → mail ${publicAudience()} (late)`,
    ]);
    expect(reminder.change.milestones.reminder.late).toBe(true);
    // The snapshot is 6 minutes past due: late too.
    const snapshot = accepted(tick(reminder.change, 'snapshot', '2027-06-19 15:21'));
    expect(describeEffects(snapshot.effects)).toEqual(['snapshot → implementer (late)']);
  });

  it('an expedited change still without GO at the start is blocked', () => {
    const { change } = newChange(START, { expedited: true, now: zurich('2027-06-14 10:00') });
    const result = accepted(tick(change, 'start'));
    expect(result.change.status).toBe('blocked');
    // Its waiting reminder is skipped afterwards.
    const reminder = accepted(tick(result.change, 'reminder', '2027-06-19 18:01'));
    expect(reminder.change.milestones.reminder).toMatchObject({
      state: 'skipped',
      reason: 'the window had already started',
    });
  });
});

describe('late milestones', () => {
  it(`are labelled late after ${LATE_AFTER_MS / MINUTE} minutes past their due time`, () => {
    const change = planned();
    const onTime = accepted(tick(change, 'preparation', after(change, 'preparation', LATE_AFTER_MS)));
    expect(onTime.effects.every((effect) => effect.late === undefined)).toBe(true);
    expect(onTime.change.milestones.preparation.late).toBeUndefined();
    expect(onTime.change.history.at(-1)?.note).toBeUndefined();

    const late = accepted(tick(change, 'preparation', after(change, 'preparation', LATE_AFTER_MS + 1)));
    expect(describeEffects(late.effects)).toEqual(['preparation → implementer (late)']);
    expect(late.change.milestones.preparation.late).toBe(true);
    expect(late.change.history.at(-1)?.note).toBe('sent late');
  });

  it('of an expedited change are labelled late even when handled at once', () => {
    const now = zurich('2027-06-14 10:00');
    const { change } = newChange(START, { expedited: true, now });
    expect(change.milestones.goNoGo.late).toBe(true);
    const result = accepted(tick(change, 'goNoGo', now));
    expect(describeEffects(result.effects)).toEqual(['goNoGo → approvers (late)']);
  });

  it('are skipped, not labelled, when they no longer make sense', () => {
    const approved = approvedChange();
    const result = accepted(tick(approved, 'snapshot', zurich('2027-06-20 09:00')));
    expect(result.change.milestones.snapshot.late).toBeUndefined();
    expect(withoutHistory(result.change).status).toBe('approved');
  });
});
