import type { OutboxEntry, PostedCard } from './notice';
import type { ServiceCopy } from './serviceCopy';
import type { PublicText } from './publicText';

// What the domain asks to deliver has its own file; re-exported so that imports of './change' keep working.
export * from './notice';

/** Schema version of a stored change document; bump it with a migration when the shape changes. */
export const CHANGE_SCHEMA_VERSION = 2;

/** Someone who acted on a change, identified by their Entra (AAD) object id. */
export interface Actor {
  aadObjectId: string;
  name: string;
  email?: string;
}

/**
 * Where a change stands.
 * - planned: created, being prepared and pre-checked, waiting for GO/NOGO
 * - approved: GO given, announced
 * - rejected: NOGO given; the implementer reschedules or cancels
 * - blocked: no GO by the reminder (`before.reminder`); nothing announced; reschedule or cancel
 * - running: the window started
 * - debugging: a problem is being debugged inside the window
 * - incident: an incident was declared; restoring
 * - completed: done, tests passed
 * - restored: the incident ended with a successful restore
 * - handedOff: the restore failed; the incident process took over
 * - cancelled: cancelled before the start
 */
export type ChangeStatus =
  | 'planned'
  | 'approved'
  | 'rejected'
  | 'blocked'
  | 'running'
  | 'debugging'
  | 'incident'
  | 'completed'
  | 'restored'
  | 'handedOff'
  | 'cancelled';

export const FINAL_STATUSES: readonly ChangeStatus[] = ['completed', 'restored', 'handedOff', 'cancelled'];
export const IN_WINDOW_STATUSES: readonly ChangeStatus[] = ['running', 'debugging', 'incident'];

export function isFinal(status: ChangeStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/**
 * The built-in milestones (each one step's, src/domain/steps/): keys of `change.milestones` and history
 * lines `milestone.<name>`, so stored; `goNoGo` is the approval's and `decision` the checkpoint's
 * (steps/storedNames.ts).
 */
export type MilestoneName =
  'preparation' | 'precheck' | 'goNoGo' | 'reminder' | 'snapshot' | 'start' | 'decision';

export type MilestoneState = 'pending' | 'done' | 'skipped';

export interface Milestone {
  /** When it falls due, as an ISO instant (UTC). */
  due: string;
  state: MilestoneState;
  /** When the scheduler handled it. */
  handledAt?: string;
  /** Handled after its due time (caught up after downtime, or an expedited change). */
  late?: boolean;
  /** Why it was skipped. */
  reason?: string;
}

/** The maintenance window: ISO instants (UTC); the process time zone turns them into local time. */
export interface MaintenanceWindow {
  start: string;
  end: string;
}

export interface ChecklistItem {
  id: string;
  label: string;
  checked: boolean;
  by?: string;
  at?: string;
}

export interface PrecheckRecord {
  state: 'pending' | 'done' | 'corrections';
  comment?: string;
  by?: Actor;
  at?: string;
}

/** The GO/NOGO an approver gives before the window. */
export interface Approval {
  verdict: 'go' | 'nogo';
  by: Actor;
  at: string;
  reason?: string;
}

export interface SnapshotRecord {
  state: 'none' | 'started' | 'done';
  startedAt?: string;
  doneAt?: string;
  by?: Actor;
}

export interface Extension {
  extraMinutes: number;
  previousEnd: string;
  newEnd: string;
  by: Actor;
  at: string;
}

/**
 * The short review the implementer writes after trouble (a restore, a failed restore, a window that had to be
 * extended): the three questions of a blameless post-incident review, kept short so that it gets written.
 */
export interface ChangeReview {
  /** What made the bot ask for it. */
  after: 'restored' | 'restoreFailed' | 'extended';
  whatHappened: string;
  whatHelped: string;
  /** One thing to change in the process. */
  oneChange: string;
  by: Actor;
  at: string;
}

export interface IncidentRecord {
  declaredAt: string;
  by: Actor;
  outcome?: 'restored' | 'failed';
  outcomeAt?: string;
}

/** One line of a change's history: every event, accepted or refused. */
export interface HistoryEntry {
  at: string;
  /** Who did it; `system` for the scheduler. */
  by: Actor | 'system';
  event: string;
  accepted: boolean;
  /** Why it was refused, or a short note on what happened. */
  note?: string;
  /** Revision after the event (unchanged when refused). */
  revision: number;
  /** Which card the press came from, when it came from a card. */
  source?: string;
  /**
   * How many times (absent: once), `at` and `revision` being the latest: the same refusal repeated, the same
   * checklist item toggled by the same person, or the lines a `history.summary` line stands for.
   */
  count?: number;
  /** The checklist item of a `prep.check` line (so that repeated toggles of it fold into one line). */
  item?: string;
}

export interface Change {
  schemaVersion: typeof CHANGE_SCHEMA_VERSION;
  id: string;
  /** Increments by one with every accepted event. */
  revision: number;
  title: string;
  description: string;
  /** The name of the service it was made for. */
  service: string;
  /**
   * What the change keeps of its service (see ServiceCopy), so that it keeps working when the service is
   * renamed or removed from the process file. Written at creation, and by the version 1 -> 2 migration.
   */
  serviceAtCreation?: ServiceCopy;
  window: MaintenanceWindow;
  /** The end that was planned before any extension. */
  plannedEnd: string;
  downtimeMinutes: number;
  tests: string[];
  rollback: string;
  /** Extra e-mail addresses typed in the form (the process audience is added when mailing). */
  audienceEmails: string[];
  expedited: boolean;
  /** The public title and summary per language, as typed in the form (src/domain/publicText.ts). */
  publicText?: PublicText;
  /** The window touches blackouts and was let through as expedited: which ones and why (the approver sees it). */
  blackoutOverride?: { blackouts: string[]; reason: string };
  implementer: Actor;
  status: ChangeStatus;
  preparation: ChecklistItem[];
  precheck: PrecheckRecord;
  /** The GO/NOGO. Stored as `decision` in change files: renaming it would need a migration. */
  decision?: Approval;
  announced: boolean;
  snapshot: SnapshotRecord;
  /** Validation test results, by index in `tests`, ticked on the control card. */
  testResults: boolean[];
  extensions: Extension[];
  incident?: IncidentRecord;
  /** The review after trouble, once the implementer sent it. */
  review?: ChangeReview;
  milestones: Record<MilestoneName, Milestone>;
  /** Other active changes on the same service whose windows overlap this one. */
  overlaps: string[];
  /** Bumped on every reschedule and cancellation, for calendar updates. */
  calendarSequence: number;
  createdAt: string;
  updatedAt: string;
  cancelReason?: string;
  /** Conversation the change was created in: its thread in the team channel. */
  thread?: { conversationKey: string; rootActivityId?: string };
  outbox: OutboxEntry[];
  postedCards: PostedCard[];
  history: HistoryEntry[];
}
