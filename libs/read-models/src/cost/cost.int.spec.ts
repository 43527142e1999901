import { TenantRegistry } from '@journey-ledger/application';
import { parseTenantConfig } from '@journey-ledger/domain';
import type { JourneyCommand } from '@journey-ledger/domain';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { journeyRecorder } from '../testing';
import { costs } from './cost.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
const northShire = tenants.configOf('north-shire')!;
/** 2 March 2026 + `day`, 10:00 UTC (GMT: UTC is local time). */
const at = (day: number) => new Date(Date.UTC(2026, 2, 2 + day, 10)).toISOString();
const MARCH = { from: '2026-03-01', to: '2026-04-01', groupBy: [], filters: {} };

const contact = (child: string): JourneyCommand => ({
  type: 'RecordContact',
  data: { contactId: `${child}-c`, childRef: child, source: '2A', channel: 'phone', team: 'mash', concerns: [], levelOfNeed: '3', occurredAt: at(0) },
});

/**
 * Two journeys under the default cost model (social work tiers £55 an hour, early help £40;
 * screening 1 h, handover 2 h, assessment 15 h (early help 8 h), strategy discussion 3 h, closure 1 h):
 * J1 screened at MASH (1 h), to CART (2 h) and to Assessment North (2 h), a section 47 enquiry there
 *    (15 h + 3 h strategy discussion), closed there (1 h): 24 h, £1,320.
 * J2 screened at MASH (1 h), stepped down to Early Help North (2 h at £40), early help assessment
 *    (8 h at £40): 11 h, £455.
 * Total 35 h, £1,775; per handover (110 + 110 + 80) / 3 = £100 and 2 h; per journey 17.5 h, £887.50.
 */
async function record(f: StoreFixture) {
  const run = journeyRecorder(f.store, tenants);
  await run([
    contact('c-1'),
    { type: 'DecideContact', data: { outcome: 'referral', team: 'mash', occurredAt: at(0) } },
    { type: 'HandOver', data: { fromTeam: 'mash', toTeam: 'cart', reason: 'transfer', occurredAt: at(1) } },
    { type: 'AcceptReferral', data: { referralId: 'r-1', source: '2A', primaryNeedCode: 'N1', team: 'cart', occurredAt: at(1) } },
    { type: 'HandOver', data: { fromTeam: 'cart', toTeam: 'assessment-north', reason: 'transfer', occurredAt: at(2) } },
    { type: 'StartAssessment', data: { assessmentId: 'a-1', kind: 'section-47', team: 'assessment-north', occurredAt: at(3) } },
    { type: 'CompleteAssessment', data: { outcome: 'nfa', factors: [], occurredAt: at(4) } },
    { type: 'CloseJourney', data: { reason: 'RC8', occurredAt: at(5) } },
  ]);
  await run([
    contact('c-2'),
    { type: 'DecideContact', data: { outcome: 'early-help', team: 'mash', occurredAt: at(0) } },
    { type: 'StepDown', data: { fromTeam: 'mash', toTeam: 'early-help-north', reason: 'step-down', occurredAt: at(1) } },
    { type: 'StartAssessment', data: { assessmentId: 'a-2', kind: 'early-help', team: 'early-help-north', occurredAt: at(2) } },
  ]);
  const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
  await runner.catchUp();
}

describe.each(STORE_KINDS)('cost of the front door (%s)', (_, open) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await open();
    await record(f);
  });
  afterAll(async () => f.dispose());

  it('prices each team’s work and the totals as worked out by hand', async () => {
    const { rows } = await costs(f.db, 'north-shire', MARCH, NO_SUPPRESSION, northShire);
    expect(rows.map((r) => [r.team, r.hours, r.cost])).toEqual([
      ['assessment-north', 21, 1155],
      ['cart', 2, 110],
      ['early-help-north', 10, 400],
      ['mash', 2, 110],
      ['total', 35, 1775],
    ]);
    expect(rows[0]).toMatchObject({ tier: 'statutory', handoversReceived: 1, assessments: 1, strategyDiscussions: 1, closures: 1, contactsScreened: 0 });
    expect(rows[4]).toMatchObject({
      contactsScreened: 2,
      handoversReceived: 3,
      perHandover: { hours: 2, cost: 100 },
      perJourney: { journeys: 2, hours: 17.5, cost: 887.5 },
    });
  });

  it('uses the council’s own figures where it gives them', async () => {
    const own = parseTenantConfig({ ...northShire, costModel: { basis: 'own rates', hourlyCost: { default: 50 } } });
    const { rows } = await costs(f.db, 'north-shire', MARCH, NO_SUPPRESSION, own);
    // 25 social-work hours at £50, 10 early-help hours still at £40.
    expect(rows[rows.length - 1]).toMatchObject({ hours: 35, cost: 1650 });
  });

  it('splits by period, and withholds a team’s hours beside a small count from an analyst', async () => {
    const monthly = await costs(f.db, 'north-shire', { ...MARCH, period: 'month' }, NO_SUPPRESSION, northShire);
    expect(monthly.rows[0]).toMatchObject({ period: '2026-03', team: 'assessment-north', hours: 21 });
    const analyst = await costs(f.db, 'north-shire', MARCH, { threshold: 5, applies: true }, northShire);
    expect(analyst.rows[0]).toMatchObject({ team: 'assessment-north', handoversReceived: null, hours: null, cost: null, suppressed: true });
    expect(analyst.rows[4]).toMatchObject({ team: 'total', hours: 35, cost: 1775 });
  });

  it('counts nothing outside the range', async () => {
    const { rows } = await costs(f.db, 'north-shire', { ...MARCH, from: '2026-04-01', to: '2026-05-01' }, NO_SUPPRESSION, northShire);
    expect(rows).toEqual([expect.objectContaining({ team: 'total', hours: 0, cost: 0, perJourney: { journeys: 0, hours: null, cost: null } })]);
  });
});
