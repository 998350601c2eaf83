import { cardText, type CardJson } from '../harness/cards';
import type { PlaygroundDriver } from '../harness/driver';
import { noticeOf, type NoticeName } from '../harness/notices';
import { currentCard, type TranscriptMessage } from '../harness/transcript';
import type { E2eEnvironment, Scope } from '../harness/environment';
import type { ChangeUnderTest } from '../harness/changeFlow';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pollUntil, sleep } from '../harness/ports';

export interface ScenarioContext {
  env: E2eEnvironment;
  driver: PlaygroundDriver;
  /** Set by the scenario as soon as it knows its change, so that a failure report shows only its part. */
  scope: Scope;
}

export type Scenario = (context: ScenarioContext) => Promise<void>;

/**
 * Waits until the message shows `notice` (and `text`, when given) in place: the bot's update after a press
 * made on another copy of it (the 1:1 copy of a thread card, or the other way round).
 */
export async function shows(
  driver: PlaygroundDriver,
  message: TranscriptMessage,
  notice: NoticeName,
  text?: RegExp,
  timeoutMs = 20_000,
): Promise<CardJson> {
  return driver.transcript.waitFor(
    `message #${message.messageId} updated to the ${notice} card${text ? ` showing ${text}` : ''}`,
    () => {
      const card = currentCard(message);
      const fits = card && noticeOf(card) === notice && (!text || text.test(cardText(card)));
      return fits ? card : undefined;
    },
    timeoutMs,
  );
}

/** Waits until the message was updated in place (by the bot) after it had `versions` versions. */
export async function updatedSince(
  driver: PlaygroundDriver,
  message: TranscriptMessage,
  versions: number,
  timeoutMs = 20_000,
): Promise<CardJson> {
  return driver.transcript.waitFor(
    `message #${message.messageId} updated in place`,
    () =>
      message.versions.slice(versions).some((version) => version.source === 'update')
        ? currentCard(message)
        : undefined,
    timeoutMs,
  );
}

/** Time for a wrongly repeated post to show up before counting posts. */
export const SETTLE_MS = 3000;

/** Checks that each notice was posted exactly once about the change, and in this order. */
export function expectPostedOnceInOrder(change: ChangeUnderTest, notices: string[]): void {
  const posted = change.posts().map((post) => post.notice ?? 'unknown');
  const relevant = posted.filter((notice) => notices.includes(notice));
  if (JSON.stringify(relevant) !== JSON.stringify(notices)) {
    throw new Error(
      `${change.id}: expected each of these posted once, in this order:\n  ${notices.join(' → ')}\n` +
        `but the bot posted (all its posts about the change, in order):\n  ${posted.join(' → ')}`,
    );
  }
}

/**
 * Waits until no post arrived for `quietMs`: a kill then cannot land between a post and its record. Throws
 * when the bot is still posting after `timeoutMs`, rather than letting the caller go on as if it were quiet.
 */
export async function waitForQuiet(
  driver: PlaygroundDriver,
  quietMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietFor = 0;
  while (Date.now() < deadline) {
    const last = driver.transcript.botMessages().at(-1)?.versions.at(-1)?.seenAt ?? 0;
    quietFor = Date.now() - last;
    if (quietFor >= quietMs) return;
    await sleep(Math.min(quietMs - quietFor, Math.max(0, deadline - Date.now())));
  }
  throw new Error(
    `The bot did not stop posting for ${quietMs} ms within ${timeoutMs} ms (last post ${quietFor} ms ago): ` +
      'a kill now could land between a post and its record.',
  );
}

/**
 * The e-mails written for a change to DATA_DIR/outbox (no Graph configured), whose file names carry the
 * change id and the notice; waits up to `timeoutMs` for at least `atLeast` of them.
 */
export async function outboxMails(
  env: E2eEnvironment,
  changeId: string,
  notice: string,
  atLeast = 1,
  timeoutMs = 15_000,
): Promise<string[]> {
  const outbox = path.join(env.dir, 'data', 'outbox');
  const matching = async () =>
    (await fs.readdir(outbox).catch(() => [] as string[])).filter(
      (file) => file.startsWith(`${changeId}.`) && file.includes(`_${notice}_`) && file.endsWith('.eml'),
    );
  await pollUntil(async () => (await matching()).length >= atLeast, timeoutMs);
  return Promise.all((await matching()).map((file) => fs.readFile(path.join(outbox, file), 'utf8')));
}

/** The addresses of a mail's To header (folded over several lines). */
export function mailRecipients(mail: string): string[] {
  const header = /^To: ((?:.*\r?\n[ \t].*)*.*)$/m.exec(mail)?.[1] ?? '';
  return header.split(/[\s,]+/).filter((part) => part.includes('@'));
}
