import type { Activity } from 'botbuilder';
import { NO_IDENTITY_MESSAGE, personOf } from './identity';
import type { NotifyPrefs } from './notifyPrefs';

export const NOTIFY_WHERE =
  '"notify off" and "notify on" work in your personal chat with the bot: open a chat with Change and type it there.';
export const NOTIFY_HOW = 'Type "notify off" to stop the 1:1 messages, or "notify on" to get them again.';

/**
 * `notify off|on`: whether this person gets a 1:1 message when a change waits for them. Per person, so only
 * in their own chat with the bot; the @mention in the channel thread stays either way.
 */
export async function answerNotify(
  activity: Partial<Activity>,
  setting: 'on' | 'off' | undefined,
  prefs: NotifyPrefs,
): Promise<string> {
  if (activity.conversation?.conversationType !== 'personal') return NOTIFY_WHERE;
  const person = personOf(activity);
  if (!person) return NO_IDENTITY_MESSAGE;
  if (!setting) {
    const on = await prefs.wantsPersonalNotices(person.aadObjectId);
    return `Personal messages are ${on ? 'on' : 'off'}. ${NOTIFY_HOW}`;
  }
  await prefs.set(person.aadObjectId, setting === 'on');
  return setting === 'on'
    ? 'Done: you get a 1:1 message when a change waits for you (and the @mention in the thread).'
    : 'Done: no more 1:1 messages. You are still @mentioned in the change thread. Type "notify on" to get them again.';
}
