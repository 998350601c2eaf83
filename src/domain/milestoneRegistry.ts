import type { Duration } from 'luxon';
import type { Effect, NoticeKind, Recipient } from './change';
import type { MilestoneSpec as GenericSpec, DueAction } from './milestoneSpec';
import type { ProcessDefinition } from './process';
import { tablesOf } from './steps/lookup';
import type { NoticeSpec } from './steps/step';

export type { DueAction };
/** One milestone of a process: see milestoneSpec.ts. */
export type MilestoneSpec = GenericSpec<ProcessDefinition>;

/** The notice `kind`, to `to`: a step's own notices are strings outside the built-in union. */
export function notice(kind: string, to: Recipient): Effect {
  return { notice: kind as NoticeKind, to };
}

/** The milestones of a process, in the order they fall due: those of its steps. */
export function milestonesOf(proc: ProcessDefinition): readonly MilestoneSpec[] {
  return tablesOf(proc.steps).milestones;
}

export function milestoneSpec(name: string, proc: ProcessDefinition): MilestoneSpec | undefined {
  return milestonesOf(proc).find((spec) => spec.name === name);
}

/** What a step says of the notice `kind`: its card, whom it asks, its label, its milestone. */
export function noticeSpec(
  kind: string,
  proc: ProcessDefinition,
): (NoticeSpec<ProcessDefinition> & { milestone?: string }) | undefined {
  return tablesOf(proc.steps).notices.get(kind);
}

/** The offset `before.<key>` of the process; a step naming an offset the file lacks is a programming error. */
export function offsetOf(proc: ProcessDefinition, key: string): Duration {
  const offset = proc.before[key];
  if (!offset) throw new Error(`The process has no before.${key}, which its steps need.`);
  return offset;
}
