import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { planFromEmpty } from '@journey-ledger/ingest';
import { generateJourneys } from '../generator';
import { england202425 } from '../presets';
import { generateInWorker } from './generate-in-worker';

const tenant = parseTenantConfig(parse(readFileSync(join(__dirname, '../../../../config/tenants/north-shire.yaml'), 'utf8')));
const now = new Date('2026-01-01T00:00:00Z');

describe('generation in a worker thread', () => {
  it('decides exactly the events the main thread would, batch by batch', async () => {
    const batches = [];
    for await (const b of generateInWorker({ tenant, presetId: england202425.id, journeys: 250, seed: 11, now, batchJourneys: 100 })) batches.push(b);
    expect(batches.map((b) => b.journeys.length)).toEqual([100, 100, 50]);

    const teams = new TeamDirectory(tenant.teams);
    const local = planFromEmpty([...generateJourneys({ tenant, preset: england202425, journeys: 250, seed: 11, now })], () => teams, now.toISOString());
    const fromWorker = batches.flatMap((b) => b.plans);
    expect(fromWorker).toHaveLength(250);
    expect(JSON.stringify(fromWorker)).toEqual(JSON.stringify(local.plans));
    expect(fromWorker.every((p) => !('status' in p))).toBe(true);
  });

  it('reports a failure in the worker instead of hanging', async () => {
    const run = async () => {
      for await (const _ of generateInWorker({ tenant, presetId: 'no-such-preset', journeys: 10, seed: 1, now })) void _;
    };
    await expect(run()).rejects.toThrow(/synthetic generator worker failed/);
  });
});
