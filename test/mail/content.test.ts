import type { Change, NoticeKind, OutboxEntry } from '../../src/domain/change';
import { noticeLabel } from '../../src/cards/views/summary';
import { NOTICE_KINDS } from '../../src/domain/steps';
import { composeMail } from '../../src/mail/message';
import { accepted, act, implementer, runningChange } from '../domain/support';
import { AWKWARD_TITLE, process } from './support/mailFixture';

const FROM = { name: 'Change bot', email: 'change-bot@isc.example.org' };

function entry(notice: NoticeKind, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    key: `7:${notice}:mail`,
    effect: { notice, to: { kind: 'mail', to: ['a@example.org', 'b@example.org'] } },
    revision: 7,
    state: 'pending',
    attempts: 0,
    createdAt: '2027-06-19T16:00:00.000Z',
    ...overrides,
  };
}

/** A change in its window, with a user-typed title and description full of markup. */
function running(): Change {
  const change = runningChange('2027-06-19 18:00');
  return { ...change, title: AWKWARD_TITLE, description: 'Run <b>bold</b>\nthen [a link](http://evil)' };
}

describe('mail content', () => {
  it('gives every notice a subject that starts with the change id, and escaped HTML', () => {
    const change = running();
    for (const notice of NOTICE_KINDS) {
      const mail = composeMail(change, entry(notice), process, FROM);
      expect(mail.subject.startsWith(`${change.id} ${noticeLabel(notice, process)}: `)).toBe(true);
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.html).not.toMatch(/<script|<b>/);
      expect(mail.html).toContain('Run &lt;b&gt;bold&lt;/b&gt;<br>then [a link](http://evil)');
      expect(mail.html).not.toContain('href="http://evil"');
      expect(mail.text).toContain(`Change: ${change.id}: ${AWKWARD_TITLE}`);
      expect(mail.to).toEqual(['a@example.org', 'b@example.org']);
    }
  });

  it('says what happened in the users’ words: start, extension and end with the test results', () => {
    const change = running();
    expect(composeMail(change, entry('start'), process, FROM).text).toContain(
      'The maintenance window is open now: Sat 19 Jun 2027, 18:00–20:00 (Europe/Zurich).',
    );
    const extended = accepted(
      act(change, { type: 'extend', extraMinutes: 45 }, implementer, new Date(change.window.end)),
    ).change;
    expect(composeMail(extended, entry('extension'), process, FROM).text).toContain(
      'The window now ends Sat 19 Jun 2027, 20:45 (Europe/Zurich) instead of Sat 19 Jun 2027, 20:00 (Europe/Zurich) (45 min more).',
    );
    const done = accepted(
      act(change, { type: 'done', testResults: [true, false] }, implementer, '2027-06-19 19:40'),
    ).change;
    const end = composeMail(done, entry('end'), process, FROM);
    expect(end.text).toContain('1 of 2 validation tests confirmed as passed.');
    expect(end.text).toMatch(
      /Validation tests:\n- Log in as a student: passed\n- Submit a quiz: not confirmed/i,
    );
    expect(end.html).toMatch(/<li>Log in as a student: passed<\/li>/i);
  });

  it('says when a notice comes late, and when it stands in for a Teams post that failed', () => {
    const change = running();
    const late = composeMail(
      change,
      entry('start', { effect: { ...entry('start').effect, late: true } }),
      process,
      FROM,
    );
    expect(late.text.split('\n')[0]).toMatch(/^! Sent late: this was due Sat 19 Jun 2027, 18:00/);
    expect(late.html).toContain('<p style="color:#a4262c"><strong>Sent late');

    const failedPost: OutboxEntry = {
      ...entry('goNoGo'),
      key: '7:goNoGo:approvers',
      effect: { notice: 'goNoGo', to: { kind: 'approvers' } },
      state: 'failed',
      lastError:
        'Teams refused the post: the bot was removed from the team or the conversation is gone. Add the bot to the team again.',
    };
    const withFailure = { ...change, outbox: [failedPost] };
    const fallback = composeMail(
      withFailure,
      entry('goNoGo', { key: '7:goNoGo:approvers>mail' }),
      process,
      FROM,
    );
    expect(fallback.subject).toBe(`${change.id} Not posted in Teams: GO / NOGO needed: ${AWKWARD_TITLE}`);
    expect(fallback.text).toContain(
      '! The bot could not post this in the Teams channel. Teams refused the post: the bot was removed from the team',
    );
    expect(fallback.text).toContain(`type "show ${change.id}" to see the change and act on it`);
  });

  it('says so when it stands in for a personal 1:1 message that Teams refused', () => {
    const change = running();
    const key = `7:goNoGo:personal:${implementer.aadObjectId}`;
    const failed: OutboxEntry = {
      ...entry('goNoGo'),
      key,
      effect: {
        notice: 'goNoGo',
        to: { kind: 'personal', aadObjectId: implementer.aadObjectId, name: 'Ines' },
      },
      state: 'failed',
      lastError:
        'The personal chat could not be opened (the app is not installed for this person, or they blocked it).',
    };
    const mail = composeMail(
      { ...change, outbox: [failed] },
      entry('goNoGo', { key: `${key}>mail` }),
      process,
      FROM,
    );
    expect(mail.text).toContain(
      '! The bot could not send you this in Teams. The personal chat could not be opened (the app is not installed',
    );
    expect(mail.text).not.toContain('Teams channel');
  });

  it('carries an invitation only when the domain asked for one', () => {
    const change = running();
    const withInvite = entry('announcement', {
      effect: { notice: 'announcement', to: { kind: 'mail', to: ['a@example.org'], calendar: 'request' } },
    });
    expect(composeMail(change, withInvite, process, FROM).calendar?.method).toBe('REQUEST');
    expect(composeMail(change, entry('reminder'), process, FROM).calendar).toBeUndefined();
  });
});
