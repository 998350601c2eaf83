import type { Change } from '../../src/domain/change';
import {
  accepted,
  act,
  approver,
  describeEffects,
  implementer,
  local,
  newChange,
  publicAudience,
  tick,
  zurich,
} from './support';

/**
 * The seed process, start to finish: a change planned 30 days ahead goes through preparation, pre-check,
 * GO, reminder, snapshot, the window and ends completed. Each step shows what the bot would send.
 */
describe('the happy path of the ISC change-management process', () => {
  it('walks a change from the form to completed', () => {
    // Thursday 20 May 2027: Ines plans a Moodle upgrade for Saturday 19 June, 18:00–20:00.
    const created = newChange('2027-06-19 18:00', { now: zurich('2027-05-20 18:00') });
    let change: Change = created.change;
    expect(change).toMatchObject({ id: 'CHG-2027-001', status: 'planned', revision: 1, announced: false });
    expect(describeEffects(created.effects)).toEqual(['created → channel']);

    // D-21, Saturday 29 May 18:00: the preparation card goes to the implementer.
    let step = accepted(tick(change, 'preparation'));
    expect(local(change.milestones.preparation.due)).toBe('2027-05-29 18:00');
    expect(describeEffects(step.effects)).toEqual(['preparation → implementer']);
    change = step.change;

    // She ticks the checklist over the following days.
    for (const item of ['prepare', 'tests', 'window']) {
      change = accepted(
        act(change, { type: 'prep.check', item, checked: true }, implementer, '2027-05-31 09:00'),
      ).change;
    }
    expect(change.preparation.every((item) => item.checked && item.by === implementer.name)).toBe(true);

    // D-14: the pre-check card goes to the approvers; Alice records the pre-check as done.
    step = accepted(tick(change, 'precheck'));
    expect(local(change.milestones.precheck.due)).toBe('2027-06-05 18:00');
    expect(describeEffects(step.effects)).toEqual(['precheck → approvers']);
    step = accepted(act(step.change, { type: 'precheck.done' }, approver, '2027-06-07 10:00'));
    expect(describeEffects(step.effects)).toEqual(['precheckRecorded → thread']);
    expect(step.change.precheck).toMatchObject({ state: 'done', by: approver });
    change = step.change;

    // D-7: GO / NOGO card to the approvers; Alice presses GO and the maintenance is announced.
    step = accepted(tick(change, 'goNoGo'));
    expect(local(change.milestones.goNoGo.due)).toBe('2027-06-12 18:00');
    expect(describeEffects(step.effects)).toEqual(['goNoGo → approvers']);
    step = accepted(act(step.change, { type: 'go' }, approver, '2027-06-13 08:30'));
    expect(describeEffects(step.effects)).toEqual([
      'announcement → channel',
      `announcement → mail[request] ${publicAudience()}`,
    ]);
    expect(step.change).toMatchObject({
      status: 'approved',
      announced: true,
      decision: { verdict: 'go', by: approver },
    });
    change = step.change;

    // D-1: the reminder goes to the channel and by mail.
    step = accepted(tick(change, 'reminder'));
    expect(local(change.milestones.reminder.due)).toBe('2027-06-18 18:00');
    expect(describeEffects(step.effects)).toEqual([
      'reminder → channel',
      `reminder → mail ${publicAudience()}`,
    ]);
    change = step.change;

    // Start − 2h30 − 15 min: the snapshot card; she starts the data snapshot and confirms it is done.
    step = accepted(tick(change, 'snapshot'));
    expect(local(change.milestones.snapshot.due)).toBe('2027-06-19 15:15');
    expect(describeEffects(step.effects)).toEqual(['snapshot → implementer']);
    change = accepted(act(step.change, { type: 'snapshot.started' }, implementer, '2027-06-19 15:16')).change;
    change = accepted(act(change, { type: 'snapshot.done' }, implementer, '2027-06-19 17:40')).change;
    expect(change.snapshot).toMatchObject({ state: 'done', by: implementer });

    // D, 18:00: the start notice for everyone and the control card for the implementer.
    step = accepted(tick(change, 'start'));
    expect(describeEffects(step.effects)).toEqual([
      'start → channel',
      `start → mail ${publicAudience()}`,
      'control → implementer',
    ]);
    expect(step.change.status).toBe('running');
    change = step.change;

    // 19:10: done, both validation tests passed; the end notice goes out and the decision point is not needed.
    step = accepted(
      act(change, { type: 'done', testResults: [true, true] }, implementer, '2027-06-19 19:10'),
    );
    expect(describeEffects(step.effects)).toEqual(['end → channel', `end → mail ${publicAudience()}`]);
    change = step.change;
    expect(change).toMatchObject({ status: 'completed', testResults: [true, true] });
    expect(change.milestones.decision).toMatchObject({
      state: 'skipped',
      reason: 'finished before the decision point',
    });

    // The history tells the whole story, one revision per step.
    expect(change.history.map((entry) => entry.event)).toEqual([
      'create',
      'milestone.preparation',
      'prep.check',
      'prep.check',
      'prep.check',
      'milestone.precheck',
      'precheck.done',
      'milestone.goNoGo',
      'go',
      'milestone.reminder',
      'milestone.snapshot',
      'snapshot.started',
      'snapshot.done',
      'milestone.start',
      'done',
    ]);
    expect(change.history.every((entry) => entry.accepted)).toBe(true);
    expect(change.history.map((entry) => entry.revision)).toEqual(
      change.history.map((_, index) => index + 1),
    );
    expect(change.revision).toBe(change.history.length);
    expect(Object.values(change.milestones).every((milestone) => !milestone.late)).toBe(true);

    // Completed is final: the decision milestone, a late extension or a cancel change nothing.
    expect(tick(change, 'decision', '2027-06-19 19:30').accepted).toBe(false);
    expect(act(change, { type: 'cancel' }, implementer, '2027-06-19 19:31').accepted).toBe(false);
  });
});
