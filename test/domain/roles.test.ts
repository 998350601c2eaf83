import type { Actor, Change } from '../../src/domain/change';
import type { ChangeEvent, EventType } from '../../src/domain/events';
import { ROLE_OF } from '../../src/domain/steps';
import {
  accepted,
  act,
  approvedChange,
  approver,
  implementer,
  newChange,
  refused,
  runningChange,
  secondApprover,
  stranger,
  withoutHistory,
  zurich,
} from './support';

const START = '2027-06-19 18:00';
const AT = '2027-06-19 18:30';

/** One event of each type, with valid input. */
function sample(change: Change): Record<EventType, ChangeEvent> {
  return {
    'prep.check': { type: 'prep.check', item: 'tests', checked: true },
    'precheck.done': { type: 'precheck.done' },
    'precheck.corrections': { type: 'precheck.corrections', comment: 'Add a test.' },
    go: { type: 'go' },
    nogo: { type: 'nogo', reason: 'Exams.' },
    'snapshot.started': { type: 'snapshot.started' },
    'snapshot.done': { type: 'snapshot.done' },
    done: { type: 'done' },
    problem: { type: 'problem' },
    extend: { type: 'extend', extraMinutes: 30 },
    incident: { type: 'incident' },
    restored: { type: 'restored' },
    'restore.failed': { type: 'restore.failed' },
    cancel: { type: 'cancel' },
    reschedule: {
      type: 'reschedule',
      window: { start: '2027-07-10T16:00:00.000Z', end: '2027-07-10T18:00:00.000Z' },
      expedited: false,
      overlaps: [],
    },
    milestone: { type: 'milestone', name: change.status === 'running' ? 'decision' : 'goNoGo' },
    review: {
      type: 'review',
      whatHappened: 'Quiz broke.',
      whatHelped: 'Snapshot.',
      oneChange: 'Test on a copy.',
    },
  };
}

/** A change in which the event is possible, so that only the role can refuse it. */
function changeFor(type: EventType): Change {
  switch (type) {
    case 'prep.check':
    case 'precheck.done':
    case 'precheck.corrections':
    case 'go':
    case 'nogo':
    case 'cancel':
    case 'reschedule':
      return newChange(START).change;
    case 'snapshot.started':
    case 'snapshot.done':
      return approvedChange(START);
    case 'restored':
    case 'restore.failed':
      return accepted(act(runningChange(START), { type: 'incident' }, implementer, '2027-06-19 18:20'))
        .change;
    case 'milestone':
      return newChange(START).change;
    case 'review': {
      const inIncident = accepted(
        act(runningChange(START), { type: 'incident' }, implementer, '2027-06-19 18:20'),
      );
      return accepted(act(inIncident.change, { type: 'restored' }, implementer, '2027-06-19 18:25')).change;
    }
    default:
      return runningChange(START);
  }
}

const ALL_TYPES = Object.keys(ROLE_OF) as EventType[];
const byRole = (role: string) => ALL_TYPES.filter((type) => ROLE_OF[type] === role);

/** Who may do what: a person whose aadObjectId is not the approver's is no approver, whatever the name. */
const impostor: Actor = { aadObjectId: 'eeeeeeee-0000-4000-8000-000000000001', name: approver.name };

function expectRefusedAndUnchanged(
  change: Change,
  event: ChangeEvent,
  by: Actor | 'system',
  message: string,
) {
  const result = refused(act(change, event, by, AT, { source: 'card' }), 'forbidden');
  expect(result.message).toBe(message);
  expect(withoutHistory(result.change)).toEqual(withoutHistory(change));
  const named =
    by === 'system' || [implementer, approver, secondApprover].some((p) => p.aadObjectId === by.aadObjectId);
  if (!named) {
    // Someone with no role on the change leaves no trace in it (the lifecycle logs the press).
    expect(result.change).toBe(change);
    return;
  }
  expect(result.change.history.slice(0, -1)).toEqual(change.history);
  expect(result.change.history.at(-1)).toEqual({
    at: zurich(AT).toISOString(),
    by,
    event: event.type,
    accepted: false,
    note: message,
    revision: change.revision,
    source: 'card',
  });
}

