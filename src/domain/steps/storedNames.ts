/*
 * Names the code says one way and the disk another. In the code's words the GO/NOGO is the "approval" and
 * "checkpoint" is only the end-of-window point (done, extend or incident); change files, outboxes,
 * posted-card records and history lines still carry the names of the first release, and the card templates
 * (cards/*.json) keep their file names for scripts/render-cards.js and the docs. Renaming them on disk would
 * need a migration of every stored change; this is the one place that maps them instead.
 */
export const STORED = {
  /** The approval's milestone (`change.milestones.goNoGo`, history `milestone.goNoGo`) and `before.goNoGo`. */
  approvalMilestone: 'goNoGo',
  /** The notice asking the approvers for GO/NOGO. */
  approvalNeeded: 'goNoGo',
  approvalNeededCard: 'go-nogo',
  /** The notice saying GO or NOGO was given. */
  approvalRecorded: 'decisionRecorded',
  approvalRecordedCard: 'decision-recorded',
  /** The checkpoint's milestone (`change.milestones.decision`), its notice and its card template. */
  checkpoint: 'decision',
} as const;

// The approval itself is stored as `change.decision` (see Change in change.ts); read it as the approval.
