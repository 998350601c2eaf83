import type { MilestoneName, NoticeKind } from '../change';
import type { EventType } from '../events';
import { approvalStep } from './approval';
import type { BuiltInStep } from './builtIn';
import { checkpointStep } from './checkpoint';
import { creationStep } from './creation';
import { incidentStep } from './incident';
import { tablesOf } from './lookup';
import { preparationStep } from './preparation';
import { precheckStep } from './precheck';
import { reminderStep } from './reminder';
import { replanStep } from './replan';
import { reviewStep } from './review';
import type { Role } from './step';
import { snapshotStep } from './snapshot';
import { windowStep } from './window';

/** The seed process's steps; their milestones in the order they fall due. */
export const BUILT_IN_STEPS: readonly BuiltInStep[] = [
  creationStep,
  preparationStep,
  precheckStep,
  approvalStep,
  reminderStep,
  snapshotStep,
  windowStep,
  checkpointStep,
  incidentStep,
  replanStep,
  reviewStep,
];

const tables = tablesOf(BUILT_IN_STEPS);

/** The built-in milestones' stored names, in due order (the type MilestoneName is the compiler's copy). */
export const MILESTONE_NAMES = tables.milestones.map((spec) => spec.name) as readonly MilestoneName[];
export const NOTICE_KINDS = [...tables.notices.keys()] as readonly NoticeKind[];
/** Who may cause each event of the built-in steps. */
export const ROLE_OF = Object.fromEntries(tables.roles) as Record<EventType, Role>;
