import { createHash } from 'node:crypto';
import type { Person } from './ics';
import type { MailMessage } from './message';

/*
 * An RFC 5322 / MIME message: multipart/alternative (text and HTML, quoted-printable) and, when the notice
 * carries an invitation, the .ics as a text/calendar attachment in multipart/mixed. Non-ASCII header text is
 * RFC 2047 encoded. The output depends only on the message, so a retry writes the same bytes.
 */

const CRLF = '\r\n';

function isPlainAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** RFC 2047 encoded words (UTF-8, base64), each at most 75 characters, folded onto continuation lines. */
export function encodeWords(text: string): string {
  if (isPlainAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    // 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?=" a word stays within 75.
    if (Buffer.byteLength(chunk + char, 'utf8') > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(`${CRLF} `);
}

function mailbox(person: Person): string {
  const name = person.name.replace(/[\r\n"\\]/g, '');
  const display = isPlainAscii(name) ? `"${name}"` : encodeWords(name);
  return `${display} <${person.email}>`;
}

/** "Sat, 19 Dec 2026 17:00:00 +0000" */
export function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Quoted-printable (RFC 2045 6.7): lines of at most 76 characters, CRLF line breaks. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((byte, index) => {
        const last = index === bytes.length - 1;
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const token = literal
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

function base64Lines(text: string): string {
  return (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join(CRLF);
}

export function buildMime(message: MailMessage): string {
  // "=_" cannot occur in quoted-printable or base64 text, so these boundaries never collide with a body.
  const seed = createHash('sha256').update(message.id).digest('hex').slice(0, 24);
  const alternative = `=_alt_${seed}`;
  const mixed = `=_mixed_${seed}`;
  const headers = [
    `From: ${mailbox(message.from)}`,
    `To: ${message.to.join(`,${CRLF} `)}`,
    `Subject: ${encodeWords(message.subject)}`,
    `Date: ${rfc5322Date(message.date)}`,
    `Message-ID: <${message.id}@change-bot>`,
    'MIME-Version: 1.0',
  ];
  const alternativePart = [
    `--${alternative}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.text),
    `--${alternative}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(message.html),
    `--${alternative}--`,
  ];
  const calendar = message.calendar;
  if (!calendar) {
    return [
      ...headers,
      `Content-Type: multipart/alternative; boundary="${alternative}"`,
      '',
      ...alternativePart,
      '',
    ].join(CRLF);
  }
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
    '',
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    '',
    ...alternativePart,
    `--${mixed}`,
    `Content-Type: text/calendar; charset=utf-8; method=${calendar.method}; name="${calendar.filename}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${calendar.filename}"`,
    '',
    base64Lines(calendar.content),
    `--${mixed}--`,
    '',
  ].join(CRLF);
}
