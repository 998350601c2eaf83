import type { Change, Effect, OutboxEntry, Recipient } from '../domain/change';

/*
 * The transactional outbox of a change. Effects are queued as entries in the same durable write as the
 * transition that produced them; delivery then claims one entry (a durable write naming the attempt), sends
 * it, and records the outcome (sent with the activity id, a retry time, or failed with the reason).
 */

/** Graph refuses a message with more recipients than this. */
export const MAX_MAIL_RECIPIENTS = 500;

/** Teams posts and mails are delivered independently: a throttled mailbox must not hold back the thread. */
export type Lane = 'teams' | 'mail' | 'personal' | 'webhook' | 'silence';

function recipientKey(to: Recipient): string {
  if (to.kind === 'personal') return `personal:${to.aadObjectId}`;
  if (to.kind === 'webhook') return `webhook:${to.url}`;
  if (to.kind === 'silence') return `silence:${to.action}`;
  if (to.kind !== 'mail') return to.kind;
  // One mail per language group: the language tells the groups' entries apart.
  return `mail${to.calendar ? `+${to.calendar}` : ''}${to.language ? `.${to.language}` : ''}`;
}

/**
 * 1:1 messages have their own lane: one person's chat that cannot be reached must not hold back the thread.
 * So do webhooks and the silence: a receiver that is down must hold back neither the thread nor the mails.
 */
export function laneOf(entry: OutboxEntry): Lane {
  const kind = entry.effect.to.kind;
  if (kind === 'mail' || kind === 'subscribers') return 'mail';
  if (kind === 'personal' || kind === 'webhook' || kind === 'silence') return kind;
  return 'teams';
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
    added.push(newEntry(key, effect, change.revision, now));
  }
  return { ...change, outbox: [...change.outbox, ...added] };
}

function newEntry(key: string, effect: Effect, revision: number, now: Date): OutboxEntry {
  return { key, effect, revision, state: 'pending', attempts: 0, createdAt: now.toISOString() };
}

function waiting(entry: OutboxEntry, now: Date): boolean {
  return entry.nextAttemptAt !== undefined && Date.parse(entry.nextAttemptAt) > now.getTime();
}

/**
 * Pending entries ready to send at `now`, in queue order. Within a lane, an entry still waiting for its retry
 * time holds back the ones queued after it, so that the thread reads in the order things happened.
 */
export function readyEntries(change: Change, now: Date): OutboxEntry[] {
  const held = new Set<Lane>();
  const ready: OutboxEntry[] = [];
  for (const entry of change.outbox) {
    if (entry.state !== 'pending') continue;
    const lane = laneOf(entry);
    if (held.has(lane)) continue;
    if (waiting(entry, now)) held.add(lane);
    else ready.push(entry);
  }
  return ready;
}

export function findEntry(change: Change, key: string): OutboxEntry | undefined {
  return change.outbox.find((entry) => entry.key === key);
}

export function replaceEntry(change: Change, entry: OutboxEntry): Change {
  return {
    ...change,
    outbox: change.outbox.map((candidate) => (candidate.key === entry.key ? entry : candidate)),
  };
}

/**
 * Records that attempt n of an entry starts now; undefined when the entry is no longer ready (another run
 * sent it, or it waits for a retry). The entry stays pending with a lease: if the process dies during the
 * send, the entry is ready again once the lease ends, and the attempt still counts.
 */
export function claimEntry(
  change: Change,
  key: string,
  now: Date,
  leaseMs: number,
): { change: Change; entry: OutboxEntry } | undefined {
  const current = findEntry(change, key);
  if (!current || current.state !== 'pending' || waiting(current, now)) return undefined;
  const entry: OutboxEntry = {
    ...current,
    firstAttemptAt: current.firstAttemptAt ?? now.toISOString(),
    attempts: current.attempts + 1,
    nextAttemptAt: new Date(now.getTime() + leaseMs).toISOString(),
  };
  return { change: replaceEntry(change, entry), entry };
}

/** Addresses trimmed, without duplicates (case-insensitive), in their first order. */
export function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const raw of addresses) {
    const address = raw.trim();
    const folded = address.toLowerCase();
    if (!address || seen.has(folded)) continue;
    seen.add(folded);
    unique.push(address);
  }
  return unique;
}

/**
 * Splits every pending mail with more recipients than one message may carry into several entries
 * (`<key>#1`, `<key>#2`, ...), so that each message is claimed and recorded on its own and a retry never
 * sends a part that already went. Returns undefined when nothing needed splitting.
 */
export function splitLargeMails(change: Change, max = MAX_MAIL_RECIPIENTS): Change | undefined {
  let split = false;
  const outbox: OutboxEntry[] = [];
  for (const entry of change.outbox) {
    const to = entry.effect.to;
    const recipients = to.kind === 'mail' ? uniqueAddresses(to.to) : [];
    if (entry.state !== 'pending' || to.kind !== 'mail' || recipients.length <= max) {
      outbox.push(entry);
      continue;
    }
    split = true;
    for (let start = 0, part = 1; start < recipients.length; start += max, part += 1) {
      outbox.push({
        ...entry,
        key: `${entry.key}#${part}`,
        effect: { ...entry.effect, to: { ...to, to: recipients.slice(start, start + max) } },
      });
    }
  }
  return split ? { ...change, outbox } : undefined;
}

const FALLBACK_SUFFIX = '>mail';

/** The key of the mail that carries a Teams notice the bot could not post. */
export function fallbackKey(entry: OutboxEntry): string {
  return `${entry.key}${FALLBACK_SUFFIX}`;
}

/** The Teams entry a fallback mail stands in for; undefined for an ordinary mail. */
export function fallbackFor(change: Change, entry: OutboxEntry): OutboxEntry | undefined {
  if (!entry.key.endsWith(FALLBACK_SUFFIX)) return undefined;
  return findEntry(change, entry.key.slice(0, -FALLBACK_SUFFIX.length));
}

/**
 * Queues a mail to the people who run the change in place of a Teams post that was given up, so that the
 * notice still reaches someone who can act on it (and learns that Teams needs fixing).
 */
export function enqueueFallbackMail(
  change: Change,
  failed: OutboxEntry,
  owners: readonly string[],
  now: Date,
): Change {
  const key = fallbackKey(failed);
  const to = uniqueAddresses(owners);
  if (to.length === 0 || findEntry(change, key)) return change;
  const effect: Effect = {
    notice: failed.effect.notice,
    to: { kind: 'mail', to },
    ...(failed.effect.late ? { late: true } : {}),
  };
  return { ...change, outbox: [...change.outbox, newEntry(key, effect, failed.revision, now)] };
}
