/** Test doubles for the delivery ports: a poster and a mailer that follow a script and record what they did. */
import { DeliveryFailure, type Mailer, type NoticePoster, type Posted } from '../../../src/app/ports';
import type { Change, OutboxEntry } from '../../../src/domain/change';

/** What the next call does: succeed, fail with this failure, throw something unexpected, or never answer. */
export type Step = 'ok' | DeliveryFailure | Error | 'hang';

export interface Delivered {
  key: string;
  notice: string;
  to: string;
  /** The fake clock when the call was made. */
  at: Date;
  activityId?: string;
  /** What the call did. */
  outcome: 'ok' | 'failed' | 'hang';
  /** Recipients, for mails. */
  recipients?: string[];
  /** The attempt number stored before the call (the claim). */
  attempt: number;
  /** The notice says it comes after its due time. */
  late: boolean;
}

abstract class Scripted {
  /** Steps for the next calls, in order; when empty, calls succeed. */
  readonly script: Step[] = [];
  readonly calls: Delivered[] = [];
  /** Runs inside each call, before it answers (e.g. to read the store as it is during the send). */
  during?: (change: Change, entry: OutboxEntry) => Promise<void>;

  constructor(protected readonly clock: () => Date) {}

  protected async run(change: Change, entry: OutboxEntry, activityId?: string): Promise<void> {
    await this.during?.(change, entry);
    const step = this.script.shift() ?? 'ok';
    const call: Delivered = {
      key: entry.key,
      notice: entry.effect.notice,
      to: entry.effect.to.kind,
      at: this.clock(),
      outcome: step === 'ok' ? 'ok' : step === 'hang' ? 'hang' : 'failed',
      attempt: entry.attempts,
      late: entry.effect.late === true,
      ...(entry.effect.to.kind === 'mail' ? { recipients: entry.effect.to.to } : {}),
      ...(step === 'ok' && activityId ? { activityId } : {}),
    };
    this.calls.push(call);
    if (step === 'hang') await new Promise<never>(() => undefined);
    if (step !== 'ok') throw step;
  }

  /** The calls that went through, as "notice→to" strings. */
  delivered(): string[] {
    return this.calls.filter((call) => call.outcome === 'ok').map((call) => `${call.notice}→${call.to}`);
  }
}

export class ScriptedPoster extends Scripted implements NoticePoster {
  private next = 1;

  async post(change: Change, entry: OutboxEntry): Promise<Posted> {
    const activityId = `activity-${this.next++}`;
    await this.run(change, entry, activityId);
    return { conversationKey: 'channel:19:test@thread.tacv2', activityId };
  }
}

export class ScriptedMailer extends Scripted implements Mailer {
  async send(change: Change, entry: OutboxEntry): Promise<void> {
    await this.run(change, entry);
  }
}

export const throttled = (retryAfterMs?: number) =>
  new DeliveryFailure('throttled (429)', 'transient', retryAfterMs);
export const serverError = () => new DeliveryFailure('connector error 502', 'transient');
export const gone = () => new DeliveryFailure('the bot cannot reach this conversation (403)', 'unreachable');
export const refused = () => new DeliveryFailure('refused (400)', 'permanent');
