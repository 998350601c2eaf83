/**
 * Issue 26, the form's public title and summary per language, through the running bot (startBot, the .eml
 * outbox, STATUS_PAGE=on) with `languages: ["fr", "de", "en"]`: the form shows one pair of inputs per
 * language; the submitted inputs are read as the bot reads a card's (readFormInput); after GO the French mail
 * and the French status page show the French title and summary, the German ones the German title and the
 * French summary in its place; the summary card marks the missing German summary. A process without
 * languages shows no such inputs and ignores them.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFormInput } from '../../src/bot/formInput';
import { formCard, showCard } from '../../src/cards';
import { startBot, type RunningBot } from '../../src/compose';
import { readConfig } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import { isValidCron } from '../../src/scheduler/cron';
import { approver, implementer, recordingLogger, writeTestProcessFile } from '../bot/support/harness';
import { formInput, zurich } from '../domain/support';
import { leaves, parseMime, type MimePart } from '../mail/support/mime';

const READER_DE = 'anna.leser@test.example.org';
const TITLE_FR = 'Moodle indisponible mercredi soir';
const SUMMARY_FR = 'La plateforme Moodle sera indisponible ; enregistrez vos devoirs avant 18:00.';
const TITLE_DE = 'Moodle am Mittwochabend nicht verfügbar';

const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const text = (mail: MimePart) => leaves(mail).find((part) => part.type === 'text/plain')!.body;

describe('the public title and summary per language, from the form to the mails and the status page', () => {
  let dir: string;
  let bot: RunningBot | undefined;

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function start(overrides: Record<string, unknown>) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-public-text-'));
    const german = overrides.languages ? { email: READER_DE, language: 'de' } : READER_DE;
    const processFile = await writeTestProcessFile(dir, overrides, {
      audience: { emails: ['etudiants@test.example.org', german] },
    });
    const env = { PORT: '0', DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: processFile, STATUS_PAGE: 'on' };
    const config = { ...readConfig(env, isValidCron), host: '127.0.0.1' };
    const now = zurich('2026-05-18 10:00');
    const proc = loadProcessFile(processFile);
    bot = await startBot({
      config,
      process: proc,
      logger: recordingLogger([]),
      clock: () => now,
      schedule: false,
    });
    return { proc, now, running: bot };
  }

  async function submitAndGo(running: RunningBot, data: Record<string, unknown>) {
    const { values, errors } = readFormInput({ ...formInput('2026-06-17 18:00'), ...data });
    expect(errors).toEqual({});
    const submitted = await running.lifecycle.submit(
      values,
      { aadObjectId: implementer.aadObjectId, name: implementer.name, email: implementer.email },
      { conversationKey: 'channel:none' },
    );
    if (!submitted.ok) throw new Error(`Test bug: ${JSON.stringify(submitted.errors)}`);
    const id = submitted.change.id;
    const go = await running.lifecycle.act(id, {
      event: { type: 'go' },
      by: { aadObjectId: approver.aadObjectId, name: approver.name, email: approver.email },
    });
    expect(go.found && go.decision).toMatchObject({ accepted: true });
    await running.delivery.deliver(id);
    return submitted.change;
  }

  it('French and German readers get their own title; the German summary falls back to French', async () => {
    const { proc, now, running } = await start({ languages: ['fr', 'de', 'en'] });
    const form = JSON.stringify(formCard(proc));
    for (const label of ['Public title (Français)', 'Public summary (Deutsch)', 'Public title (English)']) {
      expect(form).toContain(label);
    }
    expect(form).toContain('"id":"publicTitle_fr"');
    expect(form).toContain('What the people affected read');

    const created = await submitAndGo(running, {
      publicTitle_fr: TITLE_FR,
      publicSummary_fr: `${SUMMARY_FR}\u0007`,
      publicTitle_de: TITLE_DE,
      publicTitle_it: 'Ignorato: una lingua che il processo non nomina',
    });
    expect(created.publicText).toEqual({
      fr: { title: TITLE_FR, summary: SUMMARY_FR },
      de: { title: TITLE_DE },
    });

    const outbox = path.join(dir, 'data', 'outbox');
    const files = (await fs.readdir(outbox)).filter((name) => name.includes('announcement_mail'));
    const mails = await Promise.all(
      files.map(async (file) => parseMime(await fs.readFile(path.join(outbox, file), 'utf8'))),
    );
    const byLanguage = new Map(mails.map((mail) => [mail.headers.get('content-language'), mail]));
    const fr = text(byLanguage.get('fr')!);
    expect(fr).toContain(TITLE_FR);
    expect(fr).toContain(SUMMARY_FR);
    expect(fr).not.toContain('Upgrade Moodle to 4.5');
    const de = text(byLanguage.get('de')!);
    expect(de).toContain(TITLE_DE);
    expect(de).toContain(SUMMARY_FR);
    expect(de).not.toContain(TITLE_FR);

    const page = async (language: string) =>
      visible(await (await fetch(`http://127.0.0.1:${running.port}/status?lang=${language}`)).text());
    const frPage = await page('fr');
    expect(frPage).toContain(TITLE_FR);
    expect(frPage).toContain(SUMMARY_FR);
    expect(frPage).not.toContain('Upgrade Moodle to 4.5');
    const dePage = await page('de');
    expect(dePage).toContain(TITLE_DE);
    expect(dePage).toContain(SUMMARY_FR);
    // English has no text of its own: the French one, not the technical title.
    expect(await page('en')).toContain(TITLE_FR);

    const stored = await running.store.get(created.id);
    const card = JSON.stringify(showCard(stored!.change, proc, { now }));
    expect(card).toContain(
      'Public text: Français ✓, Deutsch — no summary, the Français one is used, English — missing, the Français text is used',
    );
  });

  it('a process without languages shows no public inputs and ignores any sent', async () => {
    const { proc, running } = await start({});
    expect(JSON.stringify(formCard(proc))).not.toContain('publicTitle_');
    const created = await submitAndGo(running, { publicTitle_fr: TITLE_FR });
    expect(created.publicText).toBeUndefined();
  });
});
