import { filtersFromParams, metricsQuery, validateFilters, type Filters } from './filters';
import type { Route } from './route';

/** The dashboard's measures for these filters, one request per chart or tile group; null while a filter is invalid. */
export function dashboardRequests(filters: Filters) {
  if (validateFilters(filters).length > 0) return null;
  const q = (extra?: Record<string, string>) => metricsQuery(filters, extra);
  return {
    funnel: `/metrics/funnel${q()}`,
    nfa: `/metrics/nfa-rates${q()}`,
    handovers: `/metrics/handovers${q()}`,
    trend: `/metrics/handovers${q({ period: 'month' })}`,
    reReferrals: `/metrics/re-referrals${q()}`,
    timeliness: `/metrics/timeliness${q()}`,
    outOfHours: `/metrics/out-of-hours${q()}`,
  };
}

/** The process map's answers; the dashboard's filters narrow it too (invalid ones are left out). */
export function mapRequests(asked: Filters) {
  const filters = validateFilters(asked).length === 0 ? asked : {};
  return {
    filters,
    matrix: `/metrics/flows/matrix${metricsQuery(filters)}`,
    waiting: `/metrics/waiting${metricsQuery(filters, { groupBy: 'team' })}`,
    paths: `/metrics/flows/paths${metricsQuery(filters, { limit: '15' })}`,
  };
}

/**
 * What a page opened from the address will ask the API for first, so that the requests can leave
 * as soon as the script runs rather than after the first render has painted. The council's
 * settings are asked for on every signed-in page.
 */
export function firstRequestsOf(route: Route): string[] {
  const filters = filtersFromParams(route.params);
  if (route.page === 'dashboard') return ['/council', ...Object.values(dashboardRequests(filters) ?? {})];
  if (route.page === 'map') {
    const { matrix, waiting, paths } = mapRequests(filters);
    return ['/council', matrix, waiting, paths];
  }
  return ['/council'];
}
