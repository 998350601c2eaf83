import fs from 'node:fs';
import path from 'node:path';

const template = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'manifest', 'manifest.json'), 'utf8'),
);

describe('manifest template', () => {
  it('is the app users know as Change', () => {
    expect(template.name.short).toBe('Change');
  });

  it('lists the chat commands in the order of help, each with a one-line description', () => {
    const [bot] = template.bots;
    expect(bot.commandLists).toHaveLength(1);
    const [list] = bot.commandLists;
    expect([...list.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(list.commands.map((command: { title: string }) => command.title)).toEqual([
      'new',
      'list',
      'show',
      'reschedule',
      'cancel',
      'notify',
      'help',
    ]);
    for (const command of list.commands as Array<{ description: string }>) {
      expect(command.description.trim().length).toBeGreaterThan(10);
      expect(command.description).not.toMatch(/\n/);
    }
  });

  it('takes the app id, the bot id and the domain from placeholders, never from a committed value', () => {
    expect(template.id).toBe('${{TEAMS_APP_ID}}');
    expect(template.bots[0].botId).toBe('${{MicrosoftAppId}}');
    expect(template.validDomains).toEqual(['${{BOT_DOMAIN}}']);
  });

  it('points at icons that exist beside it', () => {
    for (const file of [template.icons.color, template.icons.outline]) {
      expect(fs.existsSync(path.join(__dirname, '..', '..', 'manifest', file))).toBe(true);
    }
  });
});
