import { DEFAULT_TENANTS_DIR, TenantRegistry } from '@journey-ledger/application/tenants/tenant-registry';
import type { EventStore } from '@journey-ledger/event-store';
import type { Projection } from '@journey-ledger/projections/runner/projection';
import { MeasuresCubeProjection, TenantLookup } from './measures-cube/measures-cube.projection';
import { ReReferralsProjection } from './re-referrals/re-referrals.projection';

let defaultRegistry: TenantRegistry | undefined;

/**
 * The tenant configuration the server loads (JOURNEY_LEDGER_TENANTS_DIR), read once. Without it
 * the measures still count, with tiers and areas "unknown" and no out-of-hours flag: a
 * projection must never stop the runner.
 */
function defaultLookup(): TenantLookup {
  return (tenantId) => {
    try {
      defaultRegistry ??= TenantRegistry.fromDirectory(DEFAULT_TENANTS_DIR);
    } catch {
      defaultRegistry = new TenantRegistry([]);
    }
    return defaultRegistry.get(tenantId)?.config;
  };
}

/** The analysts' read models, for `allProjections`. */
export function analyticsProjections(store: EventStore, tenants: TenantLookup = defaultLookup()): Projection[] {
  return [new MeasuresCubeProjection(store, tenants), new ReReferralsProjection(tenants)];
}
