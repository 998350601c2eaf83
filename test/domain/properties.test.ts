import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  isFinal,
  type Actor,
  type Change,
  type ChangeStatus,
  type MilestoneName,
} from '../../src/domain/change';
import { decide } from '../../src/domain/decide';
import type { ChangeEvent, EventType } from '../../src/domain/events';
import { milestonesOf } from '../../src/domain/milestoneRegistry';
import { isApprover, isImplementer, roleOf } from '../../src/domain/roles';
import {
  DAY,
  MINUTE,
  approver,
  implementer,
  newChange,
  secondApprover,
  stranger,
  testProcess,
  withoutHistory,
  zurich,
} from './support';

/**
 * Random lives of a change: random events from random people (mostly the right ones), with current, stale or
 * missing revisions, while the clock only moves forward, often straight to the next milestone. Whatever
 * happens, after every step:
 * - decide() did not touch the change it was given;
 * - the history only grows, its old lines unchanged;
 * - an accepted event raises the revision by exactly one; a refused one changes nothing but, at most, one
 *   history line (none for a milestone that waits);
 * - nothing is announced (announcement, reminder, start notice) without a GO that still stands;
 * - a final status never changes, so a change is never both completed and cancelled;
 * - approved and later states carry their GO; the window runs only after its start;
 * - a handled milestone is pending again only after a reschedule (or an extension, for the decision).
 */

const process = testProcess();
const START = '2027-06-19 18:00';
/** The milestones of the process's steps, in due order: a step added to the process is walked too. */
const MILESTONE_NAMES = milestonesOf(process).map((spec) => spec.name as MilestoneName);

type EventSpec =
  | { type: 'prep.check'; item: string; checked: boolean | undefined }
  | { type: 'precheck.done' | 'go' | 'snapshot.started' | 'snapshot.done' | 'problem' | 'incident' }
  | { type: 'restored' | 'restore.failed' }
  | { type: 'precheck.corrections'; comment: string }
  | { type: 'nogo'; reason: string }
  | { type: 'done'; testResults: boolean[] | undefined }
  | { type: 'extend'; extraMinutes: number }
  | { type: 'cancel'; reason: string | undefined }
  | { type: 'reschedule'; daysAhead: number; minutes: number }
  | { type: 'milestone'; name: MilestoneName | 'next' };

type Advance =
  | { kind: 'none' }
  | { kind: 'minutes'; n: number }
  | { kind: 'days'; n: number }
  | { kind: 'nextDue'; late: number };

interface Step {
  event: EventSpec;
  actor: 'right' | Actor | 'system';
  revision: 'current' | 'previous' | 'none';
  advance: Advance;
}

/** Weighted so that a life often reaches the window: cancel, NOGO and reschedule end or restart it. */
const eventArb: fc.Arbitrary<EventSpec> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('prep.check' as const),
      item: fc.constantFrom('prepare', 'tests', 'window', 'nope'),
      checked: fc.constantFrom(true, false, undefined),
    }),
  },
  ...(
    [
      ['precheck.done', 4],
      ['go', 6],
      ['snapshot.started', 4],
      ['snapshot.done', 4],
      ['problem', 4],
      ['incident', 3],
      ['restored', 4],
      ['restore.failed', 3],
    ] as const
  ).map(([type, weight]) => ({ weight, arbitrary: fc.constant({ type }) })),
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('precheck.corrections' as const),
      comment: fc.constantFrom('', '  ', 'Add a test.'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('nogo' as const),
      reason: fc.constantFrom('', 'Exams that week.'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('done' as const),
      testResults: fc.option(fc.array(fc.boolean(), { maxLength: 3 }), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('extend' as const),
      extraMinutes: fc.constantFrom(-1, 0, 1, 30, 720, 721, 1.5),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('cancel' as const),
      reason: fc.constantFrom(undefined, '', 'Not needed.'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('reschedule' as const),
      daysAhead: fc.integer({ min: 0, max: 40 }),
      minutes: fc.integer({ min: 30, max: 240 }),
    }),
  },
  {
    weight: 16,
    arbitrary: fc.record({
      type: fc.constant('milestone' as const),
      name: fc.oneof(
        { weight: 4, arbitrary: fc.constant('next' as const) },
        { weight: 1, arbitrary: fc.constantFrom(...MILESTONE_NAMES) },
      ),
    }),
  },
);

