import type { Change } from '../../src/domain/change';
import {
  MINUTE,
  accepted,
  act,
  approvedChange,
  approver,
  describeEffects,
  dueOf,
  implementer,
  local,
  newChange,
  ownersList,
  publicAudience,
  refused,
  runningChange,
  tick,
  withoutHistory,
  zurich,
} from './support';

/** Saturday 19 June 2027, 18:00–20:00 in Zurich. */
const START = '2027-06-19 18:00';

describe('snapshot confirmation', () => {
  it('records started, then done, by the implementer', () => {
    const approved = approvedChange(START);
    const started = accepted(act(approved, { type: 'snapshot.started' }, implementer, '2027-06-19 15:16'));
    expect(started.effects).toEqual([]);
    expect(started.change.snapshot).toEqual({
      state: 'started',
      startedAt: zurich('2027-06-19 15:16').toISOString(),
      by: implementer,
    });
    const done = accepted(
      act(started.change, { type: 'snapshot.done' }, implementer, '2027-06-19 17:45'),
    ).change;
    expect(done.snapshot).toEqual({
      state: 'done',
      startedAt: zurich('2027-06-19 15:16').toISOString(),
      doneAt: zurich('2027-06-19 17:45').toISOString(),
      by: implementer,
    });
  });

  it('refuses a repeated press, saying when it was recorded', () => {
    const started = accepted(
      act(approvedChange(START), { type: 'snapshot.started' }, implementer, '2027-06-19 15:16'),
    ).change;
    expect(
      refused(act(started, { type: 'snapshot.started' }, implementer, '2027-06-19 15:17'), 'state').message,
    ).toBe('The snapshot was already marked started (Sat 19 Jun, 15:16).');
    const done = accepted(act(started, { type: 'snapshot.done' }, implementer, '2027-06-19 17:45')).change;
    expect(
      refused(act(done, { type: 'snapshot.done' }, implementer, '2027-06-19 17:46'), 'state').message,
    ).toBe('The snapshot was already marked done (Sat 19 Jun, 17:45).');
    expect(
      refused(act(done, { type: 'snapshot.started' }, implementer, '2027-06-19 17:46'), 'state').message,
    ).toBe('The snapshot was already marked done (Sat 19 Jun, 17:45).');
  });

  it('accepts done without started, and during the window', () => {
    const running = runningChange(START);
    expect(
      accepted(act(running, { type: 'snapshot.done' }, implementer, '2027-06-19 18:05')).change.snapshot
        .state,
    ).toBe('done');
  });

  it('is refused before GO', () => {
    const { change } = newChange(START);
    expect(
      refused(act(change, { type: 'snapshot.started' }, implementer, '2027-06-19 15:16'), 'state').message,
    ).toBe('CHG-2027-001 is planned and waiting for GO, so confirming the snapshot is not possible now.');
  });
});

describe('done', () => {
  it('records the validation results, skips the decision point and sends the end notice', () => {
    const running = runningChange(START);
    const result = accepted(
      act(running, { type: 'done', testResults: [true, false] }, implementer, '2027-06-19 19:00', {
        source: 'control',
      }),
    );
    expect(result.change).toMatchObject({ status: 'completed', testResults: [true, false] });
    expect(result.change.milestones.decision).toMatchObject({
      state: 'skipped',
      handledAt: zurich('2027-06-19 19:00').toISOString(),
      reason: 'finished before the decision point',
    });
    expect(describeEffects(result.effects)).toEqual(['end → channel', `end → mail ${publicAudience()}`]);
    expect(result.change.history.at(-1)).toMatchObject({
      note: '1/2 validation tests ticked',
      source: 'control',
    });
  });

  it('keeps stored results for tests the press does not mention', () => {
    const running = { ...runningChange(START), testResults: [false, true] };
    const result = accepted(
      act(running, { type: 'done', testResults: [true] }, implementer, '2027-06-19 19:00'),
    );
    expect(result.change.testResults).toEqual([true, true]);
  });

  it('after the decision card was sent, keeps the decision milestone as done', () => {
    const decided = accepted(tick(runningChange(START), 'decision')).change;
    const result = accepted(act(decided, { type: 'done' }, implementer, '2027-06-19 19:40'));
    expect(result.change.milestones.decision.state).toBe('done');
    expect(result.change.testResults).toEqual([false, false]);
  });

  it('is possible while debugging, not before the start', () => {
    const debugging = accepted(
      act(runningChange(START), { type: 'problem' }, implementer, '2027-06-19 18:20'),
    ).change;
    expect(accepted(act(debugging, { type: 'done' }, implementer, '2027-06-19 19:00')).change.status).toBe(
      'completed',
    );
    expect(
      refused(act(approvedChange(START), { type: 'done' }, implementer, '2027-06-19 17:00'), 'state').message,
    ).toBe('CHG-2027-001 is approved (GO given), so closing the window is not possible now.');
  });
});

