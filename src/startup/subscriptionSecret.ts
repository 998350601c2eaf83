import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../config/errors';

/** The signing secret of subscription links the bot keeps for itself, beside the data it protects. */
export const OWN_SECRET_FILE = 'subscription-secret';

const MIN_LENGTH = 32;

/**
 * The JSON store's own secret when SUBSCRIPTION_SECRET is unset: made once, then read at every start, so the
 * links in mails already sent keep working across restarts (and after a restore of DATA_DIR from backup).
 * Written to a temporary name, synced and renamed, so a crash never leaves half a secret behind.
 */
export async function ownSubscriptionSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, OWN_SECRET_FILE);
  const kept = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (kept !== undefined) {
    const secret = kept.trim();
    if (secret.length >= MIN_LENGTH) return secret;
    throw new ConfigError(
      `${file}`,
      'is damaged (shorter than a secret this bot makes)',
      'Restore it from the DATA_DIR backup, or delete it to make a new one (the links in mails already sent then stop working), or set SUBSCRIPTION_SECRET.',
    );
  }
  const secret = crypto.randomBytes(32).toString('hex');
  const temp = `${file}.${crypto.randomUUID()}.tmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${secret}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
  return secret;
}
