import { parseImportDate } from '../csv/dates';
import { parseCinDate } from './cin-dates';

describe('census dates', () => {
  it('are the same instants as parsing each afresh, kept apart per time zone', () => {
    // given the same days read in councils in two time zones, twice over (the second time from memory)
    for (let round = 0; round < 2; round++)
      for (const zone of ['Europe/London', 'America/New_York'])
        for (const day of ['2024-03-31', '2024-06-30', '2024-12-25']) {
          // then each is what a fresh parse gives in its own zone
          expect(parseCinDate(day, zone)).toEqual(parseImportDate(day, zone));
        }
    expect(parseCinDate('2024-06-30', 'Europe/London')).not.toEqual(parseCinDate('2024-06-30', 'America/New_York'));
  });

  it('refuses what is not a day, every time it is asked', () => {
    expect(parseCinDate('2024-02-30', 'Europe/London').ok).toBe(false);
    expect(parseCinDate('2024-02-30', 'Europe/London').ok).toBe(false);
  });
});
