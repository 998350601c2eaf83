import type { Blackout } from '../domain/blackouts';
import type { Change, NoticeKind } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { OutcomeStats } from '../domain/stats';
import type { ChangeSummary } from '../domain/summary';
import { milestoneForNotice } from '../domain/milestoneRegistry';
import { renderCard, renderTemplateFile, type AdaptiveCardJson } from './render';
import type { CardKind } from './kinds';
import { announcementView, cancellationView, reminderView } from './views/announcements';
import { blockedView, approvalRecordedView, goNoGoView, precheckView } from './views/approval';
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

type ChangeCardBuilder = (change: Change, proc: ProcessDefinition, opts: CardOptions) => AdaptiveCardJson;

/**
 * The card for each notice. A card someone acts on is rebuilt from the change after the press
 * with the same notice: it then shows the new state (e.g. "GO by …") and no buttons.
 */
const NOTICE_CARDS: Record<NoticeKind, { kind: CardKind; build: ChangeCardBuilder }> = {
  created: {
    kind: 'summary',
    build: (c, p, o) => renderCard('summary', summaryView(c, p, { ...o, heading: 'created' })),
  },
  rescheduled: {
    kind: 'summary',
    build: (c, p, o) => renderCard('summary', summaryView(c, p, { ...o, heading: 'rescheduled' })),
  },
  preparation: {
    kind: 'preparation',
    build: (c, p, o) => renderCard('preparation', preparationView(c, p, o)),
  },
  precheck: { kind: 'precheck', build: (c, p, o) => renderCard('precheck', precheckView(c, p, o)) },
  precheckRecorded: { kind: 'precheck', build: (c, p, o) => renderCard('precheck', precheckView(c, p, o)) },
  goNoGo: { kind: 'go-nogo', build: (c, p, o) => renderCard('go-nogo', goNoGoView(c, p, o)) },
  decisionRecorded: {
    kind: 'decision-recorded',
    build: (c, p, o) => renderCard('decision-recorded', approvalRecordedView(c, p, o)),
  },
  nogo: {
    kind: 'decision-recorded',
    build: (c, p, o) => renderCard('decision-recorded', approvalRecordedView(c, p, o)),
  },
  announcement: {
    kind: 'announcement',
    build: (c, p, o) => renderCard('announcement', announcementView(c, p, o)),
  },
  blocked: { kind: 'blocked', build: (c, p, o) => renderCard('blocked', blockedView(c, p, o)) },
  reminder: { kind: 'reminder', build: (c, p, o) => renderCard('reminder', reminderView(c, p, o)) },
  snapshot: { kind: 'snapshot', build: (c, p, o) => renderCard('snapshot', snapshotView(c, p, o)) },
  start: { kind: 'start', build: (c, p, o) => renderCard('start', startView(c, p, o)) },
  control: { kind: 'control', build: (c, p, o) => renderCard('control', controlView(c, p, o)) },
  decision: { kind: 'decision', build: (c, p, o) => renderCard('decision', checkpointView(c, p, o)) },
  extension: { kind: 'extension', build: (c, p, o) => renderCard('extension', extensionView(c, p, o)) },
  incident: { kind: 'incident', build: (c, p, o) => renderCard('incident', incidentView(c, p, o)) },
  handoff: { kind: 'handoff', build: (c, p, o) => renderCard('handoff', handoffView(c, p, o)) },
  restored: { kind: 'restored', build: (c, p, o) => renderCard('restored', restoredView(c, p, o)) },
  end: { kind: 'end', build: (c, p, o) => renderCard('end', endView(c, p, o)) },
  cancellation: {
    kind: 'cancellation',
    build: (c, p, o) => renderCard('cancellation', cancellationView(c, p, o)),
  },
  review: { kind: 'review', build: (c, p, o) => renderCard('review', reviewView(c, p, o)) },
};

/** The card that delivers `notice` about `change`, showing the change as it is now. */
export function cardForNotice(
  notice: NoticeKind,
  change: Change,
  proc: ProcessDefinition,
  opts: CardOptions,
): AdaptiveCardJson {
  const builtIn = NOTICE_CARDS[notice] as (typeof NOTICE_CARDS)[NoticeKind] | undefined;
  if (builtIn) return builtIn.build(change, proc, opts);
  // A milestone of the process's registry with a card of its own.
  const card = milestoneForNotice(notice, proc)?.card;
  if (!card)
    throw new Error(`No card for the notice "${notice}": neither built in nor in the milestone registry.`);
  return renderTemplateFile(card.template, card.view(change, proc, opts));
}

/** Which template a notice uses (cards/<kind>.json). */
export function cardKindForNotice(notice: NoticeKind): CardKind {
  // A registry milestone's own card has no built-in kind: its notice names it.
  return (NOTICE_CARDS[notice] as { kind: CardKind } | undefined)?.kind ?? (notice as CardKind);
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
): AdaptiveCardJson {
  const open = actionCard === undefined || JSON.stringify(actionCard).includes('"Action.Execute"');
  const note = renderCard('personal', personalView(notice, change, link, open)) as AdaptiveCardJson & {
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
