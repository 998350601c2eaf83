import { createDelivery } from '../../src/app/delivery';
import { findEntry } from '../../src/app/outbox';
import { DeliveryFailure } from '../../src/app/ports';
import type { Change, Effect } from '../../src/domain/change';
import type { ChangeStore } from '../../src/store/types';
import { recordingLogger } from '../bot/support/harness';
import { gone, refused, serverError, throttled } from './support/fakes';
import { OWNERS, T0, outboxFixture, type OutboxFixture } from './support/outboxFixture';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A store whose write recording `key` as sent fails once, as if the process died right after the send. */
function dyingAfterSend(key: string) {
  let died = false;
  return (store: ChangeStore): ChangeStore =>
    Object.assign(Object.create(store) as ChangeStore, {
      update: (id: string, transform: (current: Change) => Change | undefined) =>
        store.update(id, (current) => {
          const next = transform(current);
          if (!died && next && findEntry(next, key)?.state === 'sent') {
            died = true;
            throw new Error('simulated crash: the process died before recording the send');
          }
          return next;
        }),
    });
}

describe('delivery: the transactional outbox', () => {
  let f: OutboxFixture;
  afterEach(async () => f.close());

  it('sends every queued notice once, in order, and records it sent with its activity id', async () => {
    f = await outboxFixture();
    await f.delivery.deliver(f.id);

    expect(f.poster.delivered()).toEqual(['created→channel', 'preparation→implementer']);
    expect(f.mailer.delivered()).toEqual(['announcement→mail']);
    const change = await f.change();
    expect(change.outbox.map((e) => [e.key, e.state, e.attempts])).toEqual([
      ['1:created:channel', 'sent', 1],
      ['1:preparation:implementer', 'sent', 1],
      ['1:announcement:mail+request', 'sent', 1],
    ]);
    expect(findEntry(change, '1:created:channel')).toMatchObject({
      activityId: 'activity-1',
      sentAt: T0.toISOString(),
    });
    expect(findEntry(change, '1:created:channel')?.nextAttemptAt).toBeUndefined();
    // The summary card starts the change's thread; every posted card can be updated later.
    expect(change.thread?.rootActivityId).toBe('activity-1');
    expect(change.postedCards.map((card) => card.activityId)).toEqual(['activity-1', 'activity-2']);

    f.at(10 * MINUTE);
    await f.delivery.deliver(f.id);
    expect(f.poster.calls).toHaveLength(2);
    expect(f.mailer.calls).toHaveLength(1);
  });

  it('stores the attempt before it calls the connector', async () => {
    f = await outboxFixture();
    const seen: unknown[] = [];
    f.poster.during = async (_change, entry) => {
      const stored = findEntry((await f.store.get(f.id))!.change, entry.key)!;
      seen.push({
        key: stored.key,
        state: stored.state,
        attempts: stored.attempts,
        lease: stored.nextAttemptAt,
      });
    };
    await f.delivery.deliver(f.id);
    expect(seen[0]).toEqual({
      key: '1:created:channel',
      state: 'pending',
      attempts: 1,
      lease: new Date(T0.getTime() + 2 * MINUTE).toISOString(),
    });
  });

  it('sends each notice once when several ticks or deliveries run at the same time', async () => {
    f = await outboxFixture();
    // A second delivery over the same store has its own in-process queue: only the claims keep them apart.
    const rival = createDelivery({
      store: f.store,
      poster: f.poster,
      mailer: f.mailer,
      clock: f.now,
      logger: recordingLogger(),
      owners: () => OWNERS,
    });
    await Promise.all([
      f.delivery.deliver(f.id),
      f.delivery.deliver(f.id),
      rival.deliver(f.id),
      rival.deliver(f.id),
    ]);
    expect(f.poster.delivered()).toEqual(['created→channel', 'preparation→implementer']);
    expect(f.mailer.delivered()).toEqual(['announcement→mail']);
  });

  it('never loses a notice when the process dies between the claim and the send', async () => {
    f = await outboxFixture();
    f.poster.script.push('hang'); // the first post never answers: the process is gone
    const posting = new Promise<void>((resolve) => {
      f.poster.during = async () => resolve();
    });
    void f.delivery.deliver(f.id);
    await posting;
    f.poster.during = undefined;

    await f.restart();
    f.at(MINUTE);
    await f.delivery.deliver(f.id);
    // Still leased by the dead attempt: the thread waits, the mail lane goes on.
    expect(f.poster.calls).toHaveLength(1);
    expect(f.mailer.delivered()).toEqual(['announcement→mail']);

    f.at(2 * MINUTE);
    await f.delivery.deliver(f.id);
    expect(f.poster.calls.map((c) => [c.notice, c.outcome, c.attempt])).toEqual([
      ['created', 'hang', 1],
      ['created', 'ok', 2],
      ['preparation', 'ok', 1],
    ]);
    expect((await f.entry('1:created:channel')).state).toBe('sent');
  });

  it('posts again only in the documented window: acknowledged by the connector, not yet recorded', async () => {
    f = await outboxFixture({ wrapStore: dyingAfterSend('1:created:channel') });
    await f.delivery.deliver(f.id);
    expect(f.poster.calls).toHaveLength(1);
    expect(await f.entry('1:created:channel')).toMatchObject({ state: 'pending', attempts: 1 });
    expect(f.logs.some((l) => l.level === 'error' && l.message?.includes('delivery run failed'))).toBe(true);

    await f.restart();
    f.at(2 * MINUTE);
    await f.delivery.deliver(f.id);
    expect(f.poster.delivered()).toEqual(['created→channel', 'created→channel', 'preparation→implementer']);
    expect((await f.entry('1:created:channel')).state).toBe('sent');
  });

  it('honours Retry-After on 429, keeps the thread in order, and does not hold the mails back', async () => {
    f = await outboxFixture();
    f.poster.script.push(throttled(90 * SECOND));
    await f.delivery.deliver(f.id);
    expect(f.poster.calls.map((c) => c.outcome)).toEqual(['failed']);
    expect(f.mailer.delivered()).toEqual(['announcement→mail']);
    expect(await f.entry('1:created:channel')).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(T0.getTime() + 90 * SECOND).toISOString(),
    });
    expect((await f.entry('1:created:channel')).lastError).toMatch(/tries again/);

    f.at(89 * SECOND);
    await f.delivery.deliver(f.id);
    expect(f.poster.calls).toHaveLength(1);

    f.at(90 * SECOND);
    await f.delivery.deliver(f.id);
    expect(f.poster.delivered()).toEqual(['created→channel', 'preparation→implementer']);
    const created = await f.entry('1:created:channel');
    expect(created).toMatchObject({ state: 'sent', attempts: 2 });
    expect(created.lastError).toBeUndefined();
  });

  it('retries 5xx and timeouts with capped exponential backoff and jitter', async () => {
    const delays: number[] = [];
    for (const random of [0, 1]) {
      f = await outboxFixture({
        deps: { backoff: { baseMs: 1_000, capMs: 8_000 }, random: () => random, maxAttempts: 10 },
      });
      f.poster.script.push(...Array.from({ length: 6 }, serverError));
      for (let attempt = 1; attempt <= 6; attempt++) {
        const before = f.now().getTime();
        await f.delivery.deliver(f.id);
        const next = Date.parse((await f.entry('1:created:channel')).nextAttemptAt!);
        delays.push(next - before);
        f.setNow(new Date(next));
      }
      await f.close();
    }
    // random 0: half the exponential delay; random 1: all of it; both capped at 8 s.
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000, 1000, 2000, 4000, 8000, 8000, 8000]);
    f = await outboxFixture();
  });

  it('gives up after the last attempt: logged with the change id, kept visible, and e-mailed to the owners', async () => {
    f = await outboxFixture({ deps: { maxAttempts: 3 } });
    f.poster.script.push(serverError(), serverError(), serverError());
    for (let attempt = 0; attempt < 3; attempt++) {
      await f.delivery.deliver(f.id);
      const next = (await f.entry('1:created:channel')).nextAttemptAt;
      if (next) f.setNow(new Date(next));
    }
    const failed = await f.entry('1:created:channel');
    expect(failed).toMatchObject({ state: 'failed', attempts: 3 });
    expect(failed.lastError).toMatch(
      /after 3 attempts over \d+ min.*e-mailed to the implementer and approvers/,
    );

    const givenUp = f.logs.filter((l) => l.level === 'error');
    expect(givenUp).toHaveLength(1);
    expect(givenUp[0]!.details).toMatchObject({
      changeId: f.id,
      notice: 'created',
      attempts: 3,
      fallbackMail: true,
    });

    // The notice still reaches people who can act, and the thread goes on after it.
    const fallback = f.mailer.calls.find((c) => c.key === '1:created:channel>mail');
    expect(fallback).toMatchObject({ outcome: 'ok', notice: 'created', recipients: OWNERS });
    expect(f.poster.delivered()).toEqual(['preparation→implementer']);
  });

  it('marks a post the connector refuses with 403 failed at once and e-mails the implementer and approvers', async () => {
    f = await outboxFixture();
    f.poster.script.push(gone());
    await f.delivery.deliver(f.id);
    const failed = await f.entry('1:created:channel');
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/removed from the team.*Add the bot to the team again/);
    expect(f.mailer.calls.map((c) => [c.key, c.recipients])).toEqual([
      ['1:announcement:mail+request', ['learn-users@example.org']],
      ['1:created:channel>mail', OWNERS],
    ]);
    f.at(HOUR);
    await f.delivery.deliver(f.id);
    expect(f.poster.calls.filter((c) => c.notice === 'created')).toHaveLength(1);
  });

  it('fails a mail refused for good at once, logs it and never retries it', async () => {
    f = await outboxFixture();
    const reason = 'Microsoft Graph refused to send as bot@example.org (403): grant the app Mail.Send.';
    f.mailer.script.push(new DeliveryFailure(reason, 'permanent'));
    await f.delivery.deliver(f.id);
    expect(await f.entry('1:announcement:mail+request')).toMatchObject({
      state: 'failed',
      lastError: reason,
    });
    expect(f.logs.filter((l) => l.level === 'error').map((l) => l.details)).toEqual([
      expect.objectContaining({ changeId: f.id, notice: 'announcement', fallbackMail: false }),
    ]);
    f.at(HOUR);
    await f.delivery.deliver(f.id);
    expect(f.mailer.calls).toHaveLength(1);
  });

  it('splits a mail to more than 500 people into messages that are each sent once', async () => {
    const people = Array.from({ length: 1203 }, (_, i) => `person${i}@example.org`);
    const withDuplicates = [...people, 'PERSON7@example.org', ' person8@example.org '];
    const effects: Effect[] = [{ notice: 'announcement', to: { kind: 'mail', to: withDuplicates } }];
    f = await outboxFixture({ effects });
    f.mailer.script.push('ok', throttled(MINUTE));
    await f.delivery.deliver(f.id);
    f.at(MINUTE);
    await f.delivery.deliver(f.id);

    const change = await f.change();
    expect(change.outbox.map((e) => [e.key, e.state])).toEqual([
      ['1:announcement:mail#1', 'sent'],
      ['1:announcement:mail#2', 'sent'],
      ['1:announcement:mail#3', 'sent'],
    ]);
    expect(f.mailer.calls.map((c) => [c.key, c.outcome, c.recipients?.length])).toEqual([
      ['1:announcement:mail#1', 'ok', 500],
      ['1:announcement:mail#2', 'failed', 500],
      ['1:announcement:mail#2', 'ok', 500],
      ['1:announcement:mail#3', 'ok', 203],
    ]);
    const sentTo = f.mailer.calls.filter((c) => c.outcome === 'ok').flatMap((c) => c.recipients!);
    expect(new Set(sentTo.map((a) => a.toLowerCase())).size).toBe(1203);
    expect(sentTo).toHaveLength(1203);
  });

  it('does not send again when the system clock goes back', async () => {
    f = await outboxFixture();
    f.poster.script.push('ok', throttled(MINUTE)); // preparation waits for its retry
    await f.delivery.deliver(f.id);
    f.setNow(new Date(T0.getTime() - HOUR));
    await f.delivery.deliver(f.id);
    f.at(30 * SECOND);
    await f.delivery.deliver(f.id);
    expect(f.poster.calls.map((c) => `${c.notice}:${c.outcome}`)).toEqual([
      'created:ok',
      'preparation:failed',
    ]);
    f.at(MINUTE);
    await f.delivery.deliver(f.id);
    expect(f.poster.delivered()).toEqual(['created→channel', 'preparation→implementer']);
    expect(f.mailer.delivered()).toEqual(['announcement→mail']);
  });

  it('retries an unexpected error like a passing one, and gives it up in the end', async () => {
    f = await outboxFixture({ deps: { maxAttempts: 2 } });
    f.poster.script.push(new Error('card template missing'), refused());
    await f.delivery.deliver(f.id);
    expect(await f.entry('1:created:channel')).toMatchObject({ state: 'pending', attempts: 1 });
    f.setNow(new Date((await f.entry('1:created:channel')).nextAttemptAt!));
    await f.delivery.deliver(f.id);
    expect(await f.entry('1:created:channel')).toMatchObject({ state: 'failed', attempts: 2 });
    expect((await f.entry('1:created:channel')).lastError).toMatch(/Teams refused this card/);
  });
});

const HOUR = 60 * MINUTE;
