import { DateTime } from 'luxon';
import { button, cardText, inputIds, type CardJson } from './cards';
import type { InvokeAnswer, PlaygroundDriver } from './driver';
import { changeIdOf, noticeOf, type NoticeName } from './notices';
import { KEYBOARD, PEOPLE, TEAM, type Role } from './people';
import { currentCard, type TranscriptMessage } from './transcript';

/**
 * Whether the harness plays the Universal Actions refresh Teams would send for a card whose `refresh` names
 * the viewer (`E2E_REFRESH=emulate`). Off by default and in `npm run test:e2e`: a Teams channel never sends it
 * (OfficeDev/Microsoft-Teams-Samples#1246) and the Playground never does, so every press is made on a button
 * the un-refreshed message shows.
 */
export const REFRESH_EMULATED = process.env.E2E_REFRESH === 'emulate';

/** The process time zone of process/e2e-fast.process.json: form dates and times are local to it. */
export const ZONE = 'Europe/Zurich';

/** The new-change form's input ids, from the Contract. */
export const FORM_INPUTS = [
  'title',
  'description',
  'startDate',
  'startTime',
  'endDate',
  'endTime',
  'downtime',
  'tests',
  'rollback',
  'audience',
  'expedited',
] as const;

export interface MaintenanceWindow {
  start: DateTime;
  end: DateTime;
}

/**
 * A window on the first whole minute at least `leadSeconds` from now (the form has minute precision), so
 * with the fast process (lead time 60 s) and SOON it starts 65-125 s after creation and the life of a
 * change takes a few minutes.
 */
export function windowFromNow(leadSeconds: number, minutes: number): MaintenanceWindow {
  const earliest = DateTime.now().setZone(ZONE).plus({ seconds: leadSeconds });
  let start = earliest.startOf('minute');
  if (start < earliest) start = start.plus({ minutes: 1 });
  return { start, end: start.plus({ minutes }) };
}

/** Lead time (60 s) and a few seconds for the press to reach the bot on a busy machine. */
export const SOON = 65;

/** A one-minute window starting as soon as the fast process allows. */
export const soonWindow = (): MaintenanceWindow => windowFromNow(SOON, 1);

export function windowInputs(window: MaintenanceWindow): Record<string, string> {
  return {
    startDate: window.start.toISODate()!,
    startTime: window.start.toFormat('HH:mm'),
    endDate: window.end.toISODate()!,
    endTime: window.end.toFormat('HH:mm'),
  };
}

export const VALIDATION_TESTS = ['Log in as a student', 'Open the course "Welcome"'];

/** A complete, valid form; `overrides` replaces single fields (to make one of them wrong, say). */
export function formInputs(
  title: string,
  window: MaintenanceWindow,
  overrides: Partial<Record<(typeof FORM_INPUTS)[number] | 'service', string>> = {},
): Record<string, string> {
  return {
    // The form's service choice (shown when the process file has several services; ignored-safe with one).
    service: 'ISC Learn Platform',
    title,
    description: 'Moodle 4.4 → 4.5 on Hannibal, with its plugins',
    ...windowInputs(window),
    downtime: '1',
    tests: VALIDATION_TESTS.join('\n'),
    rollback: 'Restore the data snapshot taken before the window',
    audience: 'teachers@isc.example.org, students@isc.example.org',
    expedited: 'false',
    ...overrides,
  };
}

export interface Post {
  message: TranscriptMessage;
  /** What the message was when the bot posted it (later presses may turn it into something else). */
  notice: NoticeName | undefined;
}

/** The new-change form the bot answered `@change new` with, in that message's thread. */
export async function openForm(
  driver: PlaygroundDriver,
  conversationId: string = TEAM.id,
): Promise<{ message: TranscriptMessage; card: CardJson }> {
  const typed = await driver.say('new', conversationId);
  const form = await driver.transcript.waitForCard(
    `the new-change form in reply to "@change new" (thread ${typed.conversationId})`,
    (card, message) => message.conversationId === typed.conversationId && noticeOf(card) === 'form',
    20_000,
  );
  const missing = FORM_INPUTS.filter((id) => !inputIds(form.card).includes(id));
  if (missing.length > 0)
    throw new Error(`The new-change form lacks the Contract inputs ${missing.join(', ')}.`);
  return form;
}

