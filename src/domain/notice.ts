import type { Language } from '../i18n/languages';
/**
 * The built-in notices: each is sent by one step (src/domain/steps/), which says its card, whom it asks and
 * its label; the compiler holds the steps to this list. Stored in outboxes and posted-card records, so the
 * names stay (steps/storedNames.ts maps `goNoGo`, `decisionRecorded` and `decision` to the code's words).
 */
export type NoticeKind =
  | 'created'
  | 'preparation'
  | 'precheck'
  | 'precheckRecorded'
  | 'goNoGo'
  | 'decisionRecorded'
  | 'nogo'
  | 'announcement'
  | 'blocked'
  | 'reminder'
  | 'snapshot'
  | 'start'
  | 'control'
  | 'decision'
  | 'extension'
  | 'incident'
  | 'handoff'
  | 'restored'
  | 'end'
  | 'cancellation'
  | 'rescheduled'
  | 'review';

/**
 * Who receives a notice:
 * - thread: a reply in the change's thread in the team channel
 * - channel: a new post in the team channel, for everyone to see
 * - approvers / implementer: cards those people act on
 * - mail: an e-mail to the listed addresses
 * - subscribers: an e-mail to each confirmed subscriber of the status page following the service, one by one
 *   when it is delivered (so that an unsubscribe before then is honoured and no address is copied here)
 * - webhook: a signed POST to one endpoint of the process file's `webhooks`
 * - silence: the service's Alertmanager silence for the window, created, extended or expired
 */
export type Recipient =
  | { kind: 'thread' }
  | { kind: 'channel' }
  | { kind: 'approvers' }
  | { kind: 'implementer' }
  /** A 1:1 message to one person a notice asks to act (besides the post that @mentions them). */
  | { kind: 'personal'; aadObjectId: string; name: string; email?: string }
  /** `language`: the readers' language, when the process file names its public languages. */
  | { kind: 'mail'; to: string[]; calendar?: 'request' | 'cancel'; language?: Language }
  | { kind: 'subscribers' }
  | { kind: 'webhook'; url: string; event: string }
  | { kind: 'silence'; action: SilenceAction };

/** What a notice does to the window's Alertmanager silence. */
export type SilenceAction = 'create' | 'extend' | 'expire';

export interface Effect {
  notice: NoticeKind;
  to: Recipient;
  /** Posted after its due time: the card says so. */
  late?: boolean;
}

/** A delivery waiting in, or gone through, the change's outbox. */
export interface OutboxEntry {
  /** Unique per change: `<revision>:<notice>:<recipient>`; the same key is never delivered twice. */
  key: string;
  effect: Effect;
  /** Revision of the change when the effect was produced: the card shows that state. */
  revision: number;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  createdAt: string;
  /** When the first attempt was made: passing failures are retried for a time budget counted from here. */
  firstAttemptAt?: string;
  sentAt?: string;
  /** Id the connector gave the posted activity, for updates in place. */
  activityId?: string;
  /** Id Alertmanager gave the silence this entry created or extended; the next extend or expire names it. */
  silenceId?: string;
  lastError?: string;
  nextAttemptAt?: string;
}

/**
 * A card the bot posted, so that it can be updated in place after a press: the post in the thread or the
 * channel and each 1:1 copy of it (`conversationKey` `personal:<chat id>`), which share notice and revision.
 */
export interface PostedCard {
  conversationKey: string;
  activityId: string;
  notice: NoticeKind;
  revision: number;
  /** The conversation the message lives in (`<channel>;messageid=<root>`, a chat id); absent in old records. */
  conversationId?: string;
}
