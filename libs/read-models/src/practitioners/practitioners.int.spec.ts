import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';
import { PRACTITIONER_TABLES } from './practitioners.schema';
import { practitioners } from './practitioners.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
/** 5 January 2026 + `day`, at `hour`:00 UTC (winter: UTC is local time). */
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 0, 5 + day, hour)).toISOString();

type Cmd = JourneyCommand;
/** A contact at the MASH on day 0, decided there at once. */
const contact = (child: string, hour = 9, outcome = 'referral'): Cmd[] => [
  {
    type: 'RecordContact',
    data: { contactId: `${child}-c`, childRef: child, source: '6', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: at(0, hour) },
  },
  { type: 'DecideContact', data: { outcome, team: 'mash', occurredAt: at(0, hour) } } as Cmd,
];
const allocate = (ref: string, team: string, day: number, hour = 9, role = 'social-worker'): Cmd =>
  ({ type: 'AllocatePractitioner', data: { practitionerRef: ref, team, role, reason: 'other', occurredAt: at(day, hour) } }) as Cmd;
const move = (type: 'HandOver' | 'StepDown', fromTeam: string, toTeam: string, day: number, hour = 9): Cmd => ({
  type,
  data: { fromTeam, toTeam, reason: 'transfer', occurredAt: at(day, hour) },
});
const close = (day: number, hour = 9): Cmd => ({ type: 'CloseJourney', data: { reason: 'RC8', occurredAt: at(day, hour) } });

/**
 * Five journeys, worked by hand (days after 5 January 2026, 09:00 unless said):
 *
 * J1 contact day 0; handover MASH → assessment-north day 1 with nobody allocated; w-1 day 2;
 *    w-2 day 5, same team (a change of lead practitioner without a change of team); closed day 10.
 *    changes 1; handovers 1 (without a practitioner); unallocated day 0 → day 2 = 2 days.
 * J2 contact day 0 10:00; w-1 at 12:00; handover MASH → assessment-north day 1 10:00, w-1 stays;
 *    step-down to early-help-north day 3 10:00 and w-1 allocated again there (same person: no change);
 *    closed day 8 10:00. changes 0; handovers 2, both without a change; unallocated 2 hours = 1/12 day.
 * J3 contact day 0; w-3 day 1; handover MASH → children-in-need day 2 and w-4 allocated then (change 1,
 *    handover with a change); w-4 unallocated day 4; w-5 day 6 (change 2); closed day 9.
 *    unallocated day 0 → 1 and day 4 → 6 = 3 days.
 * J4 contact day 0, closed day 1: never allocated, in no practitioner figure but the journey count.
 * J5 contact day 0; w-6 day 1; handover MASH → cart day 2, w-6 stays; open: no days figure.
 *
 * Journeys 5; with a lead practitioner 4 (J1, J2, J3, J5); changes 1, 0, 2, 0: total 3, mean 3/4 = 0.75,
 * median of 0, 0, 1, 2 = (0 + 1) / 2 = 0.5, histogram 0: 2, 1: 1, 2: 1.
 * Days without: closed and allocated J1, J2, J3 = 2, 1/12, 3: total 61/12 = 5.0833…, mean 61/36 = 1.6944…, median 2.
 * Handovers of team 5: without a practitioner 1 (J1); with a practitioner 4, of which with a change 1 (J3)
 * = 0.25 and without a change 3 (J2 twice, J5) = 0.75.
 */
async function record(store: EventStore) {
  const run = journeyRecorder(store, tenants);
  await run([
    ...contact('child-1'),
    move('HandOver', 'mash', 'assessment-north', 1),
    allocate('w-1', 'assessment-north', 2),
    allocate('w-2', 'assessment-north', 5),
    close(10),
  ]);
  await run([
    ...contact('child-2', 10),
    allocate('w-1', 'mash', 0, 12),
    move('HandOver', 'mash', 'assessment-north', 1, 10),
    move('StepDown', 'assessment-north', 'early-help-north', 3, 10),
    allocate('w-1', 'early-help-north', 3, 10, 'early-help-practitioner'),
    close(8, 10),
  ]);
  await run([
    ...contact('child-3'),
    allocate('w-3', 'mash', 1),
    move('HandOver', 'mash', 'children-in-need', 2),
    allocate('w-4', 'children-in-need', 2),
    { type: 'UnallocatePractitioner', data: { reason: 'practitioner-left', occurredAt: at(4) } },
    allocate('w-5', 'children-in-need', 6),
    close(9),
  ]);
  await run([...contact('child-4', 9, 'nfa'), close(1)]);
  await run([...contact('child-5'), allocate('w-6', 'mash', 1), move('HandOver', 'mash', 'cart', 2)]);
}