/**
 * One change as the people in the Playground live it: created through the form, then followed through
 * the cards the bot posts about it and the buttons they press.
 */
export class ChangeUnderTest {
  private constructor(
    private readonly driver: PlaygroundDriver,
    readonly id: string,
    readonly title: string,
    /** The card the form turned into when it was submitted (the summary of the new change). */
    readonly created: CardJson,
  ) {}

  /**
   * `@change new` in the channel, the form filled as the implementer and submitted. The window is asked
   * for only then, so that it starts as soon as the process allows, counted from the submission.
   */
  static async create(
    driver: PlaygroundDriver,
    title: string,
    window: () => MaintenanceWindow,
    overrides: Parameters<typeof formInputs>[2] = {},
    /** Where `@change new` is typed: the team channel by default, or a chat. */
    conversationId: string = TEAM.id,
  ): Promise<ChangeUnderTest> {
    const form = await openForm(driver, conversationId);
    const create = button(form.card, 'change.create')!;
    const data = { ...create.data, ...formInputs(title, window(), overrides) };
    // In the personal chat only its member (the keyboard's account) can press the form's button.
    const answer =
      conversationId === TEAM.id
        ? await driver.press('implementer', form.message, create, formInputs(title, window(), overrides))
        : await driver.execute('implementer', form.message, create.verb, data, 'manual', KEYBOARD.id);
    if (answer.kind !== 'card') throw new Error(`Submitting the form was answered with ${describe(answer)}.`);
    const id = changeIdOf(answer.card);
    if (!id || noticeOf(answer.card) === 'form') {
      throw new Error(`The form was refused instead of creating "${title}":\n${cardText(answer.card)}`);
    }
    return new ChangeUnderTest(driver, id, title, answer.card);
  }

  /** What the bot posted about this change in the team channel, in the order the Playground received it. */
  posts(): Post[] {
    return this.messagesAbout((message) => message.conversationId.startsWith(TEAM.id));
  }

  /** The 1:1 copies the bot sent `who` about this change (their own chat with the bot). */
  personalPosts(who: Role): Post[] {
    const accounts = accountsOf(who);
    return this.messagesAbout((message) => {
      const owner = this.driver.transcript.chatOwner(message.conversationId);
      return owner !== undefined && accounts.includes(owner);
    });
  }

  private messagesAbout(where: (message: TranscriptMessage) => boolean): Post[] {
    return this.driver.transcript
      .botMessages((message) => {
        const first = message.versions[0]?.cards[0];
        return first !== undefined && changeIdOf(first) === this.id && where(message);
      })
      .map((message) => ({ message, notice: noticeOf(message.versions[0]!.cards[0]!) }));
  }

  /** The 1:1 copy of the `notice` card the bot sent `who` (posted after `after`, when given). */
  async waitForPersonalCopy(
    who: Role,
    notice: NoticeName,
    timeoutMs: number,
    after?: TranscriptMessage,
  ): Promise<{ message: TranscriptMessage; card: CardJson }> {
    const { message } = await this.driver.transcript.waitFor(
      `${this.id}: the 1:1 copy of the ${notice} card in ${PEOPLE[who].name}'s chat with the bot`,
      () =>
        this.personalPosts(who).find(
          (post) =>
            post.notice === notice && (!after || Number(post.message.messageId) > Number(after.messageId)),
        ),
      timeoutMs,
    );
    return { message, card: currentCard(message)! };
  }

  postsOf(notice: NoticeName): Post[] {
    return this.posts().filter((post) => post.notice === notice);
  }

