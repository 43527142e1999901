import { TenantRegistry } from '@journey-ledger/application';
import type { FamilyGroupConferenceStep, JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';
import { FGDM_TABLES } from './fgdm.schema';
import { fgdm } from './fgdm.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
/** 2 March 2026 + `day`, 10:00 UTC (GMT: UTC is local time). */
const at = (day: number) => new Date(Date.UTC(2026, 2, 2 + day, 10)).toISOString();

type Cmd = JourneyCommand;
const referral = (child: string, day: number): Cmd => ({
  type: 'AcceptReferral',
  data: { referralId: `${child}-r`, childRef: child, source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at(day) },
});
const fgc = (conferenceId: string, step: FamilyGroupConferenceStep, day: number): Cmd => ({
  type: 'RecordFamilyGroupConference',
  data: { conferenceId, step, team: 'children-in-need', occurredAt: at(day) },
});

/**
 * Four referrals in March 2026, worked by hand (days after 2 March, 10:00):
 * R1 day 0: conference offered day 2, accepted day 3, held day 7 → 7 days from referral.
 * R2 day 1: offered day 2, declined day 4.
 * R3 day 2: none offered.
 * R4 day 3: offered day 4, accepted day 5, held day 13 → 10 days; a second offered day 14, not answered yet.
 * Referrals 4; with an offer 3 → 0.75. Offered 4; accepted 2 → take-up 0.5; declined 1; held 2 → 0.5.
 * Days from referral to the first conference held: 7 and 10 → mean 8.5, median 8.5.
 */
async function record(store: EventStore) {
  const run = journeyRecorder(store, tenants);
  await run([referral('c-1', 0), fgc('f-1', 'offered', 2), fgc('f-1', 'accepted', 3), fgc('f-1', 'held', 7)]);
  await run([referral('c-2', 1), fgc('f-2', 'offered', 2), fgc('f-2', 'declined', 4)]);
  await run([referral('c-3', 2)]);
  await run([referral('c-4', 3), fgc('f-4', 'offered', 4), fgc('f-4', 'accepted', 5), fgc('f-4', 'held', 13), fgc('f-5', 'offered', 14)]);
}

const dump = (db: SqlDatabase) => dumpTables(db, FGDM_TABLES);

describe.each(STORE_KINDS)('FGDM read model (%s)', (_, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
    await record(f.store);
  });
  afterEach(async () => f.dispose());

  it('gives the hand-worked FGDM figures', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const report = await fgdm(f.db, 'north-shire', { from: '2026-03-01', to: '2026-04-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(report.rows[0]).toMatchObject({
      referrals: 4,
      offerRate: { numerator: 3, denominator: 4, rate: 0.75 },
      conferences: { offered: 4, accepted: 2, declined: 1, held: 2 },
      takeUpRate: { numerator: 2, denominator: 4, rate: 0.5 },
      heldRate: { numerator: 2, denominator: 4, rate: 0.5 },
      daysReferralToConference: { referrals: 2, mean: 8.5, median: 8.5 },
    });
  });

  it('gives the figures by month: a referral in April counts in April', async () => {
    await journeyRecorder(f.store, tenants)([referral('c-9', 31), fgc('f-9', 'offered', 32)]);
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const report = await fgdm(f.db, 'north-shire', { from: '2026-03-01', to: '2026-05-01', period: 'month', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(report.rows).toMatchObject([
      { period: '2026-03', referrals: 4, offerRate: { numerator: 3, denominator: 4 }, daysReferralToConference: { referrals: 2, median: 8.5 } },
      { period: '2026-04', referrals: 1, offerRate: { numerator: 1, denominator: 1 }, daysReferralToConference: { referrals: 0 } },
    ]);
    await expect(fgdm(f.db, 'north-shire', { from: '2026-03-01', to: '2026-05-01', groupBy: ['area'], filters: {} }, NO_SUPPRESSION)).rejects.toThrow(
      'cannot be grouped by area',
    );
  });

  it('groups by referral team, its tier and referral source, and filters by them', async () => {
    // R9: a referral from adult social care (5A) to children in need on 7 March, offered a conference the next day.
    await journeyRecorder(
      f.store,
      tenants,
    )([
      {
        type: 'AcceptReferral',
        data: { referralId: 'c-9-r', childRef: 'c-9', source: '5A', primaryNeedCode: 'N1', team: 'children-in-need', occurredAt: at(5) },
      },
      fgc('f-9', 'offered', 6),
    ]);
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const march = { from: '2026-03-01', to: '2026-04-01' };
    const byTeam = await fgdm(f.db, 'north-shire', { ...march, groupBy: ['team', 'source'], filters: {} }, NO_SUPPRESSION);
    expect(byTeam.rows).toMatchObject([
      { team: 'children-in-need', source: '5A', referrals: 1, offerRate: { numerator: 1, denominator: 1 } },
      { team: 'mash', source: '2A', referrals: 4, offerRate: { numerator: 3, denominator: 4 }, daysReferralToConference: { referrals: 2, median: 8.5 } },
    ]);
    const fromAdultCare = await fgdm(f.db, 'north-shire', { ...march, groupBy: ['tier'], filters: { source: ['5A'] } }, NO_SUPPRESSION);
    expect(fromAdultCare.rows.map((r) => [r.tier, r.referrals])).toEqual([['statutory', 1]]);
  });

  it('rebuild from zero gives identical rows', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 2 });
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
  });
});
