/**
 * Done when (issue 26): with `languages: ["fr", "de", "en"]` and one German reader in the audience, the GO
 * writes the announcement twice in the running bot's .eml outbox (startBot, no mailer given): in French to
 * everyone else, in German to the German reader, each with its Content-Language and its invitation in that
 * language. A file that names no languages still writes one English mail with no Content-Language.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot } from '../../src/compose';
import { readConfig } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import { isValidCron } from '../../src/scheduler/cron';
import { approver, implementer, recordingLogger, writeTestProcessFile } from '../bot/support/harness';
import { formInput, zurich } from '../domain/support';
import { decodeWords, leaves, parseMime, type MimePart } from '../mail/support/mime';

const READER_DE = 'anna.leser@test.example.org';
const STUDENTS = 'etudiants@test.example.org';

describe('the announcement in each reader language, through the running bot', () => {
  let dir: string;
  let bot: RunningBot | undefined;

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function announce(overrides: Record<string, unknown>, audience: unknown[]): Promise<MimePart[]> {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-i18n-'));
    const processFile = await writeTestProcessFile(dir, overrides, { audience: { emails: audience } });
    const config = {
      ...readConfig({ PORT: '0', DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: processFile }, isValidCron),
      host: '127.0.0.1',
    };
    const now = zurich('2026-05-18 10:00');
    bot = await startBot({
      config,
      process: loadProcessFile(processFile),
      logger: recordingLogger([]),
      clock: () => now,
      schedule: false,
    });
    const submitted = await bot.lifecycle.submit(
      formInput('2026-06-17 18:00'),
      { aadObjectId: implementer.aadObjectId, name: implementer.name, email: implementer.email },
      { conversationKey: 'channel:none' },
    );
    if (!submitted.ok) throw new Error(`Test bug: ${JSON.stringify(submitted.errors)}`);
    const id = submitted.change.id;
    const go = await bot.lifecycle.act(id, {
      event: { type: 'go' },
      by: { aadObjectId: approver.aadObjectId, name: approver.name, email: approver.email },
    });
    expect(go.found && go.decision).toMatchObject({ accepted: true });
    await bot.delivery.deliver(id);
    const outbox = path.join(dir, 'data', 'outbox');
    const files = (await fs.readdir(outbox)).filter((name) => name.includes('announcement_mail')).sort();
    return Promise.all(
      files.map(async (file) => parseMime(await fs.readFile(path.join(outbox, file), 'utf8'))),
    );
  }

  const text = (mail: MimePart) => leaves(mail).find((part) => part.type === 'text/plain')!.body;
  // Unfolded (RFC 5545 folds long lines).
  const invite = (mail: MimePart) =>
    leaves(mail)
      .find((part) => part.type === 'text/calendar')!
      .body.replace(/\r\n[ \t]/g, '');

  it('writes a French and a German mail, each with its Content-Language, words and invitation', async () => {
    const mails = await announce({ languages: ['fr', 'de', 'en'] }, [
      STUDENTS,
      { email: READER_DE, language: 'de' },
    ]);
    expect(mails).toHaveLength(2);
    const byLanguage = new Map(mails.map((mail) => [mail.headers.get('content-language'), mail]));
    expect([...byLanguage.keys()].sort()).toEqual(['de', 'fr']);

    const fr = byLanguage.get('fr')!;
    expect(fr.headers.get('to')).toContain(STUDENTS);
    expect(fr.headers.get('to')).not.toContain(READER_DE);
    expect(decodeWords(fr.headers.get('subject')!)).toMatch(/^CHG-2026-\d+ Maintenance planifiée\u00a0: /);
    expect(text(fr)).toContain('Maintenance planifiée\u00a0: ISC Learn Platform');
    expect(text(fr)).toContain(
      'ISC Learn Platform sera en maintenance le mercredi 17 juin 2026 de 18:00 à 20:00 (Europe/Zurich).',
    );
    expect(text(fr)).toContain('Interruption prévue\u00a0: 30 minutes.');
    expect(invite(fr)).toContain('Maintenance ISC Learn Platform\u00a0: Upgrade Moodle to 4.5');

    const de = byLanguage.get('de')!;
    expect(de.headers.get('to')).toBe(READER_DE);
    expect(decodeWords(de.headers.get('subject')!)).toMatch(/^CHG-2026-\d+ Geplante Wartung: /);
    expect(text(de)).toContain('Geplante Wartung von ISC Learn Platform');
    expect(text(de)).toContain(
      'ISC Learn Platform wird am Mittwoch, 17. Juni 2026 von 18:00 bis 20:00 Uhr (Europe/Zurich) gewartet.',
    );
    expect(text(de)).toContain('Voraussichtliche Unterbrechung: 30 Minuten.');
    expect(text(de)).toContain('Versandt vom Change-Bot für CHG-2026-');
    expect(invite(de)).toContain('Wartung ISC Learn Platform: Upgrade Moodle to 4.5');
  });

  it('a file that names no languages: one English mail to everyone, no Content-Language, as before', async () => {
    const mails = await announce({}, [STUDENTS, READER_DE]);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.headers.has('content-language')).toBe(false);
    expect(mails[0]!.headers.get('to')).toContain(READER_DE);
    expect(text(mails[0]!)).toContain('Planned maintenance of ISC Learn Platform');
  });
});
