import type { Activity } from 'botbuilder';
import type { BotMode } from '../config/env';

/**
 * Who the bot talks to, checked after the Bot Framework token and before any change is read. Pure: the bot
 * decides what to answer (see changeBot.ts).
 */
export interface AccessPolicy {
  mode: BotMode;
  /** Lower-case tenant ids; empty: no tenant check. */
  allowedTenants: readonly string[];
}

export type Admission =
  | { admitted: true }
  /** `channel`: a polite line may be sent back. `tenant`: nothing is sent, only logged. */
  | { admitted: false; why: 'channel' | 'tenant'; detail: string };

export const OTHER_CHANNEL_LINE =
  'This bot works in Microsoft Teams only. Open Teams and talk to it there (@change help).';

/** The tenant Teams names in channelData, or in the conversation. */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const fromConversation = activity.conversation?.tenantId as unknown;
  const id = typeof fromChannelData === 'string' ? fromChannelData : fromConversation;
  return typeof id === 'string' && id.length <= 64 ? id.toLowerCase() : undefined;
}

export function admit(activity: Partial<Activity>, policy: AccessPolicy): Admission {
  // A Web Chat or Direct Line client chooses its own from.id and aadObjectId: only Teams vouches for them.
  if (policy.mode === 'authenticated' && activity.channelId !== 'msteams')
    return { admitted: false, why: 'channel', detail: String(activity.channelId).slice(0, 32) };
  if (policy.allowedTenants.length > 0) {
    const tenant = tenantOf(activity);
    if (!tenant || !policy.allowedTenants.includes(tenant))
      return { admitted: false, why: 'tenant', detail: tenant ?? 'none' };
  }
  return { admitted: true };
}
