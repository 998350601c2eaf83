import fs from 'node:fs';
import path from 'node:path';
import { cardForNotice, showCard } from '../../src/cards';
import { parseProcess } from '../../src/config/processFile';
import type { MilestoneName, NoticeKind, OutboxEntry } from '../../src/domain/change';
import { composeMail } from '../../src/mail/message';
import { dueMilestones } from '../../src/scheduler/tick';
import { seen } from '../cards/support';
import {
  accepted,
  approver,
  DAY,
  describeEffects,
  newChange,
  secondApprover,
  tick,
  zurich,
} from '../domain/support';
import { WITH_WALKTHROUGH } from './walkthrough/step';

/**
 * A new milestone in four files, all under test/milestone/walkthrough: the process-file entry
 * (before.walkthrough in walkthrough.process.json), the registry entry (registry.ts), the template
 * (walkthrough.json) and its view (walkthroughView.ts). Nothing in src/ names it.
 */
const WALKTHROUGH = 'walkthrough' as MilestoneName;
const raw = {
  ...(JSON.parse(
    fs.readFileSync(path.join(__dirname, 'walkthrough/walkthrough.process.json'), 'utf8'),
  ) as Record<string, unknown>),
  approvers: [approver, secondApprover].map(({ name, aadObjectId, email }) => ({ name, aadObjectId, email })),
};
const proc = parseProcess(raw, 'walkthrough.process.json', WITH_WALKTHROUGH);

describe('a throw-away milestone added as data', () => {
  const start = '2027-01-20 18:00';
  const { change } = newChange(start, { process: proc });

  it('is scheduled before.walkthrough (3 days) before the start, in the process time zone', () => {
    expect(change.milestones[WALKTHROUGH]).toMatchObject({ state: 'pending' });
    expect(Date.parse(change.milestones[WALKTHROUGH].due)).toBe(zurich(start).getTime() - 3 * DAY);
  });

  it('falls due for the scheduler in order, between GO/NOGO and the reminder', () => {
    const at = new Date(zurich(start).getTime() - 3 * DAY + 1);
    expect(dueMilestones(change, at)).toEqual(['preparation', 'precheck', 'goNoGo', 'walkthrough']);
  });

  it('when due, sends its card to the approvers and mails them, and records the step', () => {
    const { change: after, effects } = accepted(tick(change, WALKTHROUGH, undefined, proc));
    expect(describeEffects(effects)).toEqual([
      'walkthrough → approvers',
      `walkthrough → mail ${approver.email}, ${secondApprover.email}`,
    ]);
    expect(after.milestones[WALKTHROUGH].state).toBe('done');
    expect(after.history.at(-1)?.event).toBe('milestone.walkthrough');
  });

  it('is posted as its own card, from its own template and view', () => {
    const text = seen(cardForNotice('walkthrough' as NoticeKind, change, proc, { now: new Date() }));
    expect(text).toContain(`Walkthrough: ${change.title}`);
    expect(text).toContain('Walk the approvers through the plan before');
  });

  it("is mailed with the registry entry's words and label", () => {
    const entry: OutboxEntry = {
      key: '1:walkthrough:mail',
      effect: { notice: 'walkthrough' as NoticeKind, to: { kind: 'mail', to: [approver.email] } },
      revision: change.revision,
      state: 'pending',
      attempts: 0,
      createdAt: change.createdAt,
    };
    const mail = composeMail(change, entry, proc, { name: 'Bot', email: 'bot@example.org' });
    expect(mail.subject.startsWith(`${change.id} Walkthrough: `)).toBe(true);
    expect(mail.text).toContain(`Walk the approvers through "${change.title}" before the window.`);
  });

  it('shows on the summary card with its label', () => {
    expect(seen(showCard(change, proc, { now: new Date() }))).toMatch(/Walkthrough/);
  });

  it('is refused in a process file read without its registry entry (unknown fields stay errors)', () => {
    expect(() => parseProcess(raw, 'walkthrough.process.json')).toThrow(/before\.walkthrough.*unknown field/);
  });
});
