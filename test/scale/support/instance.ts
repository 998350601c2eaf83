/*
 * One bot instance for the two-instance test, as a child process on the blob store (Azurite):
 *   node -r ./test/store/support/registerTs.js test/scale/support/instance.ts
 * Settings come from the environment (STORE=blob, AZURE_STORAGE_CONNECTION_STRING, ...; read by the real config
 * loader); the lease is short (15 s, the shortest Azure allows) so that a takeover takes seconds, not a minute.
 * It prints protocol lines on stdout (a pipe: written synchronously, so a line is out before a later SIGKILL):
 *   ready <port>         listening
 *   leader true|false    whenever its leadership changes
 *   mail <id> <key>      a mail "sent" (the mailer double)
 *   stopped              after a graceful stop (SIGTERM)
 * Logs go to stderr.
 */
import pino from 'pino';
import type { Logger, Mailer } from '../../../src/app/ports';
import { startBot } from '../../../src/compose';
import { readConfig } from '../../../src/config/env';
import { loadProcessFile } from '../../../src/config/processFile';
import { isValidCron } from '../../../src/scheduler/cron';

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const config = { ...readConfig(process.env, isValidCron), host: '127.0.0.1' };
  const logger = pino({ level: 'info', base: { instance: process.env.INSTANCE_NAME } }, pino.destination(2));
  const mailer: Mailer = {
    async send(change, entry) {
      say(`mail ${change.id} ${entry.key}`);
    },
  };
  const bot = await startBot({
    config,
    process: loadProcessFile(config.processFile),
    logger: logger as unknown as Logger,
    mailer,
    connectorTimeoutMs: 5_000,
    lease: { leaseMs: 15_000, renewMs: 1_000, marginMs: 3_000 },
  });
  say(`ready ${bot.port}`);
  let leading: boolean | undefined;
  const watch = setInterval(() => {
    const now = bot.leadership.isLeader();
    if (now !== leading) say(`leader ${now}`);
    leading = now;
  }, 100);
  process.once('SIGTERM', () => {
    clearInterval(watch);
    void bot.stop().then(() => {
      say('stopped');
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`instance failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
