import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CARD_KINDS, cardKindForNotice, renderCard, CardTemplateError } from '../../src/cards';
import type { NoticeKind } from '../../src/domain/change';
import { NOTICE_KINDS } from '../../src/domain/steps';
import { cardSamples, renderSamples, type SampleVariant } from './samples';
import { cardProblems, objectsOf, ofType } from './validate';

/** Teams refuses messages over 28 KB; 1 KB is left for the activity around the card. */
const MAX_CARD_BYTES = 27 * 1024;

const VARIANTS: SampleVariant[] = ['minimal', 'typical', 'maximal'];
const cases = VARIANTS.flatMap((variant) =>
  cardSamples(variant).map((sample) => ({ variant, ...sample, label: `${variant} ${sample.name}` })),
);

describe.each(cases)('$label', ({ card }) => {
  it('parses with the adaptivecards library at version 1.4 with no validation events', () => {
    expect(cardProblems(card)).toEqual([]);
  });

  it('declares version 1.4 and uses no element Teams lacks (Table)', () => {
    expect(card.version).toBe('1.4');
    expect(ofType(card, 'Table')).toEqual([]);
  });

  it('contains no unfilled ${...}', () => {
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it(`stays under ${MAX_CARD_BYTES} bytes`, () => {
    expect(Buffer.byteLength(JSON.stringify(card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
  });

  it('leaves colours to the Teams theme: no colour codes, no background images', () => {
    const json = JSON.stringify(card);
    expect(json).not.toMatch(/"#[0-9a-f]{3,8}"/i);
    expect(json).not.toContain('backgroundImage');
  });

  it('gives every input a label and an error message', () => {
    const inputs = objectsOf(card).filter((o) => String(o.type).startsWith('Input.'));
    for (const input of inputs) {
      expect({ id: input.id, label: typeof input.label }).toEqual({ id: input.id, label: 'string' });
      expect(String(input.label).length).toBeGreaterThan(0);
      expect(String(input.errorMessage ?? '').length).toBeGreaterThan(0);
    }
  });

  it('puts the change id and its revision on every button', () => {
    for (const action of ofType(card, 'Action.Execute')) {
      if (action.verb === 'change.create') continue;
      // A restore drill is not a change: its buttons carry the drill's id.
      if (String(action.verb).startsWith('drill.')) {
        expect((action.data as Record<string, unknown>).drillId).toMatch(/^DRILL-/);
        continue;
      }
      const data = action.data as Record<string, unknown>;
      expect(data.changeId).toMatch(/^CHG-\d{4}-\d{3}$/);
      expect(typeof data.revision).toBe('number');
    }
  });
});

describe('the templates', () => {
  it('are exactly the files in cards/, and every one is rendered by the samples', () => {
    const files = readdirSync(join(__dirname, '../../cards'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect([...files].sort()).toEqual([...CARD_KINDS].sort());
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(CARD_KINDS));
  });

  it('give every notice of the domain a card', () => {
    const notices: readonly NoticeKind[] = NOTICE_KINDS;
    for (const notice of notices) expect(CARD_KINDS).toContain(cardKindForNotice(notice));
  });

  it('refuse to render when a field is missing, rather than show ${...} to a user', () => {
    const incomplete = { hasChange: false } as unknown as Parameters<typeof renderCard<'refusal'>>[1];
    expect(() => renderCard('refusal', incomplete)).toThrow(CardTemplateError);
  });

  it('render the picture samples too (the ones opened on a button)', () => {
    for (const sample of renderSamples()) expect(cardProblems(sample.card)).toEqual([]);
  });
});
