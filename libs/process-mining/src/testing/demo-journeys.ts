import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { generateJourneys, PRESETS } from '@journey-ledger/synthetic';

export const northShire = parseTenantConfig(parse(readFileSync(join(__dirname, '../../../../config/tenants/north-shire.yaml'), 'utf8')));

/** Synthetic North Shire journeys, written through the domain's rules as the demo writes them. */
export async function seedDemoJourneys(store: EventStore, journeys: number, seed = 1): Promise<void> {
  const teams = new TeamDirectory(northShire.teams);
  const writer = new BulkWriter({ store, teamsFor: (id) => (id === northShire.id ? teams : undefined) });
  await writer.write(generateJourneys({ tenant: northShire, preset: PRESETS['england-2024-25'], journeys, seed }));
}
