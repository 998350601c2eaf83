import type { Change, ChangeReview, Effect } from './change';
import { isFinal } from './change';
import type { ChangeEvent } from './events';
import { LIMITS } from './request';
import { refuse, type Handler } from './transition';

/*
 * The short review after trouble. It is asked once the change is over, not in the middle of the window: a
 * restore, a failed restore, or a window that had to be extended. The implementer answers three questions on
 * a card; the answers are kept with the change, shown by `show` and listed on the stats page.
 */

/** Why this change asks for a review; undefined when it went as planned (or is not over). */
export function reviewReason(change: Change): ChangeReview['after'] | undefined {
  if (change.status === 'restored') return 'restored';
  if (change.status === 'handedOff') return 'restoreFailed';
  if (change.status === 'completed' && change.extensions.length > 0) return 'extended';
  return undefined;
}

/** A review is asked and not written yet: the change may still be written to. */
export function awaitsReview(change: Change): boolean {
  return reviewReason(change) !== undefined && change.review === undefined;
}

/** The review card to the implementer, when this transition ended a change in trouble. */
export function reviewRequest(before: Change, after: Change): Effect[] {
  if (isFinal(before.status) || !isFinal(after.status) || !reviewReason(after)) return [];
  return [{ notice: 'review', to: { kind: 'implementer' } }];
}

export interface ReviewAnswers {
  whatHappened: string;
  whatHelped: string;
  oneChange: string;
}

const QUESTIONS: Record<keyof ReviewAnswers, string> = {
  whatHappened: 'What happened',
  whatHelped: 'What helped',
  oneChange: 'One thing to change in the process',
};

/**
 * The implementer sends the review. The change is final by then, so this is the one event a final change
 * accepts (decide() lets it through); it is written once (a second press is told it is already there).
 * The implementer-only rule is decide()'s role check, as for every event.
 */
export const sendReview: Handler<Extract<ChangeEvent, { type: 'review' }>> = (change, answers, ctx) => {
  if (ctx.by === 'system') return refuse('forbidden', 'Only a person can do this.');
  const after = reviewReason(change);
  if (!after)
    return refuse(
      'state',
      `${change.id} asks for no review: one is asked after a restore, a failed restore or an extended window, once the change is over.`,
    );
  if (change.review)
    return refuse(
      'state',
      `The review of ${change.id} was already sent by ${change.review.by.name}. Type "show ${change.id}" to read it.`,
    );
  const trimmed = {
    whatHappened: answers.whatHappened.trim(),
    whatHelped: answers.whatHelped.trim(),
    oneChange: answers.oneChange.trim(),
  };
  for (const key of Object.keys(QUESTIONS) as (keyof ReviewAnswers)[]) {
    if (!trimmed[key])
      return refuse('invalid', `${QUESTIONS[key]}: a line is enough, but it cannot be empty.`);
    if (trimmed[key].length > LIMITS.reason)
      return refuse('invalid', `${QUESTIONS[key]} is too long (at most ${LIMITS.reason} characters).`);
  }
  const review: ChangeReview = { after, ...trimmed, by: ctx.by, at: ctx.at.toISOString() };
  return {
    change: { ...change, review },
    effects: [],
    note: `review after trouble: ${trimmed.oneChange.slice(0, 120)}`,
  };
};
