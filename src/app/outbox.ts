import type { Change, Effect, OutboxEntry, Recipient } from '../domain/change';

function recipientKey(to: Recipient): string {
  return to.kind === 'mail' ? `mail${to.calendar ? `+${to.calendar}` : ''}` : to.kind;
}

/** Queues effects in the change's outbox, in the same write as the transition that produced them. */
export function enqueue(change: Change, effects: readonly Effect[], now: Date): Change {
  if (effects.length === 0) return change;
  const known = new Set(change.outbox.map((entry) => entry.key));
  const added: OutboxEntry[] = [];
  for (const effect of effects) {
    const key = `${change.revision}:${effect.notice}:${recipientKey(effect.to)}`;
    if (known.has(key)) continue;
    known.add(key);
    added.push({
      key,
      effect,
      revision: change.revision,
      state: 'pending',
      attempts: 0,
      createdAt: now.toISOString(),
    });
  }
  return { ...change, outbox: [...change.outbox, ...added] };
}

/** Pending entries ready to send at `now`, in order, up to the first one still waiting for its retry time. */
export function pendingEntries(change: Change, now: Date): OutboxEntry[] {
  const ready: OutboxEntry[] = [];
  for (const entry of change.outbox) {
    if (entry.state !== 'pending') continue;
    if (entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) > now.getTime()) break;
    ready.push(entry);
  }
  return ready;
}

export function replaceEntry(change: Change, entry: OutboxEntry): Change {
  return {
    ...change,
    outbox: change.outbox.map((candidate) => (candidate.key === entry.key ? entry : candidate)),
  };
}
