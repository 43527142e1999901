import { parseImportDate, ParsedDate } from '../csv/dates';

/** Per time zone, the days already parsed. */
const cache = new Map<string, Map<string, ParsedDate>>();
const MAX_CACHED = 20_000;

/**
 * Census dates (`YYYY-MM-DD`) as instants at 12:00 local time. A return repeats the same few
 * thousand days across all its children, and resolving a time zone's offset is the costly part
 * of parsing one, so results are remembered (bounded: memory stays flat). The parsed date carries
 * its ISO form too, so that the importer does not format the same instant again per event.
 */
export function parseCinDate(text: string, timeZone: string): ParsedDate {
  let days = cache.get(timeZone);
  if (days === undefined) cache.set(timeZone, (days = new Map()));
  let d = days.get(text);
  if (d === undefined) {
    d = parseImportDate(text, timeZone);
    if (days.size >= MAX_CACHED) days.clear();
    days.set(text, d);
  }
  return d;
}
