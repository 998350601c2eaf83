import type { Change, ChecklistItem } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatInstant } from '../format';
import {
  changeFacts,
  changeHeader,
  forWhomLabel,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { preparationProgressText, precheckText } from './states';

export interface ChecklistRowData {
  itemId: string;
  label: string;
  checked: boolean;
  stateText: string;
  canTick: boolean;
  canUntick: boolean;
}

export interface PreparationCardData extends ChangeHeaderData, ChangeFactsData {
  precheckDueText: string;
  items: ChecklistRowData[];
  progressText: string;
  hasCorrections: boolean;
  correctionsText: string;
  canAct: boolean;
}

/** The checklist can be ticked until the window starts. */
const PREPARING = ['planned', 'approved', 'rejected', 'blocked'];

function row(item: ChecklistItem, proc: ProcessDefinition, canAct: boolean): ChecklistRowData {
  const by = item.by ? ` by ${item.by}` : '';
  const at = item.at ? `, ${formatInstant(item.at, proc.timeZone)}` : '';
  return {
    itemId: item.id,
    label: item.label,
    checked: item.checked,
    stateText: item.checked ? `Done${by}${at}` : 'To do',
    canTick: canAct && !item.checked,
    canUntick: canAct && item.checked,
  };
}

export function preparationView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): PreparationCardData {
  const canAct = PREPARING.includes(change.status);
  return {
    ...changeHeader(change, proc, opts, 'preparation'),
    ...changeFacts(change, proc),
    precheckDueText: formatInstant(change.milestones.precheck.due, proc.timeZone),
    items: change.preparation.map((item) => row(item, proc, canAct)),
    progressText: preparationProgressText(change),
    hasCorrections: change.precheck.state === 'corrections',
    correctionsText: change.precheck.state === 'corrections' ? precheckText(change, proc) : '',
    canAct,
    ...forWhomLabel(opts, canAct, 'Checklist', 'ticks it'),
  };
}
