import { mintDevelopmentToken } from '@journey-ledger/auth';
import { INestApplication } from '@nestjs/common';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { generateJourneys, PRESETS, syntheticChild, syntheticRedesign } from '@journey-ledger/synthetic';
import type { GeneratedJourney } from '@journey-ledger/synthetic';
import { PersonalDataVault } from '@journey-ledger/vault';
import { v5 as uuidv5 } from 'uuid';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ChangesController } from '../metrics/changes.controller';

const TENANT = 'north-shire';
/** Enough journeys that an analyst's aggregates are above the small-number suppression threshold. */
const demoJourneys = () => Number(process.env.JOURNEY_LEDGER_DEMO_JOURNEYS ?? 2000);

/**
 * Loads a year of synthetic North Shire journeys (calibrated on England 2024-25, seed 1) into an
 * empty store, through the same domain rules as the API, and prints development tokens to try
 * the API with. The children's characteristics are recorded (their dates of birth go to the
 * vault, as a recorder's would), and the year has the one-front-door redesign going live half
 * way, recorded as a change through the same path as `POST /changes`, so that the equality
 * breakdowns and the change evaluation have something to show.
 */
export async function loadDemoIfEmpty(app: INestApplication): Promise<void> {
  const store = app.get<EventStore>(EVENT_STORE);
  if ((await store.headPosition()) === 0) {
    const tenant = app.get(TenantRegistry).get(TENANT);
    if (tenant === undefined) throw new Error(`demo tenant ${TENANT} is not configured`);
    const writer = new BulkWriter({ store, teamsFor: (id) => (id === TENANT ? tenant.teams : undefined) });
    const preset = PRESETS['england-2024-25'];
    const children = new Set<string>();
    function* noting(journeys: Iterable<GeneratedJourney>) {
      for (const j of journeys) {
        if (j.ref !== undefined) children.add(j.ref.childRef);
        yield j;
      }
    }
    const report = await writer.write(
      noting(generateJourneys({ tenant: tenant.config, preset, journeys: demoJourneys(), seed: 'demo', characteristics: true, redesign: 'mid-year' })),
    );
    const vault = app.get(PersonalDataVault);
    for (const childRef of children) await vault.put(TENANT, childRef, { dateOfBirth: syntheticChild(childRef, preset.year.end).dateOfBirth });
    const change = syntheticRedesign(tenant.config, preset, 'mid-year');
    await app.get(ChangesController).record(
      { tenantId: TENANT, userId: 'demo-analyst', roles: ['analyst'], correlationId: 'demo' },
      {
        commandId: uuidv5(`${TENANT}/demo/${change.changeId}`, uuidv5.URL),
        changeId: change.changeId,
        title: change.title,
        goLive: change.goLive,
        teams: [...change.teams],
      },
    );
    await app.get(ProjectionRunner).catchUp();
    process.stdout.write(
      `Loaded ${report.written} demo journeys (${report.events} events) for ${TENANT}, with the change ${change.changeId} going live on ${change.goLive}.\n`,
    );
  }
  for (const role of ['recorder', 'analyst', 'designer', 'auditor'] as const) {
    const token = await mintDevelopmentToken({ userId: `demo-${role}`, tenantId: TENANT, roles: [role] });
    process.stdout.write(`Development ${role} token (${TENANT}, 8h):\n  export ${role.toUpperCase()}_TOKEN=${token}\n`);
  }
}
