/**
 * A small, strict MIME reader for tests: it checks what a mail client relies on (CRLF line ends, line
 * length, header syntax, boundaries, transfer encodings) and decodes the parts, so that a test can read the
 * .eml files the bot writes as a user's mail client would.
 */

export interface MimePart {
  headers: Map<string, string>;
  /** Content-Type without parameters, lower case. */
  type: string;
  params: Record<string, string>;
  /** The decoded body (transfer encoding undone), for leaf parts. */
  body: string;
  parts: MimePart[];
}

/** RFC 2047 encoded words (B and Q) back to text. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      if (charset.toLowerCase() !== 'utf-8') throw new Error(`unexpected charset ${charset}`);
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const char = joined[i]!;
    if (char === '=') {
      const hex = joined.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) throw new Error(`bad quoted-printable escape "=${hex}"`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(char.charCodeAt(0));
      if (char.charCodeAt(0) > 126) throw new Error('raw non-ASCII in a quoted-printable body');
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseParams(value: string): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const at = param.indexOf('=');
    if (at < 0) continue;
    params[param.slice(0, at).trim().toLowerCase()] = param
      .slice(at + 1)
      .trim()
      .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

function parseEntity(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error('no blank line after the headers');
  const headerText = raw.slice(0, split);
  const bodyText = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of headerText.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const match = /^([!-9;-~]+):[ \t]?(.*)$/.exec(line);
    if (!match) throw new Error(`not a header line: ${JSON.stringify(line)}`);
    if (/[^\x20-\x7e\t]/.test(match[2]!)) throw new Error(`non-ASCII in header ${match[1]}`);
    headers.set(match[1]!.toLowerCase(), match[2]!);
  }
  const { type, params } = parseParams(headers.get('content-type') ?? 'text/plain');
  if (type.startsWith('multipart/')) {
    const boundary = params.boundary;
    if (!boundary) throw new Error(`${type} without a boundary`);
    const sections = bodyText.split(`--${boundary}`);
    const closing = sections.findIndex((section) => section.startsWith('--'));
    if (closing < 0) throw new Error(`${type} is not closed with --${boundary}--`);
    const parts = sections.slice(1, closing).map((section) => {
      if (!section.startsWith('\r\n')) throw new Error('boundary line not followed by CRLF');
      return parseEntity(section.slice(2).replace(/\r\n$/, ''));
    });
    return { headers, type, params, body: '', parts };
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(bodyText.replace(/\r\n/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? decodeQuotedPrintable(bodyText)
        : bodyText;
  return { headers, type, params, body, parts: [] };
}

/** Parses a whole message; throws on anything a strict reader would refuse. */
export function parseMime(message: string): MimePart {
  if (/(?<!\r)\n|\r(?!\n)/.test(message)) throw new Error('a line ends without CRLF');
  for (const line of message.split('\r\n')) {
    if (Buffer.byteLength(line) > 998) throw new Error('a line is longer than 998 octets (RFC 5322)');
  }
  return parseEntity(message);
}

/** Leaf parts, depth first. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}
