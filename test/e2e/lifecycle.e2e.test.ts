/**
 * The change bot end to end, through the Microsoft 365 Agents Playground, as five people in a team
 * channel: the built bot (as `npm start` runs it) with a two-service process file
 * (process/e2e-two-services.process.json: ISC Learn in minutes, and ISC Wiki on the same host) and a tick every
 * second. The scenarios run at the same time, each on its own change, against one bot and one Playground;
 * one of them kills the bot with SIGKILL mid-way, which the others live through too.
 *
 * Run with `npm run test:e2e` (scripts/e2e-run.sh). A failure prints that scenario's transcript, the
 * Playground's events recording and the bot's log tail; everything is also kept in test-results/e2e/.
 */
import { REFRESH_EMULATED } from './harness/changeFlow';
import { startEnvironment, TWO_SERVICES_PROCESS_FILE, type E2eEnvironment } from './harness/environment';
import { crashAndRestart } from './scenarios/crashRestart';
import { badFormInputs } from './scenarios/formErrors';
import { happyPath } from './scenarios/happyPath';
import { incidentThenRestored } from './scenarios/incidentRestored';
import { nogoThenReschedule } from './scenarios/nogoReschedule';
import { nonApproverRefused } from './scenarios/nonApprover';
import { createdInPersonalChat } from './scenarios/personalChat';
import { problemThenSolved } from './scenarios/problemSolved';
import type { Scenario, ScenarioContext } from './scenarios/context';
import { secondService } from './scenarios/secondService';
import { troubleInTheWindow } from './scenarios/trouble';

const ALL_SCENARIOS: Record<string, Scenario> = {
  'happy path: form, every milestone once and in order, pre-check and GO from the 1:1 chat, snapshot from the 1:1 chat, start, Done, end notice':
    happyPath,
  'NOGO with a reason, reschedule, GO': nogoThenReschedule,
  "a non-approver's GO is refused and the card stays unchanged": nonApproverRefused,
  'trouble: problem, decision, extend from the 1:1 chat, decision again, incident, restore failed from the 1:1 chat, hand-off':
    troubleInTheWindow,
  'incident on the control card, Restored from the 1:1 chat: the channel post shows it, the restored notice goes out':
    incidentThenRestored,
  'Problem with ticks, then Solved on the decision card: the end notice lists the ticks as pressed':
    problemThenSolved,
  "created in the implementer's personal chat: the thread is in the team channel, GO there":
    createdInPersonalChat,
  'SIGKILL and restart mid-lifecycle: nothing lost, nothing repeated': crashAndRestart,
  'each bad form input is answered in the card': badFormInputs,
  "a change for the second service: its checklist, only its approver's GO, its audience mailed":
    secondService,
};

/** `E2E_SCENARIOS=happy,trouble` runs only the scenarios whose names contain one of these words. */
const only = (process.env.E2E_SCENARIOS ?? '').split(',').filter((word) => word.trim() !== '');
const SCENARIOS = Object.fromEntries(
  Object.entries(ALL_SCENARIOS).filter(
    ([name]) => only.length === 0 || only.some((word) => name.includes(word.trim())),
  ),
);

let env: E2eEnvironment | undefined;
/** Each scenario's outcome: undefined when it passed, else the error with its report. */
const outcomes = new Map<string, Promise<Error | undefined>>();

async function run(name: string, scenario: Scenario, context: ScenarioContext): Promise<Error | undefined> {
  try {
    await scenario(context);
    return undefined;
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    const report = await context.env
      .report(context.scope)
      .catch((reportError: unknown) => String(reportError));
    failure.message = `${name}\n${failure.message}\n\n${report}`;
    return failure;
  }
}

beforeAll(async () => {
  env = await startEnvironment({ processFile: TWO_SERVICES_PROCESS_FILE });
  console.log(`e2e: network ${process.env.E2E_NETWORK ?? 'not isolated (run through npm run test:e2e)'}`);
  console.log(
    `e2e: refresh ${REFRESH_EMULATED ? 'emulated by the harness (E2E_REFRESH=emulate)' : 'never sent, as in a Teams channel'}`,
  );
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    outcomes.set(name, run(name, scenario, { env, driver: env.driver, scope: {} }));
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(outcomes.values());
  if (env) {
    const saved = await env.saveArtifacts('lifecycle');
    console.log(`e2e: transcript, events recording and logs saved in ${saved}`);
    await env.stop();
  }
}, 60_000);

test.each(Object.keys(SCENARIOS))(
  '%s',
  async (name) => {
    const outcome = outcomes.get(name);
    if (!outcome) throw new Error('The environment did not start; see the error of beforeAll.');
    const failure = await outcome;
    if (failure) throw failure;
  },
  9 * 60_000,
);
