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

/**
 * Parses an Atom document with fast-xml-parser and checks what RFC 4287 requires: well-formed XML, a <feed>
 * in the Atom namespace with id, title and updated, an author on the feed or on every entry, and entries each
 * with a unique id, a title, a link and an RFC 3339 updated. Throws naming the first problem.
 */
export function readAtom(xml: string): { title: string; id: string; updated: string; entries: AtomEntry[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`Atom is not well-formed XML: ${JSON.stringify(valid.err)}`);
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
