import type { DateTime } from 'luxon';
import type { Change, ChangeStatus, Effect } from './change';

// The process type is a parameter so that process.ts can name these without an import cycle.

/** What a milestone does for a change in its state: send notices (maybe moving the status), skip, or wait. */
export type DueAction = { send: Effect[]; status?: ChangeStatus } | { skip: string } | { wait: string };

/** The card of a notice that is not one of the built-in cards: its template file and its view. */
export interface MilestoneCard<P> {
  /** Path of the Adaptive Card template (a JSON file, `${field}` bindings). */
  template: string;
  /** The template's data; every string is escaped before it is filled in. */
  view: (change: Change, proc: P, opts: { now: Date }) => Record<string, unknown>;
}

/**
 * One scheduled step of the process, as data: when it falls due, what it sends to whom, when it is skipped
 * or late, how the summary names it. It is part of its step (steps/step.ts), which schedule, tick, cards
 * and mail read.
 */
export interface MilestoneSpec<P> {
  /** Key in a change's `milestones` and in its history (`milestone.<name>`); stored, so never renamed. */
  name: string;
  /** Due `before.<offsetKey>` (a process-file offset) before the window's start... */
  offsetKey?: string;
  /** ...or computed from the window (the snapshot, the start, the checkpoint). */
  due?: (window: { start: DateTime; end: DateTime }, proc: P) => DateTime;
  /** Its row on the summary card. */
  label: string;
  /** Still handled once the window has started (the start, the checkpoint); any other is skipped then. */
  afterStart?: boolean;
  /** Planned already overdue (an expedited change): labelled late. The checkpoint is not (it moves). */
  lateIfOverdue?: boolean;
  /** What it does for the change in its state: the notices it sends are its step's (step.ts). */
  whenDue: (change: Change, proc: P) => DueAction;
}
