import type { Actor, Change, ChangeStatus, MilestoneName } from '../../domain/change';
import { goDeadlineWords } from '../../domain/offsetWords';
import type { ProcessDefinition } from '../../domain/process';
import type { ChangeSummary } from '../../domain/summary';
import type { MeasuredFacts } from './restoreTime';
import { formatDowntime, formatDuration, formatInstant, formatWindow } from '../format';

/** What the caller knows about a delivery beyond the change itself. */
export interface CardOptions {
  now: Date;
  /** The delivery was caught up after its due time (bot offline, or an expedited change). */
  late?: boolean;
  /** Details of the overlapping changes when the caller has them; otherwise the ids in `change.overlaps` are shown. */
  overlaps?: ChangeSummary[];
  /** People to @mention at the top of the card: only in the post that asks them to act, never in an update. */
  mentions?: readonly { name: string }[];
  /**
   * The shared view of a card only these people act on (Teams shows them their own view through `refresh`):
   * no buttons, and a line saying who must act.
   */
  onlyFor?: readonly { name: string }[];
  /**
   * The card everyone sees keeps its buttons, labelled with whom they are for ("GO / NOGO — Alice decides"):
   * a Teams channel never sends the refresh that would give those people their own view (see README, "Who
   * sees what"). Absent: the view of the person who acts, or a card nobody in particular acts on.
   */
  actionsFor?: readonly { name: string }[];
  /** A copy that is never redrawn when someone looks at it (the 1:1 copy): it names the time it counts from. */
  drawnOnce?: boolean;
  /** Restore drills and snapshot timings the store measured; absent: nothing measured yet. */
  measured?: MeasuredFacts;
}

/** One person the card @mentions; the bot adds the matching `msteams.entities`. */
export interface MentionData {
  name: string;
}

/**
 * The top of every card about one change, and what its buttons carry.
 * Texts here are plain (never markdown): `renderCard` escapes them.
 */
export interface ChangeHeaderData {
  changeId: string;
  revision: number;
  title: string;
  service: string;
  statusText: string;
  expedited: boolean;
  expeditedText: string;
  /** The window touches blackouts and was let through as expedited: the approver reads why. */
  blackoutOverride: boolean;
  blackoutOverrideText: string;
  late: boolean;
  lateText: string;
  overlaps: boolean;
  overlapsText: string;
  mentioned: boolean;
  mentions: MentionData[];
  /** Who must act, on the read-only view of a card others act on; empty otherwise. */
  waitingText: string;
  /** Above the buttons of the card everyone sees: whom they are for (`forWhomLabel`); empty otherwise. */
  forWhom: boolean;
  forWhomText: string;
}

/** The facts a reader needs to understand a notice without opening anything. */
export interface ChangeFactsData {
  windowText: string;
  downtimeText: string;
  implementerText: string;
  approversText: string;
  contactText: string;
  description: string;
}

const STATUS_TEXT: Record<ChangeStatus, string> = {
  planned: 'Planned, waiting for GO',
  approved: 'Approved (GO), announced',
  rejected: 'NOGO: to reschedule or cancel',
  blocked: 'Blocked: no GO in time, nothing announced',
  running: 'Maintenance in progress',
  debugging: 'Maintenance in progress: debugging a problem',
  incident: 'Incident: restoring the service',
  completed: 'Completed',
  restored: 'Restored after an incident',
  handedOff: 'Handed over to the incident process',
  cancelled: 'Cancelled',
};

export function statusText(status: ChangeStatus, proc: ProcessDefinition): string {
  // When a change without GO is blocked comes from the process (`before.reminder`), not a fixed D-1.
  if (status === 'blocked') return `Blocked: no GO by ${goDeadlineWords(proc)}, nothing announced`;
  return STATUS_TEXT[status];
}

export function actorText(actor: Actor): string {
  return actor.email ? `${actor.name} (${actor.email})` : actor.name;
}

