/** The dashboard's filters, as the URL holds them and as the measures API takes them. */
export interface Filters {
  readonly from?: string;
  readonly to?: string;
  readonly source?: string;
  readonly team?: string;
  readonly tier?: string;
  readonly levelOfNeed?: string;
}

export const FILTER_KEYS = ['from', 'to', 'source', 'team', 'tier', 'levelOfNeed'] as const;

export interface FieldError {
  readonly field: (typeof FILTER_KEYS)[number];
  readonly message: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromParams(params: URLSearchParams): Filters {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) out[k] = v;
  }
  return out;
}

/** Checked before any request, so that the error summary can name the field as GOV.UK asks. */
export function validateFilters(f: Filters): FieldError[] {
  const errors: FieldError[] = [];
  if (f.from !== undefined && (!DATE.test(f.from) || Number.isNaN(Date.parse(f.from))))
    errors.push({ field: 'from', message: 'Enter the start date as a real date, for example 2025-04-01' });
  if (f.to !== undefined && (!DATE.test(f.to) || Number.isNaN(Date.parse(f.to))))
    errors.push({ field: 'to', message: 'Enter the end date as a real date, for example 2026-04-01' });
  if (errors.length === 0 && f.from !== undefined && f.to !== undefined && f.from >= f.to)
    errors.push({ field: 'to', message: 'The end date must be after the start date' });
  return errors;
}

/** The query string for a `/metrics/…` call: the filters, plus what that chart needs (e.g. `period`). */
export function metricsQuery(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k] !== undefined) q.set(k, f[k] as string);
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}
