import { randomBytes } from 'node:crypto';
import { BulkWriter } from '@journey-ledger/ingest';
import { generateJourneys, PRESETS, syntheticChild } from '@journey-ledger/synthetic';
import type { GeneratedJourney } from '@journey-ledger/synthetic';
import { MasterKey, PersonalDataVault } from '@journey-ledger/vault';
import { Benchmark, BenchContext, BenchResult, loadTenantConfig, openBenchStore, peakRssMb, rate } from './lib/harness';

/**
 * What recording the children's characteristics adds to loading a synthetic year (the demo's
 * path): the year with characteristics and a mid-year redesign, each child's date of birth put in
 * the vault, against the same year without them, in the same run.
 */
async function run(ctx: BenchContext, withCharacteristics: boolean): Promise<BenchResult> {
  const { store, db, dispose } = await openBenchStore(ctx, 'embedded');
  try {
    const tenant = loadTenantConfig(ctx.tenant);
    const preset = PRESETS[ctx.preset];
    const vault = new PersonalDataVault(db, new MasterKey(randomBytes(32)));
    await vault.migrate();
    const children = new Set<string>();
    function* noting(journeys: Iterable<GeneratedJourney>) {
      for (const j of journeys) {
        if (j.ref !== undefined) children.add(j.ref.childRef);
        yield j;
      }
    }
    const started = performance.now();
    const report = await new BulkWriter({ store, teamsFor: () => tenant.teams }).write(
      noting(
        generateJourneys({
          tenant: tenant.config,
          preset,
          journeys: ctx.journeys,
          seed: ctx.seed,
          ...(withCharacteristics ? { characteristics: true, redesign: 'mid-year' as const } : {}),
        }),
      ),
    );
    if (withCharacteristics) for (const c of children) await vault.put(tenant.config.id, c, { dateOfBirth: syntheticChild(c, preset.year.end).dateOfBirth });
    const seconds = (performance.now() - started) / 1000;
    return {
      benchmark: 'demo-load',
      store: 'embedded',
      subject: withCharacteristics ? 'ours' : 'year without characteristics',
      journeys: report.journeys,
      events: report.events,
      seconds,
      eventsPerSecond: rate(report.events, seconds),
      peakRssMb: peakRssMb(),
      note: withCharacteristics
        ? 'generate + decide + append a year with characteristics and a mid-year redesign, and each child’s date of birth into the vault'
        : 'generate + decide + append the same year without characteristics (no vault)',
      ...(withCharacteristics ? { compareTo: ['year without characteristics'] } : {}),
    };
  } finally {
    await dispose();
  }
}

export const demoLoad: Benchmark = {
  name: 'demo-load',
  cases: () => [
    { id: 'demo-load:plain', run: (ctx) => run(ctx, false) },
    { id: 'demo-load:characteristics', run: (ctx) => run(ctx, true) },
  ],
};
