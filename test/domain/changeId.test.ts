import { MAX_NUMBER_DIGITS, normalizeChangeId, parseChangeId } from '../../src/domain/changeId';

describe('change ids', () => {
  it('reads well-formed ids, and refuses a number longer than the bound before any file name is made', () => {
    expect(parseChangeId('CHG-2026-007')).toEqual({ year: 2026, number: 7 });
    expect(parseChangeId(`CHG-2026-${'9'.repeat(MAX_NUMBER_DIGITS)}`)).toEqual({
      year: 2026,
      number: 999_999_999,
    });
    expect(parseChangeId(`CHG-2026-${'1'.repeat(MAX_NUMBER_DIGITS + 1)}`)).toBeUndefined();
    expect(parseChangeId(`CHG-2026-${'1'.repeat(300)}`)).toBeUndefined();
    expect(parseChangeId('CHG-2026-07')).toBeUndefined();
    expect(parseChangeId('CHG-2026-../x')).toBeUndefined();
  });

  it('normalizes what a person types, and gives nothing for an impossible id', () => {
    expect(normalizeChangeId(' chg-2026-7 ')).toBe('CHG-2026-007');
    expect(normalizeChangeId('CHG-2026-1000')).toBe('CHG-2026-1000');
    expect(normalizeChangeId(`CHG-2026-${'1'.repeat(300)}`)).toBeUndefined();
    expect(normalizeChangeId('CHG-26-7')).toBeUndefined();
  });
});
