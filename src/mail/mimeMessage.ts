import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailMessage } from './message';

/**
 * An RFC 5322 / MIME message, written by nodemailer's MailComposer: text and HTML alternatives
 * (quoted-printable) and, when the notice carries an invitation, the .ics as a text/calendar attachment.
 * Non-ASCII header text is RFC 2047 encoded. The boundaries, Date and Message-ID come from the message, so
 * a retry writes the same bytes.
 */
export function buildMime(message: MailMessage): Promise<Buffer> {
  const calendar = message.calendar;
  const composer = new MailComposer({
    from: { name: message.from.name.replace(/[\r\n"\\]/g, ''), address: message.from.email },
    to: message.to,
    subject: message.subject,
    date: message.date,
    messageId: `<${message.id}@change-bot>`,
    ...(message.headers || message.language
      ? {
          headers: {
            ...message.headers,
            ...(message.language ? { 'Content-Language': message.language } : {}),
          },
        }
      : {}),
    text: message.text,
    html: message.html,
    textEncoding: 'quoted-printable',
    // An .eml file is read as it would arrive over SMTP: every line ends with CRLF.
    newline: 'windows',
    baseBoundary: createHash('sha256').update(message.id).digest('hex').slice(0, 24),
    attachments: calendar
      ? [
          {
            filename: calendar.filename,
            content: calendar.content,
            contentType: `text/calendar; charset=utf-8; method=${calendar.method}`,
            contentTransferEncoding: 'base64',
            contentDisposition: 'attachment',
          },
        ]
      : [],
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, output) => (error ? reject(error) : resolve(output)));
  });
}
