import type { Change, OutboxEntry } from '../domain/change';
import type { Lane } from './outbox';
import type { DeliveryFailure, Posted } from './ports';

/** What a delivery attempt leaves on the change and in the log: the posted card, or why it did not go. */

/**
 * The posted card, so that it can be updated in place (1:1 copies too: a press in either place updates every
 * copy); the summary card also starts the change's thread.
 */
export function recordPost(change: Change, entry: OutboxEntry, posted: Posted): Change {
  if (!posted.activityId) return change;
  const next: Change = {
    ...change,
    postedCards: [
      ...change.postedCards,
      {
        conversationKey: posted.conversationKey,
        activityId: posted.activityId,
        notice: entry.effect.notice,
        revision: entry.revision,
        ...(posted.conversationId ? { conversationId: posted.conversationId } : {}),
      },
    ],
  };
  if (entry.effect.notice === 'created') {
    next.thread = { conversationKey: posted.conversationKey, rootActivityId: posted.activityId };
  }
  return next;
}

/** What `show <id>` says about a delivery that did not go through: what happened and what to do. */
export function failureText(
  lane: Lane,
  failure: DeliveryFailure | undefined,
  giveUp: boolean,
  attempts: number,
  retriedForMs: number,
  mailed: boolean,
): string {
  const tried = `${attempts} attempts over ${Math.round(retriedForMs / 60_000)} min`;
  if (lane === 'personal') {
    const instead = mailed ? ' It was e-mailed to them instead.' : '';
    if (failure?.kind === 'unreachable') {
      return `The personal chat could not be opened (the app is not installed for this person, or they blocked it).${instead}`;
    }
    return giveUp
      ? `The personal message was not delivered (${failure?.message ?? 'unexpected error'}).${instead}`
      : 'The personal message was not delivered yet; the bot tries again.';
  }
  if (lane === 'teams') {
    const instead = mailed ? ' It was e-mailed to the implementer and approvers instead.' : '';
    if (failure?.kind === 'unreachable') {
      return `Teams refused the post: the bot was removed from the team or the conversation is gone. Add the bot to the team again.${instead}`;
    }
    if (failure?.kind === 'permanent') {
      return `Teams refused this card; tell the bot operator.${instead}`;
    }
    return giveUp
      ? `Teams did not accept the post after ${tried} (busy or unreachable).${instead}`
      : 'Teams did not accept the post yet (busy or unreachable); the bot tries again.';
  }
  const reason = failure?.message ?? 'the mail could not be sent';
  if (giveUp) {
    return failure?.kind === 'permanent' || failure?.kind === 'unreachable'
      ? reason
      : `Gave up after ${tried}: ${reason}`;
  }
  return `${reason}; the bot tries again.`;
}

/** The log line of a notice given up, saying whether a mail stands in for it. */
export function givenUpLogText(lane: Lane, mailed: boolean): string {
  if (lane === 'personal') {
    return mailed
      ? 'personal notice not delivered in Teams; it is e-mailed to the person instead'
      : 'personal notice not delivered in Teams, and the person has no e-mail address';
  }
  return mailed
    ? 'notice given up; it is e-mailed to the implementer and approvers instead'
    : 'notice given up';
}
