import fs, { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_PROCESS_FILE, readConfig } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';
import { loadProcessFile, parseProcess } from '../../src/config/processFile';
import { checkRequest } from '../../src/domain/request';
import { createChange } from '../../src/domain/create';
import { decide } from '../../src/domain/decide';
import type { Change, MilestoneName } from '../../src/domain/change';
import { serviceFacts, shortestRestore } from '../../src/domain/serviceFacts';

/** The seed in the first release's single-`service` format: the mistakes below are checked on that format. */
const SINGLE_SERVICE_FILE = path.join(__dirname, '..', 'fixtures', 'single-service.process.json');
const shipped = JSON.parse(fs.readFileSync(SINGLE_SERVICE_FILE, 'utf8')) as Record<string, unknown>;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'change-bot-process-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function writeProcess(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The ConfigError thrown by `load`; fails the test when nothing or something else is thrown. */
function configError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError, but the process file was accepted');
}

function withField(pathInFile: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(shipped);
  let target = copy as Record<string, unknown>;
  for (const key of pathInFile.slice(0, -1)) target = target[key] as Record<string, unknown>;
  const last = pathInFile.at(-1)!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/** The same process run in minutes: every duration in seconds or minutes. */
const FAST = {
  ...shipped,
  leadTime: 'PT3M',
  before: { preparation: 'PT3M', precheck: 'PT2M', goNoGo: 'PT1M', reminder: 'PT30S' },
  snapshot: { duration: 'PT20S', margin: 'PT5S' },
  decisionBeforeEnd: 'PT30S',
  restoreDuration: 'PT1M',
  maxWindow: 'PT10M',
};

describe('the shipped process file', () => {
  it('loads, with the ISC Learn process as the wiki page describes it', () => {
    const process = loadProcessFile(DEFAULT_PROCESS_FILE);
    expect(process.timeZone).toBe('Europe/Zurich');
    expect(process.service).toMatchObject({
      name: 'ISC Learn Platform',
      host: 'Hannibal',
      provider: 'Infomaniak',
    });
    expect(process.leadTime.as('days')).toBe(21);
    expect(
      [
        process.before.preparation,
        process.before.precheck,
        process.before.goNoGo,
        process.before.reminder,
      ].map((d) => d!.as('days')),
    ).toEqual([21, 14, 7, 1]);
    expect(process.snapshot.duration.as('minutes')).toBe(150);
    expect(process.snapshot.margin.as('minutes')).toBe(15);
    expect(process.decisionBeforeEnd.as('minutes')).toBe(30);
    expect(shortestRestore(serviceFacts(process, 'ISC Learn Platform'))?.duration.as('hours')).toBe(1);
    expect(process.maxWindow.as('hours')).toBe(12);
    expect(process.approvers).toHaveLength(1);
    expect(process.links.incidentProcess).toMatch(/^https:\/\//);
  });

  it('is the default when PROCESS_FILE is unset', () => {
    expect(readConfig({}, () => true).processFile).toBe(DEFAULT_PROCESS_FILE);
  });
});

describe('a process file with durations in seconds and minutes', () => {
  it('loads from PROCESS_FILE', () => {
    const file = writeProcess('fast.process.json', FAST);
    const config = readConfig({ PROCESS_FILE: file }, () => true);
    expect(config.processFile).toBe(file);
    const process = loadProcessFile(config.processFile);
    expect(process.leadTime.as('seconds')).toBe(180);
    expect(process.before.reminder!.as('seconds')).toBe(30);
    expect(process.snapshot.duration.as('seconds') + process.snapshot.margin.as('seconds')).toBe(25);
  });

  it('runs the whole process in minutes', () => {
    const process = parseProcess(FAST, 'fast');
    const now = new Date('2027-06-19T10:00:00.000Z'); // 12:00 in Zurich
    const request = checkRequest(
      {
        title: 'Quick test',
        description: 'A rehearsal of the process.',
        startDate: '2027-06-19',
        startTime: '12:04',
        endTime: '12:06',
        downtime: '1',
        tests: 'It works',
        rollback: 'Undo',
      },
      process,
      now,
    );
    if (!request.ok) throw new Error(JSON.stringify(request.errors));
    let change: Change = createChange(
      {
        id: 'CHG-2027-100',
        request: request.request,
        implementer: { aadObjectId: 'i', name: 'Ines' },
        overlaps: [],
        now,
      },
      process,
    ).change;
    const approver = { aadObjectId: process.approvers[0]!.aadObjectId, name: process.approvers[0]!.name };
    const apply = (
      event: Parameters<typeof decide>[1]['event'],
      by: typeof approver | 'system',
      at: Date,
    ) => {
      const decision = decide(change, { event, by, at }, process);
      if (!decision.accepted) throw new Error(decision.refusal.message);
      change = decision.change;
      return decision.effects;
    };
    const order: MilestoneName[] = [
      'preparation',
      'precheck',
      'goNoGo',
      'reminder',
      'snapshot',
      'start',
      'decision',
    ];
    const dues = order.map((name) => Date.parse(change.milestones[name].due));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    // The whole life, preparation to decision, fits in 6 minutes.
    expect(dues.at(-1)! - dues[0]!).toBeLessThanOrEqual(6 * 60_000);
    for (const name of order) {
      const at = new Date(change.milestones[name].due);
      apply({ type: 'milestone', name }, 'system', at);
      if (name === 'goNoGo') apply({ type: 'go' }, approver, at);
    }
    expect(change.status).toBe('running');
    expect(change.milestones.decision.state).toBe('done');
    const effects = apply({ type: 'done' }, { aadObjectId: 'i', name: 'Ines' }, new Date(change.window.end));
    expect(effects.map((effect) => effect.notice)).toEqual(['end', 'end']);
    expect(change.status).toBe('completed');
  });
});

describe('a process file with a mistake', () => {
  it('refuses an unknown top-level field (a typo) and names it', () => {
    const { leadTime, ...rest } = shipped;
    const error = configError(() => parseProcess({ ...rest, leadtime: leadTime }, 'isc.json'));
    expect(error.field).toBe('isc.json: leadtime');
    expect(error.message).toBe(
      'Configuration error in isc.json: leadtime: unknown field leadtime (did you mean "leadTime"?). Check the ' +
        'spelling against the process file reference in docs/process-file.md; unknown fields are refused so that a ' +
        'typo never falls back to a default.',
    );
  });

  it('refuses an unknown nested field and names its path', () => {
    const nested = withField(['before', 'remindr'], 'P1D');
    expect(configError(() => parseProcess(nested, 'isc.json')).field).toBe('isc.json: before.remindr');
    const person = withField(
      ['approvers'],
      [{ ...(shipped.approvers as object[])[0], mail: 'x@example.org' }],
    );
    expect(configError(() => parseProcess(person, 'isc.json')).field).toBe('isc.json: approvers[0].mail');
  });

  it('suggests the field that was meant, inside lists too, and nothing when no field is close', () => {
    const nested = withField(['before', 'remindr'], 'P1D');
    expect(configError(() => parseProcess(nested, 'isc.json')).problem).toBe(
      'unknown field remindr (did you mean "reminder"?)',
    );
    const person = withField(
      ['approvers'],
      [{ ...(shipped.approvers as object[])[0], emial: 'x@example.org' }],
    );
    expect(configError(() => parseProcess(person, 'isc.json')).problem).toMatch(/did you mean "email"\?/);
    expect(configError(() => parseProcess(withField(['colour'], 'blue'), 'isc.json')).problem).toBe(
      'unknown field colour',
    );
  });

  it('gives the line and column of a JSON syntax error', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'change-bot-json-'));
    const file = path.join(dir, 'broken.process.json');
    await fsp.writeFile(file, '{\n  "timeZone": "Europe/Zurich"\n  "leadTime": "P21D"\n}\n');
    try {
      const error = configError(() => loadProcessFile(file));
      expect(error.problem).toBe(
        "is not valid JSON: Expected ',' or '}' after property value at line 3, column 3",
      );
      await fsp.writeFile(file, '{\n  "timeZone": ');
      expect(configError(() => loadProcessFile(file)).problem).toMatch(/at line 2, column 15$/);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['leadTime'], '21 days'],
    [['before', 'goNoGo'], 'P-7D'],
    [['snapshot', 'margin'], 'PT0S'],
    [['decisionBeforeEnd'], 30],
    [['maxWindow'], ''],
  ])('refuses the duration %j = %j, naming the field and ISO 8601', (where, value) => {
    const error = configError(() => parseProcess(withField(where, value), 'isc.json'));
    expect(error.field).toBe(`isc.json: ${where.join('.')}`);
    expect(error.message).toMatch(/ISO 8601/);
    expect(error.message).toMatch(/P21D/);
  });

  it('says a missing field is missing', () => {
    const error = configError(() => parseProcess(withField(['leadTime'], undefined), 'isc.json'));
    expect(error.field).toBe('isc.json: leadTime');
    expect(error.problem).toBe('is missing');
    expect(error.fix).toBe(
      'Add "leadTime" to the process file (see the process file reference in docs/process-file.md).',
    );
  });

  it('needs at least one approver, each with an Entra object id and an e-mail', () => {
    expect(configError(() => parseProcess(withField(['approvers'], []), 'isc.json')).message).toMatch(
      /approvers: needs at least one approver \(name, aadObjectId, email\)/,
    );
    expect(configError(() => parseProcess(withField(['approvers'], undefined), 'isc.json')).problem).toBe(
      'is missing',
    );
    const noGuid = withField(['approvers'], [{ name: 'P', aadObjectId: 'pierre', email: 'p@example.org' }]);
    expect(configError(() => parseProcess(noGuid, 'isc.json')).message).toMatch(
      /approvers\[0\]\.aadObjectId: must be the person's Entra object id \(a GUID\)/,
    );
    const noEmail = withField(
      ['approvers'],
      [{ name: 'P', aadObjectId: '00000000-0000-0000-0000-000000000001' }],
    );
    expect(configError(() => parseProcess(noEmail, 'isc.json')).field).toBe('isc.json: approvers[0].email');
  });

  it('drillers: optional people beside the approvers; an empty list is refused', () => {
    const person = {
      name: 'Dora',
      aadObjectId: '00000000-0000-4000-8000-0000000000d0',
      email: 'd@example.org',
    };
    const loaded = parseProcess(withField(['drillers'], [person]), 'isc.json');
    expect(loaded.services[0]!.drillers).toEqual([person]);
    expect(parseProcess(shipped, 'isc.json').services[0]!.drillers).toBeUndefined();
    expect(configError(() => parseProcess(withField(['drillers'], []), 'isc.json')).message).toMatch(
      /drillers: lists nobody/,
    );
  });

  it('control characters in names are dropped where the file is read', () => {
    const loaded = parseProcess(
      withField(
        ['approvers'],
        [
          {
            name: 'Ada\u0008 Lead',
            aadObjectId: '00000000-0000-4000-8000-000000000001',
            email: 'a@example.org',
          },
        ],
      ),
      'isc.json',
    );
    expect(loaded.approvers[0]!.name).toBe('Ada Lead');
  });

  it('refuses a time zone that does not exist, and links that are not links', () => {
    expect(
      configError(() => parseProcess(withField(['timeZone'], 'Europe/Zurch'), 'isc.json')).message,
    ).toMatch(/timeZone: must be an IANA time zone like Europe\/Zurich/);
    expect(
      configError(() => parseProcess(withField(['links', 'drpBackupRestore'], 'wiki page'), 'isc.json'))
        .field,
    ).toBe('isc.json: links.drpBackupRestore');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const file = writeProcess('broken.json', '{ "timeZone": "Europe/Zurich", }');
    const error = configError(() => loadProcessFile(file));
    expect(error.field).toBe(`PROCESS_FILE ${file}`);
    expect(error.problem).toMatch(/^is not valid JSON: .* at line 1, column 32$/);
    expect(error.fix).toBe(
      'Fix the JSON there (a missing comma or quote just before that place is the usual cause).',
    );
  });

  it('refuses JSON that is not an object', () => {
    expect(configError(() => loadProcessFile(writeProcess('array.json', '[]'))).field).toMatch(
      /array\.json: \(top level\)$/,
    );
  });

  it('refuses a file that cannot be read and says how to fix PROCESS_FILE', () => {
    const error = configError(() => loadProcessFile(path.join(dir, 'missing.json')));
    expect(error.field).toBe('PROCESS_FILE');
    expect(error.message).toMatch(
      /cannot read .*missing\.json\. Set PROCESS_FILE to the path of a readable process file/,
    );
  });
});