const dump = (db: SqlDatabase) => dumpTables(db, PRACTITIONER_TABLES);

describe.each(STORE_KINDS)('lead-practitioner read model (%s)', (_, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
    await record(f.store);
  });
  afterEach(async () => f.dispose());

  it('gives the hand-worked figures', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const report = await practitioners(f.db, 'north-shire', { from: '2026-01-01', to: '2026-02-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    const row = report.rows[0] as Record<string, Record<string, unknown>>;
    expect(row.journeys).toBe(5);
    expect(row.journeysWithLeadPractitioner).toBe(4);
    expect(row.changesOfLeadPractitioner).toEqual({ changes: 3, mean: 0.75, median: 0.5, histogram: { '0': 2, '1': 1, '2': 1, '3': 0, '4': 0, '5+': 0 } });
    expect(row.daysWithoutPractitioner).toEqual({ journeys: 3, total: 5.083, mean: 1.694, median: 2 });
    expect(row.handoversOfTeam).toMatchObject({
      handovers: 5,
      withoutPractitioner: 1,
      withChangeOfPractitioner: { numerator: 1, denominator: 4, rate: 0.25 },
      withoutChangeOfPractitioner: { numerator: 3, denominator: 4, rate: 0.75 },
    });
    const none = await practitioners(f.db, 'north-shire', { from: '2026-02-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect((none.rows[0] as Record<string, unknown>).journeys).toBe(0);
    expect(await f.db.query(`select * from practitioner_journeys where tenant_id = 'south-vale'`)).toEqual([]);
  });

  it('groups by month, first team, tier and source, and filters by them', async () => {
    // J6: a self-referral to the Customer Access Centre on 2 February, w-7 allocated the next day, closed on the 6th: 1 day without.
    await journeyRecorder(
      f.store,
      tenants,
    )([
      {
        type: 'RecordContact',
        data: {
          contactId: 'child-6-c',
          childRef: 'child-6',
          source: '1C',
          channel: 'phone',
          team: 'customer-access',
          concerns: [],
          levelOfNeed: '2',
          occurredAt: at(28),
        },
      },
      { type: 'DecideContact', data: { outcome: 'referral', team: 'customer-access', occurredAt: at(28) } } as Cmd,
      allocate('w-7', 'customer-access', 29),
      close(32),
    ]);
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const range = { from: '2026-01-01', to: '2026-03-01' };
    const byMonth = await practitioners(f.db, 'north-shire', { ...range, period: 'month', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(byMonth.rows.map((r) => [r.period, r.journeys, (r.changesOfLeadPractitioner as Record<string, unknown>).median])).toEqual([
      ['2026-01', 5, 0.5],
      ['2026-02', 1, 0],
    ]);
    const byQuarter = await practitioners(f.db, 'north-shire', { ...range, period: 'quarter', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(byQuarter.rows).toMatchObject([
      { period: '2026-Q1', journeys: 6, journeysWithLeadPractitioner: 5, daysWithoutPractitioner: { journeys: 4, median: 1.5 } },
    ]);
    const byTeam = await practitioners(f.db, 'north-shire', { ...range, groupBy: ['team', 'source'], filters: {} }, NO_SUPPRESSION);
    expect(byTeam.rows.map((r) => [r.team, r.source, r.journeys])).toEqual([
      ['customer-access', '1C', 1],
      ['mash', '6', 5],
    ]);
    const selfReferred = await practitioners(f.db, 'north-shire', { ...range, groupBy: ['tier'], filters: { source: ['1C'] } }, NO_SUPPRESSION);
    expect(selfReferred.rows).toMatchObject([{ tier: 'front-door', journeys: 1, daysWithoutPractitioner: { journeys: 1, total: 1 } }]);
    await expect(practitioners(f.db, 'north-shire', { ...range, groupBy: ['outcome'], filters: {} }, NO_SUPPRESSION)).rejects.toThrow(
      'cannot be grouped by outcome',
    );
  });

  it('keeps each practitioner spell, pseudonymous references only', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const spells = await f.db.query<{ practitioner_ref: string; team: string; role: string }>(
      'select practitioner_ref, team, role from practitioner_spells order by practitioner_ref, team',
    );
    expect(spells.map((s) => `${s.practitioner_ref}/${s.team}/${s.role}`)).toEqual([
      'w-1/assessment-north/social-worker',
      'w-1/early-help-north/early-help-practitioner',
      'w-1/mash/social-worker',
      'w-2/assessment-north/social-worker',
      'w-3/mash/social-worker',
      'w-4/children-in-need/social-worker',
      'w-5/children-in-need/social-worker',
      'w-6/mash/social-worker',
    ]);
  });

  it('rebuild from zero gives identical rows', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 3 });
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
  });
});
