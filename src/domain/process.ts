import type { Duration } from 'luxon';
import type { Blackout } from './blackouts';
import type { MilestoneSpec } from './milestoneSpec';

/** A person the process file names: an approver today, maybe more roles later. */
export interface ProcessPerson {
  name: string;
  aadObjectId: string;
  email: string;
}

/**
 * The change-management process of one team, as read from its process file.
 * Durations stay luxon Durations so that day offsets keep the wall-clock time across DST.
 */
export interface ProcessDefinition {
  timeZone: string;
  service: {
    name: string;
    host: string;
    provider: string;
    snapshotSteps: string;
    /** The team channel where the service's changes live (the process file's `service.channel`). */
    channel?: { teamId: string; channelId: string };
  };
  leadTime: Duration;
  before: {
    preparation: Duration;
    precheck: Duration;
    goNoGo: Duration;
    reminder: Duration;
  };
  snapshot: { duration: Duration; margin: Duration };
  decisionBeforeEnd: Duration;
  restoreDuration: Duration;
  maxWindow: Duration;
  approvers: ProcessPerson[];
  audience: { emails: string[] };
  links: {
    plannedMaintenanceTemplate: string;
    drpBackupRestore: string;
    drpSnapshotRestore: string;
    incidentProcess: string;
  };
  /** Periods no change may touch, from the process file (instants; end excluded). */
  blackouts: Blackout[];
  /** An iCalendar of more blackouts: a file or a URL, read at start and every hour. */
  blackoutCalendar?: BlackoutCalendarSource;
  /** The scheduled steps, when not the built-in ones (src/domain/milestoneRegistry.ts). */
  milestones?: readonly MilestoneSpec<ProcessDefinition>[];
}

export type BlackoutCalendarSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/**
 * One way back to the state before a change: the seed has two (the NAS backup, the provider's data
 * snapshot). A path without a duration is one whose time the process file does not know.
 */
export interface RestorePath {
  name: string;
  description: string;
  link: string;
  duration?: Duration;
}
