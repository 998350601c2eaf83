/** Line and column (from 1) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where JSON.parse stopped, as a person looks for it: "line 3, column 3". V8 reports a character position
 * ("… in JSON at position 13"), newer versions also the line; the end of the text when the input ended early.
 */
export function jsonSyntaxProblem(text: string, error: Error): string {
  const reason = error.message
    .replace(/\s*(in JSON )?at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(error.message);
  const offset = position
    ? Number(position[1])
    : /end of JSON input/.test(error.message)
      ? text.length
      : undefined;
  if (offset === undefined) return reason;
  const { line, column } = lineAndColumn(text, offset);
  return `${reason} at line ${line}, column ${column}`;
}
