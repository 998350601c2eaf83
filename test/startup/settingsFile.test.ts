import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StartupFailure } from '../../src/startup/failure';
import { loadSettingsFile } from '../../src/startup/settingsFile';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'change-bot-settings-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function settings(text: string): Promise<string> {
  const file = path.join(dir, '.env');
  await fs.writeFile(file, text);
  return file;
}

function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StartupFailure);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('deploy/.env, read by npm start', () => {
  it("reads Docker's env-file format: NAME=value, comments, a cron with spaces and no quotes", async () => {
    const file = await settings(
      '# Change bot settings\nMicrosoftAppId=\nSCHEDULER_CRON=*/5 * * * * *\n\n# PORT=4000\nSTATUS_PAGE=on\n',
    );
    const env: NodeJS.ProcessEnv = {};
    expect(loadSettingsFile(file, env)).toEqual({ file, used: 3, overridden: 0 });
    expect(env).toEqual({ MicrosoftAppId: '', SCHEDULER_CRON: '*/5 * * * * *', STATUS_PAGE: 'on' });
  });

  it('lets a variable already in the environment win over the file', async () => {
    const file = await settings('PORT=4000\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    expect(loadSettingsFile(file, env)).toEqual({ file, used: 1, overridden: 1 });
    expect(env).toEqual({ PORT: '5000', LOG_LEVEL: 'debug' });
  });

  it('is optional', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadSettingsFile(path.join(dir, 'absent.env'), env)).toBeUndefined();
    expect(env).toEqual({});
  });

  it('refuses, by line, what Docker and Node would read differently', async () => {
    const quoted = await settings('PORT=3978\nSCHEDULER_CRON="*/5 * * * * *"\n');
    expect(failure(() => loadSettingsFile(quoted, {}))).toBe(
      `${quoted} line 2: SCHEDULER_CRON's value is in quotes: Docker keeps quotes as part of the value, so write it without them (spaces need no quotes).`,
    );
    const hashed = await settings('MicrosoftAppPassword=abc#def\n');
    expect(failure(() => loadSettingsFile(hashed, {}))).toMatch(
      /line 1: MicrosoftAppPassword's value contains #: Docker keeps it, Node's parser ends the value there/,
    );
    const exported = await settings('\n\nexport PORT=3978\n');
    expect(failure(() => loadSettingsFile(exported, {}))).toMatch(/line 3: is not NAME=value/);
    const bare = await settings('PORT\n');
    expect(failure(() => loadSettingsFile(bare, {}))).toMatch(/line 1: is not NAME=value/);
  });

  it('says so in one line when the file cannot be read', async () => {
    const unreadable = (): string => {
      throw Object.assign(new Error('denied'), { code: 'EACCES' });
    };
    expect(failure(() => loadSettingsFile('/x/deploy/.env', {}, unreadable))).toBe(
      'The settings file /x/deploy/.env cannot be read (EACCES): let the user the bot runs as read it, or remove it.',
    );
  });
});
