import { Feed } from 'feed';
import { plainLines } from '../domain/plainText';
import type { PublicStatus } from '../domain/publicStatus';
import { escapeHtml } from '../web/html';
import { localTime, localWindow, WORDS, type Language } from './words';

export interface AtomOptions {
  /** Scheme and host the reader used, for the links. */
  baseUrl: string;
  /** The service the feed is limited to, when it is. */
  service?: string;
  timeZone: string;
  now: Date;
  language?: Language;
  /** Set when the feed is not in the default language: its links then name it (?lang=). */
  linkLanguage?: Language;
}

/**
 * The Atom feed (RFC 4287) of the status page: one entry per public event (announcement, move, start,
 * extension, incident, restore, hand-off, end, cancellation) of the last 90 days, latest first. Entry ids
 * are stable URNs, so a reader never shows the same event twice.
 */
/**
 * Text for the feed: intake drops control characters, and this drops them again for changes stored before
 * it did (XML 1.0 cannot carry them at all, escaped or not).
 */
const xmlText = (text: string) => plainLines(text);

/** An attribute value: the feed library (xml-js) escapes only the double quote in attributes. */
const xmlAttribute = (text: string) =>
  xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function statusAtom(status: PublicStatus, options: AtomOptions): string {
  const language = options.language ?? 'en';
  const words = WORDS[language];
  const params = [
    ...(options.service ? [`service=${encodeURIComponent(options.service)}`] : []),
    ...(options.linkLanguage ? [`lang=${options.linkLanguage}`] : []),
  ];
  const query = params.length > 0 ? `?${params.join('&')}` : '';
  const page = `${options.baseUrl}/status${query}`;
  const names = xmlText(status.services.map((service) => service.name).join(', '));
  const latest = status.events[0]?.at;
  const feed = new Feed({
    id: `urn:change-bot:status:${options.service ? encodeURIComponent(options.service) : 'all'}`,
    title: `${words.title}${words.colon} ${names}`,
    description: words.intro,
    link: page,
    language,
    updated: new Date(latest ?? options.now),
    generator: 'change-bot',
    feedLinks: { atom: `${options.baseUrl}/status/feed.atom${query}` },
    author: { name: names },
    copyright: names,
  });
  status.events.forEach((event) => {
    const window = event.window;
    const when = localWindow(window.window, options.timeZone, language);
    const lines = [
      ...(window.summary ? [window.summary] : []),
      `${words.window}${words.colon} ${when} (${options.timeZone})`,
      `${words.downtime}${words.colon} ${words.downtimeText(window.downtimeMinutes)}`,
      ...(event.newEnd ? [`→ ${localTime(event.newEnd, options.timeZone, language)}`] : []),
      words.publicText(window.state, window.downtimeMinutes),
    ];
    feed.addItem({
      id: `urn:change-bot:${encodeURIComponent(window.ref)}:${event.index}:${event.kind}`,
      // type="html" text: escaped, so a title can neither inject markup nor end the CDATA section.
      title: escapeHtml(
        xmlText(`${window.service} — ${words.event[event.kind]}${words.colon} ${window.title}`),
      ),
      link: page,
      date: new Date(event.at),
      published: new Date(event.at),
      description: lines.map((line) => escapeHtml(xmlText(line))).join('<br>'),
      category: [{ name: xmlAttribute(window.service), term: xmlAttribute(window.service) }],
    });
  });
  // The feed library writes no language: xml:lang on the root tells a reader the entries' language.
  return feed
    .atom1()
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">`,
    );
}
