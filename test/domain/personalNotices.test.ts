/**
 * Which personal (1:1) notices a batch of effects adds: one per person asked, for new posts only, each
 * notice once even when it goes to the channel and the thread, with the person's e-mail for the fallback.
 */
import { withPersonalNotices } from '../../src/domain/asked';
import type { Effect } from '../../src/domain/change';
import { approver, implementer, newChange, secondApprover } from './support';

const { change, process } = newChange('2027-06-19 18:00');

function personal(effects: Effect[]) {
  return effects.flatMap((effect) =>
    effect.to.kind === 'personal' ? [{ notice: effect.notice, ...effect.to }] : [],
  );
}

test('GO/NOGO adds one 1:1 per approver, with their e-mail; the post itself is kept first', () => {
  const effects = withPersonalNotices([{ notice: 'goNoGo', to: { kind: 'approvers' } }], change, process);
  expect(effects[0]).toEqual({ notice: 'goNoGo', to: { kind: 'approvers' } });
  expect(personal(effects)).toEqual(
    [approver, secondApprover].map(({ aadObjectId, name, email }) => ({
      notice: 'goNoGo',
      kind: 'personal',
      aadObjectId,
      name,
      email,
    })),
  );
});

test('blocked goes to the implementer and both approvers once, though it is posted and mailed', () => {
  const effects = withPersonalNotices(
    [
      { notice: 'blocked', to: { kind: 'implementer' } },
      { notice: 'blocked', to: { kind: 'mail', to: [implementer.email] } },
    ],
    change,
    process,
  );
  expect(personal(effects).map((to) => to.aadObjectId)).toEqual([
    implementer.aadObjectId,
    approver.aadObjectId,
    secondApprover.aadObjectId,
  ]);
});

test('announcements and mails alone ask nobody; the 1:1 of a late notice is late too', () => {
  expect(
    personal(withPersonalNotices([{ notice: 'announcement', to: { kind: 'channel' } }], change, process)),
  ).toEqual([]);
  expect(
    personal(
      withPersonalNotices(
        [{ notice: 'goNoGo', to: { kind: 'mail', to: ['x@example.org'] } }],
        change,
        process,
      ),
    ),
  ).toEqual([]);
  const late = withPersonalNotices(
    [{ notice: 'control', to: { kind: 'implementer' }, late: true }],
    change,
    process,
  );
  expect(late.filter((effect) => effect.to.kind === 'personal')).toEqual([
    {
      notice: 'control',
      to: {
        kind: 'personal',
        aadObjectId: implementer.aadObjectId,
        name: implementer.name,
        email: implementer.email,
      },
      late: true,
    },
  ]);
});
