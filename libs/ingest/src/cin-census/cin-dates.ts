import { parseImportDate, ParsedDate } from '../csv/dates';

const cache = new Map<string, ParsedDate>();
const MAX_CACHED = 20_000;

/**
 * Census dates (`YYYY-MM-DD`) as instants at 12:00 local time. A return repeats the same few
 * thousand days across all its children, and resolving a time zone's offset is the costly part
 * of parsing one, so results are remembered (bounded: memory stays flat).
 */
export function parseCinDate(text: string, timeZone: string): ParsedDate {
  const key = `${timeZone}|${text}`;
  let d = cache.get(key);
  if (d === undefined) {
    d = parseImportDate(text, timeZone);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, d);
  }
  return d;
}
