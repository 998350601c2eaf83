/**
 * Presses and messages a hand-made client can send, against the real bot (restify + CloudAdapter + store on
 * disk, local mode): button data read by schema, revision required, identity by Entra object id only,
 * tenants, bounded names and commands, refusals that do not grow the change.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isPost } from '../support/connector';
import { MISSING_REVISION } from '../../src/bot/verbs';
import { NO_IDENTITY_MESSAGE } from '../../src/bot/identity';
import { visibleText } from './support/cards';
import {
  answeredCard,
  answeredMessage,
  CARD_TYPE,
  createChange,
  tickAt,
  VALID_FORM,
  type CreatedChange,
} from './support/flows';
import {
  approver,
  cardInvoke,
  implementer,
  mentionMessage,
  startHarness,
  stranger,
  type Harness,
  type Json,
} from './support/harness';
import { everyRecord } from '../../src/store/records';

const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');
const WINDOW_START = new Date('2026-04-15T16:00:00.000Z');

let h: Harness;
let created: CreatedChange;

afterEach(async () => {
  await h?.stop();
});

async function running(): Promise<void> {
  await tickAt(h, GO_NOGO_DUE);
  const change = await h.change(created.id);
  answeredCard(await h.press(approver, 'go', { changeId: created.id, revision: change.revision }));
  await tickAt(h, WINDOW_START);
  expect((await h.change(created.id)).status).toBe('running');
}

describe('button data read by schema', () => {
  beforeEach(async () => {
    h = await startHarness();
    created = await createChange(h);
  });

  test('done with test-4000000000 is refused with a message and builds nothing', async () => {
    await running();
    const before = await h.change(created.id);

    const answer = await h.press(implementer, 'done', {
      changeId: created.id,
      revision: before.revision,
      'test-4000000000': 'true',
    });

    expect(answer.status).toBe(200);
    expect(answeredMessage(answer)).toContain('is not a validation test');
    expect(await h.change(created.id)).toEqual(before);
  });

  test('done with a test index the change does not have (it has 2) is refused, the change stays running', async () => {
    await running();
    const before = await h.change(created.id);

    const answer = await h.press(implementer, 'done', {
      changeId: created.id,
      revision: before.revision,
      'test-0': 'true',
      'test-7': 'true',
    });

    expect(answeredMessage(answer)).toContain('does not have');
    const after = await h.change(created.id);
    expect(after.status).toBe('running');
    expect(after.revision).toBe(before.revision);
  });

  test.each([
    ['no revision', {}],
    ['a revision that is not a number', { revision: 'latest' }],
    ['a revision that is an object', { revision: { $gt: 0 } }],
  ])('GO with %s is answered with the current card and applies nothing', async (_what, extra: Json) => {
    await tickAt(h, GO_NOGO_DUE);
    const before = await h.change(created.id);

    const answer = await h.press(approver, 'go', { changeId: created.id, ...extra });

    expect(answer.body.type).toBe(CARD_TYPE);
    expect(visibleText(answeredCard(answer))).toContain(created.id);
    expect(JSON.stringify(answer.body.value)).toContain('does not say which version');
    expect(await h.change(created.id)).toEqual(before);
  });

  test('extend sent twice without a revision extends nothing', async () => {
    await running();
    const before = await h.change(created.id);

    for (let i = 0; i < 2; i++) {
      const answer = await h.press(implementer, 'extend', { changeId: created.id, extraMinutes: '45' });
      expect(answer.body.type).toBe(CARD_TYPE);
      expect(JSON.stringify(answer.body.value)).toContain(MISSING_REVISION.slice(0, 40));
    }

    const after = await h.change(created.id);
    expect(after.window.end).toBe(before.window.end);
    expect(after.extensions).toEqual(before.extensions);
    expect(after.history).toEqual(before.history);
  });

  test('a reason that is an object is a message, not "[object Object]"', async () => {
    await tickAt(h, GO_NOGO_DUE);
    const change = await h.change(created.id);

    const answer = await h.press(approver, 'nogo', {
      changeId: created.id,
      revision: change.revision,
      reason: { a: 1 },
    });

    expect(answeredMessage(answer)).toBe('The reason must be text.');
    expect((await h.change(created.id)).status).toBe('planned');
  });

  test('an unknown verb of any length is answered with a short message naming at most 40 characters of it', async () => {
    const verb = `x${'y'.repeat(100_000)}`;
    const answer = await h.press(implementer, verb, { changeId: created.id, revision: 1 });

    expect(answer.status).toBe(200);
    const message = answeredMessage(answer);
    expect(message).toContain('is not known to this version of the bot');
    expect(message.length).toBeLessThan(200);
  });
});

describe('invokes that are not card actions', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  test.each([
    ['no value', undefined],
    ['a string as value', 'constructor'],
    ['a value without action', { trigger: 'manual' }],
    ['an action that is a list', { action: [1, 2] }],
  ])('adaptiveCard/action with %s is a 400 with a short reason, not a 500/501', async (_what, value) => {
    const press = cardInvoke(h.connector.url, implementer, 'go', {});
    press.value = value;

    const answer = await h.post(press);

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('needs value.action');
  });

  test('an invoke name the bot does not handle is a 400 naming it, not a 501', async () => {
    const press = { ...cardInvoke(h.connector.url, implementer, 'go', {}), name: 'composeExtension/query' };

    const answer = await h.post(press);

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('composeExtension/query');
  });
});

describe('form inputs read by schema', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  test('a title sent as {"a":1} is a field error on the form and creates nothing', async () => {
    const answer = await h.press(implementer, 'change.create', { ...VALID_FORM, title: { a: 1 } });

    expect(answer.status).toBe(200);
    const text = visibleText(answeredCard(answer));
    expect(text).toContain('Title must be text');
    expect(text).not.toContain('[object Object]');
    expect(h.store.ids()).toEqual([]);
  });

  test('a list as the tests field is a field error, not a comma-joined string', async () => {
    const answer = await h.press(implementer, 'change.create', { ...VALID_FORM, tests: ['a', 'b'] });

    expect(visibleText(answeredCard(answer))).toContain('Validation tests must be text');
    expect(h.store.ids()).toEqual([]);
  });
});

describe('identity: Entra object id only', () => {
  beforeEach(async () => {
    h = await startHarness();
    created = await createChange(h);
    await tickAt(h, GO_NOGO_DUE);
  });

  test("a GO whose from.id is the approver's object id but carries no aadObjectId is nobody's: refused", async () => {
    const before = await h.change(created.id);
    const press = cardInvoke(h.connector.url, approver, 'go', {
      changeId: created.id,
      revision: before.revision,
    });
    // What a Direct Line client can send: it chooses from.id freely.
    press.from = { id: approver.aadObjectId, name: approver.name };

    const answer = await h.post(press);

    expect(answer.status).toBe(200);
    expect((answer.body as { value: unknown }).value).toBe(NO_IDENTITY_MESSAGE);
    expect(await h.change(created.id)).toEqual(before);
  });

  test('"cancel" typed with no aadObjectId is refused with the same clear message', async () => {
    const message = mentionMessage(h.connector.url, implementer, `cancel ${created.id}`, 'root-c', 'msg-c');
    message.from = { id: implementer.id, name: implementer.name };

    expect((await h.post(message)).status).toBe(200);

    const reply = await h.connector.waitFor(
      'the refusal',
      (call) => isPost(call) && JSON.stringify(call.body).includes('Entra object id'),
    );
    expect(reply).toBeDefined();
    expect((await h.change(created.id)).status).toBe('planned');
  });

  test('a display name of 10,000 characters with CR/LF is stored cut to one short line', async () => {
    const change = await h.change(created.id);
    const longName = `Mallory\r\nInjected: yes ${'M'.repeat(10_000)}`;
    const press = cardInvoke(h.connector.url, implementer, 'go', {
      changeId: created.id,
      revision: change.revision,
    });
    press.from = { id: implementer.id, aadObjectId: implementer.aadObjectId, name: longName };

    await h.post(press);

    // The implementer may not GO, but has a role on the change: the refusal is stored, with the name cut.
    const line = (await h.change(created.id)).history.at(-1)!;
    expect(line).toMatchObject({ event: 'go', accepted: false });
    const name = (line.by as { name: string }).name;
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).not.toMatch(/[\r\n]/);
    expect(name.startsWith('Mallory Injected: yes')).toBe(true);
  });
});

describe('refusals do not grow the change', () => {
  beforeEach(async () => {
    h = await startHarness();
    created = await createChange(h);
    await tickAt(h, GO_NOGO_DUE);
  });

  test('the same refused press by the same person, 5 times, is one history line with a count of 5', async () => {
    const before = await h.change(created.id);

    for (let i = 0; i < 5; i++) {
      const answer = await h.press(implementer, 'go', { changeId: created.id, revision: before.revision });
      expect(answeredMessage(answer)).toContain('Only an approver');
    }

    const after = await h.change(created.id);
    expect(after.history).toHaveLength(before.history.length + 1);
    expect(after.history.at(-1)).toMatchObject({ event: 'go', accepted: false, count: 5 });
  });

  test('a stranger pressing GO 50 times leaves the stored change byte for byte as it was, and is logged', async () => {
    const files = await fs.readdir(path.join(h.config.dataDir, 'changes'), { recursive: true });
    const file = path.join(
      h.config.dataDir,
      'changes',
      files.find((name) => String(name).includes(created.id))!,
    );
    const before = await fs.readFile(file, 'utf8');

    for (let i = 0; i < 50; i++)
      await h.press(stranger, 'go', {
        changeId: created.id,
        revision: (await h.change(created.id)).revision,
      });

    expect(await fs.readFile(file, 'utf8')).toBe(before);
    expect(
      h.logs.filter((line) => line.message === 'press refused: not allowed for this person'),
    ).toHaveLength(50);
  });
});

describe('tenants and stored references', () => {
  const OURS = '0f0f0f0f-1111-4222-8333-444444444444';

  function inTenant(activity: Json, tenant: string): Json {
    return {
      ...activity,
      conversation: { ...(activity.conversation as Json), tenantId: tenant },
      channelData: { ...(activity.channelData as Json), tenant: { id: tenant } },
    };
  }

  beforeEach(async () => {
    h = await startHarness({ env: { ALLOWED_TENANTS: OURS } });
  });

  test('an activity from another tenant gets no answer and no data, stores nothing, and is logged', async () => {
    const message = inTenant(
      mentionMessage(h.connector.url, implementer, 'list', 'r1', 'm1'),
      'eeeeeeee-0000-4000-8000-000000000000',
    );

    expect((await h.post(message)).status).toBe(200);
    const press = inTenant(
      cardInvoke(h.connector.url, implementer, 'change.create', VALID_FORM),
      'eeeeeeee-0000-4000-8000-000000000000',
    );
    expect((await h.post(press)).status).toBe(403);

    expect(h.store.ids()).toEqual([]);
    expect(await everyRecord(h.store)).toEqual([]);
    expect(h.logs.filter((line) => line.message?.includes('ALLOWED_TENANTS'))).toHaveLength(2);
    // The allowed tenant is served: its help card is posted, so the silence above was the tenant check.
    expect(
      (await h.post(inTenant(mentionMessage(h.connector.url, implementer, 'help', 'r2', 'm2'), OURS))).status,
    ).toBe(200);
    await h.connector.waitFor('the help card', isPost);
    expect(h.connector.calls.filter(isPost)).toHaveLength(1);
  });

  test('an activity with no tenant at all is not served when tenants are checked', async () => {
    const message = mentionMessage(h.connector.url, implementer, 'help', 'r3', 'm3');
    delete (message.channelData as Json).tenant;
    delete (message.conversation as Json).tenantId;

    expect((await h.post(message)).status).toBe(200);

    expect(await everyRecord(h.store)).toEqual([]);
    expect(h.logs.some((line) => line.message?.includes('ALLOWED_TENANTS'))).toBe(true);
  });
});

describe('conversation references', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  test('a well-formed Teams message stores its reference; a webchat one (local mode) is answered but not stored', async () => {
    const webchat = {
      ...mentionMessage(h.connector.url, implementer, 'help', 'w1', 'w1'),
      channelId: 'webchat',
    };
    expect((await h.post(webchat)).status).toBe(200);
    expect(await everyRecord(h.store)).toEqual([]);

    expect((await h.post(mentionMessage(h.connector.url, implementer, 'help', 't1', 't1'))).status).toBe(200);
    // The channel's reference, and the sender's Teams id that user-specific views need.
    expect((await everyRecord(h.store)).map((stored) => stored.key).sort()).toEqual([
      expect.stringMatching(/^channel:19:general/),
      `member:${implementer.aadObjectId}`,
    ]);
  });
});

describe('chat commands of any length', () => {
  beforeEach(async () => {
    h = await startHarness();
    created = await createChange(h);
  });

  test('a 900,000-character message is over the intake limit: 413', async () => {
    expect((await h.say(implementer, `show ${'C'.repeat(900_000)}`)).status).toBe(413);
  });

  test('"show" with a 200,000-character word is answered with no suggestion and quotes at most 40 characters of it', async () => {
    const word = 'C'.repeat(200_000);
    const said = await h.say(implementer, `show ${word}`);
    expect(said.status).toBe(200);

    const reply = await h.connector.waitFor(
      'the refusal',
      (call) => isPost(call) && JSON.stringify(call.body).includes('There is no change'),
    );
    const text = JSON.stringify(reply.body);
    expect(text).not.toContain('Did you mean');
    expect(text).not.toContain('C'.repeat(41));
  });
});
