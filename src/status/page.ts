import { escapeHtml } from '../web/html';
import { PAGE_STYLE } from '../web/pageStyle';
import type { PublicStatus, PublicWindow, ServiceStatus } from '../domain/publicStatus';
import { HISTORY_DAYS } from '../domain/publicStatus';
import { LANGUAGE_NAMES } from '../i18n/languages';
import { localTime, localWindow, WORDS, type Language } from './words';

/*
 * The public status page: server-rendered HTML that needs no JavaScript, reads on a phone, follows the
 * browser's light or dark preference, and uses landmarks and headings a screen reader can walk.
 */

interface PageOptions {
  language: Language;
  /** Every language the page is offered in, the default first: the switcher and the hreflang links. */
  languages?: readonly Language[];
  /** The ?service= the page is limited to, kept by the switcher's links. */
  service?: string | undefined;
  timeZone: string;
  now: Date;
  /** The subscription form (subscribeForm.ts) when STATUS_SUBSCRIPTIONS is on. */
  subscribeForm?: string;
}

function windowItem(window: PublicWindow, options: PageOptions, withEvents: boolean): string {
  const words = WORDS[options.language];
  const zone = options.timeZone;
  const extended =
    window.plannedEnd !== window.window.end
      ? ` <span class="muted">(${escapeHtml(words.extendedFrom(localTime(window.plannedEnd, zone, options.language)))})</span>`
      : '';
  const events = withEvents
    ? `<ol class="events">${window.events
        .map(
          (event) =>
            `<li><time datetime="${escapeHtml(event.at)}">${escapeHtml(localTime(event.at, zone, options.language))}</time> — ${escapeHtml(words.event[event.kind])}${
              event.newEnd ? ` → ${escapeHtml(localTime(event.newEnd, zone, options.language))}` : ''
            }</li>`,
        )
        .join('')}</ol>`
    : '';
  return `<li>
<p class="title">${escapeHtml(window.title)}</p>
${window.summary ? `<p class="summary">${escapeHtml(window.summary)}</p>\n` : ''}<dl>
<dt>${escapeHtml(words.window)}</dt><dd><time datetime="${escapeHtml(window.window.start)}">${escapeHtml(
    localWindow(window.window, zone, options.language),
  )}</time>${extended}</dd>
<dt>${escapeHtml(words.downtime)}</dt><dd>${escapeHtml(words.downtimeText(window.downtimeMinutes))}</dd>
<dt>${escapeHtml(words.state)}</dt><dd>${escapeHtml(words.windowState[window.state])}</dd>
</dl>
<p>${escapeHtml(words.publicText(window.state, window.downtimeMinutes))}</p>
${events}
</li>`;
}

function list(windows: PublicWindow[], empty: string, options: PageOptions, withEvents: boolean): string {
  if (windows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  return `<ul class="windows">${windows.map((window) => windowItem(window, options, withEvents)).join('\n')}</ul>`;
}

function serviceSection(service: ServiceStatus, index: number, options: PageOptions): string {
  const words = WORDS[options.language];
  const id = `service-${index}`;
  const current =
    service.current.length > 0
      ? `<h3>${escapeHtml(words.current)}</h3>${list(service.current, '', options, true)}`
      : '';
  return `<section class="service" aria-labelledby="${id}">
<h2 id="${id}">${escapeHtml(service.name)} <span class="badge ${service.state}">${escapeHtml(
    words.serviceState[service.state],
  )}</span></h2>
${current}
<h3>${escapeHtml(words.upcoming)}</h3>
${list(service.upcoming, words.noUpcoming, options, false)}
<h3>${escapeHtml(words.history)}</h3>
${list(service.history, words.noHistory(HISTORY_DAYS), options, true)}
<p><a href="/status/feed.atom?service=${encodeURIComponent(service.name)}${langParam(options, '&amp;')}">${escapeHtml(words.atom)}</a> ·
<a href="/status/maintenance.ics?service=${encodeURIComponent(service.name)}${langParam(options, '&amp;')}">${escapeHtml(words.calendar)}</a></p>
</section>`;
}

/** `lang=<language>` for links from a page that is not in the default language; nothing otherwise. */
function langParam(options: PageOptions, joiner: '?' | '&amp;'): string {
  const fallback = options.languages?.[0] ?? 'en';
  return options.language === fallback ? '' : `${joiner}lang=${options.language}`;
}

function pageUrl(options: PageOptions, language: Language): string {
  const service = options.service ? `service=${encodeURIComponent(options.service)}&amp;` : '';
  return `/status?${service}lang=${language}`;
}

/** One <link hreflang> per offered language (and x-default), so that search engines pair the versions. */
function alternates(options: PageOptions): string {
  const languages = options.languages ?? [];
  if (languages.length < 2) return '';
  return (
    [
      ...languages.map(
        (language) => `<link rel="alternate" hreflang="${language}" href="${pageUrl(options, language)}">`,
      ),
      `<link rel="alternate" hreflang="x-default" href="${pageUrl(options, languages[0]!)}">`,
    ].join('\n') + '\n'
  );
}

/** The language switcher: each language named in itself, the current one marked for screen readers. */
function switcher(options: PageOptions): string {
  const languages = options.languages ?? [];
  if (languages.length < 2) return '';
  const items = languages.map((language) =>
    language === options.language
      ? `<li><span aria-current="true" lang="${language}">${escapeHtml(LANGUAGE_NAMES[language])}</span></li>`
      : `<li><a href="${pageUrl(options, language)}" hreflang="${language}" lang="${language}">${escapeHtml(LANGUAGE_NAMES[language])}</a></li>`,
  );
  return `<nav class="languages" aria-label="${escapeHtml(WORDS[options.language].languages)}"><ul>${items.join('')}</ul></nav>\n`;
}

/** The whole page for one language. */
export function statusPageHtml(status: PublicStatus, options: PageOptions): string {
  const words = WORDS[options.language];
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(words.title)}</title>
<link rel="alternate" type="application/atom+xml" href="/status/feed.atom${langParam(options, '?')}" title="${escapeHtml(words.atom)}">
${alternates(options)}<style>${PAGE_STYLE}</style>
</head>
<body>
${switcher(options)}<main>
<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.intro)}</p>
<p class="muted">${escapeHtml(words.now(localTime(options.now, options.timeZone, options.language)))} ${escapeHtml(
    words.timeZone(options.timeZone),
  )}</p>
${status.services.map((service, index) => serviceSection(service, index, options)).join('\n')}
${options.subscribeForm ?? ''}
<footer>
<h2>${escapeHtml(words.subscribe)}</h2>
<ul>
<li><a href="/status/feed.atom${langParam(options, '?')}">${escapeHtml(words.atom)}</a></li>
<li><a href="/status/maintenance.ics${langParam(options, '?')}">${escapeHtml(words.calendar)}</a></li>
</ul>
</footer>
</main>
</body>
</html>
`;
}
