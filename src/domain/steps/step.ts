import type { z } from 'zod';
import type { Actor, Change, Effect, SilenceAction } from '../change';
import type { ChangeEvent, Refusal } from '../events';
import type { MilestoneCard, MilestoneSpec } from '../milestoneSpec';

// The process type is a parameter so that process.ts can name a step without an import cycle.

/** Who may press a verb. `owner` is the implementer or an approver; `system` is the scheduler. */
export type Role = 'approver' | 'implementer' | 'owner' | 'system';

/** Who a notice asks to act: they are @mentioned and get a 1:1 copy (asked.ts). */
export type Asked = 'approvers' | 'implementer' | 'both';

/** A card's `data` merged with its input values, as a press sends it. */
export type PressData = Record<string, unknown>;

/** The event a verb's type stands for: a built-in event, or a step's own `{ type, … }`. */
export type EventOf<T extends string> = T extends ChangeEvent['type']
  ? Extract<ChangeEvent, { type: T }>
  : { type: T } & Record<string, unknown>;

/** What a verb's handler returns: the change after it and what to deliver (decide() adds history), or why not. */
export type StepResult = { change: Change; effects: Effect[]; note?: string } | Refusal;

export interface StepContext<P> {
  at: Date;
  by: Actor | 'system';
  process: P;
}

/** One button verb (the contract's name) and the event it makes: how a press is read, who may, what it does. */
export interface Verb<P, T extends string = string, V = unknown> {
  /** The button verb and the event type (they are the same word); stored in history lines. */
  type: T;
  role: Role;
  /** Reads only the keys the verb uses; every string bounded, the revision required (press.ts). */
  schema: z.ZodType<V>;
  /**
   * The event a checked press stands for; `{ error }` for input the schema cannot judge alone; undefined
   * when the event needs more than the press (a reschedule's window is checked against the process first).
   */
  // Methods, not function properties: a step's list holds verbs of every event type side by side.
  event(values: V, data: PressData): EventOf<T> | { error: string } | undefined;
  handle(change: Change, event: EventOf<T>, ctx: StepContext<P>): StepResult;
  /** The history line's words on the summary card ("GO", "Restore failed"). */
  historyText: string;
  /**
   * It changes what cards show and presses decide on (the window, the pre-check, the approval): a press on a
   * card sent before it no longer counts (sinceCard.ts).
   */
  outdatesCards?: boolean;
}

/** A notice a step sends: its card, who it asks to act, and its words. */
export interface NoticeSpec<P> {
  /** The notice kind, stored in outboxes and posted-card records. */
  kind: string;
  /** A built-in template's kind (cards/<kind>.json), or the step's own template and view. */
  card: string | MilestoneCard<P>;
  /** Its name on the summary card and in mail subjects. */
  label: string;
  /** Whom it asks to act, and what, in their words (the 1:1 message says "Your turn: <action>"). */
  asks?: { who: Asked; action: string };
  /** Whoever it asks gets their own view of the card through Teams' refresh (docs/teams.md). */
  userViews?: boolean;
  /** Sent for the step's milestone: a late notice names when that milestone was due. */
  forMilestone?: boolean;
  /** A public notice's event name for the process's webhooks ("started"); none: no webhook. */
  webhook?: string;
  /** What the public notice does to the service's Alertmanager silence of the window, if it has one. */
  silence?: SilenceAction;
  /** A step's own mail words (built-in notices have theirs in src/mail/content.ts). */
  mail?: (change: Change, proc: P) => { heading: string; paragraphs: string[] };
}

/**
 * One step of the process: its scheduled milestone if it has one, the verbs pressed on its cards and the
 * notices it sends. Every table keyed by a step's names (notices, roles, verbs, milestones, `before`
 * offsets, who is asked) is read from the process's list of steps (lookup.ts).
 */
export interface Step<P> {
  name: string;
  milestone?: MilestoneSpec<P>;
  verbs: readonly Verb<P>[];
  notices: readonly NoticeSpec<P>[];
}

/**
 * A verb with its event and values typed where it is written; stored in a step's list with them erased (the
 * compiler cannot follow a generic event type through EventOf's condition, hence the cast).
 */
export function verb<P, T extends string, V>(spec: Verb<P, T, V>): Verb<P> {
  return spec as unknown as Verb<P>;
}
