import fs from 'node:fs';
import { DateTime } from 'luxon';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { parseProcess } from '../../src/config/processFile';
import type { Actor, Change, Effect, MilestoneName, NoticeKind } from '../../src/domain/change';
import { createChange } from '../../src/domain/create';
import { decide } from '../../src/domain/decide';
import type { ChangeEvent, Decision, Refusal, RefusalCode } from '../../src/domain/events';
import type { ProcessDefinition } from '../../src/domain/process';
import { checkRequest, type ChangeRequestInput } from '../../src/domain/request';
import { approverEntries, editProcessJson } from '../support/processJson';

export const ZONE = 'Europe/Zurich';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

type Person = Actor & { email: string };

export const approver: Person = {
  aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001',
  name: 'Alice Approver',
  email: 'alice.approver@test.example.org',
};
export const secondApprover: Person = {
  aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000002',
  name: 'Bruno Approver',
  email: 'bruno.approver@test.example.org',
};
export const implementer: Person = {
  aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000001',
  name: 'Ines Implementer',
  email: 'ines.implementer@test.example.org',
};
/** A channel member who is neither the implementer nor an approver. */
export const stranger: Person = {
  aadObjectId: 'cccccccc-0000-4000-8000-000000000001',
  name: 'Sam Stranger',
  email: 'sam.stranger@test.example.org',
};

/** The audience of the shipped process file. */
export const PROCESS_AUDIENCE = 'isc-learn-users@isc.example.org';

const shipped = JSON.parse(fs.readFileSync(DEFAULT_PROCESS_FILE, 'utf8')) as Record<string, unknown>;

/** The shipped process, with the two test approvers instead of the real one. */
export function testProcess(overrides: Record<string, unknown> = {}): ProcessDefinition {
  if (Object.keys(overrides).length === 0) return (defaultProcess ??= parseTestProcess({}));
  return parseTestProcess(overrides);
}

let defaultProcess: ProcessDefinition | undefined;

function parseTestProcess(overrides: Record<string, unknown>): ProcessDefinition {
  const approvers = approverEntries([approver, secondApprover]);
  const raw = editProcessJson(shipped, overrides, { approvers });
  return parseProcess(raw, 'test process');
}

/** "2027-03-28 01:00" in the process time zone, as an instant; refuses times that do not exist. */
export function zurich(local: string): Date {
  const instant = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm', { zone: ZONE });
  if (!instant.isValid || instant.toFormat('yyyy-MM-dd HH:mm') !== local) {
    throw new Error(`Test bug: ${local} is not a local time in ${ZONE}`);
  }
  return instant.toJSDate();
}

