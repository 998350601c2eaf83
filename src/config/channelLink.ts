/** A team channel named in the process file: the team (its group id) and the channel's conversation id. */
export interface ChannelRef {
  teamId: string;
  channelId: string;
}

const CHANNEL_ID = /^19:[^\s/]+@thread\.(tacv2|skype)$/;

/**
 * The channel out of its link as Teams copies it ("Get link to channel"):
 * https://teams.microsoft.com/l/channel/<channel id, URL-encoded>/<name>?groupId=<team>&tenantId=<tenant>
 */
export function parseChannelLink(link: string): ChannelRef | undefined {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  const match = /^\/l\/channel\/([^/]+)\/?/.exec(url.pathname);
  const teamId = url.searchParams.get('groupId');
  if (url.hostname !== 'teams.microsoft.com' || !match || !teamId) return undefined;
  let channelId: string;
  try {
    channelId = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return isChannelId(channelId) ? { teamId, channelId } : undefined;
}

export function isChannelId(id: string): boolean {
  return CHANNEL_ID.test(id);
}
