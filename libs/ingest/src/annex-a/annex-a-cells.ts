/**
 * Cell values as exceljs's streaming reader gives them, read as Annex A means them: text, yes/no,
 * and days. Dates come as Excel dates, as serial numbers (a date cell without a date format, or a
 * formula such as `=F2+7` whose saved result is a number), or as text in one of four formats.
 */
export type CellValue = unknown;

export type DayResult = { readonly ok: true; readonly day: string } | { readonly ok: false; readonly reason: string };

export const TEXT_DATE_FORMATS = 'YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or D Mon YYYY (e.g. 5 Mar 2024)';

/** The value a formula saved when the workbook was last calculated, else the value itself. */
function settled(v: CellValue): CellValue {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) return o.result === undefined ? { noResult: true } : settled(o.result);
    if ('richText' in o && Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('text' in o && typeof o.text === 'string') return o.text;
  }
  return v;
}

/** The cell as trimmed text ('' when empty). */
export function cellText(v: CellValue): string {
  const s = settled(v);
  if (s === null || s === undefined) return '';
  if (s instanceof Date) return s.toISOString().slice(0, 10);
  if (typeof s === 'object') return '';
  return String(s).trim();
}

export function isBlank(v: CellValue): boolean {
  const s = settled(v);
  return s === null || s === undefined || (typeof s === 'string' && s.trim() === '');
}

const pad = (n: number) => String(n).padStart(2, '0');
const MONTH_NAMES = 'january february march april may june july august september october november december'.split(' ');

function ymd(y: number, m: number, d: number): DayResult {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (y < 1900 || back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return { ok: false, reason: 'not a real date' };
  return { ok: true, day: `${y}-${pad(m)}-${pad(d)}` };
}

/** Excel's day numbers count from 30 December 1899 (so that its 1900 leap-year bug cancels out after February 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const MAX_SERIAL = 2958465; // 31 December 9999

export function cellDay(v: CellValue): DayResult {
  const s = settled(v);
  if (typeof s === 'object' && s !== null && 'noResult' in s)
    return { ok: false, reason: 'a formula with no saved result: open the workbook in Excel and save it' };
  if (typeof s === 'object' && s !== null && 'error' in (s as object))
    return { ok: false, reason: `an Excel error (${String((s as { error: unknown }).error)})` };
  if (s instanceof Date) {
    if (Number.isNaN(s.getTime())) return { ok: false, reason: 'not a real date' };
    return ymd(s.getUTCFullYear(), s.getUTCMonth() + 1, s.getUTCDate());
  }
  if (typeof s === 'number') {
    if (!Number.isFinite(s) || s < 1 || s > MAX_SERIAL) return { ok: false, reason: `the number ${s} is not an Excel date` };
    const d = new Date(EXCEL_EPOCH + Math.floor(s) * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const t = cellText(s);
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/.exec(t))) return ymd(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t))) return ymd(+m[3], +m[2], +m[1]);
  if ((m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(t))) return ymd(+m[3], +m[2], +m[1]);
  if ((m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{4})$/.exec(t))) {
    const name = m[2].toLowerCase();
    const month = MONTH_NAMES.findIndex((full) => full === name || full.slice(0, 3) === name || (name === 'sept' && full === 'september'));
    if (month >= 0) return ymd(+m[3], month + 1, +m[1]);
  }
  return { ok: false, reason: `"${t.slice(0, 40)}" is not a date: use an Excel date, or ${TEXT_DATE_FORMATS}` };
}

/** Annex A's yes/no answers: `a) Yes`, `Yes`, `Y`, `1`, `true` … ; undefined when blank or not an answer. */
export function cellYes(v: CellValue): boolean | undefined {
  const t = cellText(v)
    .toLowerCase()
    .replace(/^[a-z]\)\s*/, '');
  if (['yes', 'y', '1', 'true'].includes(t)) return true;
  if (['no', 'n', '0', 'false'].includes(t)) return false;
  return undefined;
}

/**
 * A code as Annex A writes it: `a) 1A: Individual`, `N1 - Abuse or neglect`, `RC8 - Case closed…`,
 * or the bare code. Returns the code part.
 */
export function cellCode(v: CellValue): string {
  const t = cellText(v).replace(/^[a-z]\)\s*/i, '');
  const m = /^([A-Za-z]{0,2}\d{1,2}[A-Za-z]?)\b/.exec(t);
  return (m ? m[1] : t).toUpperCase();
}
