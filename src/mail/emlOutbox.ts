import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DeliveryFailure, type Logger, type Mailer } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { Person } from './ics';
import { composeMail } from './message';
import { buildMime } from './mimeMessage';

export interface EmlOutboxOptions {
  /** DATA_DIR/outbox */
  dir: string;
  process: ProcessDefinition;
  logger: Logger;
  /** The From of the written mails; there is no mailbox without Graph, so a local address by default. */
  from?: Person;
}

export const LOCAL_SENDER: Person = { name: 'Change bot', email: 'change-bot@localhost' };

/**
 * With no Graph configuration, each mail is written as an .eml file (a complete MIME message any mail client
 * opens) and logged: nothing is lost. The file name is the outbox entry's, so a retry replaces the same file;
 * the file is written beside and renamed into place, so a reader never sees half of one.
 */
export function createEmlOutbox(options: EmlOutboxOptions): Mailer {
  const from = options.from ?? LOCAL_SENDER;
  return {
    async send(change: Change, entry: OutboxEntry): Promise<void> {
      const message = composeMail(change, entry, options.process, from);
      const file = path.join(options.dir, `${message.id}.eml`);
      const temp = `${file}.${process.pid}.tmp`;
      try {
        await fs.mkdir(options.dir, { recursive: true });
        const handle = await fs.open(temp, 'w');
        try {
          await handle.writeFile(await buildMime(message));
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, file);
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        options.logger.error(
          { changeId: change.id, file, err: error },
          'could not write the mail to the outbox',
        );
        throw new DeliveryFailure(
          `The mail could not be written to ${options.dir}: check that the folder is writable and the disk has space.`,
          'transient',
        );
      }
      options.logger.info(
        { changeId: change.id, file, to: message.to.length, subject: message.subject },
        'mail written to the local outbox (no Graph configuration)',
      );
    },
  };
}
