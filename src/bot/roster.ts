import { TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../app/ports';
import type { AskedPerson } from '../domain/asked';
import type { RecordCollections } from '../store/records';
import { isTeamsConversation } from './conversations';
import { isEntraObjectId } from './identity';

/** Teams accepts at most this many user ids in a card's `refresh.userIds`. */
export const MAX_REFRESH_USERS = 60;

/** A roster lookup that does not answer quickly must not hold up a post or an answer. */
const LOOKUP_MS = 800;

function isTeamsUserId(id: unknown): id is string {
  return typeof id === 'string' && id.startsWith('29:');
}

/**
 * The Teams user ids (`29:…`) of people the process knows by Entra object id: user-specific views and
 * proactive 1:1 chats need them. Learned from the people who write to the bot and from the team roster.
 */
export function createRoster(
  store: Pick<RecordCollections, 'members'>,
  logger: Logger,
  lookupMs = LOOKUP_MS,
) {
  const known = new Map<string, string>();

  async function remember(aadObjectId: string, userId: string): Promise<void> {
    if (known.get(aadObjectId) === userId) return;
    known.set(aadObjectId, userId);
    // Stored, so that the ids survive a restart.
    const stored = (await store.members.get(aadObjectId))?.value;
    if (stored?.userId !== userId) await store.members.put(aadObjectId, { userId, aadObjectId });
  }

  async function cached(aadObjectId: string): Promise<string | undefined> {
    const inMemory = known.get(aadObjectId);
    if (inMemory) return inMemory;
    const stored = (await store.members.get(aadObjectId))?.value;
    if (!isTeamsUserId(stored?.userId)) return undefined;
    known.set(aadObjectId, stored.userId);
    return stored.userId;
  }

  async function fromRoster(context: TurnContext, aadObjectId: string): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const member = await Promise.race([
      TeamsInfo.getMember(context, aadObjectId).catch((error: unknown) => {
        logger.debug({ err: error, aadObjectId }, 'not found in the team roster');
        return undefined;
      }),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), lookupMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!isTeamsUserId(member?.id)) return undefined;
    await remember(aadObjectId, member.id);
    return member.id;
  }

  return {
    /** The sender of an incoming activity: their Teams id is exact and costs no lookup. */
    async learn(activity: Partial<Activity>): Promise<void> {
      // Only what Teams itself says about a sender is learned, as for conversation references.
      if (!isTeamsConversation(activity)) return;
      const { id, aadObjectId } = activity.from ?? {};
      if (!isEntraObjectId(aadObjectId) || !isTeamsUserId(id) || id.length > 256) return;
      // Best effort: a disk that refuses the write must not cost the sender their answer.
      await remember(aadObjectId, id).catch((error: unknown) =>
        logger.warn({ err: error, aadObjectId }, 'could not remember the Teams id of a sender'),
      );
    },
    /** The Teams user id of one person when it is already known (no roster lookup: there is no turn). */
    known(aadObjectId: string): Promise<string | undefined> {
      return cached(aadObjectId);
    },
    /** The Teams user ids of these people (at most 60), from the cache or the roster; unknown people are left out. */
    async userIds(context: TurnContext, people: readonly AskedPerson[]): Promise<string[]> {
      const ids: string[] = [];
      for (const person of people.slice(0, MAX_REFRESH_USERS)) {
        const id = (await cached(person.aadObjectId)) ?? (await fromRoster(context, person.aadObjectId));
        if (id) ids.push(id);
      }
      return [...new Set(ids)];
    },
  };
}

export type Roster = ReturnType<typeof createRoster>;