const actorArb: fc.Arbitrary<Step['actor']> = fc.oneof(
  { arbitrary: fc.constant('right' as const), weight: 6 },
  fc.constantFrom<Actor | 'system'>(implementer, approver, secondApprover, stranger, 'system'),
);

const advanceArb: fc.Arbitrary<Advance> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('minutes' as const), n: fc.integer({ min: 1, max: 180 }) }),
  fc.record({ kind: fc.constant('days' as const), n: fc.integer({ min: 1, max: 5 }) }),
  {
    arbitrary: fc.record({ kind: fc.constant('nextDue' as const), late: fc.constantFrom(0, 0, 3, 6, 60) }),
    weight: 3,
  },
);

const stepArb: fc.Arbitrary<Step> = fc.record({
  event: eventArb,
  actor: actorArb,
  revision: fc.constantFrom('current', 'current', 'current', 'previous', 'none'),
  advance: advanceArb,
});

/** The next time a pending milestone falls due, after `now`. */
function nextPendingDue(change: Change, now: Date): Date | undefined {
  const dues = MILESTONE_NAMES.filter((name) => change.milestones[name].state === 'pending')
    .map((name) => Date.parse(change.milestones[name].due))
    .filter((due) => due > now.getTime());
  return dues.length > 0 ? new Date(Math.min(...dues)) : undefined;
}

function advance(now: Date, how: Advance, change: Change): Date {
  switch (how.kind) {
    case 'none':
      return now;
    case 'minutes':
      return new Date(now.getTime() + how.n * MINUTE);
    case 'days':
      return new Date(now.getTime() + how.n * DAY);
    case 'nextDue': {
      const due = nextPendingDue(change, now);
      return due ? new Date(due.getTime() + how.late * MINUTE) : now;
    }
  }
}

function materialize(spec: EventSpec, change: Change, now: Date): ChangeEvent {
  switch (spec.type) {
    case 'reschedule': {
      // Whole minutes, as the form gives them.
      const start = Math.ceil((now.getTime() + spec.daysAhead * DAY + MINUTE) / MINUTE) * MINUTE;
      return {
        type: 'reschedule',
        window: {
          start: new Date(start).toISOString(),
          end: new Date(start + spec.minutes * MINUTE).toISOString(),
        },
        expedited: spec.daysAhead < 21,
        overlaps: [],
      };
    }
    case 'milestone': {
      if (spec.name !== 'next') return { type: 'milestone', name: spec.name };
      // Like the scheduler: the first due milestone, in due order, that does not wait for something.
      const due = MILESTONE_NAMES.filter(
        (name) =>
          change.milestones[name].state === 'pending' &&
          Date.parse(change.milestones[name].due) <= now.getTime(),
      ).sort((a, b) => Date.parse(change.milestones[a].due) - Date.parse(change.milestones[b].due));
      const ready = due.find((name) => {
        const tried = decide(change, { event: { type: 'milestone', name }, by: 'system', at: now }, process);
        return tried.accepted || tried.refusal.code !== 'waiting';
      });
      return { type: 'milestone', name: ready ?? due[0] ?? 'decision' };
    }
    case 'done':
      return spec.testResults === undefined
        ? { type: 'done' }
        : { type: 'done', testResults: spec.testResults };
    case 'cancel':
      return spec.reason === undefined ? { type: 'cancel' } : { type: 'cancel', reason: spec.reason };
    case 'prep.check':
      return spec.checked === undefined
        ? { type: 'prep.check', item: spec.item }
        : { type: 'prep.check', item: spec.item, checked: spec.checked };
    default:
      return spec;
  }
}

