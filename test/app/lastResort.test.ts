import { EventEmitter } from 'node:events';
import { exitOnUncaughtErrors } from '../../src/lastResort';
import { recordingLogger, type LoggedLine } from '../bot/support/harness';

/** A process double: an event emitter whose exit() records the code instead of ending the test run. */
function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  return {
    target: Object.assign(emitter, { exit: (code?: number) => void exits.push(code ?? 0) }),
    exits,
  };
}

test.each(['uncaughtException', 'unhandledRejection'])(
  '%s is logged with the error and what happened, then the process exits non-zero',
  (kind) => {
    const logs: LoggedLine[] = [];
    const { target, exits } = fakeProcess();
    exitOnUncaughtErrors(recordingLogger(logs), target as unknown as NodeJS.Process);

    const error = new Error('boom from nowhere');
    target.emit(kind, error);

    expect(exits).toEqual([70]);
    expect(logs).toEqual([
      {
        level: 'error',
        details: expect.objectContaining({ err: error, kind, pid: process.pid }),
        message: expect.stringContaining('supervisor starts a clean process'),
      },
    ]);
  },
);

test('the process exits even when logging itself throws', () => {
  const { target, exits } = fakeProcess();
  const broken = {
    ...recordingLogger(),
    error: () => {
      throw new Error('log stream closed');
    },
  };
  exitOnUncaughtErrors(broken, target as unknown as NodeJS.Process);

  expect(() => target.emit('uncaughtException', new Error('x'))).toThrow('log stream closed');
  expect(exits).toEqual([70]);
});