describe('roles', () => {
  const approverOnly =
    'Only an approver (Alice Approver, Bruno Approver) can do this; ask them to press the button.';

  it.each(byRole('approver'))('%s: approvers only', (type) => {
    expect(byRole('approver').sort()).toEqual(['go', 'nogo', 'precheck.corrections', 'precheck.done']);
    const change = changeFor(type);
    const event = sample(change)[type];
    for (const who of [implementer, stranger, impostor])
      expectRefusedAndUnchanged(change, event, who, approverOnly);
    for (const who of [approver, secondApprover])
      expect(accepted(act(change, event, who, '2027-06-01 10:00'))).toBeTruthy();
  });

  it.each(byRole('implementer'))('%s: the implementer only', (type) => {
    const change = changeFor(type);
    const event = sample(change)[type];
    const message = 'Only the implementer of CHG-2027-001 (Ines Implementer) can do this.';
    for (const who of [approver, stranger]) expectRefusedAndUnchanged(change, event, who, message);
    const when = type === 'prep.check' ? '2027-06-01 10:00' : AT;
    expect(act(change, event, implementer, when).accepted).toBe(true);
  });

  it.each(byRole('owner'))('%s: the implementer or an approver', (type) => {
    expect(byRole('owner').sort()).toEqual(['cancel', 'reschedule']);
    const change = changeFor(type);
    const event = sample(change)[type];
    expectRefusedAndUnchanged(
      change,
      event,
      stranger,
      'Only the implementer (Ines Implementer) or an approver (Alice Approver, Bruno Approver) can do this.',
    );
    for (const who of [implementer, secondApprover])
      expect(act(change, event, who, '2027-06-01 10:00').accepted).toBe(true);
  });

  it('milestones: the bot only', () => {
    const change = changeFor('milestone');
    const event = sample(change).milestone;
    for (const who of [implementer, approver]) {
      expectRefusedAndUnchanged(
        change,
        event,
        who,
        'Milestones are sent by the bot on schedule; nobody can trigger them by hand.',
      );
    }
  });

  it.each(ALL_TYPES.filter((type) => type !== 'milestone'))('%s: never the bot', (type) => {
    const change = changeFor(type);
    expectRefusedAndUnchanged(change, sample(change)[type], 'system', 'Only a person can do this.');
  });

  it('checks the role before the revision: a stranger with a stale card is told about the role', () => {
    const change = runningChange(START);
    const result = act(change, { type: 'extend', extraMinutes: 30 }, stranger, AT, { revision: 1 });
    expect(refused(result, 'forbidden').message).toMatch(/^Only the implementer/);
  });
});

describe('final states refuse everything', () => {
  const finals: [string, () => Change][] = [
    ['completed', () => accepted(act(runningChange(START), { type: 'done' }, implementer, AT)).change],
    [
      'cancelled',
      () =>
        accepted(act(newChange(START).change, { type: 'cancel' }, implementer, '2027-06-01 10:00')).change,
    ],
    ['restored', () => accepted(act(changeFor('restored'), { type: 'restored' }, implementer, AT)).change],
    [
      'handedOff',
      () => accepted(act(changeFor('restore.failed'), { type: 'restore.failed' }, implementer, AT)).change,
    ],
  ];

  it.each(finals)('%s', (status, make) => {
    const change = make();
    expect(change.status).toBe(status);
    const events = sample(change);
    const described = {
      completed: 'completed',
      cancelled: 'cancelled',
      restored: 'closed after a restore',
      handedOff: 'handed off to the incident process',
    }[status];
    // The review after trouble is the one event a final change takes (test/domain/review.test.ts).
    for (const type of ALL_TYPES.filter((name) => name !== 'review')) {
      const by =
        ROLE_OF[type] === 'system' ? 'system' : ROLE_OF[type] === 'approver' ? approver : implementer;
      const event = type === 'milestone' ? ({ type: 'milestone', name: 'decision' } as const) : events[type];
      const result = refused(act(change, event, by, '2027-06-20 09:00'), 'state');
      expect(result.message).toBe(`CHG-2027-001 is ${described}; nothing more can be done on it.`);
      expect(withoutHistory(result.change)).toEqual(withoutHistory(change));
      expect(result.change.history).toHaveLength(change.history.length + 1);
    }
  });
});
