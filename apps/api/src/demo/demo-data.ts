import { mintDevelopmentToken } from '@journey-ledger/auth';
import { INestApplication } from '@nestjs/common';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';
import { EVENT_STORE } from '../infrastructure/tokens';

const TENANT = 'north-shire';
/** Enough journeys that an analyst's aggregates are above the small-number suppression threshold. */
const DEMO_JOURNEYS = Number(process.env.JOURNEY_LEDGER_DEMO_JOURNEYS ?? 2000);

/**
 * Loads a year of synthetic North Shire journeys (calibrated on England 2024-25, seed 1) into an
 * empty store, through the same domain rules as the API, and prints development tokens to try
 * the API with.
 */
export async function loadDemoIfEmpty(app: INestApplication): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) === 0) {
    const tenant = app.get(TenantRegistry).get(TENANT);
    if (tenant === undefined) throw new Error(`demo tenant ${TENANT} is not configured`);
    const writer = new BulkWriter({ store, teamsFor: (id) => (id === TENANT ? tenant.teams : undefined) });
    const report = await writer.write(generateJourneys({ tenant: tenant.config, preset: PRESETS['england-2024-25'], journeys: DEMO_JOURNEYS, seed: 'demo' }));
    await app.get(ProjectionRunner).catchUp();
    process.stdout.write(`Loaded ${report.written} demo journeys (${report.events} events) for ${TENANT}.\n`);
  }
  for (const role of ['recorder', 'analyst', 'designer', 'auditor'] as const) {
    const token = await mintDevelopmentToken({ userId: `demo-${role}`, tenantId: TENANT, roles: [role] });
    process.stdout.write(`Development ${role} token (${TENANT}, 8h):\n  export ${role.toUpperCase()}_TOKEN=${token}\n`);
  }
}
