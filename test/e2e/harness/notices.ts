import { cardText, verbs, type CardJson } from './cards';

/**
 * What each card of the bot is, read from its heading (the large first title of every template in cards/)
 * and its buttons (the verbs of the Contract). Headings are the bot's wording: if a template's heading
 * changes, this table is the one place to follow it.
 */
export type NoticeName =
  | 'form'
  | 'summary'
  | 'preparation'
  | 'precheck'
  | 'precheckRecorded'
  | 'goNoGo'
  | 'decisionRecorded'
  | 'announcement'
  | 'reminder'
  | 'blocked'
  | 'snapshot'
  | 'start'
  | 'control'
  | 'decision'
  | 'extension'
  | 'incident'
  | 'restored'
  | 'handoff'
  | 'end'
  | 'cancellation'
  | 'reschedule'
  | 'refusal';

const HEADINGS: [NoticeName, RegExp][] = [
  ['summary', /^(New change request|Change details|Change rescheduled)/],
  ['preparation', /^Prepare the change/],
  ['goNoGo', /^GO \/ NOGO (needed|decided)/],
  ['decisionRecorded', /^(GO: the change is approved|NOGO: the change is stopped)/],
  ['announcement', /^Planned maintenance:/],
  ['reminder', /planned maintenance of/],
  ['blocked', /^Blocked:/],
  ['snapshot', /^Take the data snapshot/],
  ['start', /^Maintenance started:/],
  ['control', /^Your maintenance window is/],
  ['decision', /^Decision point/],
  ['extension', /^Maintenance extended:/],
  ['incident', /^Incident during maintenance:/],
  ['restored', /^Service restored:/],
  ['handoff', /^Incident process:/],
  ['end', /^Maintenance finished:/],
  ['cancellation', /^Maintenance cancelled:/],
  ['reschedule', /^Reschedule/],
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The card's heading: its first large text block (every template has one), else its first text. */
export function cardHeading(card: CardJson): string {
  const stack: unknown[] = [card];
  let first: string | undefined;
  while (stack.length > 0) {
    const node = stack.shift();
    if (Array.isArray(node)) stack.unshift(...node);
    else if (isObject(node)) {
      if (node.type === 'TextBlock' && typeof node.text === 'string') {
        if (node.size === 'Large') return node.text;
        first ??= node.text;
      }
      stack.unshift(...['body', 'items', 'columns'].map((key) => node[key]).filter(Boolean));
    }
  }
  return first ?? '';
}

/**
 * What the card is. `precheck` with its buttons is the milestone (every copy keeps them while the pre-check
 * is open: the refresh only tailors the view); without them, the recorded outcome.
 */
export function noticeOf(card: CardJson): NoticeName | undefined {
  const cardVerbs = verbs(card);
  if (cardVerbs.includes('change.create')) return 'form';
  // A refused press: "Not done" and why, above the current state of the change.
  if (/^Not done\b/.test(cardText(card))) return 'refusal';
  const heading = cardHeading(card);
  if (/^Pre-check/.test(heading)) {
    return cardVerbs.some((verb) => verb.startsWith('precheck.')) ? 'precheck' : 'precheckRecorded';
  }
  for (const [name, pattern] of HEADINGS) if (pattern.test(heading)) return name;
  return undefined;
}

const CHANGE_ID = /CHG-\d{4}-\d{3,}/;

/** The change a card is about: every card of the bot names it (`CHG-2026-007 · ISC Learn Platform`). */
export function changeIdOf(card: CardJson): string | undefined {
  return CHANGE_ID.exec(cardText(card))?.[0];
}
