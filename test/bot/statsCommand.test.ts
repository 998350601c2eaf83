import { parseCommand } from '../../src/bot/commands';

describe('the stats command is read as its words', () => {
  it.each([
    ['stats', ''],
    ['STATS 2026', '2026'],
    ['stats ISC Learn Platform 2026-Q3', 'ISC Learn Platform 2026-Q3'],
    ['stats&nbsp;6m', '6m'],
  ])('"%s" → args "%s"', (text, args) => {
    expect(parseCommand(text)).toEqual({ name: 'stats', args });
  });
});
