import type { Change } from '../../domain/change';

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

/** `asked`: what the notice's step asks of the reader (steps/step.ts), in their words. */
export function personalView(
  asked: string | undefined,
  change: Change,
  link?: string,
  open = true,
): PersonalCardData {
  const action = asked ?? 'look at this change';
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
