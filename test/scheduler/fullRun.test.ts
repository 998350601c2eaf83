/**
 * A change created 30 days ahead, run to its end through the real bot (startBot, restify, CloudAdapter, the
 * JSON store on disk) against a recording Bot Connector, with a fake clock that ticks the scheduler at every
 * minute. Every post and mail is stamped with the minute it went out; the whole run must produce exactly the
 * expected notices, in order, each once, each at its due minute (never before) or labelled late, across a
 * DST switch.
 *
 * Each run has three hard stops (support/hardStop.ts: the running bot is frozen at the kill and dropped,
 * its deliveries not flushed, and a new startBot opens the same DATA_DIR after the downtime on the fake
 * clock):
 * - D-1 18:00, 5 minutes down: killed inside the reminder's tick, after the milestone was recorded and
 *   before its post and mail were claimed; they go out on restart, at 18:05.
 * - D 15:14, 3 hours down: killed just before the snapshot milestone (15:15) and the window start (18:00);
 *   on restart the snapshot is recorded as skipped (the window had started) and the start notices and the
 *   control card go out labelled late.
 * - D 19:30, no downtime: killed inside the window, in the decision milestone's tick before its card was
 *   claimed; the card goes out from the new instance in the same minute.
 * Some runs also restart gracefully (stop() first delivers what is queued), as an operator's restart does.
 */
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { Change } from '../../src/domain/change';
import { approver, implementer, startHarness, type Harness, type Person } from '../bot/support/harness';
import { createChange } from '../bot/support/flows';
import { startConnector, type ConnectorCall, type RecordingConnector } from '../support/connector';
import { ZONE, zurich } from '../domain/support';
import { cardOf, visibleText } from '../bot/support/cards';
import { killSwitch, type KillSwitch } from './support/hardStop';

const MINUTE = 60_000;

interface Scenario {
  name: string;
  created: string;
  day: string;
  /** Graceful restarts of the bot, local times. */
  restarts: string[];
}

interface HardStop {
  /** Local time, relative to the window's day D (`-1 18:00` is D-1 at 18:00). */
  at: string;
  /** inside-tick: during that minute's tick, before the first notice is claimed; after-tick: once it ended. */
  when: 'inside-tick' | 'after-tick';
  downMinutes: number;
}

const HARD_STOPS: HardStop[] = [
  { at: '-1 18:00', when: 'inside-tick', downMinutes: 5 },
  { at: '0 15:14', when: 'after-tick', downMinutes: 180 },
  { at: '0 19:30', when: 'inside-tick', downMinutes: 0 },
];

const SCENARIOS: Scenario[] = [
  {
    name: 'in summer, three hard stops and four graceful restarts',
    created: '2026-05-18 10:00',
    day: '2026-06-17',
    restarts: ['2026-05-27 12:00', '2026-06-11 09:30', '2026-06-17 12:00', '2026-06-17 19:00'],
  },
  {
    name: 'across the switch to summer time, three hard stops',
    created: '2026-03-10 10:00',
    day: '2026-04-09',
    restarts: [],
  },
  {
    name: 'across the switch to winter time, three hard stops and a graceful restart on the night of the switch',
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
  private kills!: KillSwitch;
  /** Per hard stop: when, and the notices the new bot found queued and unsent on disk when it started. */
  readonly crashes: { at: string; upAgain: string; unsent: string[] }[] = [];
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
    const kills = killSwitch();
    this.h = await startHarness({
      connector: this.connector,
      wrapStore: (store) => kills.wrap(store),
      ...(dataDir ? { dataDir } : {}),
    });
    this.kills = kills;
    this.h.setNow(at);
    this.seenMails = 0;
  }

  /**
   * Kills the bot (see support/hardStop.ts) and drops it: its HTTP listener is closed, nothing it still had
   * under way is let through. `stop()` is started only for the listener; it never finishes (it would wait for
   * the frozen deliveries), and it is not awaited.
   */
  crash(): void {
    this.kills.kill();
    this.stamp();
    void this.h.bot.stop();
  }

  /** Ticks at `instant` and kills the bot inside that tick, before it claims the first notice. */
  async crashInsideTick(instant: Date): Promise<void> {
    this.h.setNow(instant);
    const killed = this.kills.killBeforeNextClaim();
    void this.h.bot.tick(); // never ends: the store no longer answers it
    await killed;
    this.crash();
  }

  /** A new bot on the same DATA_DIR, `downMinutes` after the crash on the fake clock. */
  async startAfterCrash(downMinutes: number): Promise<void> {
    const at = local(this.h.now());
    await this.start(new Date(this.h.now().getTime() + downMinutes * MINUTE));
    const change = await this.h.change(this.id);
    this.crashes.push({
      at,
      upAgain: local(this.h.now()),
      // The thread's notices: whether a 1:1 on its own lane went before the kill depends on timing.
      unsent: change.outbox
        .filter((entry) => entry.state === 'pending' && entry.effect.to.kind !== 'personal')
        .map((entry) => `${entry.effect.notice} (${entry.attempts} attempts)`),
    });
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
    for (const call of this.connector.calls.slice(this.seenCalls)) {
      // The thread and chat replies as people read them; the 1:1 personal notices (a chat opened with
      // `members`, then the card sent into it) are tested in test/bot/personalNotice.test.ts.
      const personal = Array.isArray(call.body.members) || call.conversationId?.startsWith('a:personal-');
      if (!personal) this.posts.push({ call, at: now });
    }
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
    return (
      this.posts
        // The thread as people read it; the 1:1 personal notices are tested in test/bot/personalNotice.test.ts.
        .filter(
          ({ call }) =>
            call.createdActivityId !== undefined && !call.conversationId?.startsWith('a:personal-'),
        )
        .map(({ call, at }) => {
          const entry = change.outbox.find((e) => e.activityId === call.createdActivityId);
          const where = call.kind === 'createConversation' ? 'new post' : 'in thread';
          // "late" as the card shows it to people (⏱ and the reason), not as the outbox records it.
          const late = visibleText(cardOf(this.connector.activityOf(call))).includes('⏱') ? ' (late)' : '';
          return {
            at: local(at),
            what: entry ? `${entry.effect.notice}${late} → ${where}` : `not a notice → ${where}`,
          };
        })
    );
  }
}

