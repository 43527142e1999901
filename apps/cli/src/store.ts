import { openStore, storeSettingsFromEnv } from '@journey-ledger/event-store';
import type { OpenedStore } from '@journey-ledger/event-store';
import { TenantRegistry, tenantsDirFromEnv } from '@journey-ledger/application';
import type { Tenant } from '@journey-ledger/application';

/** Opens the store the environment names (embedded SQLite under ./data by default), runs `work`, closes it. */
export async function withStore<T>(work: (store: OpenedStore) => Promise<T>): Promise<T> {
  const store = await openStore(storeSettingsFromEnv());
  try {
    return await work(store);
  } finally {
    await store.eventStore.close();
  }
}

export function loadTenant(tenantId: string, dir = tenantsDirFromEnv()): Tenant {
  const registry = TenantRegistry.fromDirectory(dir);
  const tenant = registry.get(tenantId);
  if (tenant === undefined) throw new Error(`tenant "${tenantId}" is not configured (known: ${registry.ids().join(', ')})`);
  return tenant;
}
