/**
 * Dates in import files. Accepted: `YYYY-MM-DD`, `DD/MM/YYYY` (UK order, as case systems export
 * it), each optionally followed by a time `HH:mm` or `HH:mm:ss` (after a space or `T`), and ISO
 * instants with `Z` or an offset. A time without a zone is local to the tenant's time zone. A date
 * without a time is taken as 12:00 local: it then never looks out of hours, and never moves to
 * another day in any zone.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const UK = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

export const DATE_FORMATS = 'YYYY-MM-DD, YYYY-MM-DD HH:mm[:ss], DD/MM/YYYY or DD/MM/YYYY HH:mm[:ss]';

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function zoneOffsetMinutes(ms: number, tz: string): number {
  let f = offsetFormatters.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    offsetFormatters.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Math.round((Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60000) * 60000) / 60000);
}

export type ParsedDate = { readonly ok: true; readonly iso: string; readonly ms: number } | { readonly ok: false; readonly reason: string };

export function parseImportDate(text: string, timeZone: string): ParsedDate {
  const v = text.trim();
  let y: number,
    mo: number,
    d: number,
    h = 12,
    mi = 0,
    s = 0,
    ms3 = 0;
  let zone: string | undefined;
  let m = ISO.exec(v);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (m[7] !== undefined) ms3 = Number(m[7].padEnd(3, '0'));
    zone = m[8];
  } else if ((m = UK.exec(v))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[4] !== undefined) [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  } else {
    return { ok: false, reason: `"${v}" is not a date in a supported format (${DATE_FORMATS})` };
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms3);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return { ok: false, reason: `"${v}" is not a real date or time` };
  }
  let ms: number;
  if (zone === 'Z') ms = wall;
  else if (zone !== undefined) {
    const sign = zone[0] === '-' ? -1 : 1;
    ms = wall - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60000;
  } else {
    // Local wall time: subtract the zone's offset at that moment (twice, to settle across a clock change).
    ms = wall - zoneOffsetMinutes(wall, timeZone) * 60000;
    ms = wall - zoneOffsetMinutes(ms, timeZone) * 60000;
  }
  return { ok: true, iso: new Date(ms).toISOString(), ms };
}
