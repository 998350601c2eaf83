/**
 * Throttling has a time budget, not an attempt count: a notice throttled with short Retry-Afters is retried
 * for an hour from its first attempt (honouring each Retry-After), then given up and e-mailed to the owners.
 * First over scripted doubles with the fake clock, then through the real bot against a recording connector
 * that answers 429 with `Retry-After: 2` twenty times in a row.
 */
import { isPost } from '../support/connector';
import { createChange, tickAt } from '../bot/support/flows';
import { startHarness } from '../bot/support/harness';
import { throttled } from './support/fakes';
import { OWNERS, T0, outboxFixture, type OutboxFixture } from './support/outboxFixture';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('delivery under throttling', () => {
  let f: OutboxFixture;
  afterEach(async () => f.close());

  it('retries a notice throttled every 10 s for an hour after its first attempt, then gives it up', async () => {
    f = await outboxFixture();
    f.poster.script.push(...Array.from({ length: 400 }, () => throttled(10 * SECOND)));
    const key = '1:created:channel';
    for (;;) {
      await f.delivery.deliver(f.id);
      const entry = await f.entry(key);
      if (entry.state !== 'pending') break;
      // Never before Retry-After.
      expect(Date.parse(entry.nextAttemptAt!) - f.now().getTime()).toBe(10 * SECOND);
      f.setNow(new Date(entry.nextAttemptAt!));
    }
    const failed = await f.entry(key);
    expect(failed.state).toBe('failed');
    // Every 10 s for an hour: the 361st attempt, an hour after the first, is the last.
    expect(failed.attempts).toBe(361);
    expect(failed.firstAttemptAt).toBe(T0.toISOString());
    expect(f.now().getTime() - T0.getTime()).toBe(HOUR);
    expect(failed.lastError).toMatch(/after 361 attempts over 60 min.*e-mailed to the implementer/);
    expect(f.mailer.calls.find((call) => call.key === `${key}>mail`)).toMatchObject({
      outcome: 'ok',
      recipients: OWNERS,
    });
  });

  it('counts the hour from the first attempt, not from when the notice was queued', async () => {
    f = await outboxFixture();
    // The bot was down for three hours after queueing: the first attempt starts the budget.
    f.at(3 * HOUR);
    f.poster.script.push(throttled(MINUTE));
    await f.delivery.deliver(f.id);
    expect(await f.entry('1:created:channel')).toMatchObject({ state: 'pending', attempts: 1 });
    f.at(3 * HOUR + MINUTE);
    await f.delivery.deliver(f.id);
    expect(await f.entry('1:created:channel')).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

test('the real bot keeps a notice through twenty 429s with Retry-After: 2, then posts it once', async () => {
  const h = await startHarness();
  try {
    const created = await createChange(h);
    const due = Date.parse((await h.change(created.id)).milestones.preparation.due);
    // The thread's post is throttled; the 1:1 personal notice (its own lane) is not what this test counts.
    h.connector.failNext({
      status: 429,
      headers: { 'Retry-After': '2' },
      times: 20,
      matches: (call) => !Array.isArray(call.body.members) && !call.conversationId?.startsWith('a:personal-'),
    });
    let now = due;
    await tickAt(h, new Date(now));
    for (let tick = 0; tick < 20; tick++) {
      now += 2 * SECOND;
      await tickAt(h, new Date(now));
    }
    const entry = (await h.change(created.id)).outbox.find((e) => e.effect.notice === 'preparation')!;
    expect(entry).toMatchObject({ state: 'sent', attempts: 21 });
    const throttledCalls = h.connector.calls.filter((call) => call.status === 429);
    expect(throttledCalls).toHaveLength(20);
    // One accepted post carries the preparation card; nothing was given up, so no stand-in mail went out.
    expect(h.connector.calls.filter((call) => call.createdActivityId === entry.activityId)).toHaveLength(1);
    const threadPosts = h.connector.calls.filter((call) => !call.conversationId?.startsWith('a:personal-'));
    expect(threadPosts.filter((call) => isPost(call) && call.status === 200)).toHaveLength(2);
    expect(h.mails.filter((mail) => mail.notice === 'preparation')).toEqual([]);
  } finally {
    await h.stop();
  }
});
