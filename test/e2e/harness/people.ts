/**
 * Who is in the Playground's team. The process file `process/e2e-fast.process.json` names `approver` as
 * the one approver (same aadObjectId, name and e-mail), so keep both in step.
 */
export interface PlaygroundUser {
  /** Channel account id (what Teams calls `from.id`). */
  id: string;
  name: string;
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

export type Role = 'implementer' | 'approver' | 'nonApprover' | 'memberA' | 'memberB';

function person(role: string, givenName: string, surname: string, objectNumber: number): PlaygroundUser {
  const email = `${givenName.toLowerCase()}.${surname.toLowerCase()}@isc.example.org`;
  return {
    id: `29:e2e-${role}`,
    name: `${givenName} ${surname}`,
    userPrincipleName: email,
    aadObjectId: `00000000-0000-4000-8000-${String(objectNumber).padStart(12, '0')}`,
    givenName,
    surname,
    email,
  };
}

export const PEOPLE: Record<Role, PlaygroundUser> = {
  implementer: person('implementer', 'Ivan', 'Implementer', 1),
  approver: person('approver', 'Alice', 'Approver', 2),
  nonApprover: person('non-approver', 'Nora', 'Colleague', 3),
  memberA: person('member-a', 'Mia', 'Member', 4),
  memberB: person('member-b', 'Max', 'Member', 5),
};

export const ROLES = Object.keys(PEOPLE) as Role[];

/**
 * The Playground sends every typed message as its `currentUser`, whose id must differ from the five users'.
 * So the keyboard is the implementer's own seat: another channel account of the same person (same Entra
 * object id and name), which is how the bot tells people apart. Card presses can name any of the five.
 */
export const KEYBOARD: PlaygroundUser = { ...PEOPLE.implementer, id: '29:e2e-implementer-keyboard' };

export const BOT = { id: '28:e2e-change-bot', name: 'change' } as const;

export const TEAM = {
  /** The General channel's conversation id is the team id. */
  id: '19:e2e-isc-learn@thread.tacv2',
  name: 'ISC Learn',
  aadGroupId: '00000000-0000-4000-8000-0000000000aa',
} as const;

export const TENANT_ID = '00000000-0000-4000-8000-0000000000ee';