  /** The first `notice` card about this change, or the first one posted after `after`. */
  async waitForPost(
    notice: NoticeName,
    timeoutMs: number,
    after?: TranscriptMessage,
  ): Promise<{ message: TranscriptMessage; card: CardJson }> {
    const { message } = await this.driver.transcript.waitFor(
      `${this.id}: the ${notice} card${after ? ` posted after #${after.messageId}` : ''}`,
      () =>
        this.postsOf(notice).find(
          (post) => !after || Number(post.message.messageId) > Number(after.messageId),
        ),
      timeoutMs,
    );
    return { message, card: currentCard(message)! };
  }

  /**
   * What `who` sees of the message. The Playground 0.2.28 does not do user-specific views (it logs "User
   * specific view is not supported yet") and a Teams channel sends no refresh either: the message as posted.
   * With `E2E_REFRESH=emulate`, when the card's `refresh` names this person the harness sends the automatic
   * refresh invoke Teams would send in a group chat, and shows the card the bot answers.
   */
  async viewOf(who: Role, message: TranscriptMessage): Promise<CardJson | undefined> {
    const card = currentCard(message);
    if (!REFRESH_EMULATED) return card;
    const refresh = card?.refresh as
      { action: { verb: string; data: Record<string, unknown> }; userIds: string[] } | undefined;
    const ids = accountsOf(who);
    if (!refresh || !ids.some((id) => refresh.userIds.includes(id))) return card;
    const answer = await this.driver.execute(
      who,
      message,
      refresh.action.verb,
      refresh.action.data,
      'automatic',
    );
    if (answer.kind !== 'card')
      throw new Error(`${this.id}: the refresh for ${who} was answered with ${describe(answer)}`);
    return answer.card;
  }

  /** Presses `verb` on the card the message shows now (its data carries the current revision). */
  async press(
    who: Role,
    message: TranscriptMessage,
    verb: string,
    inputs: Record<string, string> = {},
  ): Promise<InvokeAnswer> {
    const card = await this.viewOf(who, message);
    const found = card && button(card, verb);
    if (!found) {
      throw new Error(
        `${this.id}: message #${message.messageId} offers no "${verb}" button; it shows:\n${card ? cardText(card) : '(no card)'}`,
      );
    }
    const missing = Object.keys(inputs).filter((id) => !found.inputIds.includes(id));
    if (missing.length > 0) {
      throw new Error(`${this.id}: the "${verb}" button does not send the inputs ${missing.join(', ')}.`);
    }
    // In a 1:1 chat only its member can press: the account the bot opened it with.
    const owner = this.driver.transcript.chatOwner(message.conversationId);
    if (owner !== undefined && !accountsOf(who).includes(owner)) {
      throw new Error(`${this.id}: ${PEOPLE[who].name} cannot press in the 1:1 chat of ${owner}.`);
    }
    return this.driver.execute(
      who,
      message,
      found.verb,
      { ...found.data, ...inputs },
      'manual',
      owner ?? PEOPLE[who].id,
    );
  }

  /** Presses and expects the press to be taken: answered with a card that is not a refusal. */
  async pressAccepted(
    who: Role,
    message: TranscriptMessage,
    verb: string,
    inputs: Record<string, string> = {},
  ): Promise<CardJson> {
    const answer = await this.press(who, message, verb, inputs);
    if (answer.kind !== 'card' || noticeOf(answer.card) === 'refusal') {
      throw new Error(`${this.id}: pressing "${verb}" as ${who} was not taken: ${describe(answer)}`);
    }
    return answer.card;
  }
}

/** The channel accounts of a person: the implementer also types from the keyboard's. */
function accountsOf(who: Role): string[] {
  return who === 'implementer' ? [PEOPLE[who].id, KEYBOARD.id] : [PEOPLE[who].id];
}

export function describe(answer: InvokeAnswer): string {
  if (answer.kind === 'card') return `a card:\n${cardText(answer.card)}`;
  if (answer.kind === 'message') return `the message "${answer.message}"`;
  return `HTTP ${answer.status}: ${answer.body.slice(0, 500)}`;
}
