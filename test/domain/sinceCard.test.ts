/**
 * A press counts only for what its presser saw: for every state-changing verb of the Contract, a press from a
 * card older than a change to what that card decides on (the window, the pre-check, the GO/NOGO) is refused
 * with what changed, and the same press from the current card is taken. Writes that change nothing a card
 * decides on (a checklist tick, a milestone posted) do not make a card old.
 */
import type { Change } from '../../src/domain/change';
import type { ChangeEvent } from '../../src/domain/events';
import { windowWords } from '../../src/domain/sinceCard';
import {
  accepted,
  act,
  approvedChange,
  approver,
  dueOf,
  implementer,
  newChange,
  refused,
  runningChange,
  secondApprover,
  testProcess,
  tick,
  withoutHistory,
  zurich,
  ZONE,
} from './support';

const START = '2027-06-19 18:00';
const LATER = '2027-05-27 09:00';
/** Inside the window of START (18:00–20:00). */
const IN_WINDOW = '2027-06-19 19:00';

/** The reschedule of the issue: another day, a 9-hour window. */
const MOVED = {
  start: zurich('2027-07-08 02:00').toISOString(),
  end: zurich('2027-07-08 11:00').toISOString(),
};
const reschedule = (window = MOVED): ChangeEvent => ({
  type: 'reschedule',
  window,
  expedited: false,
  overlaps: [],
});

interface Case {
  /** The change as the card showed it; its revision is on the card's buttons. */
  seen: () => Change;
  /** What happens after the card was sent. */
  since: (change: Change) => Change;
  /** The press, by whom, when. */
  event: ChangeEvent;
  by: typeof approver;
  at: string;
  /** What the refusal says changed. */
  says: string;
}

function moved(change: Change): Change {
  return accepted(act(change, reschedule(), implementer, LATER)).change;
}

function extended(change: Change): Change {
  return accepted(act(change, { type: 'extend', extraMinutes: 30 }, implementer, '2027-06-19 19:35')).change;
}

/** Moved to another day, then approved again there: the old snapshot card's window is gone. */
function movedAndApprovedAgain(change: Change): Change {
  const planned = accepted(act(change, reschedule(), implementer, '2027-06-19 10:00')).change;
  return accepted(act(planned, { type: 'go' }, approver, '2027-06-19 10:05')).change;
}

const planned = () => newChange(START).change;

const WINDOW_MOVED = `the window moved to ${windowWords(MOVED, ZONE)}`;
const WINDOW_EXTENDED = 'the window was extended: it now ends Sat 19 Jun, 20:30';

