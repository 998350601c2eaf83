import { plainLine, plainLines } from '../../src/domain/plainText';

describe('text cleaned at intake', () => {
  it('a multi-line field keeps its line breaks (CRLF and U+2028 made \\n) and tabs, and loses every control', () => {
    expect(plainLines('a\u0000b\u0008c\r\nd\re\u2028f\tg\u001b[1m\u007f\u0085\ufffe\uffff')).toBe(
      'abc\nd\ne\nf\tg[1m',
    );
  });

  it('a one-line field turns breaks and tabs into spaces', () => {
    expect(plainLine('R&D\tPortal\r\nmain\u0008')).toBe('R&D Portal main');
  });

  it('a lone surrogate goes, a pair (an emoji) stays', () => {
    expect(plainLine('ok \ud83d\ude00 \ud800x \udc00y')).toBe('ok \ud83d\ude00 x y');
  });
});
