import type { ChangeStore } from '../../src/store/types';
import { answeredMessage, createChange, type CreatedChange } from './support/flows';
import { approver, cardInvoke, startHarness, type Harness } from './support/harness';

let h: Harness;
let created: CreatedChange;
let failWrites = false;

/** The store, with update() failing while `failWrites` is set (a full disk, a lost mount). */
function failingUpdates(store: ChangeStore): ChangeStore {
  return {
    open: () => store.open(),
    create: (year, build) => store.create(year, build),
    get: (id) => store.get(id),
    save: (change, version) => store.save(change, version),
    update: (id, transform) =>
      failWrites
        ? Promise.reject(new Error('ENOSPC: no space left on /data/secret-path'))
        : store.update(id, transform),
    listActive: () => store.listActive(),
    due: (now) => store.due(now),
    ids: () => store.ids(),
    references: store.references,
    members: store.members,
    preferences: store.preferences,
    drills: store.drills,
    timings: store.timings,
    subscribers: store.subscribers,
    close: () => store.close(),
  };
}

beforeAll(async () => {
  h = await startHarness({ wrapStore: failingUpdates });
  created = await createChange(h);
});
afterAll(async () => {
  await h.stop();
});
afterEach(() => {
  failWrites = false;
});

test('a button with a verb this version does not know says how to get a fresh card', async () => {
  const answer = await h.press(approver, 'approve.all', { changeId: created.id, revision: 1 });

  const message = answeredMessage(answer);
  expect(message).toContain('"approve.all" is not known');
  expect(message).toContain(`show ${created.id}`);
});

test('a press without a change id says how to find the changes', async () => {
  expect(answeredMessage(await h.press(approver, 'go', { revision: 1 }))).toContain('Type "list"');
});

test('a press on a change that does not exist names it', async () => {
  const answer = await h.press(approver, 'go', { changeId: 'chg-2026-99', revision: 1 });

  expect(answeredMessage(answer)).toContain('CHG-2026-099 does not exist');
});

test('an Action.Submit sent as an invoke is refused with 400, not run', async () => {
  const before = await h.change(created.id);

  const { status } = await h.post({
    ...cardInvoke(h.connector.url, approver, 'go', {
      changeId: created.id,
      revision: before.revision,
    }),
    value: { action: { type: 'Action.Submit', data: { changeId: created.id } } },
  });

  expect(status).toBe(400);
  expect((await h.change(created.id)).revision).toBe(before.revision);
});

test('a failure on the bot side answers with an error the user can act on, and logs the details', async () => {
  failWrites = true;

  const answer = await h.press(approver, 'nogo', { changeId: created.id, revision: 1, reason: 'not now' });

  // botbuilder sends the invoke response's statusCode as the HTTP status.
  expect(answer.status).toBe(500);
  expect(answer.body.statusCode).toBe(500);
  expect(answer.body.type).toBe('application/vnd.microsoft.error');
  const shown = JSON.stringify(answer.body.value);
  expect(shown).toContain('Try again');
  expect(shown).not.toContain('ENOSPC');
  expect(shown).not.toContain('secret-path');
  const logged = h.logs.find((line) => line.level === 'error' && line.message === 'card action failed');
  expect(logged?.details).toMatchObject({ verb: 'nogo', changeId: created.id });
  expect((logged?.details as { activityId?: string }).activityId).toMatch(/^incoming-/);
});
