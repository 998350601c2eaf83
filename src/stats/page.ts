import { DateTime } from 'luxon';
import type { ChangeReview } from '../domain/change';
import type { OutcomeStats, PeriodFigures } from '../domain/stats';
import { escapeHtml } from '../web/html';
import { PAGE_STYLE } from '../web/pageStyle';
import { outcomeChartSvg } from './chart';
import { durationsText, extensionsText, shareText, unreadableText } from '../cards/statsFormat';

/*
 * GET /stats: how the team's changes went. Same look as the status page (no script, light and dark, landmarks
 * and headings); the tables have captions and header cells, and a wide table scrolls in a focusable region.
 */

const STYLE = `${PAGE_STYLE}
main { max-width: 72rem; }
.scroll { overflow-x: auto; margin: 0.5rem 0 1rem; }
table { border-collapse: collapse; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid var(--border); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--card); }
th[scope="row"] { white-space: nowrap; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; background: #fff; border-radius: 0.4rem; }
blockquote { margin: 0.3rem 0 0.8rem; padding-left: 0.8rem; border-left: 3px solid var(--border); }
ul.reviews > li { margin: 0.6rem 0; }
`;

const COLUMNS = [
  'Changes',
  'Run',
  'Change fail rate',
  'Extensions',
  'Recovery time',
  'Lead time kept',
  'Expedited',
  'NOGO',
  'Snapshot duration',
  'Reviews',
];

function cells(figures: PeriodFigures): string[] {
  return [
    String(figures.changes),
    String(figures.run),
    shareText(figures.failRate),
    extensionsText(figures.extensions),
    durationsText(figures.recovery),
    shareText(figures.leadTimeKept),
    shareText(figures.expedited),
    shareText(figures.nogo),
    durationsText(figures.snapshot),
    String(figures.reviews),
  ];
}

