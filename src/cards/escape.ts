/**
 * Untrusted text (what users typed, names from Teams, process-file strings) reaches a card
 * only through these functions, called in one place: `renderCard` (see render.ts).
 *
 * Three things in a TextBlock would otherwise be interpreted instead of shown:
 * - markdown (Teams renders a subset of CommonMark: a typed `[x](http://evil)` becomes a link);
 * - Teams date functions `{{DATE(...)}}` / `{{TIME(...)}}`;
 * - templating expressions `${...}` (adaptivecards-templating leaves data strings as they are,
 *   so a typed `${x}` would survive as a literal; we also refuse any `${` in a rendered card).
 */

/**
 * U+2060 (word joiner): invisible, breaks `{{` and `${` without changing what the reader sees,
 * and unlike a zero-width space it never lets the line wrap there.
 */
const WORD_JOINER = '\u2060';

/** Characters that start inline markdown anywhere on a line (CommonMark plus markdown-it's tables and strikethrough). */
const INLINE_SPECIALS = /[\\`*_[\]<>~|&]/g;

/** Marks a line as a heading, quote, list item, setext underline or ordered list when it starts the line. */
const LINE_START_MARKER = /^([#>+=-]|\d+[.)])/;

function breakTemplateAndDateSyntax(text: string): string {
  // Lookaheads, so that runs like `{{{` or `$${` are broken at every pair.
  return text.replace(/([${])(?=\{)/g, `$1${WORD_JOINER}`);
}

function escapeLine(line: string): string {
  // Leading spaces would turn a line into a code block; they carry no meaning in a card.
  const trimmed = line.trim().replace(INLINE_SPECIALS, (c) => `\\${c}`);
  return trimmed.replace(LINE_START_MARKER, (marker) =>
    /^\d/.test(marker) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`,
  );
}

/**
 * Makes text display literally in a TextBlock, a fact or a toggle title.
 * Each typed line break becomes its own paragraph, because a single newline is not a break in Teams.
 */
export function escapeText(text: string): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map(escapeLine)
    .filter((line) => line !== '');
  return breakTemplateAndDateSyntax(lines.join('\n\n'));
}

/**
 * For a value put back into an input (a prefilled form): inputs show no markdown, so only the
 * templating syntax is broken. The invisible character is removed again by `unescapeInputValue`.
 */
export function escapeInputValue(value: string): string {
  return value.replace(/\$(?=\{)/g, `$${WORD_JOINER}`);
}

/** Undoes `escapeInputValue` on a submitted form value, so the stored text is what the user typed. */
export function unescapeInputValue(value: string): string {
  return value.replace(/\$\u2060(?=\{)/g, '$');
}
