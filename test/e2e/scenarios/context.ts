import type { PlaygroundDriver } from '../harness/driver';
import type { E2eEnvironment, Scope } from '../harness/environment';
import type { ChangeUnderTest } from '../harness/changeFlow';
import { sleep } from '../harness/ports';

export interface ScenarioContext {
  env: E2eEnvironment;
  driver: PlaygroundDriver;
  /** Set by the scenario as soon as it knows its change, so that a failure report shows only its part. */
  scope: Scope;
}

export type Scenario = (context: ScenarioContext) => Promise<void>;

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

/** Waits until no post arrived for `quietMs`: a kill then cannot land between a post and its record. */
export async function waitForQuiet(
  driver: PlaygroundDriver,
  quietMs: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const last = driver.transcript.botMessages().at(-1)?.versions.at(-1)?.seenAt ?? 0;
    const quietFor = Date.now() - last;
    if (quietFor >= quietMs) return;
    await sleep(quietMs - quietFor);
  }
}
