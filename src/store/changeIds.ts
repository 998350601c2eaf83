/** Change ids are `CHG-<year>-<number>`, the number zero-padded to three digits and longer past 999. */
const CHANGE_ID = /^CHG-(\d{4})-(\d{3,})$/;

export function formatChangeId(year: number, number: number): string {
  return `CHG-${year}-${String(number).padStart(3, '0')}`;
}

/** The year and number of a well-formed id; undefined for anything else (which also keeps paths safe). */
export function parseChangeId(id: string): { year: number; number: number } | undefined {
  const match = CHANGE_ID.exec(id);
  if (match === null) return undefined;
  return { year: Number(match[1]), number: Number(match[2]) };
}
