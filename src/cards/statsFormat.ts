import type { Durations, Share } from '../domain/stats';

/* The stats figures in words, as the stats card shows them; the stats page (src/stats) shows them the same way. */

/** "17.6 % (30 of 170)", or a dash when there is nothing to divide. */
export function shareText(share: Share): string {
  if (share.share === undefined) return '—';
  const percent = Math.round(share.share * 1000) / 10;
  return `${percent} % (${share.count} of ${share.of})`;
}

/** "42.5 min" below an hour, "1 h 33 min" above. */
export function minutesText(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  const whole = Math.round(minutes);
  const rest = whole % 60;
  return `${Math.floor(whole / 60)} h${rest ? ` ${rest} min` : ''}`;
}

/** "median 42.5 min, worst 1 h 5 min (20)", or a dash when nothing was measured. */
export function durationsText(durations: Durations): string {
  if (durations.medianMinutes === undefined || durations.worstMinutes === undefined) return '—';
  return `median ${minutesText(durations.medianMinutes)}, worst ${minutesText(durations.worstMinutes)} (${durations.count})`;
}

export function extensionsText(extensions: { count: number; minutes: number }): string {
  if (extensions.count === 0) return 'none';
  return `${extensions.count} (${minutesText(extensions.minutes)} in all)`;
}

/** Changes the figures leave out because their stored files are damaged: named, with what to do. */
export function unreadableText(ids: readonly string[]): string {
  if (ids.length === 0) return '';
  const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? ` and ${ids.length - 10} more` : '');
  const one = ids.length === 1;
  return (
    `Not counted: ${shown} cannot be read, ${one ? 'its stored file is' : 'their stored files are'} damaged. ` +
    `The bot operator must restore ${one ? 'it' : 'them'} from a backup of the data folder; every other change is counted.`
  );
}
