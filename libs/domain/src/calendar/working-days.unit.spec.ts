import { DEFAULT_OFFICE_HOURS } from '../tenant/tenant-config';
import { isoWeekday, localDate, localDayNumber, WEEKENDS_ONLY, workingCalendar } from './working-days';

/** England & Wales bank holidays 2025 and New Year 2026 (gov.uk/bank-holidays), as data. */
const BANK_HOLIDAYS_2025 = ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26', '2026-01-01'];
const calendar = workingCalendar(BANK_HOLIDAYS_2025);
const LONDON = 'Europe/London';

describe('working days (England & Wales bank holidays as data)', () => {
  describe('counting: the day something happens is day 0', () => {
    it.each([
      ['same day', '2025-03-10T09:00:00Z', '2025-03-10T16:00:00Z', 0],
      ['Monday to Tuesday', '2025-03-10T16:00:00Z', '2025-03-11T09:00:00Z', 1],
      ['Friday to Monday: the weekend does not count', '2025-03-07T16:00:00Z', '2025-03-10T09:00:00Z', 1],
      ['Saturday to Monday', '2025-03-08T12:00:00Z', '2025-03-10T09:00:00Z', 1],
      ['Saturday to Sunday', '2025-03-08T12:00:00Z', '2025-03-09T12:00:00Z', 0],
      ['over Easter: Thursday to Tuesday skips Good Friday and Easter Monday', '2025-04-17T10:00:00Z', '2025-04-22T10:00:00Z', 1],
      ['a whole working week', '2025-03-03T10:00:00Z', '2025-03-10T10:00:00Z', 5],
      ['over Christmas: 24 Dec to 2 Jan', '2025-12-24T10:00:00Z', '2026-01-02T10:00:00Z', 4],
      ['backwards is negative', '2025-03-10T09:00:00Z', '2025-03-07T09:00:00Z', -1],
    ])('%s', (_, from, to, expected) => {
      expect(calendar.workingDaysBetween(from, to, LONDON)).toBe(expected);
    });

    it('a bank holiday that falls on a weekend changes nothing (its substitute day is listed instead)', () => {
      const withWeekendHoliday = workingCalendar(['2022-12-25', '2022-12-26', '2022-12-27']);
      expect(withWeekendHoliday.workingDaysBetween('2022-12-23T10:00:00Z', '2022-12-28T10:00:00Z', LONDON)).toBe(1);
    });

    it('weekends only, when no holidays are given', () => {
      expect(WEEKENDS_ONLY.workingDaysBetween('2025-04-17T10:00:00Z', '2025-04-22T10:00:00Z', LONDON)).toBe(3);
    });
  });

  describe('dates are local to the council’s time zone', () => {
    it('23:30 UTC on a summer Sunday is already Monday in London (BST)', () => {
      expect(localDate('2025-06-29T23:30:00Z', LONDON)).toBe('2025-06-30');
      expect(calendar.workingDaysBetween('2025-06-27T10:00:00Z', '2025-06-29T23:30:00Z', LONDON)).toBe(1);
      expect(calendar.workingDaysBetween('2025-06-27T10:00:00Z', '2025-06-29T23:30:00Z', 'UTC')).toBe(0);
    });

    it('in winter London is on UTC', () => {
      expect(localDate('2025-01-05T23:30:00Z', LONDON)).toBe('2025-01-05');
    });

    it('weekday numbering is ISO (1 = Monday)', () => {
      expect(isoWeekday(localDayNumber('2025-03-10', LONDON))).toBe(1);
      expect(isoWeekday(localDayNumber('2025-03-09', LONDON))).toBe(7);
    });
  });

  describe('adding working days', () => {
    it('the next working day after Maundy Thursday is the Tuesday after Easter', () => {
      expect(calendar.addWorkingDays('2025-04-17T10:00:00Z', 1, LONDON)).toBe('2025-04-22');
    });
    it('45 working days from a referral on 3 March 2025 (statutory assessment timescale)', () => {
      const due = calendar.addWorkingDays('2025-03-03T10:00:00Z', 45, LONDON);
      expect(due).toBe('2025-05-08');
      expect(calendar.workingDaysBetween('2025-03-03T10:00:00Z', `${due}T10:00:00Z`, LONDON)).toBe(45);
    });
    it('backwards, and zero is the same local date', () => {
      expect(calendar.addWorkingDays('2025-03-10', -1, LONDON)).toBe('2025-03-07');
      expect(calendar.addWorkingDays('2025-03-08', 0, LONDON)).toBe('2025-03-08');
    });
    it('is a working day', () => {
      expect(calendar.isWorkingDay('2025-04-18', LONDON)).toBe(false);
      expect(calendar.isWorkingDay('2025-04-22T08:00:00Z', LONDON)).toBe(true);
      expect(calendar.isWorkingDay('2025-04-19', LONDON)).toBe(false);
    });
  });

  describe('out of hours (default Mon–Fri 09:00–17:00 local)', () => {
    it.each([
      ['08:59 GMT on a Monday', '2025-03-10T08:59:00Z', true],
      ['09:00 GMT on a Monday', '2025-03-10T09:00:00Z', false],
      ['16:59 GMT', '2025-03-10T16:59:00Z', false],
      ['17:00 GMT: closed', '2025-03-10T17:00:00Z', true],
      ['08:30 UTC in summer is 09:30 BST', '2025-07-01T08:30:00Z', false],
      ['16:30 UTC in summer is 17:30 BST', '2025-07-01T16:30:00Z', true],
      ['a Saturday at noon', '2025-03-08T12:00:00Z', true],
      ['Good Friday at noon', '2025-04-18T11:00:00Z', true],
    ])('%s', (_, iso, expected) => {
      expect(calendar.isOutOfHours(iso, DEFAULT_OFFICE_HOURS, LONDON)).toBe(expected);
    });
  });

  it('elapsed hours', () => {
    expect(calendar.hoursBetween('2025-03-07T16:00:00Z', '2025-03-10T09:00:00Z')).toBe(65);
  });

  it('refuses a holiday that is not a date', () => {
    expect(() => workingCalendar(['25/12/2025'])).toThrow(RangeError);
  });
});
