import type { Actor, Change, ChangeStatus, Effect } from './change';
import type { ChangeEvent, Refusal } from './events';
import { shortLocalTime } from './localTime';
import type { ProcessDefinition } from './process';
import { describeStatus } from './status';

/**
 * What a handler (an event's or a milestone's) returns when it accepts: decide() adds the history line and
 * the revision to make the Decision. It lives apart from decide() so that handlers need not import it.
 */
export interface Transition {
  change: Change;
  effects: Effect[];
  note?: string;
}

/** What every handler is given besides the change and the event. */
export interface HandlerContext {
  at: Date;
  by: Actor | 'system';
  process: ProcessDefinition;
}

/** One event's handler: the transition it makes, or why it refuses. */
export type Handler<E extends ChangeEvent> = (
  change: Change,
  event: E,
  ctx: HandlerContext,
) => Transition | Refusal;

export function refuse(code: Refusal['code'], message: string): Refusal {
  return { code, message };
}

export function isRefusal(value: Transition | Refusal): value is Refusal {
  return 'code' in value;
}

export function when(at: string | undefined, proc: ProcessDefinition): string {
  return at ? shortLocalTime(at, proc.timeZone) : ''; // luxon's 'ccc d LLL, HH:mm', without luxon (every press)
}

export function actorName(by: Actor | 'system'): string {
  return by === 'system' ? 'the bot' : by.name;
}

export function inStatus(
  change: Change,
  allowed: readonly ChangeStatus[],
  action: string,
  proc: ProcessDefinition,
): Refusal | undefined {
  if (allowed.includes(change.status)) return undefined;
  return refuse(
    'state',
    `${change.id} is ${describeStatus(change, proc)}, so ${action} is not possible now.`,
  );
}
