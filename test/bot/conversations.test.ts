import { isPost, startConnector, type RecordingConnector } from '../support/connector';
import { cardOf, verbsOf } from './support/cards';
import { createChange, tickAt } from './support/flows';
import { BOT, CHANNEL, implementer, startHarness, TENANT, type Harness } from './support/harness';

/** D-21 of the valid form's window (Wed 15 Apr 2026, 18:00 Zurich): the preparation card is due. */
const PREPARATION_DUE = new Date('2026-03-25T17:00:00.000Z');
const KEY = `channel:${CHANNEL}`;

let h: Harness;
afterEach(async () => {
  await h.stop();
});

function installationUpdate(serviceUrl: string, action: 'add' | 'remove') {
  return {
    type: 'installationUpdate',
    action,
    id: `installation-${action}`,
    channelId: 'msteams',
    serviceUrl,
    from: { id: '29:team-owner', aadObjectId: 'dddddddd-1111-4000-8000-000000000001' },
    recipient: { ...BOT },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { team: { id: CHANNEL }, tenant: { id: TENANT }, settings: {} },
  };
}

test('a message in a channel thread stores the reference of the channel itself, with the serviceUrl', async () => {
  h = await startHarness();

  await h.say(implementer, 'help');

  const stored = await h.store.references.get(KEY);
  const reference = stored?.value as {
    serviceUrl?: string;
    conversation?: { id?: string; conversationType?: string; tenantId?: string };
    bot?: { id?: string };
    activityId?: string;
  };
  expect(reference.serviceUrl).toBe(h.connector.url);
  expect(reference.conversation).toMatchObject({
    id: CHANNEL,
    conversationType: 'channel',
    tenantId: TENANT,
  });
  expect(reference.bot?.id).toBe(BOT.id);
  expect(reference.activityId).toBeUndefined();
});

test('a new serviceUrl replaces the stored one', async () => {
  h = await startHarness();
  await h.say(implementer, 'help');
  const moved = 'http://127.0.0.1:9/moved/';

  await h.post({ ...installationUpdate(moved, 'add'), id: 'moved-1' });

  const stored = await h.store.references.get(KEY);
  expect((stored?.value as { serviceUrl?: string }).serviceUrl).toBe(moved);
});

test('installationUpdate add stores the reference; remove deletes it', async () => {
  h = await startHarness();

  expect((await h.post(installationUpdate(h.connector.url, 'add'))).status).toBe(200);
  expect(await h.store.references.get(KEY)).toBeDefined();

  expect((await h.post(installationUpdate(h.connector.url, 'remove'))).status).toBe(200);
  expect(await h.store.references.get(KEY)).toBeUndefined();
});

test.each(['installationUpdate first', 'team event first'])(
  'the team event that says the bot left deletes the reference too (%s)',
  async (order) => {
    h = await startHarness();
    await h.post(installationUpdate(h.connector.url, 'add'));
    const botRemoved = {
      ...installationUpdate(h.connector.url, 'add'),
      type: 'conversationUpdate',
      id: 'bot-removed',
      action: undefined,
      membersRemoved: [{ id: BOT.id }],
      channelData: { team: { id: CHANNEL }, tenant: { id: TENANT }, eventType: 'teamMemberRemoved' },
    };
    const removal = installationUpdate(h.connector.url, 'remove');

    for (const activity of order === 'installationUpdate first'
      ? [removal, botRemoved]
      : [botRemoved, removal])
      expect((await h.post(activity)).status).toBe(200);

    expect(await h.store.references.get(KEY)).toBeUndefined();
  },
);

test('a member leaving the team does not delete the reference', async () => {
  h = await startHarness();
  await h.post(installationUpdate(h.connector.url, 'add'));

  await h.post({
    ...installationUpdate(h.connector.url, 'add'),
    type: 'conversationUpdate',
    id: 'member-removed',
    action: undefined,
    membersRemoved: [{ id: '29:someone-else' }],
    channelData: { team: { id: CHANNEL }, tenant: { id: TENANT }, eventType: 'teamMemberRemoved' },
  });

  expect(await h.store.references.get(KEY)).toBeDefined();
});

test('after the bot was removed from the team, a due card is not sent and the outbox says why', async () => {
  h = await startHarness();
  const created = await createChange(h);
  await h.post(installationUpdate(h.connector.url, 'remove'));
  const posts = h.connector.calls.length;

  await tickAt(h, PREPARATION_DUE);

  expect(h.connector.calls.length).toBe(posts);
  const entry = (await h.change(created.id)).outbox.find(
    (candidate) => candidate.effect.notice === 'preparation',
  );
  expect(entry?.state).toBe('failed');
  expect(entry?.lastError).toMatch(/add the bot to the team again/i);
});

describe('after a restart', () => {
  let connector: RecordingConnector;
  beforeEach(async () => {
    connector = await startConnector();
  });
  afterEach(async () => {
    await connector.stop();
  });

  test('the stored reference carries the proactive posts: a milestone card goes into the change thread', async () => {
    const first = await startHarness({ connector });
    const created = await createChange(first);
    await first.stop({ keepData: true });

    h = await startHarness({ connector, dataDir: first.dataDir });
    await tickAt(h, PREPARATION_DUE);

    const call = await connector.waitFor(
      'the preparation card',
      (candidate) =>
        isPost(candidate) && verbsOf(cardOf(connector.activityOf(candidate))).includes('prep.check'),
    );
    expect(call.conversationId).toBe(`${CHANNEL};messageid=${created.rootActivityId}`);
    expect(cardOf(connector.activityOf(call))).toBeDefined();
  });
});
