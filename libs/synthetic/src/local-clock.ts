import type { OfficeHours } from '@journey-ledger/domain';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Local days and office hours in one time zone, for placing synthetic times. Day numbers count from 1970-01-01. */
export class LocalClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly holidays: Set<number>;
  private readonly opens: number;
  private readonly closes: number;

  constructor(
    readonly timeZone: string,
    readonly officeHours: OfficeHours,
    bankHolidays: readonly string[],
  ) {
    this.formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    this.holidays = new Set(bankHolidays.map(dayOf));
    const [oh, om] = officeHours.opens.split(':').map(Number);
    const [ch, cm] = officeHours.closes.split(':').map(Number);
    this.opens = oh * 60 + om;
    this.closes = ch * 60 + cm;
  }

  /** Offset (minutes) of the zone at local noon of a day: exact except in the hour a clock change happens. */
  private offset(day: number): number {
    let o = this.offsets.get(day);
    if (o === undefined) {
      const at = day * DAY + 12 * 60 * MINUTE;
      const p: Record<string, number> = {};
      for (const part of this.formatter.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
      o = Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - at) / MINUTE);
      this.offsets.set(day, o);
    }
    return o;
  }

  /** The instant (ms) of a local day and minute of the day. */
  instant(day: number, minuteOfDay: number): number {
    return day * DAY + minuteOfDay * MINUTE - this.offset(day) * MINUTE;
  }

  localDay(ms: number): number {
    const approx = Math.floor(ms / DAY);
    return Math.floor((ms + this.offset(approx) * MINUTE) / DAY);
  }

  localMinute(ms: number): number {
    const day = this.localDay(ms);
    return Math.floor((ms + this.offset(day) * MINUTE - day * DAY) / MINUTE);
  }

  isWorkingDay(day: number): boolean {
    const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
    return this.officeHours.days.includes(weekday) && !this.holidays.has(day);
  }

  isOfficeHours(ms: number): boolean {
    const day = this.localDay(ms);
    const minute = this.localMinute(ms);
    return this.isWorkingDay(day) && minute >= this.opens && minute < this.closes;
  }

  /** `ms` itself when in office hours, otherwise the next opening plus `lateMinutes`. */
  nextOfficeTime(ms: number, lateMinutes = 0): number {
    if (this.isOfficeHours(ms)) return ms;
    let day = this.localDay(ms);
    if (this.localMinute(ms) >= this.opens || !this.isWorkingDay(day)) day += 1;
    while (!this.isWorkingDay(day)) day += 1;
    return this.instant(day, this.opens + Math.min(lateMinutes, this.closes - this.opens - 1));
  }

  /** A working day on or after `day`. */
  workingDayFrom(day: number): number {
    let d = day;
    while (!this.isWorkingDay(d)) d += 1;
    return d;
  }

  get opensAt(): number {
    return this.opens;
  }

  get closesAt(): number {
    return this.closes;
  }
}

export const dayOf = (date: string): number => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
