import type { Blackout } from '../domain/blackouts';
import type { Change, NoticeKind } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { OutcomeStats } from '../domain/stats';
import type { ChangeSummary } from '../domain/summary';
import { noticeSpec } from '../domain/milestoneRegistry';
import { BUILT_IN_STEPS } from '../domain/steps';
import { tablesOf } from '../domain/steps/lookup';
import { renderCard, renderTemplateFile, type AdaptiveCardJson } from './render';
import type { CardDataByKind, CardKind } from './kinds';
import { announcementView, cancellationView, reminderView } from './views/announcements';
import { blockedView, approvalNeededView, approvalRecordedView, precheckView } from './views/approval';
import { helpView, listView, refusalView } from './views/chat';
import type { CardOptions } from './views/common';
import { drillView } from './views/drill';
import { personalView } from './views/personal';
import { NOTHING_MEASURED, type MeasuredFacts } from './views/restoreTime';
import type { RestoreDrill } from '../domain/drills';
import { preparationView } from './views/preparation';
import {
  formView,
  rescheduleView,
  type ChangeFormErrors,
  type ChangeFormValues,
  type LeadTimeNote,
} from './views/request';
import { reviewView } from './views/review';
import { statsView } from './views/stats';
import { summaryView } from './views/summary';
import {
  controlView,
  checkpointView,
  endView,
  extensionView,
  handoffView,
  incidentView,
  restoredView,
  snapshotView,
  startView,
} from './views/window';

export { CardTemplateError, renderCard, type AdaptiveCardJson } from './render';
export { CARD_KINDS, type CardKind } from './kinds';
export type { CardOptions } from './views/common';
export type { MeasuredFacts } from './views/restoreTime';
export {
  FORM_FIELDS,
  type ChangeFormErrors,
  type ChangeFormValues,
  type FormField,
  type LeadTimeNote,
} from './views/request';
export { escapeText, unescapeInputValue } from './escape';

type NoticeView = (change: Change, proc: ProcessDefinition, opts: CardOptions, notice: string) => object;

/**
 * The view that fills each built-in template a notice can use (a step names the template: steps/step.ts).
 * A card someone acts on is rebuilt from the change after the press with the same notice: it then shows the
 * new state (e.g. "GO by …") and no buttons.
 */
const NOTICE_VIEWS: Partial<Record<CardKind, NoticeView>> = {
  summary: (c, p, o, notice) =>
    summaryView(c, p, { ...o, heading: notice === 'rescheduled' ? 'rescheduled' : 'created' }),
  preparation: preparationView,
  precheck: precheckView,
  'go-nogo': approvalNeededView,
  'decision-recorded': approvalRecordedView,
  announcement: announcementView,
  blocked: blockedView,
  reminder: reminderView,
  snapshot: snapshotView,
  start: startView,
  control: controlView,
  decision: checkpointView,
  extension: extensionView,
  incident: incidentView,
  handoff: handoffView,
  restored: restoredView,
  end: endView,
  cancellation: cancellationView,
  review: reviewView,
};

/** The card that delivers `notice` about `change`, showing the change as it is now. */
export function cardForNotice(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): AdaptiveCardJson {
  const card = noticeSpec(notice, proc)?.card;
  if (card === undefined)
    throw new Error(`No card for the notice "${notice}": no step of the process sends it.`);
  // A step's own card: its template file and its view.
  if (typeof card !== 'string') return renderTemplateFile(card.template, card.view(change, proc, opts));
  const view = NOTICE_VIEWS[card as CardKind];
  if (!view) throw new Error(`The notice "${notice}" names the template "${card}", which no view fills.`);
  return renderCard(card as CardKind, view(change, proc, opts, notice) as CardDataByKind[CardKind]);
}

