import { prettyLogs } from '../../src/logging';

describe('log format', () => {
  it('is pretty on a terminal and JSON lines otherwise, unless LOG_FORMAT forces one', () => {
    expect(prettyLogs('auto', true)).toBe(true);
    expect(prettyLogs('auto', false)).toBe(false);
    expect(prettyLogs('json', true)).toBe(false);
    expect(prettyLogs('pretty', false)).toBe(true);
  });
});
