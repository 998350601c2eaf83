/** Reading the cards the bot answered or posted, as a Teams user would see them. */
import MarkdownIt from 'markdown-it';

export type CardJson = Record<string, unknown>;

const markdown = new MarkdownIt('commonmark');

/** Every object in the card, depth first. */
export function objectsOf(json: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      found.push(value as Record<string, unknown>);
      Object.values(value).forEach(walk);
    }
  };
  walk(json);
  return found;
}

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

/** A TextBlock's markdown as the reader sees it: rendered, tags dropped, invisible characters removed. */
export function shownText(text: string): string {
  const html = markdown.render(text);
  return (
    decodeEntities(html.replace(/<[^>]+>/g, ''))
      // The invisible characters escaping puts between `$` and `{` (or `{` and `{`).
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Markdown of every TextBlock, fact and toggle title, in card order. */
export function rawTexts(card: unknown): string[] {
  return objectsOf(card).flatMap((o) => {
    if (o.type === 'TextBlock' || o.type === 'TextRun') return [String(o.text ?? '')];
    if (o.type === 'Input.Toggle') return [String(o.title ?? '')];
    if (o.type === undefined && typeof o.title === 'string' && typeof o.value === 'string')
      return [o.title, o.value];
    return [];
  });
}

/** All the text the reader sees, one string. */
export function visibleText(card: unknown): string {
  return rawTexts(card).map(shownText).join('\n');
}

/** Rendered HTML of every text: to check that typed markdown did not become a link. */
export function renderedHtml(card: unknown): string {
  return rawTexts(card)
    .map((text) => markdown.render(text))
    .join('\n');
}

/** Input id → the value it is prefilled with. */
export function inputValues(card: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const o of objectsOf(card)) {
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string')
      values[o.id] = o.value;
  }
  return values;
}

export function executeActions(card: unknown): Record<string, unknown>[] {
  return objectsOf(card).filter((o) => o.type === 'Action.Execute');
}

export function verbsOf(card: unknown): string[] {
  return executeActions(card).map((action) => String(action.verb));
}

/** The `data` of the first button with this verb; throws when the card has none. */
export function buttonData(card: unknown, verb: string): Record<string, unknown> {
  const action = executeActions(card).find((candidate) => candidate.verb === verb);
  if (!action) throw new Error(`The card has no "${verb}" button; it has: ${verbsOf(card).join(', ')}`);
  return (action.data ?? {}) as Record<string, unknown>;
}

/** The Adaptive Card in an activity the bot sent (its first attachment). */
export function cardOf(activity: Record<string, unknown>): CardJson {
  const attachments = activity.attachments as { contentType?: string; content?: CardJson }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card)
    throw new Error(`The activity carries no Adaptive Card: ${JSON.stringify(activity).slice(0, 300)}`);
  return card;
}
