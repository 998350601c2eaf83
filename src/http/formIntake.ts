import type { IncomingMessage } from 'node:http';
import { isIdentity, readBounded } from './activityIntake';
import type { IntakeBudget } from './intakeBudget';

/** A form of the public pages (an e-mail address and a few service names) is far below this. */
export const MAX_FORM_BYTES = 8 * 1024;

export type FormIntake =
  { ok: true; body: string } | { ok: false; status: 400 | 408 | 413 | 415 | 503; reason: string };

/**
 * Reads the body of a POST of the public pages (the subscription forms) with the same bounds as the bot's
 * endpoint (activityIntake.ts): a reserved share of the budget, a size limit and a deadline. Only the urlencoded
 * bodies an HTML form sends are taken, and no JavaScript is needed to send them.
 */
export async function readForm(
  req: IncomingMessage,
  options: { budget: IntakeBudget; deadlineMs: number },
): Promise<FormIntake> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // RFC 8058 lets a one-click unsubscribe come as multipart/form-data too; its token is in the URL, not the body.
  if (mediaType !== 'application/x-www-form-urlencoded' && mediaType !== 'multipart/form-data')
    return { ok: false, status: 415, reason: 'send the form as application/x-www-form-urlencoded' };
  if (!isIdentity(req.headers['content-encoding']))
    return { ok: false, status: 415, reason: 'compressed bodies are not accepted' };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_FORM_BYTES)
    return { ok: false, status: 413, reason: `the form is larger than ${MAX_FORM_BYTES} bytes` };
  const release = options.budget.reserve(MAX_FORM_BYTES);
  if (!release) return { ok: false, status: 503, reason: 'too many requests are being read right now' };
  try {
    const body = await readBounded(req, MAX_FORM_BYTES, options.deadlineMs);
    if (body === 'too large')
      return { ok: false, status: 413, reason: `the form is larger than ${MAX_FORM_BYTES} bytes` };
    if (body === 'aborted') return { ok: false, status: 400, reason: 'the form was not received completely' };
    if (body === 'late') return { ok: false, status: 408, reason: 'the form did not arrive in time' };
    return { ok: true, body: body.toString('utf8') };
  } finally {
    release();
  }
}
