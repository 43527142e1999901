import { AGE_BANDS, DISABILITY_CODE_LIST, ETHNICITY_CODE_LIST, SEX_CODE_LIST } from '@journey-ledger/domain';
import type { JourneyCommand } from '@journey-ledger/domain';
import { BulkWriter } from '@journey-ledger/ingest';
import { costs, equalityBreakdown, handovers, NO_SUPPRESSION, openReadModels } from '@journey-ledger/read-models';
import type { Characteristic, EqualityMeasure } from '@journey-ledger/read-models';
import type { Benchmark, BenchContext, BenchResult } from './lib/harness';
import { openBenchStore, syntheticSource } from './lib/harness';
import { queryLatencies } from './lib/query-latency';

/** The most journeys this case loads: every one goes through the projections before the queries are timed. */
const MAX_JOURNEYS = 10_000;
const ANALYST = { threshold: 5, applies: true };

/** A seeded pick, so every run records the same characteristics. */
const pick = <T>(list: readonly T[], i: number, salt: number): T => list[((i * 2654435761 + salt) % list.length) >>> 0];

/** The synthetic journeys, each with its child's characteristics recorded right after its first entry. */
function* withCharacteristics(source: ReturnType<typeof syntheticSource>['journeys']) {
  let i = 0;
  for (const j of source) {
    const first = j.commands[0];
    const characteristics: JourneyCommand = {
      type: 'RecordChildCharacteristics',
      data: {
        sex: pick(SEX_CODE_LIST, i, 1),
        ethnicity: pick(ETHNICITY_CODE_LIST, i, 7),
        disabilities: i % 7 === 0 ? [pick(DISABILITY_CODE_LIST.slice(1), i, 3)] : ['NONE'],
        ageBand: pick(AGE_BANDS.slice(0, 6), i, 5),
        occurredAt: first.command.data.occurredAt,
      },
    };
    i++;
    yield { ...j, commands: [first, { commandId: `${first.commandId}/characteristics`, command: characteristics }, ...j.commands.slice(1)] };
  }
}

async function run(ctx: BenchContext, kind: 'embedded' | 'postgres'): Promise<BenchResult[]> {
  const journeys = Math.min(ctx.journeys, MAX_JOURNEYS);
  const { tenant, journeys: source } = syntheticSource(ctx, journeys);
  const s = await openBenchStore(ctx, kind);
  try {
    const written = await new BulkWriter({ store: s.store, teamsFor: () => tenant.teams, overlap: false }).write(withCharacteristics(source));
    const runner = await openReadModels(s.store, s.db, { tenants: (id) => (id === tenant.config.id ? tenant.config : undefined) });
    await runner.catchUp();
    // As autovacuum would have by the time anyone queries a loaded council: planner statistics.
    if (kind === 'postgres') await s.db.execute('analyze');
    const q = { groupBy: [], filters: {} };
    const tz = tenant.config.timeZone;
    const cases: [string, () => Promise<unknown>][] = [
      ['handovers, no grouping (cube; the baseline)', () => handovers(s.db, tenant.config.id, q, ANALYST)],
      ...(
        [
          ['handovers', 'sex'],
          ['handovers', 'ethnicity'],
          ['nfa-rates', 'ageBand'],
          ['re-referrals', 'disability'],
          ['timeliness', 'sex'],
          ['waiting', 'ethnicity'],
        ] as [EqualityMeasure, Characteristic][]
      ).map(
        ([measure, groupBy]) =>
          [`${measure} by ${groupBy}`, () => equalityBreakdown(s.db, tenant.config.id, measure, { groupBy, timeZone: tz }, ANALYST)] as [
            string,
            () => Promise<unknown>,
          ],
      ),
      ['cost by team', () => costs(s.db, tenant.config.id, q, NO_SUPPRESSION, tenant.config)],
    ];
    return await queryLatencies(cases, {
      benchmark: 'equality query',
      store: kind,
      journeys,
      events: written.events,
      warmUps: 3,
      runs: 20,
      baseline: 'the ungrouped cube query',
    });
  } finally {
    await s.dispose();
  }
}

/** Latency of the equality breakdowns and the cost query, against the ungrouped cube query measured in the same run. */
export const equalityQueries: Benchmark = {
  name: 'equality-queries',
  cases: () => (['embedded', 'postgres'] as const).map((kind) => ({ id: `equality-queries-${kind}`, run: (ctx: BenchContext) => run(ctx, kind) })),
};
