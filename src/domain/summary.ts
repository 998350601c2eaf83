import type { ChangeStatus, MaintenanceWindow, MilestoneName } from './change';

/** What the active index keeps of a change: enough to list it and to know when it next needs the scheduler. */
export interface ChangeSummary {
  id: string;
  title: string;
  service: string;
  status: ChangeStatus;
  window: MaintenanceWindow;
  implementer: string;
  revision: number;
  /** Earliest pending milestone or pending delivery (ISO instant); absent when nothing waits. */
  nextDue?: string;
  /** The change's next pending milestone and when it is due, for `list`; absent for a final change. */
  nextMilestone?: { name: MilestoneName; due: string };
}
