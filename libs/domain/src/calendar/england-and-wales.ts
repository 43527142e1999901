import Holidays from 'date-holidays';
import { workingCalendar, WorkingCalendar } from './working-days';

/**
 * England & Wales bank holidays (substitute days and one-off holidays included), from the
 * `date-holidays` rules for GB/ENG. Only `public` holidays count: observances such as Mother's
 * Day are working days.
 */
export function englandAndWalesBankHolidays(fromYear: number, toYear: number): string[] {
  const source = new Holidays('GB', 'ENG');
  const dates: string[] = [];
  for (let year = fromYear; year <= toYear; year++) {
    for (const h of source.getHolidays(year)) {
      if (h.type === 'public') dates.push(h.date.slice(0, 10));
    }
  }
  return [...new Set(dates)].sort();
}

let shared: WorkingCalendar | undefined;

/** The working calendar for councils in England: weekends and bank holidays 2000–2050. Built once. */
export function englandAndWalesCalendar(): WorkingCalendar {
  shared ??= workingCalendar(englandAndWalesBankHolidays(2000, 2050));
  return shared;
}
