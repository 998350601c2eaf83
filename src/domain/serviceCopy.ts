/**
 * What a change keeps of its service at creation, so that it keeps working when the service is renamed or
 * removed from the process file: name, host, provider, channel, snapshot (steps, duration, margin), restore
 * paths, approvers and audience. The preparation checklist is already in the change (its items); the shared
 * timings (lead time, `before`, decision margin, maximum window, links, time zone) are not copied: a change
 * whose service is gone follows the process file's first service for those. Durations as ISO 8601 text.
 */
export interface ServiceCopy {
  name: string;
  host: string;
  provider: string;
  channel?: { teamId: string; channelId: string };
  snapshot: { steps: string; duration: string; margin: string };
  restorePaths: { name: string; description: string; link: string; duration?: string }[];
  /** The approvers as the process file named them (ProcessPerson; spelled out to keep this file import-free). */
  approvers: { name: string; aadObjectId: string; email: string }[];
  audience: { emails: string[] };
}
