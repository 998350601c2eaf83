import pino from 'pino';
import type { Logger } from './app/ports';

/** Paths that can carry secrets anywhere in a log line; pino replaces their values. */
export const REDACT_PATHS = [
  'password',
  'secret',
  'clientSecret',
  'appPassword',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.appPassword',
  '*.MicrosoftAppPassword',
  'headers.authorization',
  '*.headers.authorization',
  'req.headers.authorization',
];

/**
 * Pretty when a person reads it (stdout is a terminal), JSON lines when a program does (a file, journald, a
 * container's log): colour codes in a log file help nobody. LOG_FORMAT=pretty|json forces either.
 */
export function prettyLogs(format: 'auto' | 'pretty' | 'json', stdoutIsTerminal: boolean): boolean {
  return format === 'auto' ? stdoutIsTerminal : format === 'pretty';
}

export function createLogger(level: string, pretty: boolean): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              colorize: process.stdout.isTTY === true,
              translateTime: 'SYS:standard',
              // The start summary's fields repeat its message: a person reads the message.
              ignore: 'pid,hostname,summary',
            },
          },
        }
      : {}),
  }) as unknown as Logger;
}
