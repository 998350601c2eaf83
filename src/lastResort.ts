import type { Logger } from './app/ports';

/**
 * The last line of defence: an error that escaped every handler means the process is in a state nobody
 * planned for. It is logged with what is known, then the process exits non-zero so that the supervisor
 * (systemd, the container runtime) starts a clean one; it never keeps serving half-broken.
 */
export function exitOnUncaughtErrors(
  logger: Logger,
  target: Pick<NodeJS.Process, 'on' | 'exit'> = process,
): void {
  const fail = (kind: string) => (error: unknown) => {
    try {
      logger.error(
        { err: error, kind, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) },
        `${kind}: the bot stops so that its supervisor starts a clean process`,
      );
    } finally {
      target.exit(70);
    }
  };
  target.on('uncaughtException', fail('uncaughtException'));
  target.on('unhandledRejection', fail('unhandledRejection'));
}
