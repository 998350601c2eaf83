/**
 * A change created 30 days ahead, run to its end through the real bot (startBot, restify, CloudAdapter, the
 * JSON store on disk) against a recording Bot Connector, with a fake clock that ticks the scheduler at every
 * minute. Every post and mail is stamped with the minute it went out; the whole run must produce exactly the
 * expected notices, in order, each once, each at its due minute (never before), across a DST switch, and
 * with the process restarted (a new startBot on the same DATA_DIR) at several points.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Change } from '../../src/domain/change';
import { approver, implementer, startHarness, type Harness, type Person } from '../bot/support/harness';
import { createChange } from '../bot/support/flows';
import { startConnector, type ConnectorCall, type RecordingConnector } from '../support/connector';
import { ZONE, zurich } from '../domain/support';

const MINUTE = 60_000;

interface Scenario {
  name: string;
  created: string;
  day: string;
  /** Restarts of the bot, local times. */
  restarts: string[];
}

const SCENARIOS: Scenario[] = [
  {
    name: 'in summer, restarted four times',
    created: '2026-05-18 10:00',
    day: '2026-06-17',
    restarts: ['2026-05-27 12:00', '2026-06-11 09:30', '2026-06-17 16:00', '2026-06-17 19:00'],
  },
  { name: 'across the switch to summer time', created: '2026-03-10 10:00', day: '2026-04-09', restarts: [] },
  {
    name: 'across the switch to winter time, restarted on the night of the switch',
    created: '2026-10-05 10:00',
    day: '2026-11-04',
    restarts: ['2026-10-25 02:30'],
  },
];

function local(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm');
}

function day(date: string, offsetDays: number): string {
  return DateTime.fromISO(date, { zone: ZONE }).plus({ days: offsetDays }).toFormat('yyyy-MM-dd');
}

interface Stamped {
  at: string;
  what: string;
}

class Run {
  h!: Harness;
  readonly posts: { call: ConnectorCall; at: Date }[] = [];
  readonly mails: Stamped[] = [];
  private seenCalls = 0;
  private seenMails = 0;
  id = '';

  constructor(
    readonly connector: RecordingConnector,
    readonly scenario: Scenario,
  ) {}

  async start(at: Date): Promise<void> {
    const dataDir = this.h?.dataDir;
    this.h = await startHarness({ connector: this.connector, ...(dataDir ? { dataDir } : {}) });
    this.h.setNow(at);
    this.seenMails = 0;
  }

  async restart(): Promise<void> {
    const at = this.h.now();
    this.stamp();
    await this.h.stop({ keepData: true });
    this.stamp();
    await this.start(at);
  }

  /** Everything posted or mailed since the last stamp went out at the current fake minute. */
  stamp(): void {
    const now = this.h.now();
    for (const call of this.connector.calls.slice(this.seenCalls)) this.posts.push({ call, at: now });
    this.seenCalls = this.connector.calls.length;
    for (const mail of this.h.mails.slice(this.seenMails))
      this.mails.push({ at: local(now), what: mail.notice });
    this.seenMails = this.h.mails.length;
  }

  async tickAt(instant: Date): Promise<void> {
    this.h.setNow(instant);
    await this.h.bot.tick();
    this.stamp();
  }

  async press(
    person: Person,
    verb: string,
    notice: string,
    data: Record<string, string> = {},
  ): Promise<void> {
    const change = await this.h.change(this.id);
    const card = change.postedCards.filter((posted) => posted.notice === notice).at(-1);
    const answer = await this.h.press(
      person,
      verb,
      { changeId: this.id, revision: String(change.revision), ...data },
      { ...(card ? { replyToId: card.activityId } : {}), rootId: change.thread!.rootActivityId! },
    );
    expect(answer.body.statusCode).toBe(200);
    await this.h.bot.delivery.deliver(this.id);
    this.stamp();
  }

  /** New posts as "local time  notice → where", from the outbox entries that recorded their activity ids. */
  describePosts(change: Change): Stamped[] {
    return this.posts
      .filter(({ call }) => call.createdActivityId !== undefined)
      .map(({ call, at }) => {
        const entry = change.outbox.find((e) => e.activityId === call.createdActivityId);
        const where = call.kind === 'createConversation' ? 'new post' : 'in thread';
        return {
          at: local(at),
          what: entry ? `${entry.effect.notice} → ${where}` : `not a notice → ${where}`,
        };
      });
  }
}

