import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';
import { FAMILY_TABLES } from './families.schema';
import { families, familyTimeline } from './families.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
/** 5 January 2026 + `day`, at `hour`:00 UTC (winter: UTC is local time). */
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, 5 + day, hour)).toISOString();

type Cmd = JourneyCommand;
/** A contact at the MASH on `day`, decided there at once, and the child's membership of `familyRef` from then. */
const start = (child: string, day: number, familyRef: string): Cmd[] => [
  {
    type: 'RecordContact',
    data: { contactId: `${child}-${day}`, childRef: child, source: '6', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: at(day) },
  },
  { type: 'DecideContact', data: { outcome: 'referral', team: 'mash', occurredAt: at(day) } } as Cmd,
  { type: 'JoinFamily', data: { familyRef, occurredAt: at(day) } },
];
const allocate = (ref: string, team: string, day: number): Cmd =>
  ({ type: 'AllocatePractitioner', data: { practitionerRef: ref, team, role: 'social-worker', reason: 'other', occurredAt: at(day) } }) as Cmd;
const close = (day: number): Cmd => ({ type: 'CloseJourney', data: { reason: 'RC8', occurredAt: at(day) } });

/**
 * Two families, worked by hand (days after 5 January 2026, 09:00):
 *
 * fam-a, siblings child-1 and child-2, and child-1 again:
 *   J1 child-1: MASH day 0; w-1 day 1; handover to assessment-north day 2; closed day 10 (15 Jan).
 *   J2 child-2: MASH day 3; step-down to early-help-north day 4 and w-2 there; closed day 12 (17 Jan).
 *   J3 child-1 re-referred: MASH day 20 (25 Jan); w-1 again; closed day 25.
 *   Open at once: J1 and J2 overlap days 3–10 → 2. Teams met: mash, assessment-north, early-help-north → 3.
 *   Practitioners met: w-1, w-2 → 2. More than one service at once: J1 at assessment-north (days 2–10)
 *   while J2 is at the MASH (days 3–4) → yes.
 * fam-b, child-3 alone:
 *   J4: MASH day 0; w-3 day 1; w-4 day 5 in the same team (a change of lead practitioner without a
 *   change of team); closed day 8. Open at once 1; teams 1; practitioners 2; one service.
 *
 * January 2026: families 2; open at once 2 and 1 → mean 1.5, median 1.5, 1 family with more than one;
 * teams met 3 and 1 → mean 2, median 2; practitioners met 2 and 2 → mean 2, median 2;
 * more than one service at once 1 of 2 = 0.5.
 * From 18 January: only J3 (25–30 Jan) is in the period: 1 family, 1 journey at once, 1 team, 1 practitioner.
 */
