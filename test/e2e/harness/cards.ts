/** Reading Adaptive Cards as a person would: their text, their buttons (wherever they sit) and their inputs. */

export type CardJson = Record<string, unknown>;

export interface CardButton {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  /** Ids of the inputs a press sends: those of the card (or show-card) the button sits in. */
  inputIds: string[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(node: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  for (const key of ['body', 'items', 'columns', 'actions', 'facts', 'inlines', 'inlineAction']) {
    const value = node[key];
    if (Array.isArray(value)) out.push(...value);
    else if (isObject(value)) out.push(value);
  }
  if (isObject(node.selectAction)) out.push(node.selectAction);
  return out;
}

/** Every element of the card, depth first, show-cards included. */
function* walk(node: unknown): Generator<Record<string, unknown>> {
  if (!isObject(node)) return;
  yield node;
  for (const child of children(node)) yield* walk(child);
  if (isObject(node.card)) yield* walk(node.card);
}

/** All the words a reader sees: text blocks, rich text, facts, button titles and input labels. */
export function cardText(card: CardJson): string {
  const parts: string[] = [];
  for (const node of walk(card)) {
    if (typeof node.text === 'string' && node.type !== 'Input.Text') parts.push(node.text);
    if (node.type === undefined && typeof node.title === 'string' && typeof node.value === 'string') {
      parts.push(`${node.title}: ${node.value}`);
    }
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && typeof node.title === 'string') {
      parts.push(`[${node.title}]`);
    }
    if (typeof node.label === 'string') parts.push(node.label);
  }
  return parts.join('\n');
}

function inputIdsIn(node: unknown, stopAtShowCards: boolean): string[] {
  const ids: string[] = [];
  const visit = (current: unknown, top: boolean) => {
    if (!isObject(current)) return;
    if (
      typeof current.type === 'string' &&
      current.type.startsWith('Input.') &&
      typeof current.id === 'string'
    ) {
      ids.push(current.id);
    }
    if (!top && stopAtShowCards && current.type === 'AdaptiveCard') return;
    for (const child of children(current)) visit(child, false);
    if (!stopAtShowCards && isObject(current.card)) visit(current.card, false);
  };
  visit(node, true);
  return ids;
}

/** Every Action.Execute of the card, with the inputs its press would send along. */
export function cardButtons(card: CardJson): CardButton[] {
  const buttons: CardButton[] = [];
  const visitCard = (adaptiveCard: Record<string, unknown>, inherited: string[]) => {
    const own = [...inherited, ...inputIdsIn(adaptiveCard, true)];
    const visit = (node: unknown) => {
      if (!isObject(node)) return;
      if (node.type === 'Action.Execute' && typeof node.verb === 'string') {
        buttons.push({
          title: typeof node.title === 'string' ? node.title : node.verb,
          verb: node.verb,
          data: isObject(node.data) ? node.data : {},
          inputIds: own,
        });
      }
      if (node.type === 'Action.ShowCard' && isObject(node.card)) {
        visitCard(node.card, own);
        return;
      }
      for (const child of children(node)) visit(child);
    };
    for (const child of children(adaptiveCard)) visit(child);
  };
  visitCard(card, []);
  return buttons;
}

export function button(card: CardJson, verb: string): CardButton | undefined {
  return cardButtons(card).find((candidate) => candidate.verb === verb);
}

export function verbs(card: CardJson): string[] {
  return cardButtons(card).map((candidate) => candidate.verb);
}

export function inputIds(card: CardJson): string[] {
  return inputIdsIn(card, false);
}

/** One line, for transcripts: the first words of the card and its buttons. */
export function cardSummary(card: CardJson, width = 160): string {
  const text = cardText(card).replace(/\s+/g, ' ').trim();
  const buttonVerbs = verbs(card);
  const short = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return buttonVerbs.length > 0 ? `${short} {${buttonVerbs.join(', ')}}` : short;
}

/**
 * The error the card shows for one input: the attention-coloured text right below it (how the form marks
 * a field that needs fixing), or undefined.
 */
export function errorBelowInput(card: CardJson, inputId: string): string | undefined {
  let found: string | undefined;
  const visit = (node: unknown) => {
    if (found !== undefined || !isObject(node)) return;
    for (const key of ['body', 'items']) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      const index = list.findIndex((item) => isObject(item) && item.id === inputId);
      const next: unknown = index >= 0 ? list[index + 1] : undefined;
      if (
        isObject(next) &&
        next.type === 'TextBlock' &&
        next.color === 'Attention' &&
        typeof next.text === 'string'
      ) {
        found = next.text;
        return;
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(card);
  return found;
}
