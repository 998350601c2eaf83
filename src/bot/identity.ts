import type { Activity } from 'botbuilder';
import type { Actor } from '../domain/change';
import { boundedText } from '../domain/bounded';

const ENTRA_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Longest display name kept in history and logs. */
export const MAX_NAME = 80;

export const NO_IDENTITY_MESSAGE =
  'Teams did not say who you are (no Entra object id came with this), so I cannot check what you may do. Use the bot from Microsoft Teams, signed in with your work account.';

/** An Entra object id (a GUID): the only identity roles are checked against. */
export function isEntraObjectId(id: unknown): id is string {
  return typeof id === 'string' && ENTRA_OBJECT_ID.test(id);
}

/**
 * The person behind an activity, by Entra object id only: `from.id` is chosen by the client on some
 * channels, so it never stands in for it. None: nobody (the caller answers NO_IDENTITY_MESSAGE).
 */
export function personOf(activity: Partial<Activity>): Actor | undefined {
  const from = activity.from as { aadObjectId?: unknown; name?: unknown } | undefined;
  const id = from?.aadObjectId;
  if (!isEntraObjectId(id)) return undefined;
  const name = typeof from?.name === 'string' ? boundedText(from.name, MAX_NAME) : '';
  return { aadObjectId: id, name: name || 'someone' };
}
