import type { Change, NoticeKind } from '../domain/change';
import type { ChangeRequestInput, FieldErrors } from '../domain/request';
import type { OutcomeStats } from '../domain/stats';
import type { ChangeSummary } from '../domain/summary';

export type Card = Record<string, unknown>;

/** The cards the bot sends, rendered from cards/ templates; the bot never builds card JSON itself. */
export interface CardSet {
  notice(
    notice: NoticeKind,
    change: Change,
    opts: {
      now: Date;
      late?: boolean;
      mentions?: readonly { name: string }[];
      onlyFor?: readonly { name: string }[];
      actionsFor?: readonly { name: string }[];
    },
  ): Card;
  form(values: ChangeRequestInput, errors: FieldErrors, earliestStart?: string): Card;
  reschedule(
    change: Change,
    now: Date,
    values: ChangeRequestInput,
    errors: FieldErrors,
    earliestStart?: string,
  ): Card;
  help(): Card;
  list(summaries: ChangeSummary[], now: Date): Card;
  show(change: Change, now: Date): Card;
  /** `stats`: the figures, the chart by URL when there is one, and the changes left out as unreadable. */
  stats(stats: OutcomeStats, chartUrl?: string, unreadable?: readonly string[]): Card;
  /**
   * Why something was refused, optionally with the change's current state under it: the card that was
   * pressed (`source`) as it is now, with its buttons, or the change's summary.
   */
  refusal(message: string, change?: Change, now?: Date, source?: NoticeKind): Card;
  /**
   * The 1:1 copy of a notice for one person it asks to act: their own view of the notice's card (its buttons,
   * inputs and checklist), under a note saying what is asked, with the link to the thread.
   */
  personal(notice: NoticeKind, change: Change, now: Date, link?: string): Card;
}
