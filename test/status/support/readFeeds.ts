import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  summary: string;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function text(node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node)
    return String((node as { '#text': unknown })['#text']);
  return '';
}

/* eslint-disable no-control-regex -- matching control characters is the point here */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

/**
 * What fast-xml-parser's XMLValidator lets through and XML 1.0 forbids: a character outside the Char
 * production (U+0008...), and in an attribute value a raw `<` or a `&` that starts no entity reference
 * (`label="R&D Portal"`). A strict parser (libxml2, a browser's) refuses the whole feed for either.
 */
export function strictXmlProblem(xml: string): string | undefined {
  const bad = NOT_XML_CHAR.exec(xml);
  if (bad)
    return `character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${bad.index} is not XML`;
  const outsideCdata = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  for (const match of outsideCdata.matchAll(/\s([\w:-]+)="([^"]*)"/g)) {
    const [, name, value] = match as unknown as [string, string, string];
    if (value.includes('<')) return `attribute ${name}="${value}" holds a raw <`;
    for (let at = value.indexOf('&'); at !== -1; at = value.indexOf('&', at + 1)) {
      if (!ENTITY.test(value.slice(at)))
        return `attribute ${name}="${value}" holds a & that starts no entity`;
    }
  }
  return undefined;
}

/**
 * Parses an Atom document with fast-xml-parser (plus strictXmlProblem) and checks what RFC 4287 requires: well-formed XML, a <feed>
 * in the Atom namespace with id, title and updated, an author on the feed or on every entry, and entries each
 * with a unique id, a title, a link and an RFC 3339 updated. Throws naming the first problem.
 */
export function readAtom(xml: string): { title: string; id: string; updated: string; entries: AtomEntry[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Atom is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const strict = strictXmlProblem(xml);
  if (strict) throw new Error(`Atom is not well-formed XML: ${strict}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'author', 'category'].includes(name),
  });
  const doc = parser.parse(xml) as { feed?: Record<string, unknown> };
  const feed = doc.feed;
  if (!feed) throw new Error('no <feed> root element');
  if (feed['@xmlns'] !== 'http://www.w3.org/2005/Atom')
    throw new Error('<feed> is not in the Atom namespace');
  for (const field of ['id', 'title', 'updated']) {
    if (!text(feed[field])) throw new Error(`<feed> has no <${field}>`);
  }
  if (!RFC3339.test(text(feed.updated)))
    throw new Error(`feed <updated> is not RFC 3339: ${text(feed.updated)}`);
  const entries = ((feed.entry as Record<string, unknown>[] | undefined) ?? []).map((entry, index) => {
    for (const field of ['id', 'title', 'updated']) {
      if (!text(entry[field])) throw new Error(`entry ${index} has no <${field}>`);
    }
    if (!RFC3339.test(text(entry.updated))) throw new Error(`entry ${index} <updated> is not RFC 3339`);
    const links = (entry.link as Record<string, string>[] | undefined) ?? [];
    if (!links.some((link) => link['@href'])) throw new Error(`entry ${index} has no <link href>`);
    if (!feed.author && !entry.author) throw new Error(`entry ${index} has no author and the feed has none`);
    return {
      id: text(entry.id),
      title: text(entry.title),
      updated: text(entry.updated),
      summary: text(entry.summary),
    };
  });
  const ids = entries.map((entry) => entry.id);
  if (new Set(ids).size !== ids.length) throw new Error(`entry ids repeat: ${ids.join(' ')}`);
  return { title: text(feed.title), id: text(feed.id), updated: text(feed.updated), entries };
}

export interface CalendarEvent {
  uid: string;
  sequence: number;
  summary: string;
  description: string;
  status: string;
  start: string;
  end: string;
}

/** Parses an iCalendar text with ical.js; instants come back as ISO strings (UTC). */
export function readCalendar(text: string): { method: string; events: CalendarEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    events: calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      return {
        uid: event.uid,
        sequence: event.sequence,
        summary: event.summary,
        description: event.description,
        status: String(component.getFirstPropertyValue('status')),
        start: event.startDate.toJSDate().toISOString(),
        end: event.endDate.toJSDate().toISOString(),
      };
    }),
  };
}
