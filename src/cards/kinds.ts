import type {
  ApprovalNeededCardData,
  BlockedCardData,
  ApprovalRecordedCardData,
  PrecheckCardData,
} from './views/approval';
import type { AnnouncementCardData, CancellationCardData, ReminderCardData } from './views/announcements';
import type { HelpCardData, ListCardData, RefusalCardData } from './views/chat';
import type { DrillCardData } from './views/drill';
import type { PersonalCardData } from './views/personal';
import type { PreparationCardData } from './views/preparation';
import type { FormCardData, RescheduleCardData } from './views/request';
import type { ReviewCardData } from './views/review';
import type { StatsCardData } from './views/stats';
import type { SummaryCardData } from './views/summary';
import type {
  ControlCardData,
  CheckpointCardData,
  EndCardData,
  ExtensionCardData,
  HandoffCardData,
  IncidentCardData,
  RestoredCardData,
  SnapshotCardData,
  StartCardData,
} from './views/window';

/** Each template in cards/ (cards/<kind>.json) and the one data shape that fills it. */
export interface CardDataByKind {
  form: FormCardData;
  reschedule: RescheduleCardData;
  summary: SummaryCardData;
  preparation: PreparationCardData;
  precheck: PrecheckCardData;
  'go-nogo': ApprovalNeededCardData;
  'decision-recorded': ApprovalRecordedCardData;
  announcement: AnnouncementCardData;
  reminder: ReminderCardData;
  blocked: BlockedCardData;
  snapshot: SnapshotCardData;
  start: StartCardData;
  control: ControlCardData;
  decision: CheckpointCardData;
  extension: ExtensionCardData;
  incident: IncidentCardData;
  handoff: HandoffCardData;
  restored: RestoredCardData;
  end: EndCardData;
  cancellation: CancellationCardData;
  help: HelpCardData;
  list: ListCardData;
  refusal: RefusalCardData;
  personal: PersonalCardData;
  stats: StatsCardData;
  review: ReviewCardData;
  drill: DrillCardData;
}

export type CardKind = keyof CardDataByKind;

export const CARD_KINDS: readonly CardKind[] = [
  'form',
  'reschedule',
  'summary',
  'preparation',
  'precheck',
  'go-nogo',
  'decision-recorded',
  'announcement',
  'reminder',
  'blocked',
  'snapshot',
  'start',
  'control',
  'decision',
  'extension',
  'incident',
  'handoff',
  'restored',
  'end',
  'cancellation',
  'help',
  'list',
  'refusal',
  'personal',
  'stats',
  'review',
  'drill',
];
