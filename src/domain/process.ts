import type { Duration } from 'luxon';
import type { Language } from '../i18n/languages';
import type { Blackout } from './blackouts';
import type { Step } from './steps/step';

/** A person the process file names: an approver today, maybe more roles later. */
export interface ProcessPerson {
  name: string;
  aadObjectId: string;
  email: string;
}

/** One step of the preparation checklist the implementer ticks ("3 weeks before"). */
export interface PreparationStep {
  id: string;
  label: string;
}

/**
 * Who is warned of a service's changes. `languages` holds the addresses whose reader asked for a language
 * of their own (lower case); everyone else reads the service's default language (the first of `languages`).
 */
export interface Audience {
  emails: string[];
  languages?: Readonly<Record<string, Language>>;
}

/** The timings and links every service shares unless its own entry in the process file says otherwise. */
export interface SharedRules {
  timeZone: string;
  leadTime: Duration;
  /** `before.<offsetKey>` of each step's milestone that falls due before the start (steps/lookup.ts). */
  before: Readonly<Record<string, Duration>>;
  decisionBeforeEnd: Duration;
  maxWindow: Duration;
  links: {
    plannedMaintenanceTemplate: string;
    incidentProcess: string;
  };
}

/** One service a change can be made for: where it runs, who approves, who is warned, how it is restored. */
export interface ServiceDefinition extends SharedRules {
  name: string;
  host: string;
  provider: string;
  /** The team channel where the service's changes live. */
  channel?: { teamId: string; channelId: string };
  snapshot: { steps: string; duration: Duration; margin: Duration };
  restorePaths: RestorePath[];
  approvers: ProcessPerson[];
  /** Who may start and finish restore drills of the service besides its approvers; none when absent. */
  drillers?: ProcessPerson[];
  audience: Audience;
  /** The public languages, the default first; absent in a file that names none (English only, as before). */
  languages?: readonly Language[];
  preparationChecklist: PreparationStep[];
  /** The Alertmanager whose alerts of the service are silenced during the window. */
  alertmanager?: AlertmanagerTarget;
}

/** An Alertmanager (its base URL) and the matchers of the service's alerts. */
export interface AlertmanagerTarget {
  url: string;
  matchers: { name: string; value: string; isRegex: boolean }[];
}

/** An endpoint of the process file's `webhooks`: the secret stays in the environment variable it names. */
export interface WebhookEndpoint {
  url: string;
  secretEnv: string;
  /** The events it is sent (all when absent) and the services whose changes (all when absent). */
  events?: string[];
  services?: string[];
}

/**
 * The change-management process of one team, as read from its process file.
 * Durations stay luxon Durations so that day offsets keep the wall-clock time across DST.
 *
 * The fields beside `services` describe ONE service: the first of the file as loaded, or the change's own
 * service once `processFor(proc, change)` (serviceFacts.ts) has been applied. Code that works on a change
 * is handed the process of that change's service, so it reads `approvers`, `snapshot`, … as before.
 */
export interface ProcessDefinition extends SharedRules {
  service: {
    name: string;
    host: string;
    provider: string;
    snapshotSteps: string;
    /** The team channel where the service's changes live (the process file's `channel` of the service). */
    channel?: { teamId: string; channelId: string };
  };
  snapshot: { duration: Duration; margin: Duration };
  approvers: ProcessPerson[];
  audience: Audience;
  /**
   * The public languages, the default first: the loaded process's own (the status page's), or its service's
   * once processFor has been applied. Absent when the file names none: English only, as before.
   */
  languages?: readonly Language[];
  /** Cards and replies in Teams; only English today. */
  teamLanguage?: Language;
  /** Every service of the process file, in file order (one for a file in the single-`service` format). */
  services: ServiceDefinition[];
  /** Periods no change may touch, from the process file (instants; end excluded). */
  blackouts: Blackout[];
  /** An iCalendar of more blackouts: a file or a URL, read at start and every hour. */
  blackoutCalendar?: BlackoutCalendarSource;
  /** Signed webhooks, sent each public notice's event (src/hooks/). */
  webhooks?: WebhookEndpoint[];
  /** The steps of the process, in the order their milestones fall due (src/domain/steps/). */
  steps: readonly Step<ProcessDefinition>[];
}

export type BlackoutCalendarSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/**
 * One way back to the state before a change (a backup, a provider's data snapshot, …), as the process
 * file names it. A path without a duration is one whose time the process file does not know.
 */
export interface RestorePath {
  name: string;
  description: string;
  link: string;
  duration?: Duration;
}