export function approversText(proc: ProcessDefinition): string {
  return proc.approvers.map((a) => a.name).join(', ');
}

function lateText(change: Change, proc: ProcessDefinition, milestone: MilestoneName | undefined): string {
  const due = milestone ? change.milestones[milestone].due : undefined;
  if (!due) return 'Sent late: the bot was offline when this was due.';
  const dueText = formatInstant(due, proc.timeZone);
  if (Date.parse(due) < Date.parse(change.createdAt)) {
    return `Sent late: this step was due ${dueText}, before the change was requested (expedited).`;
  }
  return `Sent late: this was due ${dueText}; the bot was offline at that time.`;
}

function overlapsText(change: Change, proc: ProcessDefinition, details: ChangeSummary[] | undefined): string {
  const described = change.overlaps.map((id) => {
    const other = details?.find((d) => d.id === id);
    return other ? `${id} "${other.title}", ${formatWindow(other.window, proc.timeZone)}` : id;
  });
  return `Overlaps with ${described.join('; ')} on the same service.`;
}

function waitingText(people: readonly { name: string }[]): string {
  const names = people.map((person) => person.name);
  const who =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'someone');
  return `Waiting for ${who}: only they can act on this card, and they see its buttons.`;
}

function names(people: readonly { name: string }[]): string {
  const all = people.map((person) => person.name);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} or ${all.at(-1)}` : (all[0] ?? 'someone');
}

/**
 * The label above the buttons of the card everyone sees, while they are shown: "GO / NOGO — Alice Approver
 * decides (only they can press)". `what` names the buttons, `does` what the person does with them.
 */
export function forWhomLabel(
  opts: CardOptions,
  buttonsShown: boolean,
  what: string,
  does: string,
): { forWhom: boolean; forWhomText: string } {
  if (!buttonsShown || !opts.actionsFor || opts.actionsFor.length === 0)
    return { forWhom: false, forWhomText: '' };
  return { forWhom: true, forWhomText: `${what} — ${names(opts.actionsFor)} ${does} (only they can press)` };
}

/** The card is the shared read-only view of a card that only `opts.onlyFor` act on. */
export function isReadOnlyView(opts: CardOptions): boolean {
  return opts.onlyFor !== undefined;
}

export function changeHeader(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
  milestone?: MilestoneName,
): ChangeHeaderData {
  return {
    changeId: change.id,
    revision: change.revision,
    title: change.title,
    service: change.service,
    statusText: statusText(change.status, proc),
    expedited: change.expedited,
    expeditedText: `Requested with less than ${formatDuration(proc.leadTime)} notice; overdue steps were sent at once.`,
    blackoutOverride: change.blackoutOverride !== undefined,
    blackoutOverrideText: change.blackoutOverride
      ? `Inside the blackout ${change.blackoutOverride.blackouts.map((name) => `"${name}"`).join(' and ')}, expedited because: ${change.blackoutOverride.reason}`
      : '',
    late: opts.late === true,
    lateText: opts.late === true ? lateText(change, proc, milestone) : '',
    overlaps: change.overlaps.length > 0,
    overlapsText: change.overlaps.length > 0 ? overlapsText(change, proc, opts.overlaps) : '',
    mentioned: (opts.mentions ?? []).length > 0,
    mentions: (opts.mentions ?? []).map(({ name }) => ({ name })),
    waitingText: opts.onlyFor ? waitingText(opts.onlyFor) : '',
    forWhom: false,
    forWhomText: '',
  };
}

export function changeFacts(change: Change, proc: ProcessDefinition): ChangeFactsData {
  return {
    windowText: formatWindow(change.window, proc.timeZone),
    downtimeText: formatDowntime(change.downtimeMinutes),
    implementerText: actorText(change.implementer),
    approversText: approversText(proc),
    contactText: [actorText(change.implementer), ...proc.approvers.map(actorText)].join(', or '),
    description: change.description,
  };
}
