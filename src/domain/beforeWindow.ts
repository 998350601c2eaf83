import type { Actor, Change } from './change';
import type { ProcessDefinition } from './process';
import { publicNotice } from './recipients';
import { LIMITS } from './request';
import { actorName, inStatus, refuse, when, type Handler } from './transition';
import type { Refusal } from './events';

/** Handlers of the weeks before the window: the preparation checklist, the pre-check and the GO/NOGO. */

export const prepCheck: Handler<{ type: 'prep.check'; item: string; checked?: boolean }> = (
  change,
  event,
  ctx,
) => {
  const wrong = inStatus(
    change,
    ['planned', 'approved', 'rejected', 'blocked'],
    'ticking the preparation checklist',
    ctx.process,
  );
  if (wrong) return wrong;
  const item = change.preparation.find((candidate) => candidate.id === event.item);
  if (!item) return refuse('invalid', `The checklist of ${change.id} has no item "${event.item}".`);
  const checked = event.checked ?? !item.checked;
  if (checked === item.checked) {
    return refuse('state', `"${item.label}" is already ${checked ? 'ticked' : 'unticked'}.`);
  }
  const at = ctx.at.toISOString();
  const by = actorName(ctx.by);
  return {
    change: {
      ...change,
      preparation: change.preparation.map((candidate) =>
        candidate.id === item.id
          ? { ...candidate, checked, ...(checked ? { by, at } : { by: undefined, at: undefined }) }
          : candidate,
      ),
    },
    effects: [],
    note: `${checked ? 'ticked' : 'unticked'} "${item.label}"`,
  };
};

export const precheckDone: Handler<{ type: 'precheck.done' }> = (change, _event, ctx) => {
  const wrong = inStatus(change, ['planned'], 'recording the pre-check', ctx.process);
  if (wrong) return wrong;
  if (change.precheck.state === 'done') {
    return refuse(
      'state',
      `The pre-check was already recorded as done by ${change.precheck.by?.name} (${when(change.precheck.at, ctx.process)}).`,
    );
  }
  return {
    change: { ...change, precheck: { state: 'done', by: ctx.by as Actor, at: ctx.at.toISOString() } },
    effects: [{ notice: 'precheckRecorded', to: { kind: 'thread' } }],
  };
};

export const precheckCorrections: Handler<{ type: 'precheck.corrections'; comment: string }> = (
  change,
  event,
  ctx,
) => {
  const wrong = inStatus(change, ['planned'], 'asking for corrections', ctx.process);
  if (wrong) return wrong;
  const comment = event.comment.trim();
  if (!comment)
    return refuse(
      'invalid',
      'Say what needs correcting in the comment box, then press Needs corrections again.',
    );
  if (comment.length > LIMITS.reason)
    return refuse('invalid', `The comment is too long (at most ${LIMITS.reason} characters).`);
  return {
    change: {
      ...change,
      precheck: { state: 'corrections', comment, by: ctx.by as Actor, at: ctx.at.toISOString() },
      // Corrections reopen the preparation for the week.
      preparation: change.preparation.map((item) => ({
        ...item,
        checked: false,
        by: undefined,
        at: undefined,
      })),
    },
    effects: [{ notice: 'precheckRecorded', to: { kind: 'implementer' } }],
    note: comment,
  };
};

function alreadyApproved(change: Change, proc: ProcessDefinition): Refusal | undefined {
  const approval = change.decision;
  if (!approval) return undefined;
  const verdict = approval.verdict === 'go' ? 'GO' : 'NOGO';
  return refuse(
    'state',
    `${approval.by.name} already decided ${verdict} for ${change.id} (${when(approval.at, proc)}).`,
  );
}

export const go: Handler<{ type: 'go' }> = (change, _event, ctx) => {
  const decided = alreadyApproved(change, ctx.process);
  if (decided) return decided;
  const wrong = inStatus(change, ['planned'], 'GO', ctx.process);
  if (wrong) return wrong;
  const approved: Change = {
    ...change,
    status: 'approved',
    announced: true,
    decision: { verdict: 'go', by: ctx.by as Actor, at: ctx.at.toISOString() },
  };
  return { change: approved, effects: publicNotice('announcement', approved, ctx.process, 'request') };
};

export const nogo: Handler<{ type: 'nogo'; reason: string }> = (change, event, ctx) => {
  const decided = alreadyApproved(change, ctx.process);
  if (decided) return decided;
  const wrong = inStatus(change, ['planned'], 'NOGO', ctx.process);
  if (wrong) return wrong;
  const reason = event.reason.trim();
  if (!reason)
    return refuse('invalid', 'A NOGO needs a reason: write it in the reason box, then press NOGO again.');
  if (reason.length > LIMITS.reason)
    return refuse('invalid', `The reason is too long (at most ${LIMITS.reason} characters).`);
  return {
    change: {
      ...change,
      status: 'rejected',
      decision: { verdict: 'nogo', by: ctx.by as Actor, at: ctx.at.toISOString(), reason },
    },
    effects: [{ notice: 'nogo', to: { kind: 'implementer' } }],
    note: reason,
  };
};
