/**
 * The real bot (startBot: CloudAdapter posting proactively, the outbox, the .eml mail outbox) against a Bot
 * Connector behind a faulty network: 429 with Retry-After, 500, a request that never gets an answer, and 403.
 * The connector client does not retry in process (connectorHttp.ts): each fault is one failed attempt that
 * the outbox retries on a later tick. After recovery every notice has been acknowledged exactly once; the
 * 403 makes the post failed, visible in `show`, logged, and e-mailed to the implementer and the approvers.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningBot } from '../../src/compose';
import { startBot } from '../../src/compose';
import { readConfig } from '../../src/config/env';
import { loadProcessFile } from '../../src/config/processFile';
import { isValidCron } from '../../src/scheduler/cron';
import { templateCards } from '../../src/bot/templateCards';
import { visibleText } from '../bot/support/cards';
import {
  BOT,
  CHANNEL,
  TENANT,
  approver,
  implementer,
  recordingLogger,
  secondApprover,
  writeTestProcessFile,
  type LoggedLine,
} from '../bot/support/harness';
import { formInput, zurich } from '../domain/support';
import { decodeWords, parseMime } from '../mail/support/mime';
import { startConnector, type RecordingConnector } from '../support/connector';
import { startFaultyConnector, type FaultyConnector } from './support/faultyConnector';

const CONVERSATION_KEY = `channel:${CHANNEL}`;

describe('Bot Connector faults', () => {
  let dir: string;
  let connector: RecordingConnector;
  let network: FaultyConnector;
  let bot: RunningBot;
  let now: Date;
  const logs: LoggedLine[] = [];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-faults-'));
    connector = await startConnector();
    network = await startFaultyConnector(connector);
    const processFile = await writeTestProcessFile(dir);
    const config = {
      ...readConfig({ PORT: '0', DATA_DIR: path.join(dir, 'data'), PROCESS_FILE: processFile }, isValidCron),
      host: '127.0.0.1',
    };
    now = zurich('2026-05-18 10:00');
    bot = await startBot({
      config,
      process: loadProcessFile(processFile),
      logger: recordingLogger(logs),
      clock: () => new Date(now.getTime()),
      schedule: false,
      connectorTimeoutMs: 300,
    });
    // The team channel, as the bot stored it when it was added to the team.
    await bot.store.references.put(CONVERSATION_KEY, {
      channelId: 'msteams',
      serviceUrl: network.url,
      conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
      bot: { ...BOT },
    });
    // This test scripts faults on the thread's posts in order: the 1:1 personal notices are turned off
    // (`notify off`), they are tested in test/bot/personalNotice.test.ts.
    for (const person of [implementer, approver, secondApprover]) {
      await bot.store.preferences.put(person.aadObjectId, { notify: false });
    }
  });

  afterAll(async () => {
    await bot.stop();
    await network.stop();
    await connector.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  /** "2026-05-27 18:00", or with seconds "2026-05-18 10:00:30", local time. */
  async function tickAt(local: string): Promise<void> {
    const [minute, seconds = '0'] = [local.slice(0, 16), local.slice(17)];
    now = new Date(zurich(minute).getTime() + Number(seconds || 0) * 1000);
    await bot.tick();
  }

  it('delivers every notice once after 429, 500 and a hanging request; 403 fails the post and e-mails the owners', async () => {
    // 429 with Retry-After on the summary post: the outbox waits exactly as asked, then posts it.
    network.script.push({ status: 429, headers: { 'Retry-After': '30' } });
    const submitted = await bot.lifecycle.submit(
      formInput('2026-06-17 18:00'),
      { aadObjectId: implementer.aadObjectId, name: implementer.name, email: implementer.email },
      { conversationKey: CONVERSATION_KEY },
    );
    if (!submitted.ok) throw new Error(`Test bug: ${JSON.stringify(submitted.errors)}`);
    const id = submitted.change.id;
    await bot.delivery.deliver(id);
    expect(await entryOf(id, 'created')).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(now.getTime() + 30_000).toISOString(),
    });
    await tickAt('2026-05-18 10:00:29');
    expect(await entryOf(id, 'created')).toMatchObject({ state: 'pending', attempts: 1 });
    await tickAt('2026-05-18 10:00:30');

    network.script.push({ status: 500 }); // preparation: a server error, retried with backoff
    await tickAt('2026-05-27 18:00');
    expect(await entryOf(id, 'preparation')).toMatchObject({ state: 'pending', attempts: 1 });
    await tickAt('2026-05-27 18:01');

    network.script.push('hang'); // pre-check: no answer; the attempt times out and the next tick retries
    await tickAt('2026-06-03 18:00');
    expect(await entryOf(id, 'precheck')).toMatchObject({ state: 'pending', attempts: 1 });
    await tickAt('2026-06-03 18:01');

    network.script.push({ status: 403 }); // GO/NOGO: the bot was removed from the team
    await tickAt('2026-06-10 18:00');

    // The posts, in order (roster lookups for the approver-only views are GETs and carry no fault).
    const posts = network.log.filter((request) => request.method !== 'GET');
    expect(posts.map((request) => request.answer)).toEqual([
      429,
      'passed',
      500,
      'passed',
      'hang',
      'passed',
      403,
    ]);

    const change = (await bot.store.get(id))!.change;
    const teams = change.outbox.filter(
      (entry) => entry.effect.to.kind !== 'mail' && entry.effect.to.kind !== 'personal',
    );
    expect(teams.map((entry) => [entry.effect.notice, entry.state, entry.attempts])).toEqual([
      ['created', 'sent', 2],
      ['preparation', 'sent', 2],
      ['precheck', 'sent', 2],
      ['goNoGo', 'failed', 1],
    ]);
    // Each sent notice was acknowledged by the connector exactly once, and nothing else was posted.
    const acknowledged = connector.calls.filter((call) => call.createdActivityId !== undefined);
    expect(acknowledged.map((call) => call.createdActivityId).sort()).toEqual(
      teams
        .filter((entry) => entry.state === 'sent')
        .map((entry) => entry.activityId)
        .sort(),
    );

    // 403: failed with what to do, logged with the change id, visible in `show`, and e-mailed to the owners.
    const goNoGo = teams.find((entry) => entry.effect.notice === 'goNoGo')!;
    expect(goNoGo.lastError).toMatch(/removed from the team.*Add the bot to the team again/);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        details: expect.objectContaining({ changeId: id, notice: 'goNoGo', kind: 'unreachable' }),
      }),
    );
    const show = visibleText(
      templateCards(loadProcessFile(path.join(dir, 'test.process.json'))).show(change, now),
    );
    expect(show).toContain('Not delivered');
    expect(show).toContain('GO / NOGO needed (Teams');
    expect(show).toContain('Add the bot to the team again');

    const outbox = path.join(dir, 'data', 'outbox');
    const [file] = (await fs.readdir(outbox)).filter((name) => name.includes('goNoGo_approvers_mail'));
    const mail = parseMime(await fs.readFile(path.join(outbox, file!), 'utf8'));
    expect(mail.headers.get('to')!.split(', ').sort()).toEqual(
      [implementer.email, approver.email, secondApprover.email].sort(),
    );
    expect(decodeWords(mail.headers.get('subject')!)).toBe(
      `${id} Not posted in Teams: GO / NOGO needed: Upgrade Moodle to 4.5`,
    );
    expect(change.outbox.find((entry) => entry.key === `${goNoGo.key}>mail`)?.state).toBe('sent');

    // Nothing more goes out later: no retry of the failed post, no second mail.
    await tickAt('2026-06-10 19:00');
    expect(network.log.filter((request) => request.method !== 'GET')).toHaveLength(7);
  });

  async function entryOf(id: string, notice: string) {
    const change = (await bot.store.get(id))!.change;
    return change.outbox.find((entry) => entry.effect.notice === notice && entry.effect.to.kind !== 'mail');
  }
});
