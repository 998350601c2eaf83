import { cardForNotice } from '../../src/cards';
import { composeMail } from '../../src/mail/message';
import type { Change, OutboxEntry } from '../../src/domain/change';
import { act, approver, newChange, refused, testProcess } from '../domain/support';
import { seen } from './support';

/**
 * The GO deadline (when a change without GO is blocked) is the reminder, `before.reminder`: every text
 * that names it says it in words derived from the process file, not a fixed "D-1".
 */
describe('the GO deadline in words, from before.reminder', () => {
  const threeHours = testProcess({
    before: { preparation: 'P21D', precheck: 'P14D', goNoGo: 'P7D', reminder: 'PT3H' },
  });
  const seed = testProcess();

  function blockedChange(): Change {
    return { ...newChange('2026-12-19 08:00', { process: threeHours }).change, status: 'blocked' };
  }

  it('a process with reminder PT3H says "3 hours before" on the blocked card, never D-1', () => {
    const text = seen(cardForNotice('blocked', blockedChange(), threeHours, { now: new Date() }));
    expect(text).toContain('Blocked: no GO by 3 hours before the start');
    expect(text).toContain('(3 hours before the start)');
    expect(text).not.toContain('D-1');
  });

  it('the summary card states the status in the same words', () => {
    const text = seen(cardForNotice('created', blockedChange(), threeHours, { now: new Date() }));
    expect(text).toContain('Blocked: no GO by 3 hours before the start, nothing announced');
    expect(text).toContain('No GO was given by 3 hours before the start');
    expect(text).not.toContain('D-1');
  });

  it('the seed process (reminder P1D) says "the day before"', () => {
    const text = seen(cardForNotice('blocked', blockedChange(), seed, { now: new Date() }));
    expect(text).toContain('Blocked: no GO by the day before the start');
  });

  it('a refusal on a blocked change says it too', () => {
    const refusal = refused(
      act(blockedChange(), { type: 'go' }, approver, new Date('2026-12-01T10:00:00Z'), {
        process: threeHours,
      }),
      'state',
    );
    expect(refusal.message).toContain('blocked (no GO by 3 hours before the start)');
  });

  it('the blocked e-mail to the owners names the same deadline in its subject', () => {
    const change = blockedChange();
    const entry: OutboxEntry = {
      key: '2:blocked:mail',
      effect: { notice: 'blocked', to: { kind: 'mail', to: ['a@example.org'] } },
      revision: change.revision,
      state: 'pending',
      attempts: 0,
      createdAt: change.createdAt,
    };
    const mail = composeMail(change, entry, threeHours, { name: 'Bot', email: 'bot@example.org' });
    expect(mail.subject).toContain('Blocked: no GO by 3 hours before the start');
    expect(mail.text).not.toContain('D-1');
  });
});
