import type { Change, OutboxEntry } from '../domain/change';
import type { AlertmanagerTarget } from '../domain/process';
import { currentSilenceId } from '../domain/silence';
import { call } from './http';

/*
 * The window's silence in the service's Alertmanager (API v2). Created at the start until the window's end,
 * moved with each extension, expired when the window ends early (done, restored). Alertmanager keeps an id
 * across an update only when the matchers and the start stay as they were, so an update reads both back.
 */

interface StoredSilence {
  id: string;
  startsAt: string;
  status?: { state?: string };
}

function api(target: AlertmanagerTarget, path: string): string {
  return `${target.url.replace(/\/+$/, '')}/api/v2/${path}`;
}

async function existing(target: AlertmanagerTarget, id: string): Promise<StoredSilence | undefined> {
  try {
    return JSON.parse(await call(api(target, `silence/${encodeURIComponent(id)}`), { method: 'GET' }));
  } catch (error) {
    // Gone (Alertmanager lost its data, or a person deleted it): a new silence stands in for it.
    if (/answered 404/.test((error as Error).message)) return undefined;
    throw error;
  }
}

async function post(target: AlertmanagerTarget, body: object): Promise<string> {
  const text = await call(api(target, 'silences'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (JSON.parse(text) as { silenceID: string }).silenceID;
}

/** Does the entry's action; returns the silence id to record (none after an expiry). */
export async function applySilence(
  change: Change,
  entry: OutboxEntry,
  target: AlertmanagerTarget,
  now: Date,
): Promise<string | undefined> {
  const to = entry.effect.to;
  if (to.kind !== 'silence') throw new TypeError('not a silence entry');
  const id = currentSilenceId(change);
  const found = id ? await existing(target, id) : undefined;
  const live = found && found.status?.state !== 'expired' ? found : undefined;
  if (to.action === 'expire') {
    if (live) await call(api(target, `silence/${encodeURIComponent(live.id)}`), { method: 'DELETE' });
    return undefined;
  }
  // The end may already have passed (a start caught up late): the silence then lasts a minute.
  const endsAt = new Date(Math.max(Date.parse(change.window.end), now.getTime() + 60_000)).toISOString();
  return post(target, {
    ...(live ? { id: live.id, startsAt: live.startsAt } : { startsAt: now.toISOString() }),
    endsAt,
    matchers: target.matchers.map((m) => ({ ...m, isEqual: true })),
    createdBy: 'change-bot',
    comment: `Planned maintenance ${change.id}: ${change.title}`,
  });
}
