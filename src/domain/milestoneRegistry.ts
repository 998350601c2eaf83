import type { Duration } from 'luxon';
import type { Change, ChangeStatus, Effect, NoticeKind, Recipient } from './change';
import type { MilestoneSpec as GenericSpec, Verdict } from './milestoneSpec';
import type { ProcessDefinition } from './process';

export type { Verdict };
/** One milestone of a process: see milestoneSpec.ts. */
export type MilestoneSpec = GenericSpec<ProcessDefinition>;
import { ownerEmails, publicNotice } from './recipients';

/** The notice `spec` posts, to `to`: registry notices that are not built-in kinds are strings outside the union. */
export function notice(spec: { notice: string }, to: Recipient): Effect {
  return { notice: spec.notice as NoticeKind, to };
}

const skipUnless = (change: Change, status: ChangeStatus): { skip: string } | undefined =>
  change.status === status ? undefined : { skip: `the change was ${change.status}` };

function blocked(change: Change, proc: ProcessDefinition): Verdict {
  const to = ownerEmails(change, proc);
  return {
    status: 'blocked',
    send: [
      { notice: 'blocked', to: { kind: 'implementer' } },
      ...(to.length > 0 ? [{ notice: 'blocked' as const, to: { kind: 'mail' as const, to } }] : []),
      // Announced before a reschedule: the audience holds the window in its calendar and must hear it is off.
      ...(change.announced ? publicNotice('cancellation', change, proc, 'cancel') : []),
    ],
  };
}

/** The seed process's milestones, in the order they fall due. */
export const BUILT_IN_MILESTONES: readonly MilestoneSpec[] = [
  {
    name: 'preparation',
    offsetKey: 'preparation',
    notice: 'preparation',
    label: 'Preparation',
    verdict: (change) =>
      skipUnless(change, 'planned') ?? { send: [{ notice: 'preparation', to: { kind: 'implementer' } }] },
  },
  {
    name: 'precheck',
    offsetKey: 'precheck',
    notice: 'precheck',
    label: 'Pre-check',
    verdict: (change) => {
      const skip = skipUnless(change, 'planned');
      if (skip) return skip;
      if (change.precheck.state === 'done') return { skip: 'the pre-check was already done' };
      return { send: [{ notice: 'precheck', to: { kind: 'approvers' } }] };
    },
  },
  {
    name: 'goNoGo',
    offsetKey: 'goNoGo',
    notice: 'goNoGo',
    label: 'GO / NOGO',
    verdict: (change) => {
      if (change.status !== 'planned')
        return { skip: change.decision ? 'GO/NOGO was already decided' : `the change was ${change.status}` };
      return { send: [{ notice: 'goNoGo', to: { kind: 'approvers' } }] };
    },
  },
  {
    name: 'reminder',
    offsetKey: 'reminder',
    notice: 'reminder',
    label: 'Reminder',
    verdict: (change, proc) => {
      if (change.status === 'approved') return { send: publicNotice('reminder', change, proc) };
      if (change.status !== 'planned') return { skip: `the change was ${change.status}` };
      // An expedited change may be approved after the reminder was due: its reminder waits for the GO.
      return change.expedited ? { wait: 'waiting for GO' } : blocked(change, proc);
    },
  },
  {
    name: 'snapshot',
    due: ({ start }, proc) => start.minus(proc.snapshot.duration).minus(proc.snapshot.margin),
    notice: 'snapshot',
    label: 'Data snapshot',
    verdict: (change) => {
      if (change.status === 'approved')
        return { send: [{ notice: 'snapshot', to: { kind: 'implementer' } }] };
      if (change.status === 'planned' && change.expedited) return { wait: 'waiting for GO' };
      return { skip: `the change was ${change.status}` };
    },
  },
  {
    name: 'start',
    due: ({ start }) => start,
    notice: 'start',
    label: 'Start',
    afterStart: true,
    verdict: (change, proc) => {
      if (change.status === 'approved') {
        return {
          status: 'running',
          send: [...publicNotice('start', change, proc), { notice: 'control', to: { kind: 'implementer' } }],
        };
      }
      if (change.status === 'planned') return blocked(change, proc);
      return { skip: `the change was ${change.status}` };
    },
  },
  {
    // The checkpoint; stored under its old name.
    name: 'decision',
    due: ({ end }, proc) => end.minus(proc.decisionBeforeEnd),
    notice: 'decision',
    label: 'Decision point',
    afterStart: true,
    lateIfOverdue: false,
    verdict: (change) =>
      change.status === 'running' || change.status === 'debugging'
        ? { send: [{ notice: 'decision', to: { kind: 'implementer' } }] }
        : { skip: `the change was ${change.status}` },
  },
];

/** The milestones of a process: the built-in ones unless the process names its own list. */
export function milestonesOf(proc: ProcessDefinition): readonly MilestoneSpec[] {
  return proc.milestones ?? BUILT_IN_MILESTONES;
}

export function milestoneSpec(name: string, proc: ProcessDefinition): MilestoneSpec | undefined {
  return milestonesOf(proc).find((spec) => spec.name === name);
}

/** The milestone whose own notice is `notice` (a registry card, not a built-in one). */
export function milestoneForNotice(notice: string, proc: ProcessDefinition): MilestoneSpec | undefined {
  return milestonesOf(proc).find((spec) => spec.notice === notice);
}

/** The offset `before.<key>` of the process; a registry naming an offset the file lacks is a programming error. */
export function offsetOf(proc: ProcessDefinition, key: string): Duration {
  const offset = (proc.before as Record<string, Duration | undefined>)[key];
  if (!offset) throw new Error(`The process has no before.${key}, which the milestone registry needs.`);
  return offset;
}
