import { promises as fs } from 'node:fs';
import path from 'node:path';
import { startHarness, type Harness } from '../bot/support/harness';
import { schemaProblems, type Schema } from './support/jsonSchema';
import { cancelledChange, completedChange, lifeOfAChange, PRIVATE_STRINGS } from './support/lifecycle';

/** GET /status/maintenances.json from the running bot, checked against the schema kept in the repository. */
const SCHEMA_FILE = path.join(__dirname, '..', '..', 'docs', 'api', 'maintenances.schema.json');

let h: Harness;
let schema: Schema;
beforeAll(async () => {
  schema = JSON.parse(await fs.readFile(SCHEMA_FILE, 'utf8')) as Schema;
});
beforeEach(async () => {
  h = await startHarness({ env: { STATUS_PAGE: 'on' } });
  const life = lifeOfAChange();
  await h.store.create(2027, (id) => ({
    ...life.extended.change,
    id,
    title: 'Running one',
    publicText: { fr: { title: 'En cours', summary: 'Moodle est indisponible.' }, de: { title: 'Läuft' } },
  }));
  await h.store.create(2027, (id) => ({ ...completedChange().change, id, title: 'Finished one' }));
  await h.store.create(2027, (id) => ({ ...cancelledChange().change, id, title: 'Called off' }));
  h.setNow(life.extended.now);
});
afterEach(async () => {
  await h.stop();
});

test('the live answer follows docs/api/maintenances.schema.json and holds public fields only', async () => {
  const response = await fetch(`${h.baseUrl}/status/maintenances.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const text = await response.text();
  const body = JSON.parse(text) as {
    maintenances: { title: string; state: string; events: { kind: string }[] }[];
  };
  expect(schemaProblems(schema, body)).toEqual([]);
  // The window under way first, then the history (latest first).
  expect(body.maintenances.map((entry) => [entry.title, entry.state])).toEqual([
    ['Running one', 'inProgress'],
    ['Finished one', 'completed'],
    ['Called off', 'cancelled'],
  ]);
  expect(body.maintenances[0]!.events.map((event) => event.kind)).toContain('extended');
  // The public texts as typed, per language; a change without them has no such field.
  expect(body.maintenances[0]).toMatchObject({
    publicText: { fr: { title: 'En cours', summary: 'Moodle est indisponible.' }, de: { title: 'Läuft' } },
  });
  expect(body.maintenances[1]).not.toHaveProperty('publicText');
  for (const secret of PRIVATE_STRINGS) expect(text).not.toContain(secret);
});

test('the validator catches what the schema forbids, so a passing check means something', () => {
  const wrong = {
    timeZone: 'Europe/Zurich',
    services: [{ name: 'x', state: 'sleeping' }],
    maintenances: [{ id: 1 }],
    extra: true,
  };
  const problems = schemaProblems(schema, wrong);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('"sleeping" is not one of'),
      expect.stringContaining('$.maintenances[0].id: not a string'),
      expect.stringContaining('"title" is missing'),
      expect.stringContaining('"extra" is not in the schema'),
    ]),
  );
});

test('ETag and 304, one service with ?service=, 404 for a service that does not exist', async () => {
  const first = await fetch(`${h.baseUrl}/status/maintenances.json`);
  const etag = first.headers.get('etag');
  expect(etag).toMatch(/^".+"$/);
  const again = await fetch(`${h.baseUrl}/status/maintenances.json`, { headers: { 'If-None-Match': etag! } });
  expect(again.status).toBe(304);

  const one = await fetch(`${h.baseUrl}/status/maintenances.json?service=isc%20learn%20platform`);
  expect(one.status).toBe(200);
  const body = (await one.json()) as { services: { name: string }[]; maintenances: { service: string }[] };
  expect(schemaProblems(schema, body)).toEqual([]);
  expect(body.services.map((service) => service.name)).toEqual(['ISC Learn Platform']);
  expect(new Set(body.maintenances.map((entry) => entry.service))).toEqual(new Set(['ISC Learn Platform']));

  expect((await fetch(`${h.baseUrl}/status/maintenances.json?service=Nothing`)).status).toBe(404);
});
