/**
 * Hostile values in every text field that comes in (the process file's names, the form, a reason typed on a
 * card, a person's display name), carried by the whole bot to its public outputs: the status page, the Atom
 * feed (read by fast-xml-parser's strict XMLValidator) and the maintenance calendar (read by ical.js).
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { buttonData, cardOf, verbsOf } from '../bot/support/cards';
import { createChange, tickAt } from '../bot/support/flows';
import {
  approver,
  implementer,
  startHarness,
  writeTestProcessFile,
  type Harness,
} from '../bot/support/harness';
import { readAtom, readCalendar, strictXmlProblem } from './support/readFeeds';

/** Every C0 control but line break and tab, DEL, a C1 control, U+FFFE and a lone surrogate. */
const HOSTILE = '\u0000\u0001\u0008\u000b\u000c\u001b[31m\u007f\u0085\ufffe\ud800';
/** What XML 1.0 cannot carry, and what no stored text should hold (line breaks and tabs aside). */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udfff]/;
const SERVICE = 'R&D <Portal> "main"';
/** D-7 of the valid form's window (Wed 15 Apr 2026, 18:00 Zurich). */
const GO_NOGO_DUE = new Date('2026-04-08T16:00:00.000Z');

function strings(value: unknown, at = '$'): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${at}[${index}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}.${key}`));
  return [];
}

let h: Harness | undefined;
let dir: string;
afterEach(async () => {
  await h?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

test('control characters in every field are dropped at intake; page, Atom and ICS stay valid and escaped', async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-hostile-'));
  const processFile = await writeTestProcessFile(dir);
  const raw = JSON.parse(await fs.readFile(processFile, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const service = raw.services ? raw.services[0] : raw.service;
  service.name = `${SERVICE}${HOSTILE}`;
  const approvers = raw.services ? service.approvers : raw.approvers;
  approvers[0].name = `${approvers[0].name}${HOSTILE}`;
  await fs.writeFile(processFile, JSON.stringify(raw));
  h = await startHarness({ env: { PROCESS_FILE: processFile, STATUS_PAGE: 'on' } });
  // The escape character (U+001B) goes; the "[31m" after it is harmless text and stays.
  expect(h.process.services[0]!.name).toBe(`${SERVICE}[31m`);

  const hostileImplementer = { ...implementer, name: `Eve${HOSTILE}` };
  const created = await createChange(
    h,
    {
      title: `R&D upgrade <b>bold</b> ]]>${HOSTILE}`,
      description: `Line one${HOSTILE}\r\nLine two\twith a tab`,
      tests: `Log in${HOSTILE}\nOpen a course`,
      rollback: `Restore${HOSTILE}`,
      audience: `teachers@test.example.org${HOSTILE}`,
      service: `${SERVICE}[31m`,
    },
    hostileImplementer,
  );
  await tickAt(h, GO_NOGO_DUE);
  const goCall = await h.connector.waitFor(
    'the GO/NOGO card',
    (call) =>
      (call.kind === 'send' || call.kind === 'reply') &&
      verbsOf(cardOf(h!.connector.activityOf(call))).includes('go'),
  );
  const go = await h.press(
    { ...approver, name: `Ada${HOSTILE}` },
    'go',
    buttonData(cardOf(h.connector.activityOf(goCall)), 'go'),
    { replyToId: goCall.createdActivityId!, rootId: created.rootActivityId },
  );
  expect(go.status).toBe(200);
  const announced = await h.change(created.id);
  expect(announced.status).toBe('approved');
  const cancel = await h.press(hostileImplementer, 'cancel', {
    changeId: created.id,
    revision: announced.revision,
    reason: `Not needed${HOSTILE}\nafter all`,
  });
  expect(cancel.status).toBe(200);

  // Intake: no stored string of the change holds a forbidden character; multi-line fields keep their lines.
  const stored = await h.change(created.id);
  expect(stored.status).toBe('cancelled');
  const dirty = strings(stored).filter((entry) => FORBIDDEN.test(entry.text));
  expect(dirty).toEqual([]);
  expect(stored.title).toBe('R&D upgrade <b>bold</b> ]]>[31m');
  expect(stored.description).toBe('Line one[31m\nLine two\twith a tab');
  expect(stored.implementer.name).toBe('Eve [31m');
  expect(JSON.stringify(stored.history)).toContain('Not needed[31m\\nafter all');

  // The page: valid text, the title and the service escaped.
  const page = await (await fetch(`${h.baseUrl}/status`)).text();
  expect(page).not.toMatch(FORBIDDEN);
  expect(page).not.toContain('<b>bold</b>');
  expect(page).toContain('R&amp;D upgrade &lt;b&gt;bold&lt;/b&gt;');
  expect(page).toContain('R&amp;D &lt;Portal&gt;');

  // Atom, by a strict XML parser; the service in <category label term> read back as it is.
  const atom = await (await fetch(`${h.baseUrl}/status/feed.atom`)).text();
  expect(XMLValidator.validate(atom)).toBe(true);
  expect(strictXmlProblem(atom)).toBeUndefined();
  expect(readAtom(atom).entries.length).toBeGreaterThanOrEqual(2);
  const feed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'category'].includes(name),
  }).parse(atom) as { feed: { entry: { category: { '@label': string; '@term': string }[] }[] } };
  const entries = feed.feed.entry;
  expect(entries.length).toBeGreaterThanOrEqual(2);
  for (const entry of entries) {
    expect(entry.category[0]!['@label']).toBe(`${SERVICE}[31m`);
    expect(entry.category[0]!['@term']).toBe(`${SERVICE}[31m`);
  }

  // ICS, by ical.js: the event is there, cancelled, its summary without forbidden characters.
  const ics = await (await fetch(`${h.baseUrl}/status/maintenance.ics`)).text();
  const calendar = readCalendar(ics);
  expect(calendar.events).toHaveLength(1);
  expect(calendar.events[0]!.status).toBe('CANCELLED');
  expect(ics).not.toMatch(FORBIDDEN);
});
