/**
 * A recording Bot Connector for tests: a small HTTP server on loopback that plays the Teams connector the bot
 * posts to (its `serviceUrl`). It answers the calls the bot makes, gives every new activity an id, and keeps
 * every request so that a test can assert what the bot posted, where, and in which order.
 *
 *   POST   /v3/conversations                                  new channel post (a new thread) → {id, activityId};
 *                                                             with `members` and no channel: a 1:1 chat → {id}
 *   POST   /v3/conversations/{conversationId}/activities      a post into a conversation or thread → {id}
 *   POST   /v3/conversations/{conversationId}/activities/{id} a reply to an activity → {id}
 *   PUT    /v3/conversations/{conversationId}/activities/{id} update a card in place → {id}
 *   DELETE /v3/conversations/{conversationId}/activities/{id} → 200
 *   anything else                                             → 404, recorded as `other`
 *
 * `failNext` makes the next matching calls fail (429 with Retry-After, 403, 500...) to test delivery errors.
 * `hang` makes it a connector that takes requests and never answers them, until `release`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ConnectorCallKind = 'createConversation' | 'send' | 'reply' | 'update' | 'delete' | 'other';

export interface ConnectorCall {
  kind: ConnectorCallKind;
  method: string;
  /** The path as sent, still URL-encoded. */
  path: string;
  /** Decoded conversation id from the path (`19:...@thread.tacv2;messageid=...` for a thread). */
  conversationId?: string;
  /** The activity id in the path: the one replied to (`reply`), updated (`update`) or deleted (`delete`). */
  activityId?: string;
  /** The parsed JSON body (for createConversation: the ConversationParameters). */
  body: Record<string, unknown>;
  /** The Authorization header, if any: in local mode the bot sends none. */
  authorization?: string;
  status: number;
  /** The id this connector gave the new activity (createConversation, send, reply). */
  createdActivityId?: string;
}

export interface ConnectorFailure {
  kind?: ConnectorCallKind;
  status: number;
  headers?: Record<string, string>;
  /** How many calls fail; 1 by default. */
  times?: number;
  /** Only calls this accepts fail (e.g. the 1:1 createConversation, not the channel post). */
  matches?: (call: ConnectorCall) => boolean;
}

export interface RecordingConnector {
  /** Use as the activities' serviceUrl. */
  readonly url: string;
  readonly calls: readonly ConnectorCall[];
  /** The activity a call carried (for createConversation, the one inside the parameters). */
  activityOf(call: ConnectorCall): Record<string, unknown>;
  /** Resolves with the first call (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(
    what: string,
    matches: (call: ConnectorCall) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorCall>;
  /** Resolves once `count` calls match. */
  waitForCount(
    what: string,
    count: number,
    matches: (call: ConnectorCall) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorCall[]>;
  failNext(failure: ConnectorFailure): void;
  /** From now on every request is read and held without an answer (a hanging connector). */
  hang(): void;
  /** Answers the held requests as usual (in arrival order) and stops holding new ones. */
  release(): void;
  /** Resolves once `count` requests are held unanswered. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** Answers GET .../members/{id or aadObjectId} (TeamsInfo.getMember) with this account. */
  addMember(member: { id: string; name: string; aadObjectId: string; email: string }): void;
  stop(): Promise<void>;
}

const MEMBER_PATH = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)\/?$/;

/**
 * A new activity in a conversation. botbuilder sends a proactive post as a reply to the id of its own
 * continuation activity (a random uuid), so `reply` and `send` both mean "posted into conversationId".
 */
export function isPost(call: ConnectorCall): boolean {
  return call.kind === 'send' || call.kind === 'reply';
}

const CONVERSATION_PATH = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

function kindOf(
  method: string,
  path: string,
): { kind: ConnectorCallKind; conversationId?: string; activityId?: string } {
  if (method === 'POST' && /^\/v3\/conversations\/?$/.test(path)) return { kind: 'createConversation' };
  const match = CONVERSATION_PATH.exec(path);
  if (!match) return { kind: 'other' };
  const conversationId = decodeURIComponent(match[1]!);
  const activityId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  if (method === 'POST' && activityId === undefined) return { kind: 'send', conversationId };
  if (method === 'POST') return { kind: 'reply', conversationId, activityId };
  if (method === 'PUT') return { kind: 'update', conversationId, activityId };
  if (method === 'DELETE') return { kind: 'delete', conversationId, activityId };
  return { kind: 'other', conversationId };
}

