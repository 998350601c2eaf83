import type { Change, OutboxEntry } from '../domain/change';

export type Clock = () => Date;

/** The part of pino the application uses; tests pass a silent one. */
export interface Logger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** Where a card went, so that it can be updated in place later. */
export interface Posted {
  conversationKey: string;
  activityId?: string;
  /** The conversation the message lives in (a thread, a 1:1 chat), to update it in place later. */
  conversationId?: string;
}

/** Posts a change's notice as a card in Teams. Implemented by the bot layer. */
export interface NoticePoster {
  post(change: Change, entry: OutboxEntry): Promise<Posted>;
}

/** Sends a change's notice by e-mail (Graph or the local .eml outbox). */
export interface Mailer {
  send(change: Change, entry: OutboxEntry): Promise<void>;
  /** A plain-text mail about the bot itself (not a change), e.g. a stored file that cannot be read. */
  sendToOperators?(mail: OperatorMail): Promise<void>;
  /** A mail to one person outside the audience lists: a subscription's confirmation, a subscriber's notice. */
  sendDirect?(mail: DirectMail): Promise<void>;
}

export interface DirectMail extends OperatorMail {
  /** Extra headers, such as RFC 8058's List-Unsubscribe and List-Unsubscribe-Post. */
  headers?: Record<string, string>;
}

/** Sends the entries meant for machines: a signed webhook, the window's Alertmanager silence (src/hooks). */
export interface MachineSender {
  send(change: Change, entry: OutboxEntry): Promise<{ silenceId?: string }>;
}

export interface OperatorMail {
  /** Stable for one event, so that a retry writes or sends the same message. */
  id: string;
  to: string[];
  subject: string;
  text: string;
}

/**
 * A delivery that did not go through.
 * - retryAfterMs: the far side asked to wait (429 Retry-After)
 * - unreachable: the conversation is gone or the bot was removed (403/404): retrying will not help
 * - permanent: any other error that retrying will not fix
 */
export class DeliveryFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'transient' | 'unreachable' | 'permanent',
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryFailure';
  }
}
