/*
 * Text from outside (a form, a reason, a name, the process file) is cleaned once, where it comes in, so that
 * every output stays valid: XML 1.0 (the Atom feed) cannot carry U+0008 or any other C0 control even escaped,
 * and one stored title with such a character broke the feed for every service. Removed: C0 controls (a
 * multi-line field keeps its line breaks and tabs), DEL and C1 controls, U+FFFE/U+FFFF and lone surrogates.
 * Line and paragraph separators (U+2028/U+2029) become line breaks, or spaces on one line.
 */

/* eslint-disable no-control-regex -- matching control characters is the point here */
const NEVER =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A field of several lines (a description, tests, a reason): line breaks (as \n) and tabs are kept. */
export function plainLines(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(NEVER, '');
}

/** A field of one line (a title, a name): line breaks and tabs become spaces. */
export function plainLine(text: string): string {
  return plainLines(text).replace(/[\n\t]/g, ' ');
}