async function record(store: EventStore) {
  const run = journeyRecorder(store, tenants);
  await run([
    ...start('child-1', 0, 'fam-a'),
    allocate('w-1', 'mash', 1),
    { type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for-assessment', occurredAt: at(2) } },
    close(10),
  ]);
  await run([
    ...start('child-2', 3, 'fam-a'),
    { type: 'StepDown', data: { fromTeam: 'mash', toTeam: 'early-help-north', reason: 'early-help', occurredAt: at(4) } },
    allocate('w-2', 'early-help-north', 4),
    close(12),
  ]);
  await run([...start('child-1', 20, 'fam-a'), allocate('w-1', 'mash', 20), close(25)]);
  await run([...start('child-3', 0, 'fam-b'), allocate('w-3', 'mash', 1), allocate('w-4', 'mash', 5), close(8)]);
}

const dump = (db: SqlDatabase) => dumpTables(db, FAMILY_TABLES);

describe.each(STORE_KINDS)('families read model (%s)', (_, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
    await record(f.store);
  });
  afterEach(async () => f.dispose());

  it('gives the hand-worked family measures', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const january = await families(f.db, 'north-shire', { from: '2026-01-01', to: '2026-02-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    const histogram = (h: Record<string, number>) => ({ '0': 0, '1': 0, '2': 0, '3': 0, '4': 0, '5+': 0, ...h });
    expect(january.rows[0]).toEqual({
      families: 2,
      journeysOpenAtOnce: { mean: 1.5, median: 1.5, histogram: histogram({ '1': 1, '2': 1 }), familiesWithMoreThanOne: 1 },
      teamsMet: { mean: 2, median: 2, histogram: histogram({ '1': 1, '3': 1 }) },
      practitionersMet: { mean: 2, median: 2, histogram: histogram({ '2': 2 }) },
      moreThanOneServiceAtOnce: { families: 1, share: 0.5 },
      withheld: {},
      suppressed: false,
    });
    const late = await families(f.db, 'north-shire', { from: '2026-01-18', to: '2026-02-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(late.rows[0]).toMatchObject({
      families: 1,
      journeysOpenAtOnce: { mean: 1 },
      teamsMet: { mean: 1 },
      practitionersMet: { mean: 1 },
      moreThanOneServiceAtOnce: { families: 0 },
    });
  });

  it('by period: each period measured on its own, periods without a family left out', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const byMonth = await families(f.db, 'north-shire', { from: '2026-01-01', to: '2026-03-01', period: 'month', groupBy: [], filters: {} }, NO_SUPPRESSION);
    const january = await families(f.db, 'north-shire', { from: '2026-01-01', to: '2026-02-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(byMonth.rows).toEqual([{ period: '2026-01', ...january.rows[0] }]);
    // Weeks from Monday 5 January: J1, J2 and J4 in the first two weeks (J4 closes on the 13th, J2 on the 17th); J3 from Sunday 25th.
    const byWeek = await families(f.db, 'north-shire', { from: '2026-01-01', to: '2026-02-01', period: 'week', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(byWeek.rows.map((r) => [r.period, r.families, (r.journeysOpenAtOnce as { mean: number }).mean])).toEqual([
      ['2026-01-05', 2, 1.5],
      ['2026-01-12', 2, 1.5],
      ['2026-01-19', 1, 1],
      ['2026-01-26', 1, 1],
    ]);
  });

  it('by tier: each family’s record while teams of the tier held its journeys', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const tierOf = (team: string) => tenants.get('north-shire')!.teams.tierOf(team);
    const q = { from: '2026-01-01', to: '2026-02-01', groupBy: ['tier' as const], filters: {} };
    const byTier = await families(f.db, 'north-shire', q, NO_SUPPRESSION, 'Europe/London', tierOf);
    const pick = (r: Record<string, unknown>) => [
      r.tier,
      r.families,
      (r.journeysOpenAtOnce as { mean: number }).mean,
      (r.teamsMet as { mean: number }).mean,
      (r.practitionersMet as { mean: number }).mean,
      (r.moreThanOneServiceAtOnce as { families: number }).families,
    ];
    // Early help: J2 at early-help-north with w-2. Front door: fam-a's MASH spells never overlap (1 at once), w-1 in J1 and J3
    // (w-2 came after J2 left the MASH); fam-b with w-3 and w-4. Statutory: J1 at assessment-north with w-1.
    expect(byTier.rows.map(pick)).toEqual([
      ['early-help', 1, 1, 1, 1, 0],
      ['front-door', 2, 1, 1, 1.5, 0],
      ['statutory', 1, 1, 1, 1, 0],
    ]);
    const onlyStatutory = await families(f.db, 'north-shire', { ...q, groupBy: [], filters: { tier: ['statutory'] } }, NO_SUPPRESSION, 'Europe/London', tierOf);
    expect(pick(onlyStatutory.rows[0]).slice(1)).toEqual([1, 1, 1, 1, 0]);
    const byTeam = await families(
      f.db,
      'north-shire',
      { ...q, groupBy: ['team'], filters: { tier: ['front-door', 'statutory'] } },
      NO_SUPPRESSION,
      'Europe/London',
      tierOf,
    );
    expect(byTeam.rows.map((r) => [r.team, r.families])).toEqual([
      ['assessment-north', 1],
      ['mash', 2],
    ]);
  });

  it('refuses a grouping or filter it cannot answer, naming it', async () => {
    await expect(families(f.db, 'north-shire', { groupBy: ['source'], filters: {} }, NO_SUPPRESSION)).rejects.toThrow(/cannot be grouped by source/);
    await expect(families(f.db, 'north-shire', { groupBy: [], filters: { levelOfNeed: ['3'] } }, NO_SUPPRESSION)).rejects.toThrow(
      /cannot be filtered by levelOfNeed/,
    );
  });

  it('shows a family’s journeys side by side, with their teams and practitioners', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const timeline = await familyTimeline(f.db, 'north-shire', 'fam-a');
    expect(
      timeline!.journeys.map((j) => [j.childRef, j.member.from, j.closedAt, j.teams.map((t) => t.team), j.practitioners.map((p) => p.practitionerRef)]),
    ).toEqual([
      ['child-1', at(0), at(10), ['mash', 'assessment-north'], ['w-1']],
      ['child-2', at(3), at(12), ['mash', 'early-help-north'], ['w-2']],
      ['child-1', at(20), at(25), ['mash'], ['w-1']],
    ]);
    expect(await familyTimeline(f.db, 'north-shire', 'fam-z')).toBeUndefined();
    expect(await familyTimeline(f.db, 'south-vale', 'fam-a')).toBeUndefined();
  });

  it('rebuild from zero gives identical rows', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 3 });
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
  });
});