/** An instant shown as local wall-clock time in the process time zone. */
export function local(instant: Date | string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return DateTime.fromJSDate(date, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

export interface NewChangeOptions {
  /** Local end "yyyy-MM-dd HH:mm"; default: `hours` after the start. */
  end?: string;
  /** Window length in real hours when `end` is not given (default 2). */
  hours?: number;
  /** When the form is submitted; default: 30 days before the start. */
  now?: Date;
  expedited?: boolean;
  downtime?: number;
  tests?: string[];
  /** Extra addresses typed in the form. */
  audience?: string;
  id?: string;
  process?: ProcessDefinition;
}

/** The form values for a window starting at `start` (local), as Teams would send them. */
export function formInput(start: string, options: NewChangeOptions = {}): ChangeRequestInput {
  const startInstant = zurich(start);
  const end =
    options.end ?? local(new Date(startInstant.getTime() + Math.round((options.hours ?? 2) * HOUR)));
  const [startDate, startTime] = start.split(' ');
  const [endDate, endTime] = end.split(' ');
  return {
    title: 'Upgrade Moodle to 4.5',
    description: 'Upgrade the learning platform and its plugins on Hannibal.',
    startDate,
    startTime,
    endDate,
    endTime,
    downtime: String(options.downtime ?? 30),
    tests: (options.tests ?? ['Log in as a student', 'Submit a quiz']).join('\n'),
    rollback: 'Restore the data snapshot taken before the window.',
    audience: options.audience ?? 'teachers@test.example.org',
    expedited: String(options.expedited ?? false),
  };
}

/** A change created through the form (checkRequest + createChange), as the implementer submits it. */
export function newChange(
  start: string,
  options: NewChangeOptions = {},
): { change: Change; effects: Effect[]; now: Date; process: ProcessDefinition } {
  const process = options.process ?? testProcess();
  const now = options.now ?? new Date(zurich(start).getTime() - 30 * DAY);
  const checked = checkRequest(formInput(start, options), process, now);
  if (!checked.ok) throw new Error(`Test bug: the form was refused: ${JSON.stringify(checked.errors)}`);
  const { change, effects } = createChange(
    { id: options.id ?? 'CHG-2027-001', request: checked.request, implementer, overlaps: [], now },
    process,
  );
  return { change, effects, now, process };
}

export interface ActOptions {
  /** The revision on the pressed card; default: the current one. Pass `null` to send none. */
  revision?: number | null;
  source?: string;
  process?: ProcessDefinition;
}

/** Someone (or the scheduler, `'system'`) does `event` on `change` at `at`. */
export function act(
  change: Change,
  event: ChangeEvent,
  by: Actor | 'system',
  at: Date | string,
  options: ActOptions = {},
): Decision {
  const revision = options.revision === undefined ? change.revision : options.revision;
  return decide(
    change,
    {
      event,
      by,
      at: typeof at === 'string' ? zurich(at) : at,
      ...(revision === null ? {} : { revision }),
      ...(options.source ? { source: options.source } : {}),
    },
    options.process ?? testProcess(),
  );
}

/** The scheduler handles milestone `name` at `at` (default: exactly when it is due). */
export function tick(
  change: Change,
  name: MilestoneName,
  at?: Date | string,
  process?: ProcessDefinition,
): Decision {
  return act(change, { type: 'milestone', name }, 'system', at ?? dueOf(change, name), { process });
}

export function dueOf(change: Change, name: MilestoneName): Date {
  return new Date(change.milestones[name].due);
}

/** The accepted outcome; fails the test with the refusal text otherwise. */
export function accepted(outcome: Decision): { change: Change; effects: Effect[] } {
  if (!outcome.accepted) {
    throw new Error(`Expected the event to be accepted, but it was refused: ${outcome.refusal.message}`);
  }
  return outcome;
}

/** The refusal; fails the test when the event was accepted or refused for another reason. */
export function refused(outcome: Decision, code?: RefusalCode): Refusal & { change: Change } {
  if (outcome.accepted) throw new Error('Expected the event to be refused, but it was accepted.');
  if (code !== undefined) expect(outcome.refusal.code).toBe(code);
  return { ...outcome.refusal, change: outcome.change };
}

/** Effects as readable strings: "announcement → channel", "announcement → mail[request] a@x, b@y". */
export function describeEffects(effects: Effect[]): string[] {
  return effects.map(({ notice, to, late }) => {
    const target =
      to.kind === 'mail'
        ? `mail${to.calendar ? `[${to.calendar}]` : ''} ${[...to.to].sort().join(', ')}`
        : to.kind;
    return `${notice} → ${target}${late ? ' (late)' : ''}`;
  });
}

export function noticesOf(effects: Effect[]): NoticeKind[] {
  return effects.map((effect) => effect.notice);
}

/** Everyone a public notice goes to by mail for a change created with `newChange` defaults. */
export function publicAudience(extra: string[] = ['teachers@test.example.org']): string {
  return [approver.email, secondApprover.email, PROCESS_AUDIENCE, implementer.email, ...extra]
    .sort()
    .join(', ');
}

export function ownersList(): string {
  return [implementer.email, approver.email, secondApprover.email].sort().join(', ');
}

/** The change approved by GO at the goNoGo milestone (sent first). */
export function approvedChange(start = '2027-06-19 18:00', options: NewChangeOptions = {}): Change {
  const { change, process } = newChange(start, options);
  const asked = accepted(tick(change, 'goNoGo', undefined, process)).change;
  return accepted(act(asked, { type: 'go' }, approver, dueOf(asked, 'goNoGo'), { process })).change;
}

/** The change running: GO given, the start milestone handled at the window start. */
export function runningChange(start = '2027-06-19 18:00', options: NewChangeOptions = {}): Change {
  const approved = approvedChange(start, options);
  return accepted(tick(approved, 'start', undefined, options.process)).change;
}

/** A shallow view of the parts of a change a refusal must not touch. */
export function withoutHistory(change: Change): Omit<Change, 'history'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { history, ...rest } = change;
  return rest;
}
