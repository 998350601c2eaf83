import { escapeHtml } from '../web/html';
import { PAGE_STYLE } from '../web/pageStyle';
import type { PublicStatus, PublicWindow, ServiceStatus } from '../domain/publicStatus';
import { HISTORY_DAYS } from '../domain/publicStatus';
import { localTime, localWindow, WORDS, type Language } from './words';

/*
 * The public status page: server-rendered HTML that needs no JavaScript, reads on a phone, follows the
 * browser's light or dark preference, and uses landmarks and headings a screen reader can walk.
 */

interface PageOptions {
  language: Language;
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
<dl>
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
<p><a href="/status/feed.atom?service=${encodeURIComponent(service.name)}">${escapeHtml(words.atom)}</a> ·
<a href="/status/maintenance.ics?service=${encodeURIComponent(service.name)}">${escapeHtml(words.calendar)}</a></p>
</section>`;
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
<link rel="alternate" type="application/atom+xml" href="/status/feed.atom" title="${escapeHtml(words.atom)}">
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
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
<li><a href="/status/feed.atom">${escapeHtml(words.atom)}</a></li>
<li><a href="/status/maintenance.ics">${escapeHtml(words.calendar)}</a></li>
</ul>
</footer>
</main>
</body>
</html>
`;
}