function readBody(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
      } catch {
        resolve({ unparsed: text });
      }
    });
  });
}

export async function startConnector(): Promise<RecordingConnector> {
  const calls: ConnectorCall[] = [];
  const failures: ConnectorFailure[] = [];
  const listeners = new Set<() => void>();
  const members = new Map<string, Record<string, unknown>>();
  let nextId = 1;
  let hanging = false;
  let held: (() => void)[] = [];

  const server = http.createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const method = req.method ?? 'GET';
      const body = await readBody(req);
      if (hanging) {
        await new Promise<void>((resolve) => {
          held.push(resolve);
          for (const listener of [...listeners]) listener();
        });
      }
      const { kind, conversationId, activityId } = kindOf(method, path);
      const call: ConnectorCall = {
        kind,
        method,
        path,
        ...(conversationId !== undefined ? { conversationId } : {}),
        ...(activityId !== undefined ? { activityId } : {}),
        body,
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        status: 200,
      };

      const failure = failures.find(
        (candidate) =>
          (candidate.kind === undefined || candidate.kind === kind) && (candidate.matches?.(call) ?? true),
      );
      let answer: unknown;
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        call.status = failure.status;
        for (const [name, value] of Object.entries(failure.headers ?? {})) res.setHeader(name, value);
        answer = { error: { code: 'TestFailure', message: `the test connector answered ${failure.status}` } };
      } else if (kind === 'createConversation') {
        const id = `activity-${nextId++}`;
        const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
        if (!channel && Array.isArray(body.members)) {
          // A 1:1 chat (members, no channel): Teams answers the chat's id; the card is sent into it next.
          const member = (body.members as { id?: string }[])[0]?.id ?? 'unknown';
          answer = { id: `a:personal-${member}` };
        } else {
          call.createdActivityId = id;
          answer = { id: `${channel ?? `conversation-${id}`};messageid=${id}`, activityId: id };
        }
      } else if (kind === 'send' || kind === 'reply') {
        const id = `activity-${nextId++}`;
        call.createdActivityId = id;
        answer = { id };
      } else if (kind === 'update') {
        answer = { id: activityId };
      } else if (kind === 'delete') {
        answer = undefined;
      } else if (method === 'GET' && members.has(decodeURIComponent(MEMBER_PATH.exec(path)?.[1] ?? ''))) {
        answer = members.get(decodeURIComponent(MEMBER_PATH.exec(path)![1]!));
      } else {
        call.status = 404;
        answer = {
          error: { code: 'NotFound', message: `the test connector does not serve ${method} ${path}` },
        };
      }

      calls.push(call);
      res.statusCode = call.status;
      if (answer === undefined) res.end();
      else {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(answer));
      }
      for (const listener of [...listeners]) listener();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function describeCalls(): string {
    if (calls.length === 0) return 'no calls';
    return calls.map((call) => `${call.method} ${decodeURIComponent(call.path)} → ${call.status}`).join('\n');
  }

  function waitForCount(
    what: string,
    count: number,
    matches: (call: ConnectorCall) => boolean,
    timeoutMs = 5_000,
  ): Promise<ConnectorCall[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = calls.filter(matches);
        if (found.length < count) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`The connector did not receive ${what} (${count}). It received:\n${describeCalls()}`),
        );
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    activityOf(call) {
      if (call.kind === 'createConversation') return (call.body.activity ?? {}) as Record<string, unknown>;
      return call.body;
    },
    waitFor: async (what, matches, timeoutMs) => (await waitForCount(what, 1, matches, timeoutMs))[0]!,
    waitForCount,
    failNext(failure) {
      failures.push({ ...failure });
    },
    hang() {
      hanging = true;
    },
    release() {
      hanging = false;
      const waiting = held;
      held = [];
      for (const answer of waiting) answer();
    },
    waitForHeld(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (held.length < count) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`The connector holds ${held.length} requests, not ${count}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    addMember(member) {
      const account = { ...member, userPrincipalName: member.email, userRole: 'user' };
      // Teams answers a member lookup by the Teams user id and by the Entra object id alike.
      members.set(member.id, account);
      members.set(member.aadObjectId, account);
    },
    stop() {
      hanging = false;
      held = [];
      return new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
