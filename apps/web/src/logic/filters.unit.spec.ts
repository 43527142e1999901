import { filtersFromParams, metricsQuery, validateFilters } from './filters';

describe('dashboard filters', () => {
  it('given a deep link, when read, then only the known, non-empty filters are kept', () => {
    const f = filtersFromParams(new URLSearchParams('from=2024-04-01&source=2A&team=&colour=red&levelOfNeed=4a'));
    expect(f).toEqual({ from: '2024-04-01', source: '2A', levelOfNeed: '4a' });
  });

  it('given filters, when turned into a measures query, then each filter and the chart’s own parameters are sent', () => {
    expect(metricsQuery({ from: '2024-04-01', tier: 'front-door' }, { period: 'month' })).toBe('?from=2024-04-01&tier=front-door&period=month');
    expect(metricsQuery({})).toBe('');
  });

  it('given an end date before the start date, then the error names the end date field', () => {
    expect(validateFilters({ from: '2025-04-01', to: '2025-01-01' })).toEqual([{ field: 'to', message: 'The end date must be after the start date' }]);
  });

  it('given a date that is not a real date, then the error names that field and gives an example', () => {
    expect(validateFilters({ from: '01/04/2025' })).toEqual([{ field: 'from', message: 'Enter the start date as a real date, for example 2025-04-01' }]);
    expect(validateFilters({ from: '2024-04-01', to: '2025-04-01' })).toEqual([]);
  });
});