function table(caption: string, rows: { label: string; figures: PeriodFigures }[]): string {
  const head = `<tr><th scope="col">Period</th>${COLUMNS.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(row.label)}</th>${cells(row.figures)
          .map((cell) => `<td>${escapeHtml(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll" role="region" aria-label="${escapeHtml(caption)}" tabindex="0"><table>
<caption>${escapeHtml(caption)}</caption>
<thead>${head}</thead>
<tbody>
${body}
</tbody>
</table></div>`;
}

const monthName = (key: string) =>
  DateTime.fromFormat(key, 'yyyy-MM', { zone: 'utc' }).setLocale('en').toFormat('LLLL yyyy');

export const REVIEW_AFTER: Record<ChangeReview['after'], string> = {
  restored: 'after a restore',
  restoreFailed: 'after a failed restore',
  extended: 'after an extended window',
};

function reviews(stats: OutcomeStats, timeZone: string): string {
  if (stats.reviews.length === 0)
    return '<p class="muted">No review after trouble in this period (one is asked after a restore, a failed restore or an extended window).</p>';
  const items = stats.reviews
    .map(({ changeId, title, windowStart, review }) => {
      const day = DateTime.fromISO(windowStart, { zone: timeZone }).setLocale('en').toFormat('d LLL yyyy');
      return `<li><p class="title">${escapeHtml(changeId)} — ${escapeHtml(title)} <span class="muted">(${escapeHtml(day)}, ${escapeHtml(REVIEW_AFTER[review.after])}, by ${escapeHtml(review.by.name)})</span></p>
<dl>
<dt>What happened</dt><dd>${escapeHtml(review.whatHappened)}</dd>
<dt>What helped</dt><dd>${escapeHtml(review.whatHelped)}</dd>
<dt>One thing to change</dt><dd>${escapeHtml(review.oneChange)}</dd>
</dl></li>`;
    })
    .join('\n');
  return `<p>${stats.reviews.length} review${stats.reviews.length === 1 ? '' : 's'} in this period. The process changes they ask for are the last line of each.</p>
<ul class="reviews">${items}</ul>`;
}

const DORA_METRICS = 'https://dora.dev/guides/dora-metrics-four-keys/';

/**
 * DORA's own words for the two stability metrics, exactly as dora.dev publishes them (2026), in English in
 * every language of the page: a quote is not translated. How this bot reads them follows each quote.
 */
export const DORA_QUOTES = {
  changeFailRate:
    'The ratio of deployments that require immediate intervention following a deployment. Likely resulting in a rollback of the changes or a “hotfix” to quickly remediate any issues.',
  recoveryTime:
    'The time it takes to recover from a deployment that fails and requires immediate intervention.',
};

const DEFINITIONS = `<h2>How these figures are counted</h2>
<p>A change counts in the month its window starts (in the process time zone), as it stands now. <em>Run</em> means the
window took place and the change is over: completed, restored, or handed to the incident process. Changes not over
yet count in <em>Changes</em> only.</p>
<dl>
<dt>Change fail rate</dt>
<dd><blockquote cite="${DORA_METRICS}" lang="en"><p>${escapeHtml(DORA_QUOTES.changeFailRate)}</p><footer>— DORA,
<cite>DORA’s software delivery metrics: the four keys</cite>, change fail rate (<a href="${DORA_METRICS}">dora.dev</a>)</footer></blockquote>
Here: changes with an incident declared (restored or handed off) ÷ changes run.</dd>
<dt>Recovery time</dt>
<dd><blockquote cite="${DORA_METRICS}" lang="en"><p>${escapeHtml(DORA_QUOTES.recoveryTime)}</p><footer>— DORA,
<cite>DORA’s software delivery metrics: the four keys</cite>, failed deployment recovery time
(<a href="${DORA_METRICS}">dora.dev</a>)</footer></blockquote>
Here: from <em>Declare incident</em> to <em>Restored</em>, median and worst. A failed restore goes to the incident
process and has no recovery time here; it still counts as failed.</dd>
<dt>Extensions</dt><dd>How many times a window was extended, and the minutes added.</dd>
<dt>Lead time kept</dt><dd>Changes created at least the process lead time before their window start ÷ all changes.</dd>
<dt>Expedited</dt><dd>Changes marked expedited ÷ all changes.</dd>
<dt>NOGO</dt><dd>Changes that got a NOGO at least once ÷ changes that got a GO or a NOGO.</dd>
<dt>Snapshot duration</dt><dd>Measured from the snapshot card’s <em>Snapshot started</em> to <em>Snapshot done</em>, median and worst.</dd>
<dt>Median</dt><dd>The middle value; with an even count, the mean of the two middle ones.</dd>
</dl>`;

export interface StatsPageOptions {
  timeZone: string;
  now: Date;
  /** A link to the same page for another period, keeping the token: `?token=…&period=`. */
  periodLinks: { label: string; href: string }[];
  /** Changes left out because their stored files cannot be read (this page is the team's, behind the token). */
  unreadable?: readonly string[];
}

/** The whole stats page. */
export function statsPageHtml(stats: OutcomeStats, options: StatsPageOptions): string {
  const scope = `${stats.service ?? 'All services'}, ${stats.period.label}`;
  const updated = DateTime.fromJSDate(options.now, { zone: options.timeZone })
    .setLocale('en')
    .toFormat('d LLL yyyy, HH:mm');
  const links = options.periodLinks
    .map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a>`)
    .join(' · ');
  const content = stats.empty
    ? `<p>No change has its window in ${escapeHtml(stats.period.label)}${
        stats.service ? ` for ${escapeHtml(stats.service)}` : ''
      }: there is nothing to count yet. Changes appear here from the month their window starts.</p>`
    : `<figure>
${outcomeChartSvg(stats)}
<figcaption class="muted">Changes per month by how they ended; changes not over yet are not drawn.</figcaption>
</figure>
<h2>Whole period</h2>
${table(`Whole period: ${stats.period.label}`, [{ label: stats.period.label, figures: stats.total }])}
<h2>Per quarter</h2>
${table(
  'Per quarter',
  stats.quarters.map((quarter) => ({
    label: quarter.partial ? `${quarter.key} (part)` : quarter.key,
    figures: quarter,
  })),
)}
<h2>Per month</h2>
${table(
  'Per month',
  stats.months.map((month) => ({ label: monthName(month.key), figures: month })),
)}
<h2>Reviews after trouble</h2>
${reviews(stats, options.timeZone)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>Change outcomes — ${escapeHtml(scope)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Change outcomes</h1>
<p>${escapeHtml(scope)}. <span class="muted">Updated ${escapeHtml(updated)} (${escapeHtml(options.timeZone)}).</span></p>
${links ? `<nav aria-label="Periods"><p>${links}</p></nav>` : ''}
${options.unreadable?.length ? `<p role="alert"><strong>${escapeHtml(unreadableText(options.unreadable))}</strong></p>` : ''}
${content}
${DEFINITIONS}
</main>
</body>
</html>
`;
}
