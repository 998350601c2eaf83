import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger, Mailer } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';

/** With no Graph configuration, each mail is written as an .eml file: nothing is lost, anyone can open it. */
export function createEmlOutbox(dir: string, logger: Logger): Mailer {
  return {
    async send(change: Change, entry: OutboxEntry): Promise<void> {
      if (entry.effect.to.kind !== 'mail') return;
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${change.id}-${entry.key.replace(/[^A-Za-z0-9+-]/g, '_')}.eml`);
      const body = [
        `To: ${entry.effect.to.to.join(', ')}`,
        `Subject: ${change.id} ${entry.effect.notice}: ${change.title}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `${change.id} — ${entry.effect.notice}`,
        '',
      ].join('\r\n');
      await fs.writeFile(file, body, 'utf8');
      logger.info(
        { changeId: change.id, file, to: entry.effect.to.to.length },
        'mail written to the local outbox',
      );
    },
  };
}
