import type { Change, NoticeKind } from '../../domain/change';

/** The 1:1 message that tells one person a change waits for them, and where. */
export interface PersonalCardData {
  action: string;
  /** "Your turn: …" while the card below still has their buttons; where it stands once it was handled. */
  headline: string;
  changeId: string;
  changeTitle: string;
  hasLink: boolean;
  hasNoLink: boolean;
  /** Ends in Url: a link, not text, so it is not markdown-escaped. */
  threadUrl: string;
}

/** What each notice that asks someone to act asks, in the reader's words. */
const ACTION_ASKED: Partial<Record<NoticeKind, string>> = {
  precheck: 'record the pre-check',
  goNoGo: 'decide GO or NOGO',
  preparation: 'confirm the preparation',
  snapshot: 'confirm the snapshot before the window',
  control: 'report how the change went',
  decision: 'decide: solved, or roll back',
  incident: 'restore the service, then say whether it worked',
  blocked: 'the change is blocked and needs you',
  handoff: 'the restore failed: take over with the incident process',
  review: 'write a short review (three lines) of what happened',
};

export function personalView(
  notice: NoticeKind,
  change: Change,
  link?: string,
  open = true,
): PersonalCardData {
  const action = ACTION_ASKED[notice] ?? 'look at this change';
  return {
    action,
    headline: open ? `Your turn: ${action}` : `Handled (${action}): this is where it stands now.`,
    changeId: change.id,
    changeTitle: change.title,
    hasLink: link !== undefined,
    hasNoLink: link === undefined,
    threadUrl: link ?? '',
  };
}
