/**
 * The port can be taken between main's probe and the real listen: startBot itself then fails with the same
 * one line (a StartupFailure), after letting go of the store.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { StartupFailure } from '../../src/startup/failure';
import { checkPortFree } from '../../src/startup/listenFailure';
import { startConnector } from '../support/connector';
import { startHarness } from '../bot/support/harness';

async function occupiedPort(): Promise<{ port: number; close: () => void }> {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  return { port: (holder.address() as net.AddressInfo).port, close: () => holder.close() };
}

describe('a port in use', () => {
  it('is refused by the probe with one line naming PORT and EADDRINUSE; a free one is left free', async () => {
    const taken = await occupiedPort();
    try {
      await expect(checkPortFree('127.0.0.1', taken.port)).rejects.toThrow(
        new StartupFailure(
          `PORT ${taken.port} is already in use on 127.0.0.1 (EADDRINUSE): another program (or another bot) listens on 127.0.0.1:${taken.port}; stop it (ss -ltnp shows which), or set PORT to a free port.`,
        ),
      );
    } finally {
      taken.close();
    }
    await checkPortFree('127.0.0.1', taken.port);
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(taken.port, '127.0.0.1', resolve);
    });
    again.close();
  });

  it('stops startBot with a StartupFailure, and the store it opened can be opened again', async () => {
    const taken = await occupiedPort();
    const connector = await startConnector();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-port-'));
    try {
      const failure = startHarness({ dataDir, connector, env: { PORT: String(taken.port) } });
      await expect(failure).rejects.toBeInstanceOf(StartupFailure);
      await expect(failure).rejects.toThrow(/EADDRINUSE/);
      const h = await startHarness({ dataDir, connector });
      await h.stop();
    } finally {
      taken.close();
      await connector.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
