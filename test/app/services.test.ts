/**
 * Two services in one process file (process/two-services.example.process.json): different approvers,
 * audiences, snapshot durations, restore paths and checklists, one shared host. Changes go through the real
 * lifecycle over a JSON store on disk, with a fake clock.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { createLifecycle, type Lifecycle } from '../../src/app/lifecycle';
import { loadProcessFile, parseProcess } from '../../src/config/processFile';
import { templateCards } from '../../src/bot/templateCards';
import { cardForNotice, formCard } from '../../src/cards';
import type { Change } from '../../src/domain/change';
import type { ProcessDefinition } from '../../src/domain/process';
import { audienceEmails } from '../../src/domain/recipients';
import { processFor, serviceFacts, shortestRestore } from '../../src/domain/serviceFacts';
import { calendarFeed } from '../../src/mail/calendarFeed';
import { composeMail } from '../../src/mail/message';
import type { ChangeStore } from '../../src/store/types';
import { recordingLogger } from '../bot/support/harness';
import { DAY, formInput, implementer, zurich } from '../domain/support';
import { makeDataDir, openStore } from '../store/support/storeFixture';

const EXAMPLE = path.join(__dirname, '..', '..', 'process', 'two-services.example.process.json');
const LEARNING = 'Learning Platform';
const WIKI = 'Team Wiki';
const lena = {
  name: 'Lena Learning',
  aadObjectId: '11111111-0000-4000-8000-000000000001',
  email: 'lena.learning@example.org',
};
const walter = {
  name: 'Walter Wiki',
  aadObjectId: '22222222-0000-4000-8000-000000000002',
  email: 'walter.wiki@example.org',
};

const START = '2027-06-19 18:00';
const NOW = new Date(zurich(START).getTime() - 30 * DAY);

let dataDir: string;
let store: ChangeStore;
let proc: ProcessDefinition;
let lifecycle: Lifecycle;

function lifecycleOn(definition: ProcessDefinition, at = NOW): Lifecycle {
  return createLifecycle({ store, process: definition, clock: () => at, logger: recordingLogger() });
}

async function submit(service: string | undefined, start = START, on = lifecycle): Promise<Change> {
  const result = await on.submit({ ...formInput(start), ...(service ? { service } : {}) }, implementer);
  if (!result.ok) throw new Error(`Test bug: the form was refused: ${JSON.stringify(result.errors)}`);
  return result.change;
}

beforeEach(async () => {
  dataDir = await makeDataDir();
  store = await openStore(dataDir);
  proc = loadProcessFile(EXAMPLE);
  lifecycle = lifecycleOn(proc);
});
afterEach(async () => {
  await store.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('a process file with two services', () => {
  it('reads each service with its own facts, and the shared rules where it does not override them', () => {
    expect(proc.services.map((s) => [s.name, s.host])).toEqual([
      [LEARNING, 'vm-shared-01'],
      [WIKI, 'vm-shared-01'],
    ]);
    const learning = serviceFacts(proc, LEARNING);
    const wiki = serviceFacts(proc, WIKI);
    expect(learning.approvers).toEqual([lena]);
    expect(wiki.approvers).toEqual([walter]);
    expect(learning.audience.emails).toEqual(['learning-users@example.org']);
    expect(wiki.audience.emails).toEqual(['wiki-readers@example.org']);
    expect(learning.snapshot.duration.as('minutes')).toBe(150);
    expect(wiki.snapshot.duration.as('minutes')).toBe(30);
    expect(learning.restorePaths.map((p) => p.name)).toEqual(['File backup', 'Data snapshot']);
    expect(shortestRestore(wiki)?.name).toBe('Wiki export');
    // Team Wiki overrides the lead time; both share `before` and the time zone.
    expect([learning.leadTime.as('days'), wiki.leadTime.as('days')]).toEqual([21, 14]);
    expect(wiki.before.goNoGo!.as('days')).toBe(7);
    // Team Wiki lists its own checklist; Learning Platform lists none and gets the process page's three steps.
    expect(wiki.preparationChecklist.map((s) => s.id)).toEqual(['export', 'tests']);
    expect(learning.preparationChecklist.map((s) => s.id)).toEqual(['prepare', 'tests', 'window']);
  });

  it('refuses two services of the same name, naming the second', () => {
    const raw = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
      services: { name: string }[];
    };
    raw.services[1]!.name = 'learning platform';
    expect(() => parseProcess(raw, 'two.json')).toThrow(
      /two\.json: services\[1\]\.name[\s\S]*already the name of services\[0\]/,
    );
  });

  it('refuses a file with both "service" and "services", and a service without restore paths', () => {
    const raw = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & {
      services: Record<string, unknown>[];
    };
    expect(() => parseProcess({ ...raw, service: { name: 'x' } }, 'two.json')).toThrow(
      /two\.json: service: is given together with "services"/,
    );
    const noPaths = { ...raw, services: [{ ...raw.services[0], restorePaths: [] }] };
    expect(() => parseProcess(noPaths, 'two.json')).toThrow(
      /services\[0\]\.restorePaths: needs at least one restore path/,
    );
    const typo = { ...raw, services: [{ ...raw.services[0], aprovers: [] }] };
    expect(() => parseProcess(typo, 'two.json')).toThrow(/services\[0\]\.aprovers: unknown field/);
  });
});

describe('changes on two services', () => {
  it('each change names its service, keeps a copy of it, and gets that service checklist and snapshot time', async () => {
    const learning = await submit(LEARNING);
    const wiki = await submit(WIKI, '2027-06-26 18:00');
    expect([learning.service, wiki.service]).toEqual([LEARNING, WIKI]);
    expect(wiki.serviceAtCreation).toMatchObject({ name: WIKI, host: 'vm-shared-01', approvers: [walter] });
    expect(wiki.serviceAtCreation?.snapshot.duration).toBe('PT30M');
    expect(wiki.preparation.map((item) => item.id)).toEqual(['export', 'tests']);
    const snapshotLead = (change: Change) =>
      (Date.parse(change.window.start) - Date.parse(change.milestones.snapshot.due)) / 60_000;
    expect([snapshotLead(learning), snapshotLead(wiki)]).toEqual([150 + 15, 30 + 10]);
  });

  it('the form must name the service when there are several, and only one of the file', async () => {
    const none = await lifecycle.submit(formInput(START), implementer);
    expect(none).toMatchObject({
      ok: false,
      errors: { service: 'Choose the service: Learning Platform, Team Wiki.' },
    });
    const unknown = await lifecycle.submit({ ...formInput(START), service: 'Mail' }, implementer);
    expect(unknown.ok || unknown.errors.service).toMatch(
      /"Mail" is not a service of this process; choose one of/,
    );
  });

  it('the lead time is the chosen service one: 14 days is enough for Team Wiki, not for Learning Platform', async () => {
    const start = '2027-06-19 18:00';
    const soon = lifecycleOn(proc, new Date(zurich(start).getTime() - 15 * DAY));
    const wiki = await soon.submit({ ...formInput(start), service: WIKI }, implementer);
    expect(wiki.ok).toBe(true);
    const learning = await soon.submit({ ...formInput(start), service: LEARNING }, implementer);
    expect(learning.ok || learning.errors.startDate).toMatch(/Starts too soon/);
  });

  it('each approver can GO only the changes of their own service', async () => {
    const learning = await submit(LEARNING);
    const wiki = await submit(WIKI, '2027-06-26 18:00');
    const at = new Date(Date.parse(wiki.milestones.goNoGo.due) + 60_000);
    const later = lifecycleOn(proc, at);

    const wrong = await later.act(learning.id, { event: { type: 'go' }, by: walter });
    expect(wrong.found && !wrong.decision.accepted && wrong.decision.refusal).toMatchObject({
      code: 'forbidden',
      message: 'Only an approver (Lena Learning) can do this; ask them to press the button.',
    });
    const alsoWrong = await later.act(wiki.id, { event: { type: 'go' }, by: lena });
    expect(alsoWrong.found && alsoWrong.decision.accepted).toBe(false);

    const right = await later.act(wiki.id, { event: { type: 'go' }, by: walter });
    expect(right.found && right.decision.accepted).toBe(true);
    const own = await later.act(learning.id, { event: { type: 'go' }, by: lena });
    expect(own.found && own.change.status).toBe('approved');
  });

  it('flags overlaps on the shared host across services, and not between hosts', async () => {
    const learning = await submit(LEARNING);
    const wiki = await submit(WIKI);
    expect(wiki.overlaps).toEqual([learning.id]);

    const raw = JSON.parse(await fs.readFile(EXAMPLE, 'utf8')) as { services: Record<string, unknown>[] };
    raw.services[1] = { ...raw.services[1], host: 'vm-wiki-02' };
    const apart = lifecycleOn(parseProcess(raw, 'apart.json'));
    const elsewhere = await submit(WIKI, START, apart);
    expect(elsewhere.overlaps).toEqual([wiki.id]); // the other Team Wiki change only
  });

  it('mails, cards and the calendar feed speak of the change own service', async () => {
    const learning = await submit(LEARNING);
    const wiki = await submit(WIKI, '2027-06-26 18:00');
    expect(audienceEmails(wiki, proc)).toEqual(
      expect.arrayContaining(['walter.wiki@example.org', 'wiki-readers@example.org']),
    );
    expect(audienceEmails(wiki, proc)).not.toContain('learning-users@example.org');
    expect(audienceEmails(learning, proc)).not.toContain('walter.wiki@example.org');

    const incident = JSON.stringify(cardForNotice('incident', wiki, processFor(proc, wiki), { now: NOW }));
    expect(incident).toContain('Wiki export');
    expect(incident).toContain('https://wiki.example.org/drp/wiki#export');
    expect(incident).not.toContain('File backup');

    const mail = composeMail(
      wiki,
      {
        key: '1:created:mail',
        effect: { notice: 'announcement', to: { kind: 'mail', to: ['x@example.org'], calendar: 'request' } },
        revision: 1,
        state: 'pending',
        attempts: 0,
        createdAt: NOW.toISOString(),
      },
      proc,
      { name: 'Change bot', email: 'bot@example.org' },
    );
    expect(mail.calendar?.content).toContain('LOCATION:Team Wiki (vm-shared-01)');
    expect(mail.calendar?.content).toContain('Contact:');
    expect(mail.calendar?.content.replace(/\r\n /g, '')).toContain('Walter Wiki (walter.wiki@example.org)');

    const at = new Date(Date.parse(wiki.milestones.goNoGo.due) + 60_000);
    const later = lifecycleOn(proc, at);
    await later.act(learning.id, { event: { type: 'go' }, by: lena });
    await later.act(wiki.id, { event: { type: 'go' }, by: walter });
    const both = (await calendarFeed(store, proc))!;
    expect(both).toContain(`SUMMARY:${learning.id} Learning Platform maintenance`);
    expect(both).toContain(`SUMMARY:${wiki.id} Team Wiki maintenance`);
    const onlyWiki = (await calendarFeed(store, proc, { service: 'team wiki' }))!;
    expect(onlyWiki).toContain(`SUMMARY:${wiki.id} Team Wiki maintenance`);
    expect(onlyWiki).not.toContain(learning.id);
    expect(await calendarFeed(store, proc, { service: 'Mail' })).toBeUndefined();
  });

  it('a change keeps working when its service is removed from the process file', async () => {
    const wiki = await submit(WIKI);
    const raw = JSON.parse(await fs.readFile(EXAMPLE, 'utf8')) as { services: Record<string, unknown>[] };
    const withoutWiki = parseProcess({ ...raw, services: [raw.services[0]] }, 'one.json');

    const facts = serviceFacts(withoutWiki, wiki);
    expect(facts).toMatchObject({ inFile: false, name: WIKI, approvers: [walter] });
    expect(facts.restorePaths.map((p) => p.name)).toEqual(['Wiki export']);
    expect(facts.snapshot.duration.as('minutes')).toBe(30);

    const at = new Date(Date.parse(wiki.milestones.goNoGo.due) + 60_000);
    const later = lifecycleOn(withoutWiki, at);
    const byLena = await later.act(wiki.id, { event: { type: 'go' }, by: lena });
    expect(byLena.found && byLena.decision.accepted).toBe(false);
    const byWalter = await later.act(wiki.id, { event: { type: 'go' }, by: walter });
    expect(byWalter.found && byWalter.change.status).toBe('approved');
  });
});

describe('the new-change form', () => {
  const inputs = (card: unknown): Record<string, unknown>[] => {
    const found: Record<string, unknown>[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const item = node as Record<string, unknown>;
        if (typeof item.type === 'string' && item.type.startsWith('Input.')) found.push(item);
        Object.values(item).forEach(walk);
      }
    };
    walk(card);
    return found;
  };

  it('offers the services as a choice, preselected to the channel service, with that service approvers', () => {
    const card = formCard(proc, { service: WIKI }) as object;
    const choice = inputs(card).find((input) => input.id === 'service');
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', value: WIKI });
    expect((choice!.choices as { value: string }[]).map((c) => c.value)).toEqual([LEARNING, WIKI]);
    expect(JSON.stringify(card)).toContain('Approver: Walter Wiki');
  });

  it("shows the chosen service's blackouts, and those of every service before a choice", () => {
    const raw = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
    const blackouts = [
      { name: 'Wiki migration', start: '2027-07-01T00:00', end: '2027-07-02T23:59', services: [WIKI] },
    ];
    const cards = templateCards(parseProcess({ ...raw, blackouts }, 'b.json'), undefined, () => NOW);
    expect(JSON.stringify(cards.form({ service: WIKI }, {}))).toContain('Wiki migration');
    expect(JSON.stringify(cards.form({ service: LEARNING }, {}))).not.toContain('Wiki migration');
    expect(JSON.stringify(cards.form({}, {}))).toContain('Wiki migration');
  });

  it('has no service choice when the process file has one service', () => {
    const single = loadProcessFile(path.join(__dirname, '..', '..', 'process', 'isc-learn.process.json'));
    expect(inputs(formCard(single) as object).map((input) => input.id)).not.toContain('service');
  });
});
