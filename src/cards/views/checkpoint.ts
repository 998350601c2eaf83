import type { Change } from '../../domain/change';
import type { ProcessDefinition } from '../../domain/process';
import { formatDuration, formatInstant, formatMinutes, formatTime } from '../format';
import {
  changeFacts,
  changeHeader,
  isReadOnlyView,
  type CardOptions,
  type ChangeFactsData,
  type ChangeHeaderData,
} from './common';
import { extensionLine, incidentLines, NOTHING_MEASURED, type TextLine } from './restoreTime';
import {
  DEFAULT_EXTRA_MINUTES,
  IN_WINDOW,
  testToggles,
  windowActions,
  type TestToggleData,
} from './windowActions';

/** The end of the window: the checkpoint (solved, extend or incident) and the extension, with what each costs. */

export interface CheckpointCardData extends ChangeHeaderData, ChangeFactsData {
  endText: string;
  /** What each choice costs in time, computed when the card is rendered (Teams refreshes it). */
  costLines: TextLine[];
  hasCostLines: boolean;
  tests: TestToggleData[];
  decisionMarginText: string;
  canAct: boolean;
  outcomeText: string;
  extraMinutesValue: number;
}

export interface ExtensionCardData extends ChangeHeaderData, ChangeFactsData {
  newEndText: string;
  previousEndText: string;
  extraText: string;
  byText: string;
  /** An incident declared at the new decision point: when the service would be back. */
  costLines: TextLine[];
  hasCostLines: boolean;
}

export function checkpointView(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): CheckpointCardData {
  const header = changeHeader(change, proc, opts, 'decision');
  const { canAct, outcomeText, forWhom, forWhomText } = windowActions(
    change,
    proc,
    header,
    opts,
    'Solved / Extend / Incident',
  );
  return {
    ...header,
    ...changeFacts(change, proc),
    endText: `The window ends at ${formatTime(change.window.end, proc.timeZone)}. Is the change finished?`,
    ...checkpointCosts(change, proc, opts),
    tests: testToggles(change),
    decisionMarginText: formatDuration(proc.decisionBeforeEnd),
    canAct,
    outcomeText,
    forWhom,
    forWhomText,
    extraMinutesValue: DEFAULT_EXTRA_MINUTES,
  };
}

/** While the window is open: an incident now, by each restore path, and extending by the usual extra time. */
function checkpointCosts(change: Change, proc: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const measured = opts.measured ?? NOTHING_MEASURED;
  // Only the implementer's refreshed view is redrawn when they look at it; every other copy (the read-only
  // view, the card everyone sees, the 1:1 copy) is drawn once, so it names its time.
  const label =
    isReadOnlyView(opts) || opts.actionsFor !== undefined || opts.drawnOnce === true
      ? `Incident declared at ${formatTime(opts.now, proc.timeZone)}`
      : 'Incident now';
  const costLines = [
    ...incidentLines(change, proc, opts.now, label, measured),
    extensionLine(change, proc, DEFAULT_EXTRA_MINUTES),
  ];
  return { costLines, hasCostLines: true };
}

/** After an extension: the same arithmetic for an incident declared at the new decision point. */
function extensionCosts(change: Change, proc: ProcessDefinition, opts: CardOptions) {
  if (!IN_WINDOW.includes(change.status)) return { costLines: [], hasCostLines: false };
  const decisionAt = new Date(change.milestones.decision.due);
  const label = `Incident at the decision point (${formatTime(decisionAt, proc.timeZone)})`;
  const costLines = incidentLines(change, proc, decisionAt, label, opts.measured ?? NOTHING_MEASURED);
  return { costLines, hasCostLines: costLines.length > 0 };
}

export function extensionView(change: Change, proc: ProcessDefinition, opts: CardOptions): ExtensionCardData {
  const last = change.extensions.at(-1);
  return {
    ...changeHeader(change, proc, opts),
    ...changeFacts(change, proc),
    newEndText: formatInstant(last?.newEnd ?? change.window.end, proc.timeZone),
    previousEndText: formatInstant(last?.previousEnd ?? change.plannedEnd, proc.timeZone),
    extraText: last ? formatMinutes(last.extraMinutes) : '',
    byText: last ? `${last.by.name}, ${formatInstant(last.at, proc.timeZone)}` : '',
    ...extensionCosts(change, proc, opts),
  };
}
