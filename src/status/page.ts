import { escapeHtml } from '../mail/render';
import type { PublicStatus, PublicWindow, ServiceStatus } from '../domain/publicStatus';
import { HISTORY_DAYS } from '../domain/publicStatus';
import { localTime, localWindow, WORDS, type Language } from './words';

/*
 * The public status page: server-rendered HTML that needs no JavaScript, reads on a phone, follows the
 * browser's light or dark preference, and uses landmarks and headings a screen reader can walk.
 */

export const STATUS_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1f; --muted: #4a4a55; --card: #f4f5f7;
  --border: #c9ccd3; --ok: #11632f; --ok-bg: #dff3e6; --warn: #7a4a00; --warn-bg: #fff0d1;
  --bad: #9b1c1c; --bad-bg: #fde2e2; --link: #0b57b5; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15161a; --fg: #ececf1; --muted: #b9bcc6; --card: #22242b; --border: #3c3f49;
    --ok: #8fe3ad; --ok-bg: #173a25; --warn: #ffd27a; --warn-bg: #3d2e0e; --bad: #ffb3b3; --bad-bg: #4a1c1c;
    --link: #9cc3ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.3rem; margin: 1.5rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.4rem; }
p { margin: 0.3rem 0; }
a { color: var(--link); }
.muted { color: var(--muted); }
section.service { border: 1px solid var(--border); border-radius: 0.6rem; padding: 0.8rem 1rem; margin: 1rem 0;
  background: var(--card); }
.badge { display: inline-block; padding: 0.1rem 0.6rem; border-radius: 1rem; font-weight: 600;
  font-size: 0.95rem; }
.operational { color: var(--ok); background: var(--ok-bg); }
.maintenance { color: var(--warn); background: var(--warn-bg); }
.incident { color: var(--bad); background: var(--bad-bg); }
ul.windows { list-style: none; padding: 0; margin: 0; }
ul.windows > li { border-top: 1px solid var(--border); padding: 0.5rem 0; }
ul.windows > li:first-child { border-top: none; }
.title { font-weight: 600; overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.8rem; margin: 0.3rem 0; }
dt { color: var(--muted); }
dd { margin: 0; }
ol.events { margin: 0.3rem 0 0; padding-left: 1.2rem; color: var(--muted); font-size: 0.95rem; }
footer { margin-top: 2rem; font-size: 0.95rem; }
`;

interface PageOptions {
  language: Language;
  timeZone: string;
  now: Date;
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
<style>${STATUS_STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.intro)}</p>
<p class="muted">${escapeHtml(words.now(localTime(options.now, options.timeZone, options.language)))} ${escapeHtml(
    words.timeZone(options.timeZone),
  )}</p>
${status.services.map((service, index) => serviceSection(service, index, options)).join('\n')}
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