/** 43,200 ticks and six bot starts per run: about 10 s alone, several times that on a loaded machine. */
const RUN_TIMEOUT_MS = 180_000;

describe('a change run from creation to its end, minute by minute', () => {
  it.each(SCENARIOS)(
    '$name',
    async (scenario) => {
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
        const hardStops = new Map(
          HARD_STOPS.map((stop) => {
            const [offset, time] = stop.at.split(' ');
            return [zurich(`${day(D, Number(offset))} ${time}`).getTime(), stop];
          }),
        );
        const end = zurich(`${D} 21:00`).getTime();
        for (let minute = zurich(scenario.created).getTime() + MINUTE; minute <= end; minute += MINUTE) {
          if (restarts.some((restart) => restart.getTime() === minute)) {
            run.h.setNow(new Date(minute));
            await run.restart();
          }
          const hardStop = hardStops.get(minute);
          if (hardStop?.when === 'inside-tick') {
            await run.crashInsideTick(new Date(minute));
            await run.startAfterCrash(hardStop.downMinutes);
            minute = run.h.now().getTime(); // the new bot ticks as soon as it is up
          }
          await run.tickAt(new Date(minute));
          await actions.get(minute)?.();
          if (hardStop?.when === 'after-tick') {
            run.crash();
            await run.startAfterCrash(hardStop.downMinutes);
            minute = run.h.now().getTime(); // its first tick is the next minute
          }
        }

        // The kills happened where planned; the two inside a tick left their notices queued, never attempted.
        expect(run.crashes).toEqual([
          {
            at: `${day(D, -1)} 18:00`,
            upAgain: `${day(D, -1)} 18:05`,
            unsent: ['reminder (0 attempts)', 'reminder (0 attempts)'],
          },
          { at: `${D} 15:14`, upAgain: `${D} 18:14`, unsent: [] },
          {
            at: `${D} 19:30`,
            upAgain: `${D} 19:30`,
            unsent: ['decision (0 attempts)'],
          },
        ]);
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
          // Killed after the reminder was recorded, before it was sent; five minutes later the new bot sends it.
          { at: `${day(D, -1)} 18:05`, what: 'reminder → new post' },
          // Down from 15:14 to 18:14: no snapshot card (skipped), start and control sent late at 18:15.
          { at: `${D} 18:15`, what: 'start (late) → new post' },
          { at: `${D} 18:15`, what: 'control (late) → in thread' },
          // Killed in the decision's tick, restarted at once: the card still goes out at 19:30, once.
          { at: `${D} 19:30`, what: 'decision → in thread' },
          { at: `${D} 19:40`, what: 'end → new post' },
        ]);
        expect(run.mails).toEqual([
          { at: `${day(D, -6)} 09:00`, what: 'announcement' },
          { at: `${day(D, -1)} 18:05`, what: 'reminder' },
          { at: `${D} 18:15`, what: 'start' },
          { at: `${D} 19:40`, what: 'end' },
        ]);
        // Each outbox entry went out once, at its first attempt: the kills came before any claim. Only what the
        // three-hour stop delayed past the start is late.
        expect(
          change.outbox.map((e) => [e.effect.notice, e.state, e.attempts, e.effect.late ?? false]),
        ).toEqual(
          change.outbox.map((e) => [
            e.effect.notice,
            'sent',
            1,
            ['start', 'control'].includes(e.effect.notice),
          ]),
        );
        expect(change.milestones.snapshot).toMatchObject({
          state: 'skipped',
          reason: 'the window had already started',
        });
        expect(change.milestones.start).toMatchObject({ state: 'done', late: true });
        expect(change.milestones.reminder.late).toBeUndefined();
        expect(change.milestones.decision.late).toBeUndefined();
        expect(change.status).toBe('completed');
        // Nothing else reached the connector but the in-place updates of pressed cards (and the roster
        // look-up of the implementer's e-mail at creation).
        const others = run.posts.filter(
          ({ call }) => call.createdActivityId === undefined && !/\/members\//.test(call.path),
        );
        expect(others.map(({ call }) => `${call.kind} ${call.status}`)).toEqual(
          others.map(() => 'update 200'),
        );
      } finally {
        await run.h.stop();
        await connector.stop();
      }
    },
    RUN_TIMEOUT_MS,
  );

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
