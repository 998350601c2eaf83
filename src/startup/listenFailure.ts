import net from 'node:net';
import { errorCode, StartupFailure } from './failure';

/** The port could not be opened: say which, why, and what to do, instead of a stack trace. */
export function listenFailure(error: unknown, host: string, port: number): StartupFailure | undefined {
  const code = errorCode(error);
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE')
    return new StartupFailure(
      `PORT ${port} is already in use on ${host} (EADDRINUSE): another program (or another bot) listens on ${where}; stop it (ss -ltnp shows which), or set PORT to a free port.`,
    );
  if (code === 'EACCES')
    return new StartupFailure(
      `PORT ${port} cannot be opened by this user (EACCES): ports below 1024 need privileges; keep PORT=3978 and put a reverse proxy on 443.`,
    );
  if (code === 'EADDRNOTAVAIL')
    return new StartupFailure(
      `The address ${host} is not on this machine (EADDRNOTAVAIL), so PORT ${port} cannot be opened there.`,
    );
  return undefined;
}

/**
 * Tries the port before the store opens, so that a port in use stops the bot with its one line before
 * anything else is logged or opened. The real listen still maps its own error (another program may take the
 * port in between).
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ host, port, exclusive: true }, resolve);
    });
  } catch (error) {
    throw listenFailure(error, host, port) ?? error;
  }
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