/** Which template a notice uses (cards/<kind>.json); a step's own card is named after its notice. */
export function cardKindForNotice(
  notice: string,
  steps: ProcessDefinition['steps'] = BUILT_IN_STEPS,
): CardKind {
  const card = tablesOf(steps).notices.get(notice)?.card;
  return (typeof card === 'string' ? card : notice) as CardKind;
}

/** The `@change new` form; after a refused submit, pass back what was typed, the errors and the lead-time note. */
export function formCard(
  proc: ProcessDefinition,
  values: ChangeFormValues = {},
  errors: ChangeFormErrors = {},
  note?: LeadTimeNote,
  upcoming: readonly Blackout[] = [],
): AdaptiveCardJson {
  return renderCard('form', formView(proc, values, errors, note, upcoming));
}

/** `reschedule <id>`: the window inputs, prefilled with the current window unless `values` are given. */
export function rescheduleCard(
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
  values?: ChangeFormValues,
  errors: ChangeFormErrors = {},
  note?: LeadTimeNote,
  upcoming: readonly Blackout[] = [],
): AdaptiveCardJson {
  return renderCard('reschedule', rescheduleView(change, proc, opts, values, errors, note, upcoming));
}

/** `show <id>`: the summary with every milestone and the latest history. */
export function showCard(change: Change, proc: ProcessDefinition, opts: CardOptions): AdaptiveCardJson {
  return renderCard('summary', summaryView(change, proc, { ...opts, heading: 'show', withHistory: true }));
}

export function helpCard(proc: ProcessDefinition, upcoming: readonly Blackout[] = []): AdaptiveCardJson {
  return renderCard('help', helpView(proc, upcoming));
}

/** `list`: upcoming and running changes, soonest first. */
export function listCard(
  summaries: ChangeSummary[],
  proc: ProcessDefinition,
  upcoming: readonly Blackout[] = [],
): AdaptiveCardJson {
  return renderCard('list', listView(summaries, proc, upcoming));
}

/** `stats`: the outcome figures of a period, with the chart image when the bot has a public URL for it. */
export function statsCard(
  stats: OutcomeStats,
  chartUrl?: string,
  unreadable: readonly string[] = [],
): AdaptiveCardJson {
  return renderCard('stats', statsView(stats, chartUrl, unreadable));
}

/** Why something was refused, and what to do instead; never a stack trace. */
export function refusalCard(message: string, change?: { id: string; title: string }): AdaptiveCardJson {
  return renderCard('refusal', refusalView(message, change));
}

/**
 * The 1:1 message to someone a new notice asks to act: the change, the action, a link to the thread. With
 * `actionCard` (the notice's card as that person sees it) the message carries the same buttons and inputs as
 * the thread card under the note, so it is a place to act, not only a pointer to one.
 */
export function personalCard(
  notice: NoticeKind,
  change: Change,
  link?: string,
  actionCard?: AdaptiveCardJson,
  steps: ProcessDefinition['steps'] = BUILT_IN_STEPS,
): AdaptiveCardJson {
  const asked = tablesOf(steps).notices.get(notice)?.asks?.action;
  const open = actionCard === undefined || JSON.stringify(actionCard).includes('"Action.Execute"');
  const note = renderCard('personal', personalView(asked, change, link, open)) as AdaptiveCardJson & {
    body?: unknown[];
    actions?: unknown[];
  };
  if (!actionCard) return note;
  const inner = actionCard as AdaptiveCardJson & { body?: unknown[]; actions?: unknown[] };
  const actions = [...(inner.actions ?? []), ...(note.actions ?? [])];
  return {
    ...inner,
    body: [...(note.body ?? []), ...(inner.body ?? [])],
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** A restore drill (`drill <service>`): choose the path, Started, then Restored or Abandoned. */
export function drillCard(
  drill: RestoreDrill,
  proc: ProcessDefinition,
  measured: MeasuredFacts = NOTHING_MEASURED,
): AdaptiveCardJson {
  return renderCard('drill', drillView(drill, proc, measured));
}
