import type { DateTime } from 'luxon';
import type { Change, ChangeStatus, Effect } from './change';

// The process type is a parameter so that process.ts can name these without an import cycle.

/** What a milestone does for a change in its state: send notices (maybe moving the status), skip, or wait. */
export type Verdict = { send: Effect[]; status?: ChangeStatus } | { skip: string } | { wait: string };

/** The card of a milestone that is not one of the built-in cards: its template file and its view. */
export interface MilestoneCard<P> {
  /** Path of the Adaptive Card template (a JSON file, `${field}` bindings). */
  template: string;
  /** The template's data; every string is escaped before it is filled in. */
  view: (change: Change, proc: P, opts: { now: Date }) => Record<string, unknown>;
}

/**
 * One scheduled step of the process, as data: when it falls due, what it sends to whom, when it is skipped
 * or late, how the summary names it. Schedule, milestones, tick, cards and mail all read this registry, so
 * a new milestone is one entry here, its `before.<offsetKey>` in the process file, a template and a view.
 */
export interface MilestoneSpec<P> {
  /** Key in a change's `milestones` and in its history (`milestone.<name>`); stored, so never renamed. */
  name: string;
  /** Due `before.<offsetKey>` (a process-file offset) before the window's start... */
  offsetKey?: string;
  /** ...or computed from the window (the snapshot, the start, the checkpoint). */
  due?: (window: { start: DateTime; end: DateTime }, proc: P) => DateTime;
  /** The notice it posts: a built-in card kind, or this milestone's own `card`. */
  notice: string;
  /** Its row on the summary card. */
  label: string;
  /** Still handled once the window has started (the start, the checkpoint); any other is skipped then. */
  afterStart?: boolean;
  /** Planned already overdue (an expedited change): labelled late. The checkpoint is not (it moves). */
  lateIfOverdue?: boolean;
  verdict: (change: Change, proc: P) => Verdict;
  /** For a milestone with a card of its own (not a built-in notice kind). */
  card?: MilestoneCard<P>;
  /** Its e-mail, when it mails (recipients of kind `mail`): the text under the heading. */
  mail?: (change: Change, proc: P) => { heading: string; paragraphs: string[] };
}
