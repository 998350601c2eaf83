import type { Actor, Change, Effect, MaintenanceWindow, MilestoneName } from './change';

/** Everything that can happen to a change: card presses, chat commands, and milestones falling due. */
export type ChangeEvent =
  | { type: 'prep.check'; item: string; checked?: boolean }
  | { type: 'precheck.done' }
  | { type: 'precheck.corrections'; comment: string }
  | { type: 'go' }
  | { type: 'nogo'; reason: string }
  | { type: 'snapshot.started' }
  | { type: 'snapshot.done' }
  | { type: 'done'; testResults?: boolean[] }
  | { type: 'problem'; testResults?: boolean[] }
  | { type: 'extend'; extraMinutes: number; testResults?: boolean[] }
  | { type: 'incident'; testResults?: boolean[] }
  | { type: 'restored' }
  | { type: 'restore.failed' }
  | { type: 'cancel'; reason?: string }
  | {
      type: 'reschedule';
      window: MaintenanceWindow;
      expedited: boolean;
      overlaps: string[];
      /** Blackouts the new window touches, let through as expedited with a reason. */
      blackoutOverride?: Change['blackoutOverride'];
    }
  | { type: 'milestone'; name: MilestoneName }
  /** The review after trouble (src/domain/review.ts): the one event a final change accepts. */
  | { type: 'review'; whatHappened: string; whatHelped: string; oneChange: string };

export type EventType = ChangeEvent['type'];

export interface Command {
  event: ChangeEvent;
  by: Actor | 'system';
  at: Date;
  /** The revision the presser saw on the card; checked for events that must not apply twice. */
  revision?: number;
  /** Which card the press came from (its notice kind), for the history. */
  source?: string;
}

/**
 * Why an event was refused:
 * - forbidden: the actor's role may not do this
 * - state: not possible in the change's current state (often: already done by someone else)
 * - stale: the card was out of date; the current one is shown instead
 * - invalid: the input is wrong
 * - waiting: a milestone that waits for something (an expedited change's GO); not recorded in history
 */
export type RefusalCode = 'forbidden' | 'state' | 'stale' | 'invalid' | 'waiting';

export interface Refusal {
  code: RefusalCode;
  /** For the person who acted: what happened and what to do. */
  message: string;
}

/** What decide() returns: the event accepted (with its effects) or refused (with why). */
export type Decision =
  | { accepted: true; change: Change; effects: Effect[] }
  | { accepted: false; change: Change; refusal: Refusal };
