/** One change run from its request to its end through the running bot: GO, start, an extension, done. */
import type { Change } from '../../../src/domain/change';
import { approver, implementer, type Harness, type Person } from '../../bot/support/harness';
import { createChange, tickAt } from '../../bot/support/flows';

export async function press(
  h: Harness,
  id: string,
  person: Person,
  verb: string,
  data: Record<string, string> = {},
): Promise<Change> {
  const change = await h.change(id);
  const answer = await h.press(
    person,
    verb,
    { changeId: id, revision: String(change.revision), ...data },
    { rootId: change.thread!.rootActivityId! },
  );
  expect(answer.body.statusCode).toBe(200);
  await h.bot.delivery.deliver(id);
  return h.change(id);
}

/** Ticks at every milestone due before the start, pressing the pre-check and GO when their cards are out. */
export async function runToStart(h: Harness, form: Record<string, string> = {}): Promise<string> {
  const { id } = await createChange(h, form);
  const stored = await h.change(id);
  const dues = Object.entries(stored.milestones)
    .map(([name, milestone]) => ({ name, at: new Date(milestone.due) }))
    .filter(({ at }) => at.getTime() <= Date.parse(stored.window.start))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { name, at } of dues) {
    if (at.getTime() > h.now().getTime()) await tickAt(h, at);
    if (name === 'precheck') await press(h, id, approver, 'precheck.done');
    if (name === 'goNoGo') await press(h, id, approver, 'go');
  }
  expect((await h.change(id)).status).toBe('running');
  return id;
}

/** The implementer extends the running window, then reports it done; ticks a minute after each. */
export async function extendThenDone(h: Harness, id: string, extraMinutes: number): Promise<void> {
  await press(h, id, implementer, 'extend', { extraMinutes: String(extraMinutes) });
  await tickAt(h, new Date(h.now().getTime() + 60_000));
  await press(h, id, implementer, 'done');
  await tickAt(h, new Date(h.now().getTime() + 60_000));
  expect((await h.change(id)).status).toBe('completed');
}