describe('problem', () => {
  it('marks the change as being debugged, without notices', () => {
    const result = accepted(act(runningChange(START), { type: 'problem' }, implementer, '2027-06-19 18:20'));
    expect(result.change.status).toBe('debugging');
    expect(result.effects).toEqual([]);
    expect(
      refused(act(result.change, { type: 'problem' }, implementer, '2027-06-19 18:21'), 'state').message,
    ).toBe('A problem is already being debugged on CHG-2027-001.');
  });
});

describe('extend', () => {
  it('moves the end and the decision point, asks the decision again and tells everyone', () => {
    const running = runningChange(START);
    const decided = accepted(tick(running, 'decision')).change;
    expect(decided.milestones.decision.state).toBe('done');
    const result = accepted(
      act(decided, { type: 'extend', extraMinutes: 45 }, implementer, '2027-06-19 19:35'),
    );
    const extended = result.change;
    expect(local(extended.window.end)).toBe('2027-06-19 20:45');
    expect(extended.plannedEnd).toBe(running.window.end);
    expect(extended.extensions).toEqual([
      {
        extraMinutes: 45,
        previousEnd: running.window.end,
        newEnd: extended.window.end,
        by: implementer,
        at: zurich('2027-06-19 19:35').toISOString(),
      },
    ]);
    expect(extended.milestones.decision).toEqual({
      due: zurich('2027-06-19 20:15').toISOString(),
      state: 'pending',
    });
    expect(describeEffects(result.effects)).toEqual([
      'extension → channel',
      `extension → mail ${publicAudience()}`,
    ]);
    expect(extended.history.at(-1)?.note).toBe('+45 min, new end Sat 19 Jun, 20:45');

    // The decision card comes again at the new decision point, not before.
    refused(tick(extended, 'decision', '2027-06-19 20:14'), 'waiting');
    expect(describeEffects(accepted(tick(extended, 'decision')).effects)).toEqual(['decision → implementer']);
  });

  it('extends again from the extended end', () => {
    const once = accepted(
      act(runningChange(START), { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 19:35'),
    ).change;
    const twice = accepted(
      act(once, { type: 'extend', extraMinutes: 15 }, implementer, '2027-06-19 20:05'),
    ).change;
    expect(local(twice.window.end)).toBe('2027-06-19 20:45');
    expect(twice.extensions.map((extension) => extension.extraMinutes)).toEqual([30, 15]);
    expect(local(twice.milestones.decision.due)).toBe('2027-06-19 20:15');
  });

  it('asks the decision at once, not labelled late, when a short extension puts its point in the past', () => {
    const running = runningChange(START);
    const extended = accepted(
      act(running, { type: 'extend', extraMinutes: 10 }, implementer, '2027-06-19 19:50'),
    ).change;
    expect(local(extended.milestones.decision.due)).toBe('2027-06-19 19:50');
    const asked = accepted(tick(extended, 'decision', '2027-06-19 19:51'));
    expect(asked.effects).toEqual([{ notice: 'decision', to: { kind: 'implementer' } }]);
    expect(asked.change.milestones.decision.late).toBeUndefined();
  });

  it('refuses an extension from a stale card', () => {
    const once = accepted(
      act(runningChange(START), { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 19:35'),
    ).change;
    const repeated = refused(
      act(once, { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 19:35', {
        revision: once.revision - 1,
      }),
      'stale',
    );
    expect(withoutHistory(repeated.change)).toEqual(withoutHistory(once));
    expect(repeated.change.window.end).toBe(once.window.end);
  });

  it.each([0, -5, 1.5, 721, Number.NaN])('refuses %s extra minutes', (extraMinutes) => {
    const running = runningChange(START);
    const result = refused(
      act(running, { type: 'extend', extraMinutes }, implementer, '2027-06-19 19:35'),
      'invalid',
    );
    expect(result.message).toBe('Give the extra delay in whole minutes, from 1 to 720.');
    expect(withoutHistory(result.change)).toEqual(withoutHistory(running));
  });

  it('accepts the bounds 1 and 720 minutes', () => {
    const running = runningChange(START);
    for (const extraMinutes of [1, 720]) {
      const end = accepted(act(running, { type: 'extend', extraMinutes }, implementer, '2027-06-19 19:35'))
        .change.window.end;
      expect(Date.parse(end) - Date.parse(running.window.end)).toBe(extraMinutes * MINUTE);
    }
  });

  it('is refused outside the window', () => {
    expect(
      refused(
        act(approvedChange(START), { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 17:00'),
        'state',
      ).message,
    ).toBe('CHG-2027-001 is approved (GO given), so extending the window is not possible now.');
  });
});

describe('incident', () => {
  function inIncident(): Change {
    return accepted(act(runningChange(START), { type: 'incident' }, implementer, '2027-06-19 19:00')).change;
  }

  it('is announced to everyone and the decision point is skipped', () => {
    const result = accepted(act(runningChange(START), { type: 'incident' }, implementer, '2027-06-19 19:00'));
    expect(result.change).toMatchObject({
      status: 'incident',
      incident: { declaredAt: zurich('2027-06-19 19:00').toISOString(), by: implementer },
    });
    expect(result.change.milestones.decision).toMatchObject({
      state: 'skipped',
      reason: 'incident declared',
    });
    expect(describeEffects(result.effects)).toEqual([
      'incident → channel',
      `incident → mail ${publicAudience()}`,
    ]);
  });

  it('can be declared while debugging, not before the start', () => {
    const debugging = accepted(
      act(runningChange(START), { type: 'problem' }, implementer, '2027-06-19 18:20'),
    ).change;
    expect(
      accepted(act(debugging, { type: 'incident' }, implementer, '2027-06-19 19:00')).change.status,
    ).toBe('incident');
    refused(act(approvedChange(START), { type: 'incident' }, implementer, '2027-06-19 17:00'), 'state');
  });

  it('ends restored: notice to everyone', () => {
    const result = accepted(act(inIncident(), { type: 'restored' }, implementer, '2027-06-19 20:30'));
    expect(result.change.status).toBe('restored');
    expect(result.change.incident).toMatchObject({
      outcome: 'restored',
      outcomeAt: zurich('2027-06-19 20:30').toISOString(),
    });
    expect(describeEffects(result.effects)).toEqual([
      'restored → channel',
      `restored → mail ${publicAudience()}`,
      'review → implementer',
    ]);
  });

  it('ends handed off when the restore failed: the channel is told and the owners are mailed', () => {
    const result = accepted(act(inIncident(), { type: 'restore.failed' }, implementer, '2027-06-19 21:00'));
    expect(result.change.status).toBe('handedOff');
    expect(result.change.incident?.outcome).toBe('failed');
    expect(describeEffects(result.effects)).toEqual([
      'handoff → channel',
      `handoff → mail ${ownersList()}`,
      'review → implementer',
    ]);
  });

  it('refuses restored and restore.failed without an incident', () => {
    const running = runningChange(START);
    expect(
      refused(act(running, { type: 'restored' }, implementer, '2027-06-19 19:00'), 'state').message,
    ).toBe('CHG-2027-001 is running, so marking it restored is not possible now.');
    expect(
      refused(act(running, { type: 'restore.failed' }, implementer, '2027-06-19 19:00'), 'state').message,
    ).toBe('CHG-2027-001 is running, so reporting a failed restore is not possible now.');
  });

  it('refuses extending or closing the window during an incident', () => {
    const incident = inIncident();
    refused(act(incident, { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 19:10'), 'state');
    refused(act(incident, { type: 'done' }, implementer, '2027-06-19 19:10'), 'state');
    refused(act(incident, { type: 'cancel' }, approver, '2027-06-19 19:10'), 'state');
    // The skipped decision point stays skipped.
    expect(refused(tick(incident, 'decision', dueOf(incident, 'decision')), 'state').message).toBe(
      'The decision milestone was already handled.',
    );
  });
});
