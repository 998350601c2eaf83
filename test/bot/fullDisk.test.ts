/**
 * The whole bot (restify, CloudAdapter, JSON store) with DATA_DIR on a real 4 MB tmpfs that the test fills:
 * every press, form and command that would write is answered "nothing was saved" (never an empty 501 or a
 * success), whoever sends it, even from a conversation whose reference cannot be stored; nothing on disk
 * changes; the bot starts on a full disk; and it works again as soon as space is back, without a restart.
 * Presses are appended to the store's journal: a press that still fits in the last page of the journal file
 * is saved even on a full disk (and rightly answered so), so the disk is filled after a clean restart, which
 * leaves the journal empty: then every write needs new space.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { NOTHING_SAVED } from '../../src/bot/storeTrouble';
import { startConnector, type RecordingConnector } from '../support/connector';
import { mountSmallDisk, tmpfsAvailable, type SmallDisk } from '../support/tmpfs';
import { cardOf, visibleText } from './support/cards';
import { answeredCard, answeredMessage, ask, createChange, replyTo, VALID_FORM } from './support/flows';
import {
  approver,
  cardInvoke,
  implementer,
  startHarness,
  stranger,
  type Harness,
  type Json,
} from './support/harness';

const suite = tmpfsAvailable() ? describe : describe.skip;

/** The same activity from a 1:1 chat the bot has never seen: answering it would store a new reference. */
function inNewChat(activity: Json, chat: string): Json {
  return {
    ...activity,
    conversation: { id: `a:${chat}`, conversationType: 'personal', tenantId: 'tttttttt' },
    channelData: { tenant: { id: 'tttttttt' } },
  };
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await fs.readdir(dir)).sort())
    files[name] = await fs.readFile(path.join(dir, name), 'utf8');
  return files;
}

suite('the bot on a full disk', () => {
  let disk: SmallDisk;
  let h: Harness;
  let connector: RecordingConnector;

  beforeEach(async () => {
    disk = mountSmallDisk();
    connector = await startConnector();
    h = await startHarness({ dataDir: disk.dir, connector });
  });

  afterEach(async () => {
    disk.free();
    await h.stop({ keepData: true });
    await connector.stop();
    disk.unmount();
  });

  it('answers every press, form and command with "nothing was saved", changes nothing, and recovers', async () => {
    const created = await createChange(h);
    const form = await ask(h, implementer, 'new');
    const revision = (await h.change(created.id)).revision;
    const changes = path.join(h.config.dataDir, 'changes');
    const conversations = path.join(h.config.dataDir, 'conversations');
    await h.stop({ keepData: true }); // a clean stop writes the journal into the change files and empties it
    h = await startHarness({ dataDir: disk.dir, connector });
    const before = { changes: await snapshot(changes), conversations: await snapshot(conversations) };

    disk.fill();
    const answers = [
      await h.press(approver, 'go', { changeId: created.id, revision }),
      await h.press(implementer, 'cancel', { changeId: created.id, revision, reason: 'not needed' }),
      await h.press(implementer, 'change.create', VALID_FORM, {
        replyToId: form.cardActivityId,
        rootId: form.rootId,
      }),
      // The reference of a chat the bot has never seen cannot be stored: the press is still answered.
      (await h.post(
        inNewChat(cardInvoke(h.connector.url, approver, 'go', { changeId: created.id, revision }), 'alice'),
      )) as never,
    ];

    for (const answer of answers) expect(answeredMessage(answer)).toBe(NOTHING_SAVED);
    const said = await h.say(implementer, `cancel ${created.id} not needed`);
    expect(said.status).toBe(200);
    expect(visibleText(cardOf(h.connector.activityOf(await replyTo(h, said.activityId))))).toContain(
      'Nothing was saved',
    );
    expect({ changes: await snapshot(changes), conversations: await snapshot(conversations) }).toEqual(
      before,
    );
    // Each refused write is one error line naming its file (the store's); nothing else is logged as an error.
    const errors = h.logs.filter((line) => line.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(answers.length + 1);
    for (const line of errors) {
      expect(line).toEqual({
        level: 'error',
        details: {
          code: 'ENOSPC',
          path: expect.stringMatching(/\/data\/(changes|conversations)\/[^/]+\.json$/),
        },
        message: 'could not write to the data folder; nothing was saved',
      });
    }

    disk.free();
    const go = await h.press(approver, 'go', { changeId: created.id, revision });
    expect(visibleText(answeredCard(go))).not.toContain('Nothing was saved');
    expect((await h.change(created.id)).revision).toBeGreaterThan(revision);
  });

  it('starts on a full disk, answers reads, and refuses writes with "nothing was saved"', async () => {
    const created = await createChange(h);
    await h.stop({ keepData: true });
    disk.fill();

    h = await startHarness({ dataDir: disk.dir, connector });
    const shown = await ask(h, stranger, `show ${created.id}`);
    expect(visibleText(shown.card)).toContain(created.id);
    const revision = (await h.change(created.id)).revision;
    expect(answeredMessage(await h.press(approver, 'go', { changeId: created.id, revision }))).toBe(
      NOTHING_SAVED,
    );
    expect(h.bot.store.writeFailure?.()).toMatchObject({ code: 'ENOSPC' });
  });
});
