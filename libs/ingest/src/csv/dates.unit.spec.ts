import { parseImportDate } from './dates';

const tz = 'Europe/London';
const iso = (t: string) => {
  const r = parseImportDate(t, tz);
  return r.ok ? r.iso : r.reason;
};

describe('import dates', () => {
  it('reads local times in the tenant zone: GMT in winter, BST in summer', () => {
    expect(iso('2025-01-06 10:30')).toBe('2025-01-06T10:30:00.000Z');
    expect(iso('2024-07-01T10:30')).toBe('2024-07-01T09:30:00.000Z');
    expect(iso('01/07/2024 10:30')).toBe('2024-07-01T09:30:00.000Z');
  });
  it('takes a date alone as midday local', () => {
    expect(iso('2024-07-01')).toBe('2024-07-01T11:00:00.000Z');
    expect(iso('06/01/2025')).toBe('2025-01-06T12:00:00.000Z');
  });
  it('honours an explicit zone', () => {
    expect(iso('2024-07-01T10:30:00Z')).toBe('2024-07-01T10:30:00.000Z');
    expect(iso('2024-07-01T10:30:00+02:00')).toBe('2024-07-01T08:30:00.000Z');
    expect(iso('2024-07-01T10:30:00.25Z')).toBe('2024-07-01T10:30:00.250Z');
  });
  it('refuses other formats and impossible dates, saying why', () => {
    expect(iso('07/01/24')).toMatch(/not a date in a supported format/);
    expect(iso('2024/07/01')).toMatch(/not a date in a supported format/);
    expect(iso('1 July 2024')).toMatch(/not a date in a supported format/);
    expect(iso('2025-02-29')).toMatch(/not a real date/);
    expect(iso('31/04/2024')).toMatch(/not a real date/);
    expect(iso('2024-07-01 24:10')).toMatch(/not a real date or time/);
  });
});
