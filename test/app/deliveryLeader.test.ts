/** Delivery sends only while this instance may (the leader lease with several instances). */
import { outboxFixture, type OutboxFixture } from './support/outboxFixture';

describe('delivery gated by the leadership', () => {
  let fixture: OutboxFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('a follower sends nothing and claims nothing', async () => {
    fixture = await outboxFixture({ deps: { maySend: () => false } });
    const before = await fixture.change();
    await fixture.delivery.deliver(fixture.id);
    expect(fixture.poster.calls).toEqual([]);
    expect(fixture.mailer.calls).toEqual([]);
    expect((await fixture.change()).outbox).toEqual(before.outbox);
  });

  it('a leader that loses the lease between two sends stops after the one under way', async () => {
    let leader = true;
    fixture = await outboxFixture({ deps: { maySend: () => leader } });
    fixture.poster.during = async () => {
      leader = false; // the lease ran out while the first notice was being posted
    };
    await fixture.delivery.deliver(fixture.id);
    const outbox = (await fixture.change()).outbox;
    expect(outbox.map((entry) => entry.state)).toEqual(['sent', 'pending', 'pending']);
    expect(outbox[1]?.attempts).toBe(0);
  });
});
