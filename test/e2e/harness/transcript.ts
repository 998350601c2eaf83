import { EventEmitter } from 'node:events';
import { cardSummary, type CardJson } from './cards';

export interface MessageVersion {
  /** When this harness saw it (ms since epoch). */
  seenAt: number;
  /** create: first post; update: the bot edited it; invoke: the card a press was answered with. */
  source: 'create' | 'update' | 'invoke';
  text?: string;
  cards: CardJson[];
}

export interface TranscriptMessage {
  messageId: string;
  /** Where it lives: a channel thread (`<team id>;messageid=<root id>`) or a chat. */
  conversationId: string;
  /** Channel account id of the author (the bot's or a user's). */
  from: string;
  /** The Playground's creation time (its message ids are increasing creation times too). */
  createdAt: number;
  versions: MessageVersion[];
}

export interface FoundCard {
  message: TranscriptMessage;
  card: CardJson;
}

const CARD = 'application/vnd.microsoft.card.adaptive';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cardsIn(attachments: unknown): CardJson[] {
  if (!Array.isArray(attachments)) return [];
  return attachments
    .filter(
      (attachment) => isObject(attachment) && attachment.contentType === CARD && isObject(attachment.content),
    )
    .map((attachment) => (attachment as { content: CardJson }).content);
}

export function latest(message: TranscriptMessage): MessageVersion {
  return message.versions[message.versions.length - 1]!;
}

/** The card the message shows now (the first one, as the bot posts one card per message). */
export function currentCard(message: TranscriptMessage): CardJson | undefined {
  return latest(message).cards[0];
}

function numericId(id: string): number {
  return /^\d+$/.test(id) ? Number(id) : Number.MAX_SAFE_INTEGER;
}

/**
 * Everything that happened in the Playground while the tests ran, fed by its two WebSocket streams: the
 * conversation stream (createMessage / updateMessage, what the UI shows) and the log stream (every activity
 * in and out, also in chats the UI does not show). Waiting helpers resolve as soon as a match arrives.
 */
export class Transcript {
  private readonly byId = new Map<string, TranscriptMessage>();
  private readonly lines: string[] = [];
  private readonly seenLogIds = new Set<string>();
  /** The member of each 1:1 chat the bot opened (from its createConversation call). */
  private readonly owners = new Map<string, string>();
  private readonly changed = new EventEmitter();

  constructor(private readonly botId: string) {
    this.changed.setMaxListeners(0);
  }

  /** Messages in the order the Playground created them. */
  messages(filter: (message: TranscriptMessage) => boolean = () => true): TranscriptMessage[] {
    return [...this.byId.values()]
      .filter(filter)
      .sort((a, b) => numericId(a.messageId) - numericId(b.messageId) || a.createdAt - b.createdAt);
  }

  botMessages(filter: (message: TranscriptMessage) => boolean = () => true): TranscriptMessage[] {
    return this.messages((message) => message.from === this.botId && filter(message));
  }

  message(messageId: string): TranscriptMessage | undefined {
    return this.byId.get(messageId);
  }

  /** The account the bot opened a 1:1 chat with, for a conversation id of such a chat. */
  chatOwner(conversationId: string): string | undefined {
    return this.owners.get(conversationId);
  }

  /** Readable lines: what arrived, what was pressed, what the bot answered. */
  text(filter: (line: string) => boolean = () => true): string {
    return this.lines.filter(filter).join('\n');
  }

  note(line: string): void {
    this.lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
    this.changed.emit('change');
  }

  /** A conversation-stream event (`createMessage` / `updateMessage`). */
  fromConversationStream(event: unknown): void {
    if (!isObject(event) || !isObject(event.message)) return;
    const message = event.message as Record<string, unknown>;
    const messageId = String(message.messageId ?? '');
    const from = isObject(message.from) ? String(message.from.id) : '?';
    const conversationId = String(message.postConversationId ?? event.actionConversationId ?? '');
    const content = {
      text: typeof message.text === 'string' ? message.text : undefined,
      cards: cardsIn(message.attachments),
    };
    const createdAt = typeof message.timestamp === 'number' ? message.timestamp : Date.now();
    if (event.action === 'createMessage')
      this.record(messageId, conversationId, from, createdAt, 'create', content);
    if (event.action === 'updateMessage')
      this.record(messageId, conversationId, from, createdAt, 'update', content);
  }

