import type { ProcessDefinition } from './process';
import { LIMITS, type ChangeRequestInput, type FieldErrors, type RequestCheck } from './requestForm';
import { checkWindow } from './requestWindow';
import { readPublicText } from './publicText';
import { findService, processFor } from './serviceFacts';

// The form's types and its window check have their own files; re-exported so that imports of './request' keep
// working.
export * from './requestForm';
export { checkWindow, formatLocal } from './requestWindow';

const EMAIL = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

function requiredText(value: string | undefined, label: string, max: number): string | { error: string } {
  const text = (value ?? '').trim();
  if (!text) return { error: `${label} is required.` };
  if (text.length > max)
    return { error: `${label} is too long (${text.length} characters; at most ${max}). Shorten it.` };
  return text;
}

function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
}

/** Validates the new-change form; every problem is reported against the input that caused it. */
export function checkRequest(input: ChangeRequestInput, proc: ProcessDefinition, now: Date): RequestCheck {
  const errors: FieldErrors = {};
  const title = requiredText(input.title, 'Title', LIMITS.title);
  if (typeof title !== 'string') errors.title = title.error;
  const description = requiredText(input.description, 'What will be modified', LIMITS.description);
  if (typeof description !== 'string') errors.description = description.error;
  const rollback = requiredText(input.rollback, 'Rollback plan', LIMITS.rollback);
  if (typeof rollback !== 'string') errors.rollback = rollback.error;

  const tests = (input.tests ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (tests.length === 0) {
    errors.tests =
      'List at least one validation test, one per line (how we know it worked and broke nothing).';
  } else if (tests.length > LIMITS.tests) {
    errors.tests = `At most ${LIMITS.tests} validation tests (you listed ${tests.length}); group related checks.`;
  } else {
    const long = tests.findIndex((line) => line.length > LIMITS.test);
    if (long >= 0)
      errors.tests = `Test ${long + 1} is too long (at most ${LIMITS.test} characters); shorten it.`;
  }

  const audience = splitEmails(input.audience ?? '');
  const badEmail = audience.find((address) => !EMAIL.test(address));
  if (badEmail) {
    errors.audience = `"${badEmail}" is not an e-mail address; separate addresses with commas or new lines.`;
  } else if (audience.length > LIMITS.audience) {
    errors.audience = `At most ${LIMITS.audience} extra addresses (you entered ${audience.length}); use a group mailbox.`;
  }

  const expeditedText = (input.expedited ?? 'false').trim().toLowerCase();
  if (expeditedText !== 'true' && expeditedText !== 'false' && expeditedText !== '') {
    errors.expedited = `Expedited must be "true" or "false" (you sent "${input.expedited}").`;
  }
  const expedited = expeditedText === 'true';
  const expeditedReason = (input.expeditedReason ?? '').trim();
  if (expeditedReason.length > LIMITS.reason) {
    errors.expeditedReason = `The reason is too long (${expeditedReason.length} characters; at most ${LIMITS.reason}).`;
  }

  const service = chosenService(input.service, proc);
  if (typeof service !== 'string') errors.service = service.error;
  // Lead time and maximum window are the chosen service's (the first service's until one is chosen).
  const window = checkWindow(
    input,
    expedited,
    processFor(proc, typeof service === 'string' ? service : ''),
    now,
  );
  if (!window.ok) Object.assign(errors, window.errors);

  // Only the chosen service's public languages are read: an input for another language is ignored.
  const offered = typeof service === 'string' ? (processFor(proc, service).languages ?? []) : [];
  const publicText = readPublicText(input.publicText ?? {}, offered);
  const publicError = Object.values(publicText.errors)[0];
  if (publicError) errors.publicText = publicError;

  const downtimeText = (input.downtime ?? '').trim();
  const downtime = Number(downtimeText);
  if (!/^\d+$/.test(downtimeText)) {
    errors.downtime = `Downtime is required in whole minutes, 0 if the service stays up (you entered "${downtimeText}").`;
  } else if (window.ok) {
    const windowMinutes = (Date.parse(window.window.end) - Date.parse(window.window.start)) / 60_000;
    if (downtime > windowMinutes) {
      errors.downtime = `Downtime ${downtime} min is longer than the window (${Math.floor(windowMinutes)} min); lengthen the window or lower the downtime.`;
    }
  }

  if (Object.keys(errors).length > 0 || !window.ok) {
    return {
      ok: false,
      errors,
      ...(!window.ok && window.earliestStart ? { earliestStart: window.earliestStart } : {}),
    };
  }
  return {
    ok: true,
    request: {
      title: title as string,
      description: description as string,
      window: window.window,
      downtimeMinutes: downtime,
      tests,
      rollback: rollback as string,
      audienceEmails: [...new Set(audience)],
      expedited,
      expeditedReason,
      service: service as string,
      ...(publicText.text ? { publicText: publicText.text } : {}),
    },
  };
}

/** The service the form names, as the process file spells it; with one service, the form may name none. */
function chosenService(typed: string | undefined, proc: ProcessDefinition): string | { error: string } {
  const names = proc.services.map((service) => service.name);
  const text = (typed ?? '').trim();
  if (!text) {
    return names.length === 1 ? names[0]! : { error: `Choose the service: ${names.join(', ')}.` };
  }
  return (
    findService(proc, text)?.name ?? {
      error: `"${text}" is not a service of this process; choose one of: ${names.join(', ')}.`,
    }
  );
}
