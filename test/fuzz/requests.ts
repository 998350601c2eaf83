/**
 * Seeded generators of hostile requests to POST /api/messages. One seed gives one sequence of requests, so
 * that a failing run is replayed with FUZZ_SEED=<seed>.
 */

import { seededRandom } from '../store/support/seededRandom';

export type Random = () => number;

/** The crash test's seeded PRNG (mulberry32): inputs replay exactly from the printed seed. */
export const seeded: (seed: number) => Random = seededRandom;

export interface People {
  approver: { id: string; aadObjectId: string; name: string };
  implementer: { id: string; aadObjectId: string; name: string };
}

export interface FuzzRequest {
  kind: string;
  headers: Record<string, string>;
  body: Buffer;
}

const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

/** Text that has broken chat bots before: RTL marks, NUL, markdown, templating, CR/LF, emoji, long words. */
const NASTY = [
  '\u202eevil\u202c',
  '\u0000',
  '\r\n',
  '\n\nBcc: x@attacker.example',
  '${title}',
  '${$root.title}',
  '{{DATE(2026-01-01T00:00:00Z, SHORT)}}',
  '{{TIME(2026-01-01T00:00:00Z)}}',
  '[click](https://attacker.example)',
  '**bold** _it_ `code` <at>Change</at>',
  '<script>alert(1)</script>',
  '🚀🏳️‍🌈👩‍👩‍👧',
  'ﷺ ‎‏ ‫',
  '../../../../etc/passwd',
  'C:\\Windows\\system32',
  '%00%2e%2e%2f',
  '\ud800',
  'null',
  'undefined',
  '__proto__',
  'constructor',
];

function nastyText(random: Random, max = 200): string {
  let text = '';
  const parts = 1 + int(random, 6);
  for (let i = 0; i < parts; i++) {
    text +=
      random() < 0.6
        ? pick(random, NASTY)
        : String.fromCharCode(...Array.from({ length: int(random, 12) }, () => int(random, 0x2fff)));
  }
  return text.slice(0, max);
}

const VERBS = [
  'prep.check',
  'precheck.done',
  'precheck.corrections',
  'go',
  'nogo',
  'snapshot.started',
  'snapshot.done',
  'done',
  'problem',
  'extend',
  'incident',
  'restored',
  'restore.failed',
  'cancel',
  'reschedule',
  'change.create',
];

const PATH_IDS = [
  '../../etc/passwd',
  'CHG-2026-001/../../x',
  'CHG-2026-001%2f..%2f',
  'CHG-9999-99999999999999999999',
  'chg-2026-1',
  'CON',
  'CHG-2026-001\u0000',
  '/tmp/x',
  '..\\..\\x',
  '',
];