describe('a change run from creation to its end, minute by minute', () => {
  it.each(SCENARIOS)('$name', async (scenario) => {
    const connector = await startConnector();
    const run = new Run(connector, scenario);
    const D = scenario.day;
    const restarts = scenario.restarts.map(zurich);
    try {
      await run.start(zurich(scenario.created));
      const created = await createChange(run.h, {
        startDate: D,
        startTime: '18:00',
        endDate: D,
        endTime: '20:00',
      });
      run.id = created.id;
      run.stamp();

      // What people do, and when: pre-check a day after the card, GO a day after its card, Solved at 19:40.
      const actions = new Map<number, () => Promise<void>>([
        [zurich(`${day(D, -13)} 09:00`).getTime(), () => run.press(approver, 'precheck.done', 'precheck')],
        [zurich(`${day(D, -6)} 09:00`).getTime(), () => run.press(approver, 'go', 'goNoGo')],
        [zurich(`${D} 19:40`).getTime(), () => run.press(implementer, 'done', 'decision')],
      ]);
      const end = zurich(`${D} 21:00`).getTime();
      for (let minute = zurich(scenario.created).getTime() + MINUTE; minute <= end; minute += MINUTE) {
        if (restarts.some((restart) => restart.getTime() === minute)) {
          run.h.setNow(new Date(minute));
          await run.restart();
        }
        await run.tickAt(new Date(minute));
        await actions.get(minute)?.();
      }

      const change = await run.h.change(run.id);
      const posts = run.describePosts(change);
      expect(posts).toEqual([
        { at: scenario.created, what: 'not a notice → in thread' }, // the form, answering "@Change new"
        { at: scenario.created, what: 'created → new post' },
        { at: `${day(D, -21)} 18:00`, what: 'preparation → in thread' },
        { at: `${day(D, -14)} 18:00`, what: 'precheck → in thread' },
        { at: `${day(D, -13)} 09:00`, what: 'precheckRecorded → in thread' },
        { at: `${day(D, -7)} 18:00`, what: 'goNoGo → in thread' },
        { at: `${day(D, -6)} 09:00`, what: 'announcement → new post' },
        { at: `${day(D, -1)} 18:00`, what: 'reminder → new post' },
        { at: `${D} 15:15`, what: 'snapshot → in thread' },
        { at: `${D} 18:00`, what: 'start → new post' },
        { at: `${D} 18:00`, what: 'control → in thread' },
        { at: `${D} 19:30`, what: 'decision → in thread' },
        { at: `${D} 19:40`, what: 'end → new post' },
      ]);
      expect(run.mails).toEqual([
        { at: `${day(D, -6)} 09:00`, what: 'announcement' },
        { at: `${day(D, -1)} 18:00`, what: 'reminder' },
        { at: `${D} 18:00`, what: 'start' },
        { at: `${D} 19:40`, what: 'end' },
      ]);
      // Each outbox entry went out once: one attempt, sent, none late.
      expect(change.outbox.map((e) => [e.state, e.attempts, e.effect.late ?? false])).toEqual(
        change.outbox.map(() => ['sent', 1, false]),
      );
      expect(change.status).toBe('completed');
      // Nothing else reached the connector but the in-place updates of pressed cards (and the roster
      // look-up of the implementer's e-mail at creation).
      const others = run.posts.filter(
        ({ call }) => call.createdActivityId === undefined && !/\/members\//.test(call.path),
      );
      expect(others.map(({ call }) => `${call.kind} ${call.status}`)).toEqual(others.map(() => 'update 200'));
    } finally {
      await run.h.stop();
      await connector.stop();
    }
  });

  it('serves the announced window at GET /calendar.ics in local time', async () => {
    const token = 'full-run-feed-token-0123';
    const h = await startHarness({ env: { CALENDAR_FEED_TOKEN: token } });
    try {
      h.setNow(zurich('2026-03-02 09:00'));
      const created = await createChange(h, { startDate: '2026-04-15', startTime: '18:00' });
      const before = await (await fetch(`${h.baseUrl}/calendar.ics?token=${token}`)).text();
      expect(new ICAL.Component(ICAL.parse(before)).getAllSubcomponents('vevent')).toHaveLength(0);

      h.setNow(zurich('2026-04-08 18:00'));
      await h.bot.tick();
      const change = await h.change(created.id);
      await h.press(approver, 'go', { changeId: created.id, revision: String(change.revision) });
      const response = await fetch(`${h.baseUrl}/calendar.ics?token=${token}`);
      expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
      const events = new ICAL.Component(ICAL.parse(await response.text())).getAllSubcomponents('vevent');
      expect(events).toHaveLength(1);
      const event = new ICAL.Event(events[0]!);
      expect(event.summary).toContain(created.id);
      expect(local(event.startDate.toJSDate())).toBe('2026-04-15 18:00');
      expect(local(event.endDate.toJSDate())).toBe('2026-04-15 20:00');
    } finally {
      await h.stop();
    }
  });
});
