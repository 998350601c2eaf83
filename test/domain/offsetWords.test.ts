import { Duration } from 'luxon';
import { beforeWords } from '../../src/domain/offsetWords';

describe('offsets before the start, in words', () => {
  it.each([
    ['P1D', 'the day before'],
    ['PT3H', '3 hours before'],
    ['PT1H', 'an hour before'],
    ['P14D', '2 weeks before'],
    ['P7D', 'a week before'],
    ['P21D', '3 weeks before'],
    ['P2W', '2 weeks before'],
    ['P10D', '10 days before'],
    ['P2D', '2 days before'],
    ['PT24H', 'the day before'],
    ['PT1H30M', '1 hour 30 minutes before'],
    ['PT90S', '1 minute 30 seconds before'],
    ['PT45S', '45 seconds before'],
    ['P1M', 'a month before'],
    ['PT0S', 'at the start'],
  ])('%s is "%s"', (iso, words) => {
    expect(beforeWords(Duration.fromISO(iso))).toBe(words);
  });
});