/** Values of every JSON type, nested a little: the "wrong type" in every field. */
function anyValue(random: Random, depth = 0): unknown {
  switch (int(random, depth > 2 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(random, [0, -1, 1e308, -0, 4_000_000_000, 0.5, Number.MAX_SAFE_INTEGER]);
    case 3:
      return nastyText(random);
    case 4:
      return '';
    case 5:
      return String(int(random, 10));
    case 6:
      return Array.from({ length: int(random, 4) }, () => anyValue(random, depth + 1));
    case 7:
      return { a: anyValue(random, depth + 1), toString: 'x', ['__proto__']: { polluted: true } };
    default:
      return { [nastyText(random, 20)]: anyValue(random, depth + 1) };
  }
}

export interface Context {
  serviceUrl: string;
  people: People;
  /** Change ids that exist in the bot. */
  changeIds: string[];
  tenant: string;
}

function person(random: Random, ctx: Context): Record<string, unknown> {
  switch (int(random, 6)) {
    case 0:
      return { ...ctx.people.approver };
    case 1:
      return { ...ctx.people.implementer };
    case 2:
      return { id: `29:${nastyText(random, 30)}`, name: nastyText(random) };
    case 3:
      return { id: ctx.people.approver.aadObjectId, name: 'spoof' };
    case 4:
      return { id: '29:x', aadObjectId: anyValue(random), name: anyValue(random) };
    default:
      return {
        id: '29:long',
        aadObjectId: ctx.people.implementer.aadObjectId,
        name: 'N'.repeat(20_000) + '\r\n',
      };
  }
}

let counter = 0;

function baseActivity(random: Random, ctx: Context): Record<string, unknown> {
  counter += 1;
  const channel = random() < 0.85;
  return {
    type: 'message',
    id: `fuzz-${counter}`,
    channelId: random() < 0.9 ? 'msteams' : pick(random, ['webchat', 'directline', 'emulator']),
    serviceUrl: ctx.serviceUrl,
    timestamp: new Date().toISOString(),
    from: person(random, ctx),
    recipient: { id: '28:change-bot', name: 'Change' },
    conversation: channel
      ? {
          id: `19:fuzz@thread.tacv2;messageid=${random() < 0.5 ? counter : nastyText(random, 40)}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: ctx.tenant,
        }
      : { id: `a:${nastyText(random, 60)}`, conversationType: 'personal', tenantId: ctx.tenant },
    channelData: channel
      ? {
          channel: { id: '19:fuzz@thread.tacv2' },
          team: { id: '19:fuzz@thread.tacv2' },
          tenant: { id: ctx.tenant },
        }
      : { tenant: { id: ctx.tenant } },
  };
}

function message(random: Random, ctx: Context, text: string): Record<string, unknown> {
  const mention = '<at>Change</at>';
  return {
    ...baseActivity(random, ctx),
    text: random() < 0.8 ? `${mention} ${text}` : text,
    textFormat: 'plain',
    entities:
      random() < 0.8
        ? [{ type: 'mention', text: mention, mentioned: { id: '28:change-bot', name: 'Change' } }]
        : anyValue(random),
    deliveryMode: random() < 0.3 ? 'expectReplies' : undefined,
  };
}

function invoke(random: Random, ctx: Context, verb: unknown, data: unknown): Record<string, unknown> {
  return {
    ...baseActivity(random, ctx),
    type: 'invoke',
    name: random() < 0.95 ? 'adaptiveCard/action' : nastyText(random, 30),
    replyToId: random() < 0.5 ? `fuzz-${int(random, counter + 1)}` : undefined,
    value:
      random() < 0.9
        ? { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' }
        : anyValue(random),
  };
}

const asText = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
const json = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null');
const JSON_HEADERS = { 'Content-Type': 'application/json' };

function changeId(random: Random, ctx: Context): unknown {
  if (ctx.changeIds.length > 0 && random() < 0.6) return pick(random, ctx.changeIds);
  return random() < 0.7 ? pick(random, PATH_IDS) : anyValue(random);
}

function formData(random: Random): Record<string, unknown> {
  const start = new Date(Date.now() + (30 + int(random, 300)) * 86_400_000).toISOString().slice(0, 10);
  const valid: Record<string, unknown> = {
    title: `Fuzz ${nastyText(random, 60)}`,
    description: nastyText(random, 400),
    startDate: start,
    startTime: '18:00',
    endDate: start,
    endTime: '19:00',
    downtime: '10',
    tests: `${nastyText(random, 50)}\n${nastyText(random, 50)}`,
    rollback: nastyText(random, 100),
    audience: random() < 0.5 ? 'people@fuzz.example.org' : nastyText(random, 80),
    expedited: 'false',
  };
  for (const key of Object.keys(valid)) if (random() < 0.15) valid[key] = anyValue(random);
  return valid;
}

function pressData(random: Random, ctx: Context, verb: string): Record<string, unknown> {
  const data: Record<string, unknown> = { changeId: changeId(random, ctx) };
  if (random() < 0.7) data.revision = random() < 0.6 ? int(random, 12) : anyValue(random);
  switch (verb) {
    case 'done':
      data[`test-${pick(random, [0, 1, 29, 30, 4_000_000_000, -1])}`] =
        random() < 0.7 ? 'true' : anyValue(random);
      break;
    case 'extend':
      data.extraMinutes = random() < 0.5 ? String(int(random, 200)) : anyValue(random);
      break;
    case 'nogo':
    case 'cancel':
      data.reason = random() < 0.5 ? nastyText(random) : anyValue(random);
      break;
    case 'precheck.corrections':
      data.comment = anyValue(random);
      break;
    case 'prep.check':
      data.item = random() < 0.5 ? 'tests' : anyValue(random);
      data.checked = anyValue(random);
      break;
    case 'reschedule':
      Object.assign(data, formData(random));
      break;
  }
  if (random() < 0.1) for (let i = 0; i < 50; i++) data[`x${i}`] = anyValue(random);
  return data;
}

/** The request classes: each a function of the random stream and the context. */
export const CLASSES: Record<string, (random: Random, ctx: Context) => FuzzRequest> = {
  randomBytes: (random) => ({
    kind: 'randomBytes',
    headers:
      random() < 0.8
        ? JSON_HEADERS
        : { 'Content-Type': nastyText(random, 40).replace(/[^\x20-\x7e]/g, '') || 'x/y' },
    body: Buffer.from(Array.from({ length: int(random, 2048) }, () => int(random, 256))),
  }),
  wrongShapeJson: (random, ctx) => {
    const activity = baseActivity(random, ctx);
    const keys = Object.keys(activity);
    for (let i = 0; i < 1 + int(random, 3); i++) activity[pick(random, keys)] = anyValue(random);
    return {
      kind: 'wrongShapeJson',
      headers: JSON_HEADERS,
      body: json(random() < 0.2 ? anyValue(random) : activity),
    };
  },
  truncated: (random, ctx) => {
    const full = json(invoke(random, ctx, pick(random, VERBS), pressData(random, ctx, 'go')));
    return { kind: 'truncated', headers: JSON_HEADERS, body: full.subarray(0, int(random, full.length)) };
  },
  hugeStrings: (random, ctx) => {
    const size = pick(random, [10_000, 100_000, 250_000, 300_000]);
    const huge = pick(random, ['x', '\u202e', '\r\n', '€', '${x}']).repeat(size / 4);
    const activity =
      random() < 0.5
        ? message(random, ctx, `show ${huge}`)
        : invoke(random, ctx, 'go', { changeId: huge, revision: 1 });
    if (random() < 0.3)
      activity.from = { id: '29:h', aadObjectId: ctx.people.approver.aadObjectId, name: huge };
    return { kind: 'hugeStrings', headers: JSON_HEADERS, body: json(activity) };
  },
  hostileCommands: (random, ctx) => {
    const command = pick(random, [
      'new',
      'list',
      'help',
      'show',
      'cancel',
      'reschedule',
      nastyText(random, 20),
    ]);
    const id = random() < 0.5 ? asText(changeId(random, ctx)) : nastyText(random, 40);
    return {
      kind: 'hostileCommands',
      headers: JSON_HEADERS,
      body: json(message(random, ctx, `${command} ${id} ${nastyText(random)}`)),
    };
  },
  presses: (random, ctx) => {
    const verb =
      random() < 0.85 ? pick(random, VERBS) : random() < 0.5 ? nastyText(random, 40) : anyValue(random);
    const data =
      verb === 'change.create'
        ? formData(random)
        : random() < 0.9
          ? pressData(random, ctx, asText(verb))
          : anyValue(random);
    return { kind: 'presses', headers: JSON_HEADERS, body: json(invoke(random, ctx, verb, data)) };
  },
  wrongHeaders: (random, ctx) => {
    const body = json(message(random, ctx, 'help'));
    const variant = int(random, 4);
    const headers: Record<string, string> =
      variant === 0
        ? { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }
        : variant === 1
          ? { 'Content-Type': 'multipart/form-data; boundary=x' }
          : variant === 2
            ? { 'Content-Type': 'application/x-www-form-urlencoded' }
            : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'br, gzip' };
    return { kind: 'wrongHeaders', headers, body };
  },
};

/** A valid create press, used to seed the bot with changes the fuzz then presses on. */
export function createPress(ctx: Context, index: number): Buffer {
  const start = new Date(Date.now() + (40 + index) * 86_400_000).toISOString().slice(0, 10);
  const random = seeded(index);
  return json({
    ...invoke(random, ctx, 'change.create', {}),
    from: { ...ctx.people.implementer },
    channelId: 'msteams',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'change.create',
        data: {
          title: `Seed change ${index}`,
          description: 'Seeded for the fuzz.',
          startDate: start,
          startTime: '18:00',
          endDate: start,
          endTime: '19:00',
          downtime: '10',
          tests: 'one\ntwo',
          rollback: 'restore',
          audience: '',
          expedited: 'false',
        },
      },
      trigger: 'manual',
    },
  });
}
