import { TenantRegistry } from '@journey-ledger/application';
import type { EthnicityCode, JourneyCommand, SexCode } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { CHARACTERISTICS_TABLES } from '../characteristics/characteristics.schema';
import { NO_SUPPRESSION } from '../query/figures';
import type { Suppression } from '../query/figures';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';
import { equalityBreakdown } from './equality.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
/** 2 March 2026 + `day`, 10:00 UTC (GMT: UTC is local time). */
const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 2, 2 + day, hour)).toISOString();
const ANALYST: Suppression = { threshold: 5, applies: true };

let seq = 0;
/** A journey started at the MASH, handed over `handovers` times (MASH → CART → MASH …), whose child's characteristics are then recorded. */
function journey(sex: SexCode, ethnicity: EthnicityCode, handovers: 0 | 1): JourneyCommand[] {
  const child = `child-${++seq}`;
  return [
    {
      type: 'RecordContact',
      data: { contactId: `${child}-c`, childRef: child, source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: at(0) },
    },
    ...(handovers === 1 ? [{ type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'cart', reason: 'transfer', occurredAt: at(1) } } as JourneyCommand] : []),
    { type: 'RecordChildCharacteristics', data: { sex, ethnicity, disabilities: [], ageBand: '5-9', occurredAt: at(2) } },
  ];
}

/**
 * Twenty journeys started on 2 March 2026, worked by hand:
 *   sex 1 (male):   6 with no handover (WBRI), 2 with one (WBRI)
 *   sex 2 (female): 5 with no handover (BAFR), 5 with one (WBRI), 1 with one (APKN)
 *   not recorded:   1 journey with no characteristics and no handover
 * By sex (handovers 0 | 1): male 6 | 2, female 5 | 6, not-recorded 1 | 0.
 * By ethnicity: WBRI 6 | 7, APKN 0 | 1, BAFR 5 | 0, not-recorded 1 | 0.
 */
async function record(store: EventStore) {
  const run = journeyRecorder(store, tenants);
  for (let i = 0; i < 6; i++) await run(journey('1', 'WBRI', 0));
  for (let i = 0; i < 2; i++) await run(journey('1', 'WBRI', 1));
  for (let i = 0; i < 5; i++) await run(journey('2', 'BAFR', 0));
  for (let i = 0; i < 5; i++) await run(journey('2', 'WBRI', 1));
  await run(journey('2', 'APKN', 1));
  await run([journey('0', 'NOBT', 0)[0]]);
}

const byGroup = (rows: Record<string, unknown>[], key: string) => Object.fromEntries(rows.map((r) => [String(r[key]), r]));
const cells = (r: Record<string, unknown>) => [r['0'], r['1'], r.total];
const MARCH = { from: '2026-03-01', to: '2026-04-01', timeZone: 'Europe/London' };

describe.each(STORE_KINDS)('equality breakdown (%s)', (_, open) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await open();
    await record(f.store);
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
  });
  afterAll(async () => f.dispose());

  it('breaks handovers down by sex, exactly, for a role with row-level access', async () => {
    const { rows } = await equalityBreakdown(f.db, 'north-shire', 'handovers', { ...MARCH, groupBy: 'sex' }, NO_SUPPRESSION);
    const g = byGroup(rows, 'sex');
    expect(Object.keys(g)).toEqual(['1', '2', 'not-recorded', 'total']);
    expect(cells(g['1'])).toEqual([6, 2, 8]);
    expect(cells(g['2'])).toEqual([5, 6, 11]);
    expect(cells(g['not-recorded'])).toEqual([1, 0, 1]);
    expect(cells(g.total)).toEqual([12, 8, 20]);
    // Male: 2 handovers over 8 journeys; median of six 0s and two 1s is 0.
    expect(g['1']).toMatchObject({ handoversPerJourneyMean: 0.25, handoversPerJourneyMedian: 0 });
    expect(g['2']).toMatchObject({ handoversPerJourneyMean: 0.545, handoversPerJourneyMedian: 1 });
  });

  it('withholds the small cells and the cells that would give them back (secondary suppression)', async () => {
    const { rows } = await equalityBreakdown(f.db, 'north-shire', 'handovers', { ...MARCH, groupBy: 'sex' }, ANALYST);
    const g = byGroup(rows, 'sex');
    // Primary: male 1-handover (2) and not-recorded 0-handover (1). Row "male" then has one withheld
    // cell: its next-smallest non-zero cell (6) goes too. Row "not-recorded" has only zeros left: its
    // first zero goes. Column "0" (6, 5, 1 withheld: 2 of 3) and column "1" (2 withheld, 6, 0
    // withheld: 2 of 3) are safe. Totals stay.
    expect(cells(g['1'])).toEqual([null, null, 8]);
    expect(cells(g['2'])).toEqual([5, 6, 11]);
    expect(cells(g['not-recorded'])).toEqual([null, null, 1]);
    expect(cells(g.total)).toEqual([12, 8, 20]);
    expect(g['1']).toMatchObject({ handoversPerJourneyMean: null, suppressed: true });
    expect(g['2']).toMatchObject({ handoversPerJourneyMean: 0.545 });
  });

  it('presents the DfE published convention: rounded counts and c for withheld', async () => {
    const published: Suppression = { threshold: 5, applies: false, published: { roundTo: 5 } };
    const { rows } = await equalityBreakdown(f.db, 'north-shire', 'handovers', { ...MARCH, groupBy: 'sex' }, published);
    const g = byGroup(rows, 'sex');
    expect(cells(g['1'])).toEqual(['c', 'c', 10]);
    expect(cells(g['2'])).toEqual([5, 5, 10]);
  });

  it('withholds a special-category breakdown (ethnicity) whoever asks', async () => {
    const { rows } = await equalityBreakdown(f.db, 'north-shire', 'handovers', { ...MARCH, groupBy: 'ethnicity' }, NO_SUPPRESSION);
    const g = byGroup(rows, 'ethnicity');
    expect(Object.keys(g)).toEqual(['WBRI', 'APKN', 'BAFR', 'not-recorded', 'total']);
    // Primary: APKN 1 (column "1") and not-recorded 1 (column "0"). Their rows hold nothing else but
    // zeros, so a zero goes beside each (APKN "0", not-recorded "1"). Column "0" then holds two
    // withheld cells (APKN's zero and not-recorded's 1), but column "1" too (APKN's 1, not-recorded's
    // zero): both columns are safe, and WBRI and BAFR are shown.
    expect(cells(g.WBRI)).toEqual([6, 7, 13]);
    expect(cells(g.BAFR)).toEqual([5, 0, 5]);
    expect(cells(g.APKN)).toEqual([null, null, 1]);
    expect(cells(g['not-recorded'])).toEqual([null, null, 1]);
  });

  it('counts nothing outside the period', async () => {
    const { rows } = await equalityBreakdown(
      f.db,
      'north-shire',
      'handovers',
      { from: '2026-04-01', to: '2026-05-01', timeZone: 'Europe/London', groupBy: 'sex' },
      NO_SUPPRESSION,
    );
    expect(rows).toEqual([expect.objectContaining({ sex: 'total', total: 0 })]);
  });

  it('keeps the same characteristics rows after a rebuild', async () => {
    const before = await dumpTables(f.db, CHARACTERISTICS_TABLES);
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.rebuild(['characteristics']);
    expect(await dumpTables(f.db, CHARACTERISTICS_TABLES)).toBe(before);
    expect(before.split('\n')).toHaveLength(1 + 19);
  });
});
