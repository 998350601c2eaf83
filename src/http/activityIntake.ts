import type { IncomingMessage } from 'node:http';
import type { IntakeBudget } from './intakeBudget';

/**
 * Reads the body of POST /api/messages straight from the socket. restify's bodyParser is not used here: its
 * gunzip stream has no 'error' listener (one bad gzip body stops the process, restify #1785), its size limit
 * counts compressed bytes, and it hands multipart bodies to formidable, which leaves temp files. Everything
 * here runs before the Bot Framework token check, so it accepts only what Teams sends: plain JSON.
 */

/** Teams activities are a few KB; a card with a full form stays far below this. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

type RefusalStatus = 400 | 408 | 413 | 415 | 503;

export type Intake =
  | { ok: true; activity: Record<string, unknown> }
  | { ok: false; status: RefusalStatus; reason: string; retryAfterSeconds?: number };

function refuse(status: RefusalStatus, reason: string, retryAfterSeconds?: number): Intake {
  return { ok: false, status, reason, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

export interface IntakeOptions {
  /** The body bytes and readers this process reads at once; absent: no cap (unit tests of the parsing). */
  budget?: IntakeBudget;
  /** Time the whole body has to arrive; absent: no deadline of its own. */
  deadlineMs?: number;
}

export type ReadResult = Buffer | 'too large' | 'aborted' | 'late';

/** `application/json`, with or without parameters such as `charset=utf-8`. */
function isJson(contentType: string | undefined): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json';
}

export function isIdentity(encoding: string | undefined): boolean {
  const value = (encoding ?? '').trim().toLowerCase();
  return value === '' || value === 'identity';
}

/**
 * Reads at most `limit` bytes; one byte more and the request is dropped without reading the rest. So is a body
 * that has not fully arrived by the deadline (a client that stalls after all but the last byte).
 */
export function readBounded(req: IncomingMessage, limit: number, deadlineMs?: number): Promise<ReadResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            req.pause();
            finish('late');
          }, deadlineMs);
    const finish = (result: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading: the rest of the body is never buffered. The answer is sent, then the socket closes.
        req.pause();
        finish('too large');
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks, size)));
    req.once('error', () => finish('aborted'));
    req.once('close', () => finish('aborted'));
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** The fields botbuilder reads before our code runs: a wrong type there would throw inside the adapter. */
export function activityShapeProblem(activity: unknown): string | undefined {
  if (!isObject(activity)) return 'the body is not a JSON object';
  if (!isText(activity.type, 64)) return '"type" must be a short string';
  if (!isText(activity.channelId, 64)) return '"channelId" must be a short string';
  if (!isText(activity.serviceUrl, 2048) || !/^https?:\/\/[^\s/]+/i.test(activity.serviceUrl))
    return '"serviceUrl" must be an http(s) URL';
  if (!isObject(activity.conversation) || !isText(activity.conversation.id, 1024))
    return '"conversation.id" must be a string';
  if (!isObject(activity.from) || !isText(activity.from.id, 1024)) return '"from.id" must be a string';
  if (activity.recipient !== undefined && !isObject(activity.recipient))
    return '"recipient" must be an object';
  for (const key of ['id', 'replyToId', 'name', 'text', 'locale', 'timestamp'] as const) {
    if (activity[key] !== undefined && activity[key] !== null && typeof activity[key] !== 'string')
      return `"${key}" must be a string`;
  }
  if (activity.channelData !== undefined && activity.channelData !== null && !isObject(activity.channelData))
    return '"channelData" must be an object';
  if (activity.entities !== undefined && activity.entities !== null && !Array.isArray(activity.entities))
    return '"entities" must be a list';
  if (
    activity.attachments !== undefined &&
    activity.attachments !== null &&
    !Array.isArray(activity.attachments)
  )
    return '"attachments" must be a list';
  return undefined;
}

export async function readActivity(
  req: IncomingMessage,
  limit = MAX_ACTIVITY_BYTES,
  options: IntakeOptions = {},
): Promise<Intake> {
  if (!isJson(req.headers['content-type']))
    return refuse(415, 'send the activity as Content-Type: application/json');
  if (!isIdentity(req.headers['content-encoding']))
    return refuse(415, 'compressed bodies are not accepted; send the activity uncompressed');
  const declared = Number(req.headers['content-length']);
  const hasLength = req.headers['content-length'] !== undefined && Number.isFinite(declared) && declared >= 0;
  if (hasLength && declared > limit) return refuse(413, `the activity is larger than ${limit} bytes`);
  // What this body may cost is reserved before its first byte is read: the budget is never overdrawn.
  const release = options.budget ? options.budget.reserve(hasLength ? declared : limit) : () => undefined;
  if (!release) return refuse(503, 'too many requests are being read right now; try again shortly', 5);
  let body: ReadResult;
  try {
    body = await readBounded(req, limit, options.deadlineMs);
  } finally {
    release();
  }
  if (body === 'too large') return refuse(413, `the activity is larger than ${limit} bytes`);
  if (body === 'aborted') return refuse(400, 'the request body was not received completely');
  if (body === 'late')
    return refuse(408, `the request body did not arrive within ${Math.round(options.deadlineMs! / 1000)} s`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return refuse(400, 'the body is not valid JSON');
  }
  const problem = activityShapeProblem(parsed);
  if (problem) return refuse(400, `not a Bot Framework activity: ${problem}`);
  return { ok: true, activity: parsed as Record<string, unknown> };
}
