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

/** JSON lines; pretty only in local mode, where a person reads the terminal. */
export function createLogger(level: string, pretty: boolean): Logger {
  return pino({
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:standard' } } }
      : {}),
  }) as unknown as Logger;
}
