import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { DeliveryFailure } from '../../src/app/ports';
import { createGraphMailer } from '../../src/mail/graphMailer';
import { recordingLogger, type LoggedLine } from '../bot/support/harness';
import { ZONE } from '../domain/support';
import { outboxFixture } from '../app/support/outboxFixture';
import { graphError, startFakeGraph, type FakeGraph } from './support/fakeGraph';
import { AWKWARD_TITLE, announced, process } from './support/mailFixture';

const SENDER = 'change-bot@isc.example.org';

/** The part of Graph's message resource the bot sends. */
interface GraphMessage {
  subject: string;
  body: { contentType: string; content: string };
  toRecipients: { emailAddress: { address: string } }[];
  attachments: { '@odata.type': string; name: string; contentType: string; contentBytes: string }[];
}

describe('Graph mailer (the real Graph client against a local server)', () => {
  let graph: FakeGraph;
  let logs: LoggedLine[];
  let tokens: number;
  beforeEach(async () => {
    graph = await startFakeGraph();
    logs = [];
    tokens = 0;
  });
  afterEach(async () => graph.stop());

  function mailer(options: { failToken?: boolean; timeoutMs?: number } = {}) {
    return createGraphMailer({
      sender: SENDER,
      process,
      logger: recordingLogger(logs),
      baseUrl: graph.url,
      fetch: graph.fetch,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      authProvider: {
        getAccessToken: async () => {
          tokens += 1;
          if (options.failToken) throw new Error('AADSTS7000215: Invalid client secret provided.');
          return `test-token-${tokens}`;
        },
      },
    });
  }

  it('posts sendMail as the configured mailbox: recipients, subject, escaped HTML and the .ics invitation', async () => {
    const { change, entry } = announced('2027-06-19 18:00', AWKWARD_TITLE);
    const withDuplicates = {
      ...entry,
      effect: {
        ...entry.effect,
        to: {
          kind: 'mail' as const,
          to: ['x@example.org', 'X@Example.org', 'y@example.org'],
          calendar: 'request' as const,
        },
      },
    };
    await mailer().send(change, withDuplicates);

    expect(graph.requests).toHaveLength(1);
    const request = graph.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1.0/users/change-bot%40isc.example.org/sendMail');
    expect(request.authorization).toBe('Bearer test-token-1');
    expect(request.contentType).toMatch(/^application\/json/);
    const message = request.body.message as GraphMessage;
    expect(request.body.saveToSentItems).toBe(true);
    expect(message.toRecipients).toEqual([
      { emailAddress: { address: 'x@example.org' } },
      { emailAddress: { address: 'y@example.org' } },
    ]);
    expect(message.subject).toBe(
      `${change.id} Planned maintenance: ${AWKWARD_TITLE} (Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich))`,
    );
    expect(message.body.contentType).toBe('HTML');
    expect(message.body.content).toContain('Mise à jour &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(message.body.content).not.toContain('<script>');

    expect(message.attachments).toHaveLength(1);
    const attachment = message.attachments[0]!;
    expect(attachment).toMatchObject({
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: `${change.id}.ics`,
      contentType: 'text/calendar; charset=utf-8; method=REQUEST',
    });
    const ics = Buffer.from(attachment.contentBytes, 'base64').toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(ics));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(DateTime.fromJSDate(event.startDate.toJSDate(), { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm')).toBe(
      '2027-06-19 18:00',
    );
    expect(ics).toContain(`ORGANIZER;CN="Change bot":mailto:${SENDER}`);
  });

  it('counts an accepted mail as sent even when the answer cannot be read', async () => {
    const { change, entry } = announced();
    graph.script.push({ status: 202, headers: { 'Content-Type': 'application/json' } });
    await expect(mailer().send(change, entry)).resolves.toBeUndefined();
  });

  it('turns 429 into a transient failure that carries Retry-After, so the outbox retries it then', async () => {
    const { change, entry } = announced();
    graph.script.push(graphError(429, 'ApplicationThrottled', { 'Retry-After': '7' }));
    const failure = await mailer()
      .send(change, entry)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect(failure).toMatchObject({ kind: 'transient', retryAfterMs: 7000 });
  });

  it('is retried by the outbox after Retry-After, and sends the mail once', async () => {
    const { entry } = announced();
    const f = await outboxFixture({
      effects: [entry.effect],
      deps: { mailer: mailer() },
    });
    try {
      graph.script.push(graphError(429, 'ApplicationThrottled', { 'Retry-After': '7' }));
      await f.delivery.deliver(f.id);
      const key = (await f.change()).outbox[0]!.key;
      expect(await f.entry(key)).toMatchObject({
        state: 'pending',
        nextAttemptAt: new Date(f.now().getTime() + 7000).toISOString(),
      });
      f.at(6_000);
      await f.delivery.deliver(f.id);
      expect(graph.requests).toHaveLength(1);
      f.at(7_000);
      await f.delivery.deliver(f.id);
      expect(graph.requests).toHaveLength(2);
      expect(await f.entry(key)).toMatchObject({ state: 'sent', attempts: 2 });
      f.at(60_000);
      await f.delivery.deliver(f.id);
      expect(graph.requests).toHaveLength(2);
    } finally {
      await f.close();
    }
  });

  it('says what to fix when Graph refuses for good, and retries what may pass', async () => {
    const { change, entry } = announced();
    const cases: [Parameters<FakeGraph['script']['push']>[0], string, RegExp][] = [
      [graphError(503, 'ServiceUnavailable'), 'transient', /busy \(503\)/],
      [graphError(403, 'ErrorAccessDenied'), 'permanent', /Mail\.Send application permission/],
      [graphError(404, 'ErrorInvalidUser'), 'permanent', /set MAIL_SENDER/],
      [
        graphError(400, 'ErrorInvalidRecipients'),
        'permanent',
        /refused the mail \(400 ErrorInvalidRecipients\)/,
      ],
      ['hang', 'transient', /did not answer in time/],
    ];
    for (const [answer, kind, message] of cases) {
      graph.script.push(answer);
      const failure = (await mailer({ timeoutMs: 200 })
        .send(change, entry)
        .catch((error: unknown) => error)) as DeliveryFailure;
      expect([failure.kind, failure.message]).toEqual([kind, expect.stringMatching(message)]);
    }
    const noToken = (await mailer({ failToken: true })
      .send(change, entry)
      .catch((error: unknown) => error)) as DeliveryFailure;
    expect(noToken).toMatchObject({ kind: 'transient' });
    expect(noToken.message).toMatch(/GRAPH_CLIENT_SECRET/);
    expect(noToken.message).not.toMatch(/AADSTS/); // the raw error goes to the log only
    expect(JSON.stringify(logs)).toContain('AADSTS7000215');
    expect(graph.requests).toHaveLength(5);
  });
});

describe('Graph mailer: a mail with headers of its own (a subscriber notice)', () => {
  let graph: FakeGraph;
  beforeEach(async () => {
    graph = await startFakeGraph();
  });
  afterEach(async () => graph.stop());

  it('is sent as MIME, since Graph takes only X- headers in JSON: List-Unsubscribe and its one-click POST survive', async () => {
    const mailer = createGraphMailer({
      sender: SENDER,
      process,
      logger: recordingLogger([]),
      baseUrl: graph.url,
      fetch: graph.fetch,
      authProvider: { getAccessToken: async () => 'test-token' },
    });
    const unsubscribe = 'https://status.example.org/status/unsubscribe?s=0123&t=abc';
    await mailer.sendDirect!({
      id: 'CHG-2027-001.5_announcement_subscribers.0123',
      to: ['reader@example.org'],
      subject: 'Planned maintenance: ISC Learn Platform',
      text: 'Planned maintenance.',
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    expect(graph.requests).toHaveLength(1);
    const request = graph.requests[0]!;
    expect(request.path).toBe('/v1.0/users/change-bot%40isc.example.org/sendMail');
    expect(request.contentType).toMatch(/^text\/plain/);
    const mime = Buffer.from(request.text, 'base64')
      .toString('utf8')
      .replace(/\r\n[ \t]+/g, ' ');
    expect(mime).toMatch(new RegExp(`^List-Unsubscribe: <${unsubscribe.replace(/[?.]/g, '\\$&')}>\\r$`, 'm'));
    expect(mime).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
    expect(mime).toMatch(/^To: reader@example\.org\r$/m);
  });
});
