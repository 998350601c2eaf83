import type { Activity } from 'botbuilder';
import type { ProcessDefinition } from '../domain/process';
import type { RecordCollections } from '../store/records';
import { conversationKeyOf } from './conversations';

/** Where a change created here lives: the conversation key of its thread, or why there is none. */
export type ChangePlace = { conversationKey: string } | { problem: string };

const HOW_TO_SET =
  'The bot operator names the channel in the process file: the service\'s "channel": "<the link from the channel\'s … > Get link to channel>".';

/**
 * The service whose team channel this is, when the activity comes from a channel the process file names:
 * the new-change form comes preselected to it.
 */
export function serviceOfChannel(activity: Partial<Activity>, proc: ProcessDefinition): string | undefined {
  if (activity.conversation?.conversationType !== 'channel') return undefined;
  const key = conversationKeyOf(activity);
  return proc.services.find((service) => service.channel && key === `channel:${service.channel.channelId}`)
    ?.name;
}

/**
 * A change lives in its service's team channel. Created in a channel, it stays there. Created in a personal
 * or group chat, its thread and notices go to the channel the process file names, else to the only team
 * channel the bot knows; with none (or several) known, the creator is told where to create it instead.
 */
export async function placeOfNewChange(
  activity: Partial<Activity>,
  conversationKey: string,
  proc: ProcessDefinition,
  store: Pick<RecordCollections, 'references'>,
): Promise<ChangePlace> {
  if (activity.conversation?.conversationType === 'channel') return { conversationKey };
  const configured = proc.service.channel?.channelId;
  if (configured) {
    const key = `channel:${configured}`;
    if (await store.references.get(key)) return { conversationKey: key };
    return {
      problem:
        `The bot does not know the team channel of ${proc.service.name} yet. ` +
        'Mention @change once in that channel (or add the app to its team again), then create the change again.',
    };
  }
  const channels = (await store.references.list()).filter((c) => c.key.startsWith('channel:'));
  if (channels.length === 1) return { conversationKey: channels[0]!.key };
  return {
    problem:
      (channels.length === 0
        ? 'The bot is not in any team channel yet, so this change would reach nobody. '
        : 'The bot is in several team channels and does not know which one this service uses. ') +
      `Create the change in the team channel of ${proc.service.name} with "@change new". ${HOW_TO_SET}`,
  };
}
