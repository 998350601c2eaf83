import { Duration } from 'luxon';
import { outcomeStats } from '../../src/domain/stats';
import { DORA_QUOTES, statsPageHtml } from '../../src/stats/page';

/** The stats page quotes DORA exactly as dora.dev (2026) publishes the two stability metrics, with the link. */
describe('the DORA quotes on the stats page', () => {
  const html = statsPageHtml(
    outcomeStats([], {
      timeZone: 'Europe/Zurich',
      leadTime: Duration.fromObject({ days: 21 }),
      period: { first: '2026-01', last: '2026-12', label: '2026' },
    }),
    { timeZone: 'Europe/Zurich', now: new Date('2026-12-01T10:00:00Z'), periodLinks: [] },
  );

  test('word for word, in English, linked to dora.dev', () => {
    expect(DORA_QUOTES).toEqual({
      changeFailRate:
        'The ratio of deployments that require immediate intervention following a deployment. Likely resulting in a rollback of the changes or a “hotfix” to quickly remediate any issues.',
      recoveryTime:
        'The time it takes to recover from a deployment that fails and requires immediate intervention.',
    });
    const quotes = [...html.matchAll(/<blockquote cite="([^"]+)" lang="en"><p>([^<]+)<\/p>/g)];
    expect(quotes.map((match) => [match[1], match[2]])).toEqual([
      ['https://dora.dev/guides/dora-metrics-four-keys/', DORA_QUOTES.changeFailRate],
      ['https://dora.dev/guides/dora-metrics-four-keys/', DORA_QUOTES.recoveryTime],
    ]);
    expect(html).toContain('<a href="https://dora.dev/guides/dora-metrics-four-keys/">');
  });
});
