import { cardSummary, type CardButton, type CardJson } from './cards';
import { BOT, KEYBOARD, PEOPLE, TEAM, type Role } from './people';
import { Transcript, type TranscriptMessage } from './transcript';
import { sleep } from './ports';

export interface PostedMessage {
  messageId: string;
  /** The thread the message opened (channel posts) or the chat it went to. */
  conversationId: string;
}

export type InvokeAnswer =
  | { kind: 'card'; card: CardJson; status: number }
  | { kind: 'message'; message: string; status: number }
  | { kind: 'error'; status: number; body: string };

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drives the Agents Playground headless, through the HTTP and WebSocket API its web UI uses (internal to
 * 0.2.28, which is why the package is pinned exactly). Typed messages come from the keyboard (the
 * implementer); card presses name the person who presses.
 */
export class PlaygroundDriver {
  readonly transcript = new Transcript(BOT.id);
  private readonly sockets: WebSocket[] = [];
  /** Messages and presses wait for it; `exclusive` closes it. */
  private gate: Promise<void> = Promise.resolve();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(readonly baseUrl: string) {}

  async connect(): Promise<void> {
    const ws = this.baseUrl.replace(/^http/, 'ws');
    await Promise.all([
      this.open(`${ws}/_ws_conversation/v1/conversations/stream`, (data) =>
        this.transcript.fromConversationStream(data),
      ),
      this.open(`${ws}/_ws/log/stream`, (data) => this.transcript.fromLogStream(data)),
    ]);
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }

  /**
   * Runs `work` while nobody types or presses anything: sends already under way finish first, new ones
   * wait until `work` is over (used to kill the bot at a moment when no press is being answered).
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    let open!: () => void;
    const previous = this.gate;
    this.gate = new Promise<void>((resolve) => (open = resolve));
    try {
      await previous;
      await Promise.allSettled([...this.inFlight]);
      return await work();
    } finally {
      open();
    }
  }

  /**
   * Types a message in a conversation (the team's General channel by default) as the keyboard user. In a
   * channel the bot hears only messages that @mention it, so `@change` is added as a real mention.
   */
  async say(text: string, conversationId: string = TEAM.id): Promise<PostedMessage> {
    const mention = `<at>${BOT.name}</at>`;
    const body = {
      from: { id: KEYBOARD.id },
      text: `${mention} ${text}`,
      textFormat: 'plain',
      mentions: [{ mentioned: { id: BOT.id }, text: mention }],
    };
    const answer = await this.post(
      `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      body,
    );
    if (answer.status !== 200)
      throw new Error(`The Playground refused the message "${text}": ${answer.status} ${answer.body}`);
    const parsed = JSON.parse(answer.body) as { messageId: string; postConversationId?: string };
    return { messageId: parsed.messageId, conversationId: parsed.postConversationId ?? conversationId };
  }

  /**
   * Presses an Action.Execute button as `who`: the Playground sends the bot an `adaptiveCard/action` invoke
   * from that person, with the button's data merged with `inputs` (what the person typed in the card).
   */
  async press(
    who: Role,
    message: TranscriptMessage,
    button: CardButton,
    inputs: Record<string, string> = {},
  ): Promise<InvokeAnswer> {
    return this.execute(who, message, button.verb, { ...button.data, ...inputs });
  }

  /** An Action.Execute invoke with any verb and data, as the Playground's UI would send it. */
  async execute(
    who: Role,
    message: Pick<TranscriptMessage, 'messageId' | 'conversationId'>,
    verb: string,
    data: Record<string, unknown>,
    trigger: 'manual' | 'automatic' = 'manual',
    /** Another channel account of the same person (the keyboard's, in the personal chat). */
    fromId: string = PEOPLE[who].id,
  ): Promise<InvokeAnswer> {
    const body = {
      name: 'adaptiveCard/action',
      conversation: { id: message.conversationId },
      from: { id: fromId },
      replyToId: message.messageId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    };
    const raw = await this.postWhileBotStarts(body);
    const answer = this.parseInvoke(raw);
    const shown =
      answer.kind === 'card'
        ? cardSummary(answer.card, 120)
        : answer.kind === 'message'
          ? answer.message
          : answer.body;
    this.transcript.note(
      `press ${PEOPLE[who].name}: ${verb} on #${message.messageId} ⇒ ${answer.kind} ${answer.status} ${shown}`,
    );
    // A refresh answers one person's own view; the message everyone sees stays as it is.
    if (answer.kind === 'card' && trigger === 'manual')
      this.transcript.fromInvokeAnswer(message.messageId, answer.card);
    return answer;
  }

  /** Action.Submit: arrives at the bot as a message with `value` and `replyToId`. */
  async submit(who: Role, message: PostedMessage, value: Record<string, unknown>): Promise<void> {
    const body = {
      conversation: { id: message.conversationId },
      from: { id: PEOPLE[who].id },
      replyToId: message.messageId,
      value,
    };
    const answer = await this.post('/_conversation/v1/submit', body);
    if (answer.status !== 200)
      throw new Error(`The Playground refused the submit: ${answer.status} ${answer.body}`);
  }

  /**
   * While the bot restarts, the Playground answers presses with 502 "connect ECONNREFUSED": the press never
   * reached the bot, so sending it again (as a user would press again) cannot apply it twice.
   */
  private async postWhileBotStarts(body: unknown): Promise<{ status: number; body: string }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const answer = await this.post('/_conversation/v1/invoke', body);
      const refused = answer.status === 502 && answer.body.includes('ECONNREFUSED');
      if (!refused || Date.now() > deadline) return answer;
      this.transcript.note('press refused: the bot is not listening (restarting?); pressing again in 0.5 s');
      await sleep(500);
    }
  }

  private parseInvoke(raw: { status: number; body: string }): InvokeAnswer {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.body);
    } catch {
      parsed = undefined;
    }
    if (raw.status === 200 && isObject(parsed)) {
      if (parsed.type === CARD && isObject(parsed.value))
        return { kind: 'card', card: parsed.value, status: raw.status };
      if (parsed.type === MESSAGE)
        return { kind: 'message', message: String(parsed.value), status: raw.status };
    }
    return { kind: 'error', status: raw.status, body: raw.body };
  }

  private async post(path: string, body: unknown): Promise<{ status: number; body: string }> {
    await this.gate;
    const sending = this.send(path, body);
    this.inFlight.add(sending);
    try {
      return await sending;
    } finally {
      this.inFlight.delete(sending);
    }
  }

  private async send(path: string, body: unknown): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return { status: response.status, body: await response.text() };
  }

  private open(url: string, onData: (data: unknown) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      this.sockets.push(socket);
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener(
        'error',
        () => reject(new Error(`Could not open the Playground stream ${url}.`)),
        { once: true },
      );
      socket.addEventListener('message', (event) => {
        try {
          onData(JSON.parse(String(event.data)));
        } catch {
          // A frame that is not JSON carries nothing the transcript needs.
        }
      });
    });
  }
}