  /** A log-stream entry: bot posts and updates in any conversation, and what users sent the bot. */
  fromLogStream(event: unknown): void {
    if (!isObject(event) || !isObject(event.log)) return;
    const log = event.log as Record<string, unknown>;
    const id = String(log.id ?? '');
    if (log.type !== 'bot' || this.seenLogIds.has(id)) return;
    this.seenLogIds.add(id);
    const request = isObject(log.request) && isObject(log.request.body) ? log.request.body : {};
    const response = isObject(log.response) ? log.response : {};
    const body = isObject(response.body) ? response.body : {};
    const at = typeof log.timestamp === 'number' ? log.timestamp : Date.now();
    const conversation = isObject(request.conversation) ? String(request.conversation.id) : undefined;

    if (log.from === 'User Application') {
      if (log.activityName === 'createConversation' && !body.activityId && body.id) {
        // A 1:1 chat the bot opened: its card follows as a message into it, from one member.
        const member = Array.isArray(request.members) ? (request.members[0] as unknown) : undefined;
        if (isObject(member) && typeof member.id === 'string') this.owners.set(String(body.id), member.id);
        return;
      }
      if (log.activityName === 'createConversation' && isObject(request.activity)) {
        const activity = request.activity;
        const content = { text: activity.text as string | undefined, cards: cardsIn(activity.attachments) };
        if (body.activityId) {
          this.record(String(body.activityId), String(body.id), this.botId, at, 'create', content);
        }
        return;
      }
      if (log.activityName !== 'message' || !body.id) return;
      const content = { text: request.text as string | undefined, cards: cardsIn(request.attachments) };
      const source = response.statusCode === 201 ? 'create' : 'update';
      this.record(
        String(body.id),
        conversation ?? String(log.conversationId ?? ''),
        this.botId,
        at,
        source,
        content,
      );
      return;
    }
    // Towards the bot: a typed message, a press, and what the bot answered.
    const who = isObject(request.from) ? String(request.from.name ?? request.from.id) : '?';
    const value =
      isObject(request.value) && isObject(request.value.action) ? request.value.action : undefined;
    const what = value
      ? `pressed ${String(value.verb)} ${JSON.stringify(value.data ?? {})}`
      : `${String(request.type)} ${JSON.stringify(request.text ?? '')}`;
    const answer =
      isObject(body.value) && !Array.isArray(body.value) ? cardSummary(body.value as CardJson, 100) : '';
    this.note(
      `→ bot  ${who} ${what} in ${conversation ?? '?'} ⇒ ${String(response.statusCode ?? '')} ${answer || JSON.stringify(body).slice(0, 160)}`,
    );
  }

  /** The card a press was answered with: the Playground shows it in place but sends no update event. */
  fromInvokeAnswer(messageId: string, card: CardJson): void {
    const message = this.byId.get(messageId);
    if (!message) return;
    this.record(messageId, message.conversationId, message.from, message.createdAt, 'invoke', {
      cards: [card],
    });
  }

  /** Resolves with the first non-undefined result of `find`, checked now and after every new event. */
  waitFor<T>(description: string, find: () => T | undefined, timeoutMs: number): Promise<T> {
    const now = find();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let found: T | undefined;
        try {
          found = find();
        } catch (error) {
          finish();
          reject(error);
          return;
        }
        if (found !== undefined) {
          finish();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${description}.`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.changed.off('change', check);
      };
      this.changed.on('change', check);
    });
  }

  /** The first bot message (in creation order) whose current card matches. */
  waitForCard(
    description: string,
    predicate: (card: CardJson, message: TranscriptMessage) => boolean,
    timeoutMs: number,
  ): Promise<FoundCard> {
    return this.waitFor(
      description,
      () => {
        for (const message of this.botMessages()) {
          const card = currentCard(message);
          if (card && predicate(card, message)) return { message, card };
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  private record(
    messageId: string,
    conversationId: string,
    from: string,
    createdAt: number,
    source: MessageVersion['source'],
    content: { text?: string; cards: CardJson[] },
  ): void {
    if (!messageId) return;
    const version: MessageVersion = { seenAt: Date.now(), source, ...content };
    const known = this.byId.get(messageId);
    if (!known) {
      this.byId.set(messageId, { messageId, conversationId, from, createdAt, versions: [version] });
      this.note(
        `${from === this.botId ? 'bot  ' : 'user '} ${source} #${messageId} in ${conversationId}: ${describe(version)}`,
      );
      return;
    }
    // Both streams report the same posts and edits: keep a version only when the content changed.
    if (JSON.stringify(contentOf(latest(known))) === JSON.stringify(contentOf(version))) return;
    known.versions.push(version);
    this.note(`${from === this.botId ? 'bot  ' : 'user '} ${source} #${messageId}: ${describe(version)}`);
  }
}

function contentOf(version: MessageVersion) {
  return { text: version.text ?? '', cards: version.cards };
}

function describe(version: MessageVersion): string {
  const card = version.cards[0];
  if (card) return `[card] ${cardSummary(card)}`;
  return JSON.stringify(version.text ?? '');
}
