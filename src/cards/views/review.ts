import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { reviewReason } from '../../domain/review';
import { formatInstant } from '../format';
import {
  changeHeader,
  forWhomLabel,
  isReadOnlyView,
  type CardOptions,
  type ChangeHeaderData,
} from './common';

/** The review after trouble: three questions for the implementer, then the answers for everyone. */
export interface ReviewCardData extends ChangeHeaderData {
  introText: string;
  canAct: boolean;
  reviewed: boolean;
  whatHappened: string;
  whatHelped: string;
  oneChange: string;
  reviewedByText: string;
}

const WHY: Record<NonNullable<ReturnType<typeof reviewReason>>, string> = {
  restored: 'the service had to be restored',
  restoreFailed: 'the restore failed and the incident process took over',
  extended: 'the window had to be extended',
};

export function reviewView(change: Change, proc: ProcessDefinition, opts: CardOptions): ReviewCardData {
  const reason = change.review?.after ?? reviewReason(change);
  const review = change.review;
  const canAct = reason !== undefined && !review && !isReadOnlyView(opts);
  return {
    ...changeHeader(change, proc, opts),
    introText: reason
      ? `${change.id} is over, but ${WHY[reason]}. Three short answers help the next change go better; they are kept with the change and summarised on the stats page.`
      : `${change.id} asks for no review.`,
    canAct,
    ...forWhomLabel(opts, canAct, 'Review', 'writes it'),
    reviewed: review !== undefined,
    whatHappened: review?.whatHappened ?? '',
    whatHelped: review?.whatHelped ?? '',
    oneChange: review?.oneChange ?? '',
    reviewedByText: review ? `${review.by.name}, ${formatInstant(review.at, proc.timeZone)}` : '',
  };
}
