import { BOT, KEYBOARD, PEOPLE, ROLES, TEAM, TENANT_ID, type PlaygroundUser } from './people';

/** A JSON string is a valid YAML double-quoted scalar: no YAML library needed, nothing left unquoted. */
const q = (value: string): string => JSON.stringify(value);

function userLines(user: PlaygroundUser, indent: string, first: string): string[] {
  const fields: (keyof PlaygroundUser)[] = [
    'id',
    'name',
    'userPrincipleName',
    'aadObjectId',
    'givenName',
    'surname',
    'email',
  ];
  return fields.map((field, index) => `${index === 0 ? first : indent}${field}: ${q(user[field])}`);
}

/**
 * `.m365agentsplayground.yml` for the e2e team. Its schema is strict (unknown keys, a sixth user or a bot
 * name over 42 characters make the Playground exit right after "Listening"): exactly five users, one team
 * whose General channel id is the team id, and no extra channel.
 */
export function playgroundConfigYaml(): string {
  const lines = [
    'version: "0.1.1"',
    `tenantId: ${q(TENANT_ID)}`,
    'bot:',
    `  id: ${q(BOT.id)}`,
    `  name: ${q(BOT.name)}`,
    'currentUser:',
    ...userLines(KEYBOARD, '  ', '  '),
    'users:',
    ...ROLES.flatMap((role) => userLines(PEOPLE[role], '    ', '  - ')),
    'personalChat:',
    '  id: "e2e-personal-chat"',
    'groupChat:',
    '  id: "e2e-group-chat"',
    '  name: "ISC Learn group chat"',
    'team:',
    `  id: ${q(TEAM.id)}`,
    `  name: ${q(TEAM.name)}`,
    `  aadGroupId: ${q(TEAM.aadGroupId)}`,
    '  channels: []',
  ];
  return `${lines.join('\n')}\n`;
}
