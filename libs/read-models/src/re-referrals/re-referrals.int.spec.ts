import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import { journeyStreamId } from '@journey-ledger/domain';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';

const tenants = TenantRegistry.fromDirectory('config/tenants');

/** A referral of `child` accepted on `day` (`YYYY-MM-DD`) at 10:00 UTC: the same local date in London all year. */
const referral = (child: string, day: string, id = `${child}-${day}`): JourneyCommand => ({
  type: 'AcceptReferral',
  data: { referralId: id, childRef: child, source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: `${day}T10:00:00.000Z` },
});

interface Flag {
  child: string;
  day: string;
  reReferral: number;
  previous: string | null;
}

describe.each(STORE_KINDS)('re-referrals: a referral within 12 calendar months of the same child’s previous one (%s)', (_, open) => {
  let f: StoreFixture;
  const journeys = new Map<string, string>();

  beforeEach(async () => {
    f = await open();
    journeys.clear();
    const run = journeyRecorder(f.store, tenants);
    const record = async (child: string, day: string) => journeys.set(`${child} ${day}`, await run([referral(child, day)]));
    // 29 February looks back to 28 February of the year before: on it counts, the day before does not.
    await record('leap-on', '2023-02-28');
    await record('leap-on', '2024-02-29');
    await record('leap-before', '2023-02-27');
    await record('leap-before', '2024-02-29');
    // Exactly 12 calendar months counts; a day more does not.
    await record('twelve', '2024-09-03');
    await record('twelve', '2025-09-03');
    await record('thirteen', '2024-09-02');
    await record('thirteen', '2025-09-03');
    // Recorded out of order: the back-dated referral is the earlier one, and the later one is flagged.
    await record('backdated', '2025-06-01');
    await record('backdated', '2025-01-10');
    // Three referrals, each within 12 months of the one before.
    await record('three', '2025-01-10');
    await record('three', '2025-06-01');
    await record('three', '2026-05-20');
    // A referral withdrawn as recorded in error no longer makes the next one a re-referral.
    await record('withdrawn', '2025-01-10');
    await record('withdrawn', '2025-03-01');
    const wrong = journeys.get('withdrawn 2025-01-10')!;
    const accepted = (await f.store.readStream('north-shire', journeyStreamId(wrong))).find((e) => e.type === 'ReferralAccepted')!;
    await run([{ type: 'WithdrawEntry', data: { eventId: accepted.eventId, reason: 'recorded-in-error', occurredAt: '2026-01-01T10:00:00.000Z' } }], wrong);
  });
  afterEach(async () => f.dispose());

  const flags = async (): Promise<Flag[]> => {
    const byJourney = new Map([...journeys].map(([key, id]) => [id, key]));
    const rows = await f.db.query<{ child_ref: string; day: string; re_referral: number; previous_referral_journey_id: string | null }>(
      'select child_ref, day, re_referral, previous_referral_journey_id from analytics_referrals order by child_ref, day',
    );
    return rows.map((r) => ({
      child: r.child_ref,
      day: r.day,
      reReferral: Number(r.re_referral),
      previous: r.previous_referral_journey_id === null ? null : byJourney.get(r.previous_referral_journey_id)!,
    }));
  };

  const expected: Flag[] = [
    { child: 'backdated', day: '2025-01-10', reReferral: 0, previous: null },
    { child: 'backdated', day: '2025-06-01', reReferral: 1, previous: 'backdated 2025-01-10' },
    { child: 'leap-before', day: '2023-02-27', reReferral: 0, previous: null },
    { child: 'leap-before', day: '2024-02-29', reReferral: 0, previous: null },
    { child: 'leap-on', day: '2023-02-28', reReferral: 0, previous: null },
    { child: 'leap-on', day: '2024-02-29', reReferral: 1, previous: 'leap-on 2023-02-28' },
    { child: 'thirteen', day: '2024-09-02', reReferral: 0, previous: null },
    { child: 'thirteen', day: '2025-09-03', reReferral: 0, previous: null },
    { child: 'three', day: '2025-01-10', reReferral: 0, previous: null },
    { child: 'three', day: '2025-06-01', reReferral: 1, previous: 'three 2025-01-10' },
    { child: 'three', day: '2026-05-20', reReferral: 1, previous: 'three 2025-06-01' },
    { child: 'twelve', day: '2024-09-03', reReferral: 0, previous: null },
    { child: 'twelve', day: '2025-09-03', reReferral: 1, previous: 'twelve 2024-09-03' },
    { child: 'withdrawn', day: '2025-03-01', reReferral: 0, previous: null },
  ];

  it('flags them as the log is followed, a few events at a time', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 3 });
    await runner.catchUp();
    expect(await flags()).toEqual(expected);
  });

  it('flags the same referrals when the read model is rebuilt from the whole log', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 3 });
    await runner.catchUp();
    const live = await dumpTables(f.db, ['analytics_referrals']);
    await runner.rebuild(['analytics-re-referrals']);
    expect(await flags()).toEqual(expected);
    expect(await dumpTables(f.db, ['analytics_referrals'])).toEqual(live);
  });
});
