import type { Change } from './change';
import type { AlertmanagerTarget } from './process';

/** The id of the window's Alertmanager silence: the last one a sent outbox entry of the change recorded. */
export function currentSilenceId(change: Change): string | undefined {
  for (const entry of [...change.outbox].reverse()) {
    if (entry.effect.to.kind === 'silence' && entry.state === 'sent' && entry.silenceId)
      return entry.silenceId;
  }
  return undefined;
}

/** Where a person sees the silence in Alertmanager's own page. */
export function silenceLink(target: AlertmanagerTarget, id: string): string {
  return `${target.url.replace(/\/+$/, '')}/#/silences/${encodeURIComponent(id)}`;
}
