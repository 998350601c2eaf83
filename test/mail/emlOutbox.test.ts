import { promises as fs } from 'node:fs';
import path from 'node:path';
import ICAL from 'ical.js';
import type { Change, OutboxEntry } from '../../src/domain/change';
import { createEmlOutbox } from '../../src/mail/emlOutbox';
import { recordingLogger, type LoggedLine } from '../bot/support/harness';
import { makeDataDir } from '../store/support/storeFixture';
import { decodeWords, leaves, parseMime, type MimePart } from './support/mime';
import { AWKWARD_TITLE, announced, cancelled, process } from './support/mailFixture';

describe('.eml outbox (no Graph configuration)', () => {
  let dataDir: string;
  let logs: LoggedLine[];
  beforeEach(async () => {
    dataDir = await makeDataDir();
    logs = [];
  });
  afterEach(async () => fs.rm(dataDir, { recursive: true, force: true }));

  async function write(
    change: Change,
    entry: OutboxEntry,
  ): Promise<{ file: string; text: string; mail: MimePart }> {
    const outbox = createEmlOutbox({
      dir: path.join(dataDir, 'outbox'),
      process,
      logger: recordingLogger(logs),
    });
    await outbox.send(change, entry);
    const files = (await fs.readdir(path.join(dataDir, 'outbox'))).filter((name) => name.endsWith('.eml'));
    const file = path.join(
      dataDir,
      'outbox',
      files.find((name) => name.includes(entry.key.split(':')[0]!))!,
    );
    const text = await fs.readFile(file, 'utf8');
    return { file, text, mail: parseMime(text) };
  }

  it('writes the announcement as a valid MIME message: text and HTML alternatives plus the invitation', async () => {
    const { change, entry } = announced('2027-06-19 18:00');
    const { file, mail } = await write(change, entry);

    expect(path.basename(file)).toBe(`${change.id}.${entry.key.replace(/:/g, '_')}.eml`);
    expect(mail.headers.get('mime-version')).toBe('1.0');
    // A display name of plain words needs no quotes (RFC 5322 phrase); nodemailer leaves them out.
    expect(mail.headers.get('from')).toMatch(/^"?Change bot"? <change-bot@localhost>$/);
    expect(mail.headers.get('message-id')).toBe(`<${change.id}.${entry.key.replace(/:/g, '_')}@change-bot>`);
    expect(new Date(mail.headers.get('date')!).toISOString()).toBe(
      entry.createdAt.replace(/\.\d{3}Z$/, '.000Z'),
    );
    const to = mail.headers
      .get('to')!
      .split(',')
      .map((a) => a.trim());
    expect(to.sort()).toEqual(entry.effect.to.kind === 'mail' ? [...entry.effect.to.to].sort() : []);
    expect(decodeWords(mail.headers.get('subject')!)).toBe(
      `${change.id} Planned maintenance: Upgrade Moodle to 4.5 (Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich))`,
    );

    expect(mail.type).toBe('multipart/mixed');
    expect(mail.parts.map((p) => p.type)).toEqual(['multipart/alternative', 'text/calendar']);
    expect(mail.parts[0]!.parts.map((p) => p.type)).toEqual(['text/plain', 'text/html']);
    const [text, html, ics] = leaves(mail);
    expect(text!.body).toContain('Window: Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich)');
    expect(html!.body).toContain(
      '<td style="padding:2px 0">Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich)</td>',
    );
    expect(ics!.params).toMatchObject({ method: 'REQUEST', charset: 'utf-8' });
    // A token (RFC 2045) needs no quotes; nodemailer quotes a file name only when it must.
    expect(ics!.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="?${change.id}\\.ics"?$`),
    );
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics!.body)).getFirstSubcomponent('vevent')!);
    expect(event.uid).toContain(change.id);

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'info',
        message: 'mail written to the local outbox (no Graph configuration)',
        details: expect.objectContaining({ changeId: change.id, file }),
      }),
    );
  });

  it('encodes a non-ASCII subject (RFC 2047) and escapes typed text in the HTML', async () => {
    const { change, entry } = announced('2027-06-19 18:00', AWKWARD_TITLE);
    const { text, mail } = await write(change, entry);
    const subject = mail.headers.get('subject')!;
    expect(subject).toMatch(/^=\?UTF-8\?[BQ]\?/);
    expect(decodeWords(subject)).toBe(
      `${change.id} Planned maintenance: ${AWKWARD_TITLE} (Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich))`,
    );
    // Each encoded word stays within 75 characters, on folded lines.
    const rawSubject = /^Subject: (.*(?:\r\n .*)*)/m.exec(text)![1]!;
    for (const word of rawSubject.split(/\r\n /)) expect(word.length).toBeLessThanOrEqual(75);

    const [plain, html] = leaves(mail);
    expect(plain!.body).toContain(AWKWARD_TITLE.replace(/ — .*/, ''));
    expect(html!.body).not.toContain('<script>');
    expect(html!.body).toContain(
      'Mise à jour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; plugins',
    );
  });

  it('writes the same file again on a retry, and leaves no temporary file', async () => {
    const { change, entry } = announced();
    const first = await write(change, entry);
    const second = await write(change, entry);
    expect(second.text).toBe(first.text);
    expect(await fs.readdir(path.join(dataDir, 'outbox'))).toEqual([path.basename(first.file)]);
  });

  it('sends a cancellation with METHOD:CANCEL and a plain alternative when there is no invitation', async () => {
    const { change } = announced();
    const off = cancelled(change);
    const { mail } = await write(off.change, off.entry);
    const ics = leaves(mail).find((part) => part.type === 'text/calendar')!;
    expect(ics.params.method).toBe('CANCEL');
    expect(ics.body).toContain('METHOD:CANCEL');
    expect(decodeWords(mail.headers.get('subject')!)).toMatch(
      new RegExp(`^${change.id} Maintenance cancelled: `),
    );

    const reminder: OutboxEntry = {
      ...off.entry,
      key: '9:reminder:mail',
      effect: {
        notice: 'reminder',
        to: { kind: 'mail', to: ['a@example.org', 'A@example.org', 'b@example.org'] },
      },
    };
    const plain = await write(change, reminder);
    expect(plain.mail.type).toBe('multipart/alternative');
    expect(plain.mail.headers.get('to')).toBe('a@example.org, b@example.org');
  });

  it('a title and names with CR/LF add no header line: the header block has exactly the expected fields', async () => {
    const injected =
      'Patch\r\nBcc: evil@attacker.example\r\nX-Injected: yes\nReply-To: evil@attacker.example';
    const base = announced('2027-06-19 18:00', injected);
    const change = {
      ...base.change,
      implementer: { ...base.change.implementer, name: 'Ines\r\nCc: evil@attacker.example' },
    };
    const { text } = await write(change, base.entry);

    const headerBlock = text.slice(0, text.indexOf('\r\n\r\n'));
    // Unfold (RFC 5322: CRLF followed by white space continues the field), then read the field names.
    const fields = headerBlock.split(/\r\n(?![ \t])/).map((field) => field.split(':')[0]!.toLowerCase());
    expect(fields.sort()).toEqual([
      'content-type',
      'date',
      'from',
      'message-id',
      'mime-version',
      'subject',
      'to',
    ]);
    expect(headerBlock).not.toMatch(/^(bcc|cc|x-injected|reply-to):/im);
    expect(headerBlock).not.toMatch(/[^\r]\n|\r(?!\n)/);
    // Nor does any part get a header of its own from the text (the text itself may say "Bcc:" in its body).
    for (const part of leaves(parseMime(text))) {
      expect([...part.headers.keys()].filter((name) => /^(bcc|cc|x-injected|reply-to)$/.test(name))).toEqual(
        [],
      );
    }
  });
});
