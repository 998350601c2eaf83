import type { Logger, Posted } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';
import { PERSONAL_LIMITED, type PostPersonal } from './personalNotice';

/*
 * How many 1:1 notices about expedited changes one person can cause another to get. The person behind a change (its implementer, who
 * created it) causes the notices it sends to its approvers: a burst of expedited changes would otherwise put
 * one immediate 1:1 message per change and step in an approver's chat. Beyond the limit the notice still
 * reaches them in the change's thread in the channel (it is always posted there); only the 1:1 copy is left
 * out, and logged.
 */

export const PERSONAL_NOTICES_PER_HOUR = 4;
const HOUR_MS = 60 * 60 * 1000;

export function limitPersonalNotices(
  post: PostPersonal,
  deps: { clock: () => Date; logger: Logger; perHour?: number },
): PostPersonal {
  const sent = new Map<string, number[]>();
  const perHour = deps.perHour ?? PERSONAL_NOTICES_PER_HOUR;
  return async (change: Change, entry: OutboxEntry, channel): Promise<Posted> => {
    const to = entry.effect.to;
    const causer = change.implementer.aadObjectId;
    // Notices to the implementer about their own change are theirs to cause. A change planned with its lead
    // time spreads its notices over weeks: only an expedited one posts its overdue steps at once, and only a
    // burst of those can flood someone's chat (a busy implementer's normal changes must all reach the approver).
    if (to.kind !== 'personal' || to.aadObjectId === causer || !change.expedited)
      return post(change, entry, channel);
    const key = `${causer}\n${to.aadObjectId}`;
    const now = deps.clock().getTime();
    const recent = (sent.get(key) ?? []).filter((at) => at > now - HOUR_MS);
    if (recent.length >= perHour) {
      sent.set(key, recent);
      deps.logger.info(
        { changeId: change.id, person: to.aadObjectId, causer, notice: entry.effect.notice },
        '1:1 notice left out: this person caused enough of them in the last hour (the thread card stands)',
      );
      return { conversationKey: PERSONAL_LIMITED };
    }
    const posted = await post(change, entry, channel);
    sent.set(key, [...recent, now]);
    return posted;
  };
}
