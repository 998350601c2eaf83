import type { MaintenanceWindow } from './change';
import type { PublicText } from './publicText';

/* The new-change form: what Teams sends, what a valid request is, and how long each text may be. */

/** Values of the new-change form, as Teams sends them (strings, by input id). */
export interface ChangeRequestInput {
  title?: string;
  description?: string;
  startDate?: string;
  startTime?: string;
  endDate?: string;
  endTime?: string;
  downtime?: string;
  tests?: string;
  rollback?: string;
  audience?: string;
  expedited?: string;
  /** Why an expedited change cannot wait: required when its window touches a blackout. */
  expeditedReason?: string;
  /** The service's name; may be left out when the process file has one service. */
  service?: string;
  /** The public title and summary inputs (`publicTitle_<lang>`, `publicSummary_<lang>`) by input id. */
  publicText?: Record<string, string>;
}

export type FormField = keyof ChangeRequestInput;
export type FieldErrors = Partial<Record<FormField, string>>;

/** A validated request for a change. */
export interface ChangeRequest {
  title: string;
  description: string;
  window: MaintenanceWindow;
  downtimeMinutes: number;
  tests: string[];
  rollback: string;
  audienceEmails: string[];
  expedited: boolean;
  /** Why it cannot wait, as typed (trimmed; empty when not given). */
  expeditedReason: string;
  /** The service it is for, as the process file names it. */
  service: string;
  /** What the people affected read, per public language of the service; absent when nothing was typed. */
  publicText?: PublicText;
}

export type RequestCheck =
  | { ok: true; request: ChangeRequest }
  /** `earliestStart` is set when the lead time refused the window: the form offers *expedited*. */
  | { ok: false; errors: FieldErrors; earliestStart?: string };

export const LIMITS = {
  title: 120,
  description: 4000,
  rollback: 2000,
  test: 300,
  tests: 30,
  audience: 100,
  reason: 1000,
} as const;
