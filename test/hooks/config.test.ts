/**
 * The process file's `webhooks` and a service's `alertmanager`: https only (http on loopback), a secret that
 * must be in the environment at start, which public notices set off which webhook and silence, and what
 * `show` says of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { ConfigError } from '../../src/config/errors';
import { parseProcess } from '../../src/config/processFile';
import { webhookSecrets } from '../../src/config/webhookSecrets';
import { summaryView } from '../../src/cards/views/summary';
import type { OutboxEntry } from '../../src/domain/change';
import { publicNotice } from '../../src/domain/recipients';
import { makeChange } from '../support/changeFactory';
import { approverEntries, editProcessJson } from '../support/processJson';
import { approver } from '../domain/support';

const shipped = JSON.parse(fs.readFileSync(DEFAULT_PROCESS_FILE, 'utf8')) as Record<string, unknown>;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const AM = { url: 'http://127.0.0.1:9093', matchers: [{ name: 'service', value: 'moodle' }] };

function processWith(top: Record<string, unknown>, service: Record<string, unknown> = {}) {
  const raw = editProcessJson(shipped, top, { approvers: approverEntries([approver]), ...service });
  return parseProcess(raw, 'test process');
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('Expected a ConfigError');
}

describe('webhook and Alertmanager URLs', () => {
  it.each(['http://hooks.example.org/in', 'ftp://hooks.example.org', 'http://10.0.0.5/in', 'not a url'])(
    'refuses %s',
    (url) => {
      const error = configError(() => processWith({ webhooks: [{ url, secretEnv: 'HOOK_SECRET' }] }));
      expect(error.message).toContain('webhooks[0].url');
      expect(error.message).toContain('https://');
    },
  );

  it.each([
    'https://hooks.example.org/in',
    'http://127.0.0.1:8080/in',
    'http://localhost/in',
    'http://[::1]:9/in',
  ])('accepts %s', (url) => {
    expect(processWith({ webhooks: [{ url, secretEnv: 'HOOK_SECRET' }] }).webhooks).toEqual([
      { url, secretEnv: 'HOOK_SECRET' },
    ]);
  });

  it('refuses an Alertmanager on plain http elsewhere, or without matchers', () => {
    expect(
      configError(() => processWith({}, { alertmanager: { ...AM, url: 'http://am.example.org' } })).message,
    ).toContain('alertmanager.url');
    expect(configError(() => processWith({}, { alertmanager: { ...AM, matchers: [] } })).message).toContain(
      'silence every alert',
    );
    expect(processWith({}, { alertmanager: AM }).services[0]!.alertmanager).toEqual({
      url: AM.url,
      matchers: [{ name: 'service', value: 'moodle', isRegex: false }],
    });
  });

  it('takes the Alertmanager of the single-service format at the top level, beside its other facts', () => {
    const single = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../fixtures/single-service.process.json'), 'utf8'),
    ) as Record<string, unknown>;
    const proc = parseProcess({ ...single, alertmanager: AM }, 'single');
    expect(proc.services[0]!.alertmanager).toEqual({
      url: AM.url,
      matchers: [{ name: 'service', value: 'moodle', isRegex: false }],
    });
    expect(
      configError(() => parseProcess({ ...single, alertmanager: { ...AM, matchers: [] } }, 'single')).message,
    ).toContain('alertmanager.matchers');
  });

  it('refuses a webhook for a service the file does not have', () => {
    const hooks = [{ url: 'https://h.example.org', secretEnv: 'S', services: ['Nope'] }];
    expect(configError(() => processWith({ webhooks: hooks })).message).toContain('"Nope" is not a service');
  });

  it('refuses an unknown event name', () => {
    const hooks = [{ url: 'https://h.example.org', secretEnv: 'S', events: ['started', 'exploded'] }];
    expect(configError(() => processWith({ webhooks: hooks })).message).toContain('webhooks[0].events[1]');
  });
});

describe('webhook secrets at start', () => {
  const proc = processWith({ webhooks: [{ url: 'https://h.example.org', secretEnv: 'HOOK_SECRET' }] });

  it('names the missing variable', () => {
    const error = configError(() => webhookSecrets(proc, {}));
    expect(error.field).toBe('HOOK_SECRET');
    expect(error.message).toContain('is not set');
  });

  it('refuses a value that is no whsec_ secret, and reads a good one', () => {
    expect(configError(() => webhookSecrets(proc, { HOOK_SECRET: 'whsec_!!' })).field).toBe('HOOK_SECRET');
    expect(webhookSecrets(proc, { HOOK_SECRET: SECRET }).get('HOOK_SECRET')).toBe(SECRET);
  });
});

describe('what a public notice sets off (derived from the steps’ notices)', () => {
  // An endpoint for another service than the change's: set on the process as loaded (the file refuses it).
  const proc = {
    ...processWith({}, { alertmanager: AM }),
    webhooks: [
      { url: 'https://all.example.org', secretEnv: 'A' },
      { url: 'https://starts.example.org', secretEnv: 'B', events: ['started'] },
      { url: 'https://other.example.org', secretEnv: 'C', services: ['Another service'] },
    ],
  };
  const change = makeChange({ service: proc.services[0]!.name });
  const machines = (notice: Parameters<typeof publicNotice>[0]) =>
    publicNotice(notice, change, proc)
      .map((effect) => effect.to)
      .filter((to) => to.kind === 'webhook' || to.kind === 'silence');

  it('sends each endpoint the events it takes, for its services, and silences over the window', () => {
    expect(machines('start')).toEqual([
      { kind: 'webhook', url: 'https://all.example.org', event: 'started' },
      { kind: 'webhook', url: 'https://starts.example.org', event: 'started' },
      { kind: 'silence', action: 'create' },
    ]);
    expect(machines('extension')).toEqual([
      { kind: 'webhook', url: 'https://all.example.org', event: 'extended' },
      { kind: 'silence', action: 'extend' },
    ]);
    expect(machines('end')).toContainEqual({ kind: 'silence', action: 'expire' });
    expect(machines('rescheduled')).toEqual([
      { kind: 'webhook', url: 'https://all.example.org', event: 'moved' },
    ]);
    // A public notice that is no event of the list sets off nothing.
    expect(machines('reminder')).toEqual([]);
  });
});

describe('show', () => {
  const proc = processWith({}, { alertmanager: AM });
  const entry = (key: string, to: OutboxEntry['effect']['to'], more: Partial<OutboxEntry>): OutboxEntry => ({
    key,
    effect: { notice: 'start', to },
    revision: 5,
    state: 'sent',
    attempts: 1,
    createdAt: '2026-04-15T16:00:00.000Z',
    ...more,
  });

  it('lists a webhook given up under Not delivered, and links the window’s silence', () => {
    const change = makeChange({
      service: proc.services[0]!.name,
      outbox: [
        entry('5:start:silence:create', { kind: 'silence', action: 'create' }, { silenceId: 'abc-123' }),
        entry(
          '5:start:webhook:https://h.example.org',
          { kind: 'webhook', url: 'https://h.example.org', event: 'started' },
          { state: 'failed', lastError: 'POST https://h.example.org answered 410' },
        ),
      ],
    });
    const view = summaryView(change, proc, { now: new Date('2026-04-15T16:30:00.000Z') });
    expect(view.hasFailedDeliveries).toBe(true);
    expect(view.failedDeliveries[0]!.text).toContain('(webhook https://h.example.org,');
    expect(view.failedDeliveries[0]!.text).toContain('answered 410');
    expect(view).toMatchObject({ hasSilence: true, silenceUrl: 'http://127.0.0.1:9093/#/silences/abc-123' });
  });
});
