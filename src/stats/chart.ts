import { DateTime } from 'luxon';
import { escapeHtml } from '../web/html';
import { FINAL_OUTCOMES, type FinalOutcome, type OutcomeStats } from '../domain/stats';

/*
 * Changes per month stacked by outcome, drawn on the server as plain SVG: no script, no chart library, a
 * title and a description for screen readers, and a text <title> on every bar for a pointer hover. The
 * colours differ in lightness too, and the legend names each one, so the chart reads without colour.
 */

export const OUTCOME_LABELS: Record<FinalOutcome, string> = {
  completed: 'Completed',
  restored: 'Restored after an incident',
  handedOff: 'Restore failed (incident process)',
  cancelled: 'Cancelled',
};

const COLOURS: Record<FinalOutcome, string> = {
  completed: '#2e7d32',
  restored: '#e0a100',
  handedOff: '#b71c1c',
  cancelled: '#9e9e9e',
};

/** Plot area height in SVG units: a bar of the axis maximum is this tall. */
export const PLOT_HEIGHT = 180;
const TOP = 56;
const LEFT = 44;
const RIGHT = 12;
const BOTTOM = 40;

/** The axis: a step of 1, 2 or 5 × 10ⁿ (at least 1) that needs at most four gridlines, and its end. */
export function axisScale(max: number): { step: number; end: number } {
  if (max <= 0) return { step: 1, end: 1 };
  const rough = max / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough)!,
  );
  return { step, end: Math.ceil(max / step) * step };
}

const round = (value: number) => Math.round(value * 100) / 100;

function monthLabel(key: string, index: number): string {
  const month = DateTime.fromFormat(key, 'yyyy-MM', { zone: 'utc' }).setLocale('en');
  return index === 0 || month.month === 1 ? month.toFormat('LLL yy') : month.toFormat('LLL');
}

function monthName(key: string): string {
  return DateTime.fromFormat(key, 'yyyy-MM', { zone: 'utc' }).setLocale('en').toFormat('LLLL yyyy');
}

/** A sentence per month with changes, for the description a screen reader speaks. */
function describe(stats: OutcomeStats): string {
  const parts = stats.months
    .filter((month) => month.changes - month.open > 0)
    .map((month) => {
      const counts = FINAL_OUTCOMES.filter((outcome) => month.outcomes[outcome] > 0).map(
        (outcome) => `${month.outcomes[outcome]} ${OUTCOME_LABELS[outcome].toLowerCase()}`,
      );
      return `${monthName(month.key)}: ${counts.join(', ')}`;
    });
  return parts.length > 0 ? `${parts.join('. ')}.` : 'No change ended in this period.';
}

/** The chart as an SVG document; undefined for an empty period, which the caller says in words instead. */
export function outcomeChartSvg(stats: OutcomeStats): string | undefined {
  if (stats.empty) return undefined;
  const count = stats.months.length;
  const slot = Math.max(12, Math.min(44, Math.floor(560 / count)));
  const bar = Math.max(6, Math.round(slot * 0.6));
  const width = LEFT + slot * count + RIGHT;
  const height = TOP + PLOT_HEIGHT + BOTTOM;
  const totals = stats.months.map((month) => FINAL_OUTCOMES.reduce((sum, o) => sum + month.outcomes[o], 0));
  const axis = axisScale(Math.max(...totals));
  const unit = PLOT_HEIGHT / axis.end;
  const baseline = TOP + PLOT_HEIGHT;
  const title = `Changes per month by outcome, ${stats.period.label}${stats.service ? `, ${stats.service}` : ''}`;

  const grid = Array.from({ length: axis.end / axis.step + 1 }, (_, index) => index * axis.step)
    .map((value) => {
      const y = round(baseline - value * unit);
      return (
        `<line x1="${LEFT}" x2="${width - RIGHT}" y1="${y}" y2="${y}" stroke="#c9ccd3" stroke-width="1"/>` +
        `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end" font-size="11" fill="#4a4a55">${value}</text>`
      );
    })
    .join('');

  const bars = stats.months
    .map((month, index) => {
      const x = LEFT + index * slot + (slot - bar) / 2;
      let top = baseline;
      const rects = FINAL_OUTCOMES.filter((outcome) => month.outcomes[outcome] > 0).map((outcome) => {
        const value = month.outcomes[outcome];
        const h = round(value * unit);
        top = round(top - h);
        return `<rect x="${x}" y="${top}" width="${bar}" height="${h}" fill="${COLOURS[outcome]}" data-month="${month.key}" data-outcome="${outcome}" data-count="${value}"><title>${escapeHtml(
          `${monthName(month.key)}: ${value} ${OUTCOME_LABELS[outcome].toLowerCase()}`,
        )}</title></rect>`;
      });
      const label = `<text x="${x + bar / 2}" y="${baseline + 16}" text-anchor="middle" font-size="11" fill="#4a4a55">${escapeHtml(
        monthLabel(month.key, index),
      )}</text>`;
      return rects.join('') + (count <= 24 || index % 3 === 0 ? label : '');
    })
    .join('');

  const legend = FINAL_OUTCOMES.map((outcome, index) => {
    const x = LEFT + (index % 2) * 230;
    const y = 8 + Math.floor(index / 2) * 18;
    return `<rect x="${x}" y="${y}" width="12" height="12" fill="${COLOURS[outcome]}"/><text x="${x + 18}" y="${y + 10}" font-size="12" fill="#1b1b1f">${escapeHtml(
      OUTCOME_LABELS[outcome],
    )}</text>`;
  }).join('');

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="DejaVu Sans, system-ui, sans-serif">
<title id="chart-title">${escapeHtml(title)}</title>
<desc id="chart-desc">${escapeHtml(describe(stats))}</desc>
<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>
<g aria-hidden="true">${legend}${grid}</g>
<g>${bars}</g>
<line x1="${LEFT}" x2="${width - RIGHT}" y1="${baseline}" y2="${baseline}" stroke="#1b1b1f" stroke-width="1"/>
</svg>
`;
}
