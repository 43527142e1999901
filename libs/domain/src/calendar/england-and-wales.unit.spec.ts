import { englandAndWalesBankHolidays, englandAndWalesCalendar } from './england-and-wales';

describe('England & Wales bank holidays (date-holidays, GB/ENG)', () => {
  it('lists 2025 as gov.uk does: eight bank holidays, no observances', () => {
    expect(englandAndWalesBankHolidays(2025, 2025)).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it('includes substitute days and one-off holidays (2022: jubilee, state funeral, Christmas substitutes)', () => {
    const y2022 = englandAndWalesBankHolidays(2022, 2022);
    expect(y2022).toEqual(expect.arrayContaining(['2022-01-03', '2022-06-03', '2022-09-19', '2022-12-26', '2022-12-27']));
    expect(y2022).not.toContain('2022-03-27'); // Mother's Day is an observance
  });

  it('gives a calendar the replay and analytics use', () => {
    expect(englandAndWalesCalendar().workingDaysBetween('2025-04-17T10:00:00Z', '2025-04-22T10:00:00Z', 'Europe/London')).toBe(1);
  });
});
