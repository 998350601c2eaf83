import { Duration } from 'luxon';

/** Parses an ISO 8601 duration (P21D, PT2H30M, PT45S); undefined when it is not one or not positive. */
export function parseIsoDuration(text: string): Duration | undefined {
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.toMillis() <= 0) return undefined;
  return duration;
}
