import { cardForNotice, type AdaptiveCardJson, type CardOptions } from '../../src/cards';
import type { Actor, Change, NoticeKind } from '../../src/domain/change';
import { makeChange } from '../support/changeFactory';
import { sampleProcess } from './samples';
import { renderMarkdown } from './markdown';
import { objectsOf, ofType, verbsOf, visibleTexts } from './validate';

export const process = sampleProcess;
export const approver: Actor = {
  aadObjectId: process.approvers[0]!.aadObjectId,
  name: process.approvers[0]!.name,
  email: process.approvers[0]!.email,
};

/** Sat 19 Dec 2026, 18:00–22:00 in Zurich; the milestones follow it (see makeChange). */
export const WINDOW = { start: '2026-12-19T17:00:00.000Z', end: '2026-12-19T21:00:00.000Z' };
export const NOW = new Date('2026-12-01T09:00:00.000Z');

export function change(overrides: Partial<Change> = {}): Change {
  return makeChange({ id: 'CHG-2026-014', revision: 7, window: WINDOW, ...overrides });
}

export function card(notice: NoticeKind, subject: Change, opts: Partial<CardOptions> = {}): AdaptiveCardJson {
  return cardForNotice(notice, subject, process, { now: NOW, ...opts });
}

/** What a reader sees once Teams has rendered the markdown, one text per line. */
export function seen(json: unknown): string {
  return visibleTexts(json)
    .map((text) => renderMarkdown(text).seen.replace(/\n/g, ' '))
    .join('\n');
}

export function verbs(json: unknown): string[] {
  return verbsOf(json);
}

export function inputs(json: unknown): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    objectsOf(json)
      .filter((o) => String(o.type).startsWith('Input.'))
      .map((o) => [String(o.id), o]),
  );
}

export function openUrls(json: unknown): string[] {
  return ofType(json, 'Action.OpenUrl').map((a) => String(a.url));
}
