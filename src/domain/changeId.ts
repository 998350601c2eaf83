/**
 * Change ids are `CHG-<year>-<number>`, the number zero-padded to three digits and longer past 999.
 *
 * The number has at most MAX_NUMBER_DIGITS digits: a billion changes a year is far beyond any team, and
 * the bound is what lets every path that takes an id from outside (a chat command, a button's data, a
 * refresh) refuse an impossible one as "no such change" before it reaches a file name or a blob name. An
 * id of 300 digits made the file system answer ENAMETOOLONG, which the store took for a damaged file.
 */
export const MAX_NUMBER_DIGITS = 9;

const CHANGE_ID = new RegExp(`^CHG-(\\d{4})-(\\d{3,${MAX_NUMBER_DIGITS}})$`);
/** What a person may type: any case, the number without its padding (`chg-2026-7`). */
const TYPED_CHANGE_ID = new RegExp(`^chg-(\\d{4})-(\\d{1,${MAX_NUMBER_DIGITS}})$`, 'i');

export function formatChangeId(year: number, number: number): string {
  return `CHG-${year}-${String(number).padStart(3, '0')}`;
}

/** The year and number of a well-formed id; undefined for anything else (which also keeps paths safe). */
export function parseChangeId(id: string): { year: number; number: number } | undefined {
  const match = CHANGE_ID.exec(id);
  if (match === null) return undefined;
  return { year: Number(match[1]), number: Number(match[2]) };
}

/** Normalizes `chg-2026-7` or `CHG-2026-007` to the stored form `CHG-2026-007`; undefined when impossible. */
export function normalizeChangeId(text: string): string | undefined {
  const match = TYPED_CHANGE_ID.exec(text.trim());
  if (match === null) return undefined;
  return `CHG-${match[1]}-${match[2]!.padStart(3, '0')}`;
}
