import { metricsQuery, type Filters } from './filters';

export const CHARACTERISTIC_LABELS = { sex: 'Sex', ageBand: 'Age band', ethnicity: 'Ethnicity', disability: 'Disability' } as const;
export type Characteristic = keyof typeof CHARACTERISTIC_LABELS;

/** Ethnicity and disability are special-category data: only these roles may see breakdowns by them (the API refuses the rest). */
const SPECIAL_CATEGORY: readonly Characteristic[] = ['ethnicity', 'disability'];
const SPECIAL_CATEGORY_ROLES = ['analyst', 'designer', 'auditor'];

/** The characteristics a role may break the figures down by: a role without the need is not even offered the special-category ones. */
export function equalityOptionsFor(roles: readonly string[]): Characteristic[] {
  const special = roles.some((r) => SPECIAL_CATEGORY_ROLES.includes(r));
  return (Object.keys(CHARACTERISTIC_LABELS) as Characteristic[]).filter((c) => special || !SPECIAL_CATEGORY.includes(c));
}

/**
 * The dashboard's breakdown by a characteristic of the child, and its cost tile. A breakdown takes
 * the period only (the API refuses any other filter with it), and so does the cost tile: its
 * figures are the front door's work as a whole in the period.
 */
export function equalityRequests(filters: Filters, groupBy: Characteristic | null) {
  const period: Filters = { from: filters.from, to: filters.to };
  return {
    cost: `/metrics/cost${metricsQuery(period)}`,
    handovers: groupBy === null ? null : `/metrics/handovers${metricsQuery(period, { groupBy })}`,
    nfa: groupBy === null ? null : `/metrics/nfa-rates${metricsQuery(period, { groupBy })}`,
  };
}
