import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DeliveryFailure, type DirectMail, type Logger, type Mailer, type OperatorMail } from '../app/ports';
import type { Change, OutboxEntry } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import type { Person } from './ics';
import { composeMail, type MailMessage } from './message';
import { escapeHtml } from '../web/html';
import { buildMime } from './mimeMessage';
import { isOtherLiveWriter, tempFileWriter, tempPathFor } from '../store/durableFile';

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
export function createEmlOutbox(options: EmlOutboxOptions): Mailer & { cleaned: Promise<string[]> } {
  const from = options.from ?? LOCAL_SENDER;
  // Started with the bot; a send waits for it, so that it never races a mail being written.
  const cleaned = removeInterruptedMails(options.dir, options.logger);
  return {
    cleaned,
    async send(change: Change, entry: OutboxEntry): Promise<void> {
      await cleaned;
      const message = composeMail(change, entry, options.process, from);
      await writeMail(message, { changeId: change.id });
    },
    async sendToOperators(mail: OperatorMail): Promise<void> {
      await cleaned;
      await writeMail(operatorMessage(mail, from), {});
    },
    async sendDirect(mail: DirectMail): Promise<void> {
      await cleaned;
      await writeMail(operatorMessage(mail, from), {});
    },
  };

  async function writeMail(message: MailMessage, about: { changeId?: string }): Promise<void> {
    const file = path.join(options.dir, `${message.id}.eml`);
    const temp = tempPathFor(file);
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
      options.logger.error({ ...about, file, err: error }, 'could not write the mail to the outbox');
      throw new DeliveryFailure(
        `The mail could not be written to ${options.dir}: check that the folder is writable and the disk has space.`,
        'transient',
      );
    }
    options.logger.info(
      { ...about, file, to: message.to.length, subject: message.subject },
      'mail written to the local outbox (no Graph configuration)',
    );
  }
}

/** A plain mail about the bot itself, in the shape the transports take. */
export function operatorMessage(mail: OperatorMail | DirectMail, from: Person): MailMessage {
  return {
    id: mail.id.replace(/[^A-Za-z0-9.+#-]/g, '_'),
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre>${escapeHtml(mail.text)}</pre></body></html>`,
    date: new Date(),
    ...('headers' in mail && mail.headers ? { headers: mail.headers } : {}),
  };
}

/** `<name>.eml.<pid>.tmp`, the name before temporary files carried their writer's start time. */
const OLD_TEMP_NAME = /^.+\.eml\.(\d+)\.tmp$/;

/**
 * Removes the temporary files of mail writes cut short by a kill (their writer is gone): each one's entry is
 * still pending in its change's outbox, so the mail is written again in full. Never fails the start.
 */
async function removeInterruptedMails(dir: string, logger: Logger): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return []; // no outbox yet, or unreadable: the first write says so
  }
  const removed: string[] = [];
  for (const name of names) {
    const old = OLD_TEMP_NAME.exec(name);
    const writer = old ? { pid: Number(old[1]) } : tempFileWriter(name);
    if (
      writer === undefined ||
      isOtherLiveWriter(writer.pid, 'startTicks' in writer ? writer.startTicks : undefined)
    )
      continue;
    try {
      await fs.rm(path.join(dir, name), { force: true });
      removed.push(name);
    } catch (error) {
      logger.warn({ file: path.join(dir, name), err: error }, 'could not remove an interrupted mail write');
    }
  }
  if (removed.length > 0) logger.info({ dir, removed }, 'removed mails whose writing was interrupted');
  return removed;
}
