import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand, PreProceedingsOutcome, PreProceedingsStep } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { NO_SUPPRESSION } from '../query/figures';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';
import { PRE_PROCEEDINGS_TABLES } from './pre-proceedings.schema';
import { preProceedings } from './pre-proceedings.queries';

const tenants = TenantRegistry.fromDirectory('config/tenants');
/** 2 March 2026 + `day`, 10:00 UTC (GMT: UTC is local time). */
const at = (day: number) => new Date(Date.UTC(2026, 2, 2 + day, 10)).toISOString();

type Cmd = JourneyCommand;
const referral = (child: string, day: number): Cmd => ({
  type: 'AcceptReferral',
  data: { referralId: `${child}-r`, childRef: child, source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at(day) },
});
const offerFgdm = (conferenceId: string, day: number): Cmd => ({
  type: 'RecordFamilyGroupConference',
  data: { conferenceId, step: 'offered', team: 'children-in-need', occurredAt: at(day) },
});
const pp = (step: PreProceedingsStep, day: number, outcome?: PreProceedingsOutcome, team = 'children-in-need'): Cmd => ({
  type: 'RecordPreProceedings',
  data: { preProceedingsId: 'pp-1', step, team, occurredAt: at(day), ...(outcome ? { outcome } : {}) },
});

/**
 * Four journeys, worked by hand (days after 2 March 2026, 10:00):
 * J1: FGDM offered day 1; pre-proceedings started day 2, letter day 3, meeting day 5, decided day 12 (step down to Family Help) → 10 days, FGDM first.
 * J2 (child protection team, the others children in need): started day 3, decided day 4 (care proceedings issued) → 1 day; FGDM offered day 6, after the decision.
 * J3: started day 4, letter day 5, not decided; no FGDM.
 * J4: started day 40 (11 April): outside March.
 * March: started 3; letters 2; meetings 1; decided 2 of 3; outcomes one each of step-down-family-help and care-proceedings-issued;
 * days to the step decision 10 and 1 → mean 5.5, median 5.5; FGDM offered before the decision 1 of 3.
 */
async function record(store: EventStore) {
  const run = journeyRecorder(store, tenants);
  await run([
    referral('c-1', 0),
    offerFgdm('f-1', 1),
    pp('started', 2),
    pp('letter-sent', 3),
    pp('meeting-held', 5),
    pp('decided', 12, 'step-down-family-help'),
  ]);
  await run([
    referral('c-2', 1),
    pp('started', 3, undefined, 'child-protection'),
    pp('decided', 4, 'care-proceedings-issued', 'child-protection'),
    offerFgdm('f-2', 6),
  ]);
  await run([referral('c-3', 2), pp('started', 4), pp('letter-sent', 5)]);
  await run([referral('c-4', 3), pp('started', 40)]);
}

const dump = (db: SqlDatabase) => dumpTables(db, PRE_PROCEEDINGS_TABLES);

describe.each(STORE_KINDS)('pre-proceedings read model (%s)', (_, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
    await record(f.store);
  });
  afterEach(async () => f.dispose());

  it('gives the hand-worked pre-proceedings figures', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const report = await preProceedings(f.db, 'north-shire', { from: '2026-03-01', to: '2026-04-01', groupBy: [], filters: {} }, NO_SUPPRESSION);
    expect(report.rows[0]).toMatchObject({
      started: 3,
      letterBeforeProceedingsSent: 2,
      meetingsHeld: 1,
      decidedRate: { numerator: 2, denominator: 3 },
      outcomes: {
        'care-proceedings-issued': 1,
        'step-down-family-help': 1,
        'step-down-child-in-need': 0,
        'continue-child-protection-plan': 0,
        'no-further-action': 0,
        'child-moved-away': 0,
        other: 0,
      },
      daysStartToStepDecision: { episodes: 2, mean: 5.5, median: 5.5 },
      fgdmOfferedBeforeDecisionRate: { numerator: 1, denominator: 3 },
    });
  });

  it('groups by team and by month, and filters by tier', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    const march = { from: '2026-03-01', to: '2026-04-01', filters: {} };
    const byTeam = await preProceedings(f.db, 'north-shire', { ...march, groupBy: ['team'] }, NO_SUPPRESSION);
    expect(byTeam.rows).toMatchObject([
      {
        team: 'child-protection',
        started: 1,
        decidedRate: { numerator: 1, denominator: 1 },
        outcomes: { 'care-proceedings-issued': 1, 'step-down-family-help': 0 },
        daysStartToStepDecision: { episodes: 1, mean: 1 },
        fgdmOfferedBeforeDecisionRate: { numerator: 0, denominator: 1 },
      },
      {
        team: 'children-in-need',
        started: 2,
        letterBeforeProceedingsSent: 2,
        meetingsHeld: 1,
        decidedRate: { numerator: 1, denominator: 2 },
        outcomes: { 'care-proceedings-issued': 0, 'step-down-family-help': 1 },
        daysStartToStepDecision: { episodes: 1, mean: 10 },
        fgdmOfferedBeforeDecisionRate: { numerator: 1, denominator: 2 },
      },
    ]);
    const byMonth = await preProceedings(
      f.db,
      'north-shire',
      { from: '2026-03-01', to: '2026-05-01', period: 'month', groupBy: [], filters: {} },
      NO_SUPPRESSION,
    );
    expect(byMonth.rows.map((r) => [r.period, r.started])).toEqual([
      ['2026-03', 3],
      ['2026-04', 1],
    ]);
    const statutory = await preProceedings(f.db, 'north-shire', { ...march, groupBy: [], filters: { tier: ['statutory'] } }, NO_SUPPRESSION);
    expect(statutory.rows[0]).toMatchObject({ started: 3 });
    await expect(preProceedings(f.db, 'north-shire', { ...march, groupBy: ['source'] }, NO_SUPPRESSION)).rejects.toThrow('cannot be grouped by source');
  });

  it('rebuild from zero gives identical rows', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 2 });
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
  });
});