/** Every state-changing verb of the Contract (prep.check as the toggle the card sends without `checked`). */
const CASES: Record<string, Case> = {
  'prep.check': {
    seen: planned,
    since: moved,
    event: { type: 'prep.check', item: 'tests' },
    by: implementer,
    at: LATER,
    says: 'changed since',
  },
  'precheck.done': {
    seen: planned,
    since: moved,
    event: { type: 'precheck.done' },
    by: approver,
    at: LATER,
    says: WINDOW_MOVED,
  },
  'precheck.corrections': {
    seen: planned,
    since: moved,
    event: { type: 'precheck.corrections', comment: 'Add the SSO test' },
    by: approver,
    at: LATER,
    says: WINDOW_MOVED,
  },
  go: { seen: planned, since: moved, event: { type: 'go' }, by: approver, at: LATER, says: WINDOW_MOVED },
  nogo: {
    seen: planned,
    since: moved,
    event: { type: 'nogo', reason: 'Exams' },
    by: approver,
    at: LATER,
    says: WINDOW_MOVED,
  },
  'snapshot.started': {
    seen: () => approvedChange(START),
    since: movedAndApprovedAgain,
    event: { type: 'snapshot.started' },
    by: implementer,
    at: '2027-06-19 10:10',
    says: `${WINDOW_MOVED}, and Alice Approver decided GO`,
  },
  'snapshot.done': {
    seen: () => approvedChange(START),
    since: movedAndApprovedAgain,
    event: { type: 'snapshot.done' },
    by: implementer,
    at: '2027-06-19 10:10',
    says: WINDOW_MOVED,
  },
  done: {
    seen: () => runningChange(START),
    since: extended,
    event: { type: 'done' },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  problem: {
    seen: () => runningChange(START),
    since: extended,
    event: { type: 'problem' },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  extend: {
    seen: () => runningChange(START),
    since: extended,
    event: { type: 'extend', extraMinutes: 30 },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  incident: {
    seen: () => runningChange(START),
    since: extended,
    event: { type: 'incident' },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  // The incident card comes after the incident, when nothing it shows can change any more: the press here
  // carries the revision of a card from before an extension (the control card's), which must not count.
  restored: {
    seen: () => runningChange(START),
    since: (change) => accepted(act(extended(change), { type: 'incident' }, implementer, IN_WINDOW)).change,
    event: { type: 'restored' },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  'restore.failed': {
    seen: () => runningChange(START),
    since: (change) => accepted(act(extended(change), { type: 'incident' }, implementer, IN_WINDOW)).change,
    event: { type: 'restore.failed' },
    by: implementer,
    at: IN_WINDOW,
    says: WINDOW_EXTENDED,
  },
  cancel: {
    seen: planned,
    since: moved,
    event: { type: 'cancel' },
    by: implementer,
    at: LATER,
    says: WINDOW_MOVED,
  },
  reschedule: {
    seen: planned,
    since: moved,
    event: reschedule({
      start: zurich('2027-07-15 18:00').toISOString(),
      end: zurich('2027-07-15 20:00').toISOString(),
    }),
    by: implementer,
    at: LATER,
    says: WINDOW_MOVED,
  },
};

describe.each(Object.entries(CASES))('%s', (_verb, { seen, since, event, by, at, says }) => {
  test('from a card older than a change to what it decides on: refused, with what changed, nothing applied', () => {
    const card = seen();
    const now = since(card);
    const result = refused(act(now, event, by, at, { revision: card.revision }), 'stale');
    expect(result.message).toContain(says);
    expect(result.message).toContain('Nothing was done');
    expect(withoutHistory(result.change)).toEqual(withoutHistory(now));
  });

  test('from the current card: taken', () => {
    const now = since(seen());
    accepted(act(now, event, by, at, { revision: now.revision }));
  });
});

test('the issue case: rescheduled to another day and a 9-hour window, then GO with revision 1 is refused', () => {
  const card = planned();
  expect(card.revision).toBe(1);
  const now = moved(card);
  const result = refused(act(now, { type: 'go' }, approver, LATER, { revision: 1 }), 'stale');
  expect(result.message).toContain('the window moved to Thu 8 Jul 02:00–11:00 since');
  expect(now.status).toBe('planned');
  expect(result.change.decision).toBeUndefined();
});

test('writes that change nothing a card decides on do not make it old: a tick and a milestone, then GO', () => {
  const card = planned();
  const ticked = accepted(
    act(card, { type: 'prep.check', item: 'tests', checked: true }, implementer, LATER),
  ).change;
  const asked = accepted(tick(ticked, 'goNoGo')).change;
  expect(asked.revision).toBe(card.revision + 2);
  const go = accepted(
    act(asked, { type: 'go' }, approver, dueOf(asked, 'goNoGo'), { revision: card.revision }),
  );
  expect(go.change.status).toBe('approved');
});

test('tolerant: a tick that says checked counts whatever changed since its card', () => {
  const card = planned();
  const now = moved(card);
  const ticked = accepted(
    act(now, { type: 'prep.check', item: 'tests', checked: true }, implementer, LATER, {
      revision: card.revision,
    }),
  );
  expect(ticked.change.preparation.find((item) => item.id === 'tests')?.checked).toBe(true);
});

test('a second approver pressing GO on the card the first approver answered gets the state, not a second GO', () => {
  const card = planned();
  const first = accepted(act(card, { type: 'go' }, approver, LATER, { revision: card.revision })).change;
  const second = refused(
    act(first, { type: 'go' }, secondApprover, LATER, { revision: card.revision }),
    'state',
  );
  expect(second.message).toContain('already decided GO');
});

test('a revision newer than the change is not from this change: refused', () => {
  const card = planned();
  const result = refused(
    act(card, { type: 'go' }, approver, LATER, { revision: card.revision + 5 }),
    'stale',
  );
  expect(result.message).toContain('newer than the change');
});

test('windowWords: same day as one range, across midnight with both days', () => {
  const process = testProcess();
  expect(windowWords(MOVED, process.timeZone)).toBe('Thu 8 Jul 02:00–11:00');
  expect(
    windowWords(
      { start: zurich('2027-07-08 22:00').toISOString(), end: zurich('2027-07-09 04:00').toISOString() },
      process.timeZone,
    ),
  ).toBe('Thu 8 Jul, 22:00 – Fri 9 Jul, 04:00');
});
