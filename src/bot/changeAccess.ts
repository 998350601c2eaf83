import type { TurnContext } from 'botbuilder';
import type { Change } from '../domain/change';
import type { ProcessDefinition } from '../domain/process';
import {
  approvesService,
  channelOfKey,
  MEMBERSHIP_UNKNOWN,
  NOT_A_CREATOR,
  NOT_A_READER,
  readerRole,
  readingChannels,
} from '../domain/visibility';
import { conversationKeyOf } from './conversations';
import { NO_IDENTITY_MESSAGE, personOf } from './identity';
import type { Membership, MembershipAnswer } from './membership';

/*
 * The checks behind `show`, the refresh of a card and the form's Create (rules: src/domain/visibility.ts).
 * Each answers undefined when allowed, else the polite sentence the person is told.
 */

export interface ChangeAccessDeps {
  process: ProcessDefinition;
  membership: Membership;
  clock: () => Date;
  /** Changes one person may create in a rolling day (the form answers how long to wait beyond it). */
  creationsPerDay?: number;
}

export const CREATIONS_PER_DAY = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The channel the activity comes from, when it comes from a team channel: its sender is a member. */
function channelHere(context: TurnContext): string | undefined {
  return context.activity.conversation?.conversationType === 'channel'
    ? channelOfKey(conversationKeyOf(context.activity))
    : undefined;
}

export function createChangeAccess(deps: ChangeAccessDeps) {
  const creations = new Map<string, number[]>();

  async function memberOfAny(
    context: TurnContext,
    channels: readonly string[],
    aadObjectId: string,
  ): Promise<MembershipAnswer> {
    const here = channelHere(context);
    if (here !== undefined && channels.includes(here)) return 'member';
    let answer: MembershipAnswer = 'not member';
    for (const channel of channels) {
      const found = await deps.membership.of(context, channel, aadObjectId);
      if (found === 'member') return 'member';
      if (found === 'unknown') answer = 'unknown';
    }
    return answer;
  }

  return {
    /** `show`, the reschedule form and a card's refresh: the change's people and its channel's members. */
    async mayRead(context: TurnContext, change: Change): Promise<string | undefined> {
      const person = personOf(context.activity);
      if (!person) return NO_IDENTITY_MESSAGE;
      if (readerRole(person, change, deps.process)) return undefined;
      const answer = await memberOfAny(context, readingChannels(change, deps.process), person.aadObjectId);
      if (answer === 'member') return undefined;
      return answer === 'unknown' ? MEMBERSHIP_UNKNOWN : NOT_A_READER;
    },

    /**
     * The form's Create, once the change's place is known (its thread's channel): that channel's members and
     * the service's approvers, each at most `creationsPerDay` changes in a rolling day.
     */
    async mayCreate(
      context: TurnContext,
      service: string | undefined,
      placeKey: string,
    ): Promise<string | undefined> {
      const person = personOf(context.activity);
      if (!person) return NO_IDENTITY_MESSAGE;
      if (!approvesService(person, deps.process, service)) {
        const channel = channelOfKey(placeKey);
        const answer = channel
          ? await memberOfAny(context, [channel], person.aadObjectId)
          : ('not member' as const);
        if (answer === 'unknown') return MEMBERSHIP_UNKNOWN;
        if (answer !== 'member') return NOT_A_CREATOR;
      }
      const now = deps.clock().getTime();
      const limit = deps.creationsPerDay ?? CREATIONS_PER_DAY;
      const recent = (creations.get(person.aadObjectId) ?? []).filter((at) => at > now - DAY_MS);
      if (recent.length >= limit) {
        const hours = Math.max(1, Math.ceil((recent[0]! + DAY_MS - now) / 3_600_000));
        return (
          `You created ${limit} changes in the last 24 hours, the most one person may. ` +
          `Try again in ${hours} hour${hours === 1 ? '' : 's'}, or ask another member of the team.`
        );
      }
      creations.set(person.aadObjectId, recent);
      return undefined;
    },

    /** Counts a change the person created (a form sent back with errors does not count). */
    created(context: TurnContext): void {
      const person = personOf(context.activity);
      if (!person) return;
      const list = creations.get(person.aadObjectId) ?? [];
      creations.set(person.aadObjectId, [...list, deps.clock().getTime()]);
    },
  };
}

export type ChangeAccess = ReturnType<typeof createChangeAccess>;
