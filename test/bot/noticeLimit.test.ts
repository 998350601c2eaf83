/**
 * The per-person limit on 1:1 notices (src/bot/noticeLimit.ts) holds back bursts of expedited changes only: an
 * implementer's changes planned with their lead time (and the Playground's fast process, where several run at
 * once) must each reach the approver's 1:1 chat, where the approver may act (issue 21).
 */
import type { Change, OutboxEntry } from '../../src/domain/change';
import { limitPersonalNotices, PERSONAL_NOTICES_PER_HOUR } from '../../src/bot/noticeLimit';
import { PERSONAL_LIMITED, type PostPersonal } from '../../src/bot/personalNotice';

const logger = { info: () => undefined } as unknown as Parameters<typeof limitPersonalNotices>[1]['logger'];
const clock = () => new Date('2026-12-08T09:00:00Z');

function change(n: number, expedited: boolean): Change {
  return {
    id: `CHG-2026-${String(n).padStart(3, '0')}`,
    expedited,
    implementer: { aadObjectId: 'ivan' },
  } as unknown as Change;
}
const toApprover = {
  effect: { notice: 'goNoGo', to: { kind: 'personal', aadObjectId: 'alice' } },
} as unknown as OutboxEntry;

async function sent(expedited: boolean): Promise<string[]> {
  const post: PostPersonal = async (c) => ({ conversationKey: `personal:chat-${c.id}` });
  const limited = limitPersonalNotices(post, { clock, logger });
  const keys: string[] = [];
  for (let n = 1; n <= PERSONAL_NOTICES_PER_HOUR + 3; n++)
    keys.push((await limited(change(n, expedited), toApprover, undefined as never)).conversationKey);
  return keys;
}

test('expedited changes by one person reach another 1:1 at most the limit an hour; the rest stay in the thread', async () => {
  const keys = await sent(true);
  expect(keys.filter((key) => key === PERSONAL_LIMITED)).toHaveLength(3);
});

test('changes planned with their lead time are never held back, however many one person has', async () => {
  const keys = await sent(false);
  expect(keys).not.toContain(PERSONAL_LIMITED);
  expect(keys).toHaveLength(PERSONAL_NOTICES_PER_HOUR + 3);
});
