import fc from 'fast-check';
import { escapeInputValue, escapeText, unescapeInputValue } from '../../src/cards/escape';
import { renderMarkdown } from './markdown';

/** What a reader should see of typed text: each non-empty line, trimmed, on its own line. */
function asTyped(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

// The regex the adaptivecards renderer (and Teams) use to find date functions.
const DATE_FUNCTION = /\{{2}(DATE|TIME)\(/;

describe('escapeText', () => {
  it('shows a markdown link as typed, not as a link', () => {
    const { html, seen } = renderMarkdown(escapeText('[click here](http://evil.example)'));
    expect(html).not.toContain('<a');
    expect(seen).toBe('[click here](http://evil.example)');
  });

  it('breaks a Teams date function so that Teams does not replace it, while it still reads the same', () => {
    const typed = 'Maintenance {{DATE(2026-12-19T17:00:00Z, SHORT)}} and {{TIME(2026-12-19T17:00:00Z)}}';
    const escaped = escapeText(typed);
    expect(escaped).not.toMatch(DATE_FUNCTION);
    expect(renderMarkdown(escaped).seen).toBe(typed);
  });

  it('breaks a templating expression so that neither the templating nor our leftover check sees one', () => {
    const escaped = escapeText('cost: ${changeId} and $${x}');
    expect(escaped).not.toContain('${');
    expect(renderMarkdown(escaped).seen).toBe('cost: ${changeId} and $${x}');
  });

  it('neutralizes block markdown at line starts: headings, quotes, lists, rules, code', () => {
    const typed =
      '# title\n> quote\n- item\n+ item\n* item\n1. first\n2) second\n---\n===\n    indented code\n```\nfence';
    const { tags, seen } = renderMarkdown(escapeText(typed));
    expect(new Set(tags)).toEqual(new Set(['p']));
    expect(seen).toBe(asTyped(typed));
  });

  it('neutralizes inline markdown: emphasis, code, autolinks, html, entities, tables, images', () => {
    const typed =
      '**bold** _it_ `code` <http://x.example> <b>b</b> &amp; a|b ~~s~~ ![i](http://x.example/i.png)';
    const { tags, seen } = renderMarkdown(escapeText(typed));
    expect(new Set(tags)).toEqual(new Set(['p']));
    expect(seen).toBe(typed);
  });

  it('keeps typed lines apart: each becomes a paragraph', () => {
    expect(escapeText('one\ntwo\r\n\r\nthree')).toBe('one\n\ntwo\n\nthree');
  });

  it('shows any text literally (fuzzed with markdown and template characters)', () => {
    const alphabet = fc.constantFrom(
      ...'ab 1.)#>-+=*_`[]()<>!|~&\\{}$:/\n\r\t'.split(''),
      '{{DATE(2026-12-19T17:00:00Z)}}',
      '${x}',
      'http://e.example',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
        const typed = parts.join('');
        const escaped = escapeText(typed);
        const { tags, seen } = renderMarkdown(escaped);
        expect(tags.every((tag) => tag === 'p')).toBe(true);
        expect(seen).toBe(asTyped(typed));
        expect(escaped).not.toContain('${');
        expect(escaped).not.toMatch(/\{\{/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('escapeInputValue', () => {
  it('breaks templating syntax only, and unescapeInputValue gives back exactly what was typed', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('${a}', '$${', '**x**', '{{DATE(', '[l](u)'),
        (text, tricky) => {
          const typed = `${text}${tricky}${text}`;
          const escaped = escapeInputValue(typed);
          expect(escaped).not.toContain('${');
          expect(unescapeInputValue(escaped)).toBe(typed);
        },
      ),
    );
    expect(escapeInputValue('**bold** [l](u)')).toBe('**bold** [l](u)');
  });
});
