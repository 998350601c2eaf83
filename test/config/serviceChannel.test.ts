import { promises as fs } from 'node:fs';
import { parseChannelLink } from '../../src/config/channelLink';
import { DEFAULT_PROCESS_FILE } from '../../src/config/env';
import { parseProcess } from '../../src/config/processFile';

const LINK =
  'https://teams.microsoft.com/l/channel/19%3Aa1b2c3d4e5%40thread.tacv2/Changes?groupId=0f1e2d3c-aaaa-4bbb-8ccc-123456789abc&tenantId=11111111-2222-4333-8444-555555555555';

async function withService(service: Record<string, unknown>) {
  const raw = JSON.parse(await fs.readFile(DEFAULT_PROCESS_FILE, 'utf8')) as { services: object[] };
  return parseProcess({ ...raw, services: [{ ...raw.services[0], ...service }] }, 'test.process.json');
}

describe('service.channel in the process file', () => {
  it('reads the channel link as Teams copies it', async () => {
    expect((await withService({ channel: LINK })).service.channel).toEqual({
      teamId: '0f1e2d3c-aaaa-4bbb-8ccc-123456789abc',
      channelId: '19:a1b2c3d4e5@thread.tacv2',
    });
  });

  it('reads a team id and channel id', async () => {
    const channel = { teamId: 'team-1', channelId: '19:abc@thread.tacv2' };
    expect((await withService({ channel })).service.channel).toEqual(channel);
  });

  it('is optional', async () => {
    expect((await withService({})).service.channel).toBeUndefined();
  });

  it.each([
    ['a link to a chat', 'https://teams.microsoft.com/l/chat/19%3Aabc%40thread.v2/0'],
    ['a link without the team', 'https://teams.microsoft.com/l/channel/19%3Aabc%40thread.tacv2/General'],
    ['a channel id that is not one', { teamId: 'team-1', channelId: 'General' }],
    ['an unknown field', { teamId: 'team-1', channelId: '19:abc@thread.tacv2', name: 'x' }],
  ])('refuses %s, saying what to write', async (_, channel) => {
    await expect(withService({ channel })).rejects.toThrow(
      /services\[0\]\.channel[\s\S]*Get link to channel/,
    );
  });
});

test('parseChannelLink decodes the channel id', () => {
  expect(parseChannelLink(LINK)?.channelId).toBe('19:a1b2c3d4e5@thread.tacv2');
  expect(parseChannelLink('not a link')).toBeUndefined();
});
