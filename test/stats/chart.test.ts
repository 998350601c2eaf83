import { XMLValidator } from 'fast-xml-parser';
import { Duration } from 'luxon';
import { outcomeStats, type StatsPeriod } from '../../src/domain/stats';
import { axisScale, outcomeChartSvg, PLOT_HEIGHT } from '../../src/stats/chart';
import { svgToPng } from '../../src/stats/png';
import { makeChange } from '../support/changeFactory';
import { generatedHistory } from '../support/statsHistory';

const ZONE = 'Europe/Zurich';
const LEAD = Duration.fromObject({ days: 21 });
const YEAR: StatsPeriod = { first: '2026-01', last: '2026-12', label: '2026' };

interface Bar {
  month: string;
  outcome: string;
  count: number;
  y: number;
  height: number;
}

/** Every bar segment of the chart, read from its rect elements (the legend's rects carry no data-month). */
function bars(svg: string): Bar[] {
  return [...svg.matchAll(/<rect ([^>]*data-month[^>]*)>/g)].map(([, attributes]) => {
    const attribute = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes!)![1]!;
    return {
      month: attribute('data-month'),
      outcome: attribute('data-outcome'),
      count: Number(attribute('data-count')),
      y: Number(attribute(' y')),
      height: Number(attribute('height')),
    };
  });
}

/*
 * From the generator's rules (see test/domain/stats.test.ts): January–April 20 completed; May and June 10
 * completed + 10 restored; July 10 + 10 handed off; August–October 10 + 10 cancelled; nothing after. The
 * tallest month holds 20, so the axis ends at 20 and one change is PLOT_HEIGHT / 20 units tall.
 */
const EXPECTED: [string, string, number][] = [
  ['2026-01', 'completed', 20],
  ['2026-02', 'completed', 20],
  ['2026-03', 'completed', 20],
  ['2026-04', 'completed', 20],
  ['2026-05', 'completed', 10],
  ['2026-05', 'restored', 10],
  ['2026-06', 'completed', 10],
  ['2026-06', 'restored', 10],
  ['2026-07', 'completed', 10],
  ['2026-07', 'handedOff', 10],
  ['2026-08', 'completed', 10],
  ['2026-08', 'cancelled', 10],
  ['2026-09', 'completed', 10],
  ['2026-09', 'cancelled', 10],
  ['2026-10', 'completed', 10],
  ['2026-10', 'cancelled', 10],
];

describe('the outcome chart (server-drawn SVG)', () => {
  const svg = outcomeChartSvg(
    outcomeStats(generatedHistory(), { timeZone: ZONE, leadTime: LEAD, period: YEAR }),
  )!;

  it('draws one segment per month and outcome, each as tall as its count on a 0–20 axis', () => {
    const unit = PLOT_HEIGHT / 20;
    expect(bars(svg).map((bar) => [bar.month, bar.outcome, bar.count, bar.height])).toEqual(
      EXPECTED.map(([month, outcome, count]) => [month, outcome, count, count * unit]),
    );
  });

  it('stacks the segments of a month on one baseline, completed at the bottom', () => {
    const all = bars(svg);
    const baseline = Math.max(...all.map((bar) => bar.y + bar.height));
    for (const month of new Set(all.map((bar) => bar.month))) {
      const own = all.filter((bar) => bar.month === month);
      let top = baseline;
      for (const bar of own) {
        expect(bar.y + bar.height).toBeCloseTo(top, 6);
        top = bar.y;
      }
      expect(baseline - top).toBeCloseTo(20 * (PLOT_HEIGHT / 20), 6);
    }
  });

  it('has a title and a description that say the numbers, for screen readers', () => {
    expect(svg).toMatch(/role="img" aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Changes per month by outcome, 2026</title>');
    expect(svg).toContain('May 2026: 10 completed, 10 restored after an incident.');
    expect(svg).toContain('July 2026: 10 completed, 10 restore failed (incident process).');
    // Well-formed XML (fast-xml-parser comes with @azure/storage-blob), every element closed.
    expect(XMLValidator.validate(svg)).toBe(true);
    const opened = (svg.match(/<[a-z]+(\s[^>]*)?>/g) ?? []).filter((tag) => !tag.endsWith('/>')).length;
    const closed = (svg.match(/<\/[a-z]+>/g) ?? []).length;
    expect(opened).toBe(closed);
  });

  it('an empty period draws nothing: the page and the card say so in words', () => {
    expect(
      outcomeChartSvg(outcomeStats([], { timeZone: ZONE, leadTime: LEAD, period: YEAR })),
    ).toBeUndefined();
  });

  it('escapes what it writes: a service name is text, not markup', () => {
    const change = makeChange({ service: '<b>Mail</b> & co', status: 'completed' });
    const chart = outcomeChartSvg(
      outcomeStats([change], { timeZone: ZONE, leadTime: LEAD, period: YEAR, service: '<b>Mail</b> & co' }),
    )!;
    expect(chart).toContain('&lt;b&gt;Mail&lt;/b&gt; &amp; co');
    expect(chart).not.toContain('<b>');
  });

  it.each([
    [1, 1, 1],
    [3, 1, 3],
    [7, 2, 8],
    [20, 5, 20],
    [23, 10, 30],
    [130, 50, 150],
  ])('the axis for a tallest month of %i has gridlines every %i up to %i', (max, step, end) => {
    expect(axisScale(max)).toEqual({ step, end });
  });

  it('renders to a PNG (what Teams shows in the card)', () => {
    const png = svgToPng(svg);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // Width from the IHDR chunk: the SVG's width at twice the size.
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(2 * width);
  });
});
