import { readPress } from '../../src/bot/verbs';
import { BUILT_IN_STEPS } from '../../src/domain/steps';
import { closeMatches, MAX_COMMAND, parseCommand } from '../../src/bot/commands';
import { boundedText, forLog } from '../../src/domain/bounded';

describe('boundedText', () => {
  it('keeps one line without control characters, cut to the length with an ellipsis', () => {
    expect(boundedText('Ines\r\nBcc: x\u0000y', 80)).toBe('Ines Bcc: x y');
    const cut = boundedText('N'.repeat(10_000), 80);
    expect(Array.from(cut)).toHaveLength(80);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const cut = boundedText('🚀'.repeat(100), 10);
    expect(Array.from(cut)).toEqual([...Array(9).fill('🚀'), '…']);
  });

  it('forLog names the type of a value that is not text instead of printing it', () => {
    expect(forLog({ huge: 'x'.repeat(1e6) })).toBe('(object)');
    expect(forLog(42)).toBe('42');
    expect(forLog('x'.repeat(1000))).toHaveLength(64);
  });
});

describe('chat commands of any size', () => {
  it('reads at most MAX_COMMAND characters: a cancel reason is cut there', () => {
    const command = parseCommand(`cancel CHG-2026-001 ${'r'.repeat(100_000)}`);
    expect(command).toMatchObject({ name: 'cancel', id: 'CHG-2026-001' });
    expect((command as { reason: string }).reason.length).toBeLessThan(MAX_COMMAND);
  });
});

describe('"did you mean"', () => {
  const ids = Array.from({ length: 10_000 }, (_, i) => `CHG-2026-${String(i + 1).padStart(3, '0')}`);

  it('offers no match for a word longer than any id', () => {
    expect(closeMatches('C'.repeat(900_000), ids)).toEqual([]);
  });

  it('finds the same number among 10,000 ids, and near spellings among the newest ones only', () => {
    expect(closeMatches('CHG-2025-9876', ids)[0]).toBe('CHG-2026-9876');
    // CHG-2026-001 is old: beyond the newest 500 it is found by its number, never by spelling.
    expect(closeMatches('CHG-2026-OOX', ids)).not.toContain('CHG-2026-001');
    expect(closeMatches('CHG-2026-OOX', [...ids.slice(0, 3), ...ids.slice(-10)])).toContain('CHG-2026-001');
    // Newest by number: CHG-2026-9999 is among them although "CHG-2026-999" sorts after it as text.
    expect(closeMatches('CHG-2026-999O', ids)).toContain('CHG-2026-9990');
  });
});

describe('press data errors read as sentences', () => {
  it.each([
    ['prep.check', { item: { a: 1 }, revision: 1 }, 'That checklist item is not on this change.'],
    ['prep.check', { item: 'tests', checked: 'maybe', revision: 1 }, 'A tick must be true or false.'],
    ['nogo', { reason: ['x'], revision: 1 }, 'The reason must be text.'],
    ['done', { 'test-1': 'perhaps', revision: 1 }, 'The value of test-1 must be true or false.'],
  ])('%s %j', (verb, data, message) => {
    expect(readPress(verb, data, BUILT_IN_STEPS)).toEqual({ ok: false, problem: 'invalid', message });
  });

  it('a press without a revision is a revision problem, whatever else it carries', () => {
    expect(readPress('extend', { extraMinutes: '45' }, BUILT_IN_STEPS)).toMatchObject({
      ok: false,
      problem: 'revision',
    });
  });
});
