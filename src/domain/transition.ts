import type { Change, Effect } from './change';

/**
 * What a handler (an event's or a milestone's) returns when it accepts: decide() adds the history line and
 * the revision to make the Outcome. It lives apart from decide() so that handlers need not import it.
 */
export interface Transition {
  change: Change;
  effects: Effect[];
  note?: string;
}
