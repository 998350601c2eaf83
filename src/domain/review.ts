import type { Actor, Change, ChangeReview, Effect } from './change';
import { isFinal } from './change';
import type { Outcome } from './events';
import type { ProcessDefinition } from './process';
import { LIMITS } from './request';
import { roleRefusal } from './roles';

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

function refused(change: Change, message: string, code: 'forbidden' | 'state' | 'invalid'): Outcome {
  return { accepted: false, change, refusal: { code, message } };
}

/**
 * The implementer sends the review. The change is final by then, so this is the one event a final change
 * accepts; it is written once (a second press is told it is already there).
 */
export function decideReview(
  change: Change,
  answers: ReviewAnswers,
  by: Actor | 'system',
  at: Date,
  proc: ProcessDefinition,
  source?: string,
): Outcome {
  const forbidden = roleRefusal('review', by, change, proc);
  if (forbidden || by === 'system')
    return refused(change, forbidden ?? 'Only a person can do this.', 'forbidden');
  const after = reviewReason(change);
  if (!after)
    return refused(
      change,
      `${change.id} asks for no review: one is asked after a restore, a failed restore or an extended window, once the change is over.`,
      'state',
    );
  if (change.review)
    return refused(
      change,
      `The review of ${change.id} was already sent by ${change.review.by.name}. Type "show ${change.id}" to read it.`,
      'state',
    );
  const trimmed = {
    whatHappened: answers.whatHappened.trim(),
    whatHelped: answers.whatHelped.trim(),
    oneChange: answers.oneChange.trim(),
  };
  for (const key of Object.keys(QUESTIONS) as (keyof ReviewAnswers)[]) {
    if (!trimmed[key])
      return refused(change, `${QUESTIONS[key]}: a line is enough, but it cannot be empty.`, 'invalid');
    if (trimmed[key].length > LIMITS.reason)
      return refused(
        change,
        `${QUESTIONS[key]} is too long (at most ${LIMITS.reason} characters).`,
        'invalid',
      );
  }
  const revision = change.revision + 1;
  const review: ChangeReview = { after, ...trimmed, by, at: at.toISOString() };
  return {
    accepted: true,
    effects: [],
    change: {
      ...change,
      review,
      revision,
      updatedAt: at.toISOString(),
      history: [
        ...change.history,
        {
          at: at.toISOString(),
          by,
          event: 'review',
          accepted: true,
          revision,
          note: `review after trouble: ${trimmed.oneChange.slice(0, 120)}`,
          ...(source ? { source } : {}),
        },
      ],
    },
  };
}
