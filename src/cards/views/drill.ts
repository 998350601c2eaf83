import type { RestoreDrill } from '../../domain/drills';
import { drillDurationMs, drillFigures } from '../../domain/drills';
import type { ProcessDefinition } from '../../domain/process';
import { serviceFacts } from '../../domain/serviceFacts';
import { formatDay, formatDuration, formatInstant, formatSeconds } from '../format';
import type { MeasuredFacts } from './restoreTime';

/** A restore drill card: choose a path and press Started, then Restored or Abandoned with a note. */
export interface DrillPathData {
  title: string;
  /** Put back into the choice as is (a `…Value` field is not escaped as text). */
  choiceValue: string;
}

export interface DrillCardData {
  drillId: string;
  service: string;
  stateText: string;
  paths: DrillPathData[];
  /** The first path with a known time, preselected. */
  pathValue: string;
  pathsText: string;
  canStart: boolean;
  canFinish: boolean;
  resultText: string;
}

function pathTitle(name: string, durationText: string | undefined, lastText: string): string {
  return `${name} (process file: ${durationText ?? 'no figure'}; ${lastText})`;
}

export function drillView(
  drill: RestoreDrill,
  proc: ProcessDefinition,
  measured: MeasuredFacts,
): DrillCardData {
  const facts = serviceFacts(proc, drill.service);
  const tz = proc.timeZone;
  const paths = facts.restorePaths.map((path) => {
    const { last } = drillFigures(measured.drills, drill.service, path.name);
    const lastText = last
      ? `last drill: ${formatSeconds(last.durationMs / 1000)} on ${formatDay(last.at, tz)}`
      : 'never drilled';
    return {
      title: pathTitle(path.name, path.duration ? formatDuration(path.duration) : undefined, lastText),
      choiceValue: path.name,
    };
  });
  const measuredMs = drillDurationMs(drill);
  const stateText =
    drill.state === 'ready'
      ? 'Not started: choose the restore path, press Started when the restore begins.'
      : drill.state === 'running'
        ? `Started ${formatInstant(drill.startedAt!, tz)}${drill.by ? ` by ${drill.by.name}` : ''}: press Restored when the service is back.`
        : drill.state === 'restored'
          ? `Restored: ${formatSeconds((measuredMs ?? 0) / 1000)} (${formatInstant(drill.startedAt!, tz)} to ${formatInstant(drill.endedAt!, tz)}).`
          : `Abandoned ${formatInstant(drill.endedAt!, tz)}: not counted.`;
  return {
    drillId: drill.id,
    service: drill.service,
    stateText,
    paths,
    pathValue:
      drill.path ?? facts.restorePaths.find((p) => p.duration)?.name ?? facts.restorePaths[0]?.name ?? '',
    pathsText: drill.path ?? '',
    canStart: drill.state === 'ready',
    canFinish: drill.state === 'running',
    resultText: drill.note ? `Note: ${drill.note}` : '',
  };
}
