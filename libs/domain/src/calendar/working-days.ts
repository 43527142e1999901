import type { OfficeHours } from '../tenant/tenant-config';

/**
 * Working days and office hours, pure. The holiday list is data (ISO local dates, `YYYY-MM-DD`):
 * the application fills it from a holiday source (England & Wales bank holidays for the
 * councils served today), so the domain never reads a library, a file or the clock.
 *
 * Counting convention (as "Working Together" counts timescales): the day something happens is
 * day 0, so `workingDaysBetween` counts the working days *after* the local date of `from` up to
 * and including the local date of `to`. A contact on Friday decided on Monday took 1 working
 * day; one received and decided on the same day took 0. Dates are local to the time zone given
 * (a contact at 23:30 UTC on a summer Sunday is already Monday in Europe/London).
 */

const MS_PER_DAY = 86_400_000;
const BUCKET_MS = 15 * 60_000; // time-zone offsets change on quarter-hour boundaries at worst

/** UTC offset (minutes) of a zone at an instant, memoised per quarter hour: cheap enough for bulk replay. */
const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

function offsetMinutes(ms: number, tz: string): number {
  let perZone = offsetCache.get(tz);
  if (perZone === undefined) {
    perZone = new Map();
    offsetCache.set(tz, perZone);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  const cached = perZone.get(bucket);
  if (cached !== undefined) return cached;
  const at = bucket * BUCKET_MS;
  const p: Record<string, number> = {};
  for (const part of formatterFor(tz).formatToParts(new Date(at))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offset = Math.round((asUtc - at) / 60_000);
  if (perZone.size > 500_000) perZone.clear();
  perZone.set(bucket, offset);
  return offset;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseInstant(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`"${iso}" is not an ISO-8601 date or instant`);
  return ms;
}

/** Days since 1970-01-01 of the local date of an instant (or of a `YYYY-MM-DD` date itself). */
export function localDayNumber(isoOrDate: string, tz: string): number {
  if (DATE_ONLY.test(isoOrDate)) return Math.floor(parseInstant(`${isoOrDate}T00:00:00Z`) / MS_PER_DAY);
  const ms = parseInstant(isoOrDate);
  return Math.floor((ms + offsetMinutes(ms, tz) * 60_000) / MS_PER_DAY);
}

/** Minutes after local midnight of an instant. */
function localMinuteOfDay(ms: number, tz: string): number {
  const local = ms + offsetMinutes(ms, tz) * 60_000;
  return Math.floor((((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000);
}

export const dayNumberToDate = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/** The local calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export const localDate = (iso: string, tz: string): string => dayNumberToDate(localDayNumber(iso, tz));

/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** Mon–Fri days in (-∞, day]: weekdays in (a, b] are `weekdaysUpTo(b) - weekdaysUpTo(a)`. */
function weekdaysUpTo(day: number): number {
  const m = day + 3; // 0 = a Monday
  const weeks = Math.floor(m / 7);
  const rem = m - weeks * 7;
  return weeks * 5 + Math.min(rem + 1, 5);
}

function hoursBetween(fromMs: number, toMs: number): number {
  return Math.round(((toMs - fromMs) / 3_600_000) * 100) / 100;
}

export interface WorkingCalendar {
  /** The holidays this calendar knows (local dates), sorted. */
  readonly holidays: readonly string[];
  /** A weekday that is not a holiday. Takes an instant or a `YYYY-MM-DD` date. */
  isWorkingDay(isoOrDate: string, tz: string): boolean;
  /** Working days after the local date of `from`, up to and including that of `to`; negative when `to` is earlier. */
  workingDaysBetween(fromIso: string, toIso: string, tz: string): number;
  /** The local date `n` working days after (n > 0) or before (n < 0) the local date of `iso`; n = 0 is that date. */
  addWorkingDays(isoOrDate: string, n: number, tz: string): string;
  /** Outside office hours: a day not in `officeHours.days`, a holiday, or a time before opening or from closing. */
  isOutOfHours(iso: string, officeHours: OfficeHours, tz: string): boolean;
  /** Elapsed clock hours between two instants, to two decimals. */
  hoursBetween(fromIso: string, toIso: string): number;
}

/** A calendar over the given holidays (`YYYY-MM-DD` local dates). Weekends are Saturday and Sunday. */
export function workingCalendar(holidays: Iterable<string>): WorkingCalendar {
  const sorted = [...new Set(holidays)].sort();
  for (const h of sorted) if (!DATE_ONLY.test(h)) throw new RangeError(`holiday "${h}" is not a YYYY-MM-DD date`);
  const holidayDays = sorted.map((h) => localDayNumber(h, 'UTC'));
  const holidaySet = new Set(holidayDays);
  const weekdayHolidays = holidayDays.filter((d) => isoWeekday(d) <= 5);

  /** Count of weekday holidays in (-∞, day]. */
  const holidaysUpTo = (day: number): number => {
    let lo = 0;
    let hi = weekdayHolidays.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (weekdayHolidays[mid] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const workingUpTo = (day: number) => weekdaysUpTo(day) - holidaysUpTo(day);
  const isWorkingDayNumber = (day: number) => isoWeekday(day) <= 5 && !holidaySet.has(day);

  return {
    holidays: sorted,
    isWorkingDay: (isoOrDate, tz) => isWorkingDayNumber(localDayNumber(isoOrDate, tz)),
    workingDaysBetween(fromIso, toIso, tz) {
      return workingUpTo(localDayNumber(toIso, tz)) - workingUpTo(localDayNumber(fromIso, tz));
    },
    addWorkingDays(isoOrDate, n, tz) {
      if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, not ${n}`);
      let day = localDayNumber(isoOrDate, tz);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0;) {
        day += step;
        if (isWorkingDayNumber(day)) left--;
      }
      return dayNumberToDate(day);
    },
    isOutOfHours(iso, officeHours, tz) {
      const ms = parseInstant(iso);
      const day = localDayNumber(iso, tz);
      if (!officeHours.days.includes(isoWeekday(day)) || holidaySet.has(day)) return true;
      const minute = localMinuteOfDay(ms, tz);
      const [oh, om] = officeHours.opens.split(':').map(Number);
      const [ch, cm] = officeHours.closes.split(':').map(Number);
      return minute < oh * 60 + om || minute >= ch * 60 + cm;
    },
    hoursBetween: (fromIso, toIso) => hoursBetween(parseInstant(fromIso), parseInstant(toIso)),
  };
}

/** Weekends only, no holidays: for tests and for councils whose holiday list is not configured. */
export const WEEKENDS_ONLY: WorkingCalendar = workingCalendar([]);