function rightActor(type: EventType): Actor | 'system' {
  const role = roleOf(type, process);
  if (role === 'system') return 'system';
  return role === 'approver' ? approver : implementer;
}

const HAD_GO: readonly ChangeStatus[] = [
  'approved',
  'running',
  'debugging',
  'incident',
  'completed',
  'restored',
  'handedOff',
];

/** True when the last accepted reschedule (if any) was followed by an accepted GO, up to this history. */
function goStands(change: Change): boolean {
  const events = change.history.filter((entry) => entry.accepted).map((entry) => entry.event);
  return events.lastIndexOf('go') > events.lastIndexOf('reschedule');
}

/** Deep equality, fast on success; on failure jest shows the difference. */
function expectSame<T>(actual: T, expected: T): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}

/** Freezes what is not frozen yet: the parts a step shares with the previous change already are. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** A cheap check for the hot loop (jest's expect is slow when called 100,000 times). */
function invariant(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Invariant broken: ${what}`);
}

function runLife(expedited: boolean, steps: Step[]): Set<ChangeStatus> {
  const seen = new Set<ChangeStatus>();
  const created = expedited
    ? newChange(START, { expedited: true, now: zurich('2027-06-14 10:00') })
    : newChange(START, { now: zurich('2027-05-20 18:00') });
  let change = created.change;
  let now = created.now;
  let previousRevision = change.revision;
  let finalStatus: ChangeStatus | undefined;

  for (const step of steps) {
    now = advance(now, step.advance, change);
    const event = materialize(step.event, change, now);
    const by = step.actor === 'right' ? rightActor(event.type) : step.actor;
    const revision =
      step.revision === 'current'
        ? change.revision
        : step.revision === 'previous'
          ? previousRevision
          : undefined;
    deepFreeze(change);

    const decision = decide(
      change,
      { event, by, at: now, ...(revision === undefined ? {} : { revision }) },
      process,
    );
    const next = decision.change;
    const what = `${event.type} by ${by === 'system' ? 'system' : by.name} on a ${change.status} change`;

    // decide() is pure: the change it was given is frozen, so touching it would have thrown.
    // The same refusal again, by the same person: the last line counts it instead of a new line.
    const repeated = !decision.accepted && next !== change && next.history.length === change.history.length;
    // The same checklist item toggled again by the same person: the last line counts it (historyBound.ts).
    const toggledAgain =
      decision.accepted && event.type === 'prep.check' && next.history.length === change.history.length;
    // History only grows: the old lines are kept as they were (a repeated refusal or toggle updates the last one).
    if (repeated) {
      expectSame(next.history.slice(0, -1), change.history.slice(0, -1));
      const before = change.history.at(-1)!;
      const after = next.history.at(-1)!;
      expectSame({ ...after, at: before.at, count: before.count }, before);
      invariant(after.count === (before.count ?? 1) + 1, `${what}: a repeated refusal is counted`);
    } else if (toggledAgain) {
      expectSame(next.history.slice(0, -1), change.history.slice(0, -1));
      const before = change.history.at(-1)!;
      const after = next.history.at(-1)!;
      invariant(
        before.event === 'prep.check' && before.item === after.item && before.accepted,
        `${what}: only a tick of the same item folds`,
      );
      invariant(after.count === (before.count ?? 1) + 1, `${what}: a repeated toggle is counted`);
    } else expectSame(next.history.slice(0, change.history.length), change.history);

    if (decision.accepted) {
      const last = next.history.at(-1);
      invariant(next.revision === change.revision + 1, `${what}: accepted, revision goes up by exactly one`);
      invariant(
        next.history.length === change.history.length + (toggledAgain ? 0 : 1),
        `${what}: accepted, one history line (or the last one counts a repeated toggle)`,
      );
      invariant(
        last?.accepted === true && last.revision === next.revision,
        `${what}: the line says accepted`,
      );
      invariant(next.updatedAt === now.toISOString(), `${what}: updatedAt is the event time`);
      for (const effect of decision.effects) {
        invariant(effect.to.kind !== 'mail' || effect.to.to.length > 0, `${what}: a mail has recipients`);
        // Nothing is announced to the audience without a GO that still stands.
        invariant(effect.notice !== 'announcement' || event.type === 'go', `${what}: only GO announces`);
        invariant(
          !['announcement', 'reminder', 'start'].includes(effect.notice) || goStands(next),
          `${what}: ${effect.notice} sent without a standing GO`,
        );
      }
    } else {
      // A refusal changes nothing but, at most, one history line saying why.
      expectSame(withoutHistory(next), withoutHistory(change));
      const added = next.history.length - change.history.length;
      const last = next.history.at(-1);
      const hasRole = by === 'system' || isImplementer(by, change) || isApprover(by, process);
      if (decision.refusal.code === 'waiting') invariant(added === 0, `${what}: waiting adds no history`);
      else if (!hasRole) invariant(next === change, `${what}: no role on the change, nothing stored`);
      else if (repeated) invariant(added === 0, `${what}: a repeated refusal adds no line`);
      else {
        invariant(added === 1, `${what}: a refusal adds one history line`);
        invariant(
          last?.accepted === false &&
            last.note === decision.refusal.message &&
            last.revision === change.revision,
          `${what}: the line says refused and why`,
        );
      }
      invariant(decision.refusal.message.length > 0, `${what}: a refusal says why`);
    }

    // A final status never changes: never both completed and cancelled.
    if (finalStatus) {
      invariant(!decision.accepted && next.status === finalStatus, `${what}: a final status never changes`);
    } else if (isFinal(next.status)) finalStatus = next.status;

    // States that can only be reached through a GO carry it; an announced change had one.
    invariant(
      !HAD_GO.includes(next.status) || next.decision?.verdict === 'go',
      `${what}: ${next.status} without GO`,
    );
    invariant(
      !next.announced || next.history.some((entry) => entry.accepted && entry.event === 'go'),
      `${what}: announced without GO`,
    );
    // The window runs only once it has started, and always ends after it starts.
    invariant(
      !['running', 'debugging', 'incident'].includes(next.status) ||
        now.getTime() >= Date.parse(next.window.start),
      `${what}: running before the window start`,
    );
    invariant(
      Date.parse(next.window.end) > Date.parse(next.window.start),
      `${what}: window ends after its start`,
    );
    // A handled milestone is pending again only when its date moved.
    for (const name of MILESTONE_NAMES) {
      invariant(
        change.milestones[name].state === 'pending' ||
          next.milestones[name].state !== 'pending' ||
          event.type === 'reschedule' ||
          (event.type === 'extend' && name === 'decision'),
        `${what}: milestone ${name} pending again`,
      );
    }

    if (decision.accepted) previousRevision = change.revision;
    change = next;
    seen.add(change.status);
  }

  const accepted = change.history.filter((entry) => entry.accepted).map((entry) => entry.event);
  invariant(!(accepted.includes('done') && accepted.includes('cancel')), 'never both done and cancelled');
  return seen;
}

describe('any life of a change', () => {
  it('keeps the invariants of decide()', () => {
    const runs: Record<string, number> = {};
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.array(stepArb, { minLength: 1, maxLength: 80, size: 'max' }),
        (expedited, steps) => {
          for (const status of runLife(expedited, steps)) runs[status] = (runs[status] ?? 0) + 1;
        },
      ),
      { numRuns: 300 },
    );
    // Guards the generators: lives that never reached the window would make the invariants pass vacuously.
    // Each of these is reached in about 20 to 200 of the 300 lives.
    for (const status of ['approved', 'blocked', 'running', 'incident', 'completed', 'cancelled']) {
      expect(runs[status] ?? 0).toBeGreaterThan(0);
    }
  });
});
