import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../app/ports';

/** Whether a person belongs to a team channel: what the roster said, or 'unknown' when it could not say. */
export type MembershipAnswer = 'member' | 'not member' | 'unknown';

/** Asks Teams whether the person is in the channel's team; a thrown 404 means they are not. */
export type MemberLookup = (context: TurnContext, channelId: string, memberId: string) => Promise<unknown>;

export interface MembershipDeps {
  logger: Logger;
  clock: () => Date;
  /** The roster call; TeamsInfo.getTeamMember (GET /v3/conversations/{channel}/members/{id}) by default. */
  lookup?: MemberLookup;
  /** A roster that does not answer within this is 'unknown' (the person is refused politely, not held). */
  lookupMs?: number;
  /** How long a 'member' answer is kept; a 'not member' is kept for a tenth of it (they may be added). */
  ttlMs?: number;
}

const LOOKUP_MS = 800;
const TTL_MS = 10 * 60_000;
/** Bounded: one entry per person and channel; a flood of made-up ids clears it rather than growing it. */
const MAX_ENTRIES = 10_000;

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown; status?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Team membership through the roster, cached: every `show` of a person who is not the implementer or an
 * approver would otherwise cost a call to Teams.
 */
export function createMembership(deps: MembershipDeps) {
  const lookup: MemberLookup =
    deps.lookup ??
    ((context, channelId, aadObjectId) => TeamsInfo.getTeamMember(context, channelId, aadObjectId));
  const ttlMs = deps.ttlMs ?? TTL_MS;
  const cache = new Map<string, { answer: Exclude<MembershipAnswer, 'unknown'>; until: number }>();

  async function ask(
    context: TurnContext,
    channelId: string,
    aadObjectId: string,
  ): Promise<MembershipAnswer> {
    let timer: NodeJS.Timeout | undefined;
    // The sender is the one asked about: Teams' own id for them (`29:…`) is what every roster knows (the
    // Playground's knows no other); their Entra object id otherwise, which Teams accepts too.
    const from = context.activity.from;
    const memberId =
      from?.aadObjectId === aadObjectId && typeof from.id === 'string' && from.id.startsWith('29:')
        ? from.id
        : aadObjectId;
    try {
      const member = await Promise.race([
        lookup(context, channelId, memberId),
        new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), deps.lookupMs ?? LOOKUP_MS);
        }),
      ]);
      if (member === 'late') return 'unknown';
      return member ? 'member' : 'not member';
    } catch (error) {
      const status = statusOf(error);
      if (status === 404 || status === 403) return 'not member';
      deps.logger.warn({ err: error, channelId }, 'team roster lookup failed');
      return 'unknown';
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async of(context: TurnContext, channelId: string, aadObjectId: string): Promise<MembershipAnswer> {
      const key = `${channelId}\n${aadObjectId}`;
      const now = deps.clock().getTime();
      const kept = cache.get(key);
      if (kept && now < kept.until) return kept.answer;
      const answer = await ask(context, channelId, aadObjectId);
      if (answer !== 'unknown') {
        if (cache.size >= MAX_ENTRIES) cache.clear();
        cache.set(key, { answer, until: now + (answer === 'member' ? ttlMs : ttlMs / 10) });
      }
      return answer;
    },
  };
}

export type Membership = ReturnType<typeof createMembership>;
