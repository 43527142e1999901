import { TenantRegistry } from '@journey-ledger/application';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { allProjections } from '../read-models';
import { ProjectionRunner } from '../runner/projection-runner';
import { funnel, handoverMatrix, handovers, holderPaths, nfaRates, outOfHours, timeliness, waiting } from './measures.queries';
import { reReferrals } from '../re-referrals/re-referrals.queries';
import type { MetricsQuery } from '../query/metrics-query';
import type { Suppression } from '../query/figures';
import type { Report } from './measures.queries';
import { parse } from 'csv-parse/sync';
import { reportToTidyCsv } from '../query/csv';
import { FIXTURE_TENANT, recordFixture } from '../testing/fixture-journeys';

/**
 * Every figure below is worked out by hand from the fixture (testing/fixture-journeys.ts):
 * 33 journeys, 32 standing (T11 is wholly withdrawn). Journeys per template: T1 5, T2 2, T3 3,
 * T4 5, T5 5, T6 3, T7 2, T8 1, T9 1, T10 1, T12 1, T13 1, T14 1, T15 1.
 */
const tenants = TenantRegistry.fromDirectory('config/tenants');
const ALL: MetricsQuery = { groupBy: [], filters: {} };
const OPEN: Suppression = { threshold: 5, applies: false };
const ANALYST: Suppression = { threshold: 5, applies: true };

type Env = StoreFixture;

/** An ungrouped answer: its one row. */
async function single(report: Promise<Report>): Promise<Record<string, unknown>> {
  const { rows } = await report;
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe.each(STORE_KINDS)('analysts’ measures on the hand-built fixture (%s store)', (_kind, open) => {
  let env: Env;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    env = await open();
    await recordFixture(env.store, tenants);
    // Small batches: journeys span batches, so the cube's subtract-then-add path is exercised.
    runner = new ProjectionRunner(env.store, env.db, allProjections(env.store, tenants.configOf).slice(1), { batchSize: 7 });
    await runner.migrate();
    await runner.catchUp();
  });
  afterAll(async () => env.dispose());

  it('handovers per journey: count, mean, median, p90, max, histogram; before help; teams touched; assessments', async () => {
    const r = await single(handovers(env.db, FIXTURE_TENANT, ALL, OPEN));
    // Handovers: 0 → T1 5, T2 2, T10, T12 (withdrawn handover), T13, T15 = 11; 1 → T3 3, T4 5, T9, T14 = 10;
    // 2 → T5 5, T6 3, T7 2, T8 = 11. Sum 10 + 22 = 32; mean 1. Sorted x₀…x₃₁: median at h = 31·0.5 = 15.5, between
    // x₁₅ = 1 and x₁₆ = 1 → 1; p90 at h = 27.9, between x₂₇ = 2 and x₂₈ = 2 → 2.
    expect(r).toMatchObject({
      journeys: 32,
      closedJourneys: 27,
      handovers: 32,
      handoversPerJourney: 1,
      medianHandovers: 1,
      p90Handovers: 2,
      maxHandovers: 2,
      distribution: { '0': 11, '1': 10, '2': 11, '3': 0, '4': 0, '5+': 0 },
      // Helped (an assessment or plan): T3 3, T5 5, T6 3, T7 2, T8, T9 = 15. Before help: T3 1×3, T5 2×5, T6 1×3,
      // T7 1×2, T8 1, T9 1 = 20; 1 → 10, 2 → 5: mean 1.333, median x₇ = 1, p90 at h = 12.6: x₁₂ = x₁₃ = 2.
      beforeHelp: { journeys: 15, total: 20, mean: 1.333, median: 1, p90: 2, max: 2 },
      // Ended without help: T1 5, T2 2, T4 5, T12, T13, T14 = 15; handovers T4 1×5, T14 1 = 6; 0 → 9, 1 → 6:
      // mean 0.4, median x₇ = 0, p90 x₁₂ = x₁₃ = 1. Still open without help: T10, T15.
      withoutHelp: { journeys: 15, total: 6, mean: 0.4, median: 0, p90: 1, max: 1 },
      openWithoutHelp: 2,
      // Teams: 1 → 11, 2 → 10, 3 → 11: 64.
      teamsTouched: { journeys: 32, total: 64, mean: 2, median: 2, p90: 3, max: 3 },
      // Assessments: 1 → T3 3, T5 5, T6 3, T7 2, T8, T9 = 15; 0 → 17.
      assessmentsPerJourney: { journeys: 32, total: 15, mean: 0.469, median: 0, p90: 1, max: 1 },
      suppressed: false,
    });
  });

  it('NFA rates at contact, referral and assessment, and the step-down share', async () => {
    const r = await single(nfaRates(env.db, FIXTURE_TENANT, ALL, OPEN));
    // Contacts 30 (T9, T15 have none), decided 29 (T10 undecided); NFA T1 5 + T12 + T13 = 7; advice T2 2.
    expect(r.contact).toMatchObject({ numerator: 7, denominator: 29, rate: 0.2414, adviceSignposting: 2 });
    // Referrals: T4 5, T5 5, T6 3, T7 2, T8, T9, T14, T15 = 19; ReferralNFA T4 5 + T14 = 6 (T15 is open).
    expect(r.referral).toMatchObject({ numerator: 6, denominator: 19, rate: 0.3158 });
    // Assessed not in need: T5 5 (RC8) + T6 3 (RC9) = 8; assessed: T5 5, T6 3, T7 2, T8, T9 = 12.
    expect(r.assessedNotInNeedPerReferral).toMatchObject({ numerator: 8, denominator: 19, rate: 0.4211 });
    expect(r.assessedNotInNeedPerAssessedReferral).toMatchObject({ numerator: 8, denominator: 12, rate: 0.6667 });
    // Completed statutory assessments 12, of which step-down to early help T6 3.
    expect(r.stepDownToEarlyHelp).toMatchObject({ numerator: 3, denominator: 12, rate: 0.25 });
  });

  it('conversion funnel: contacts → referrals → assessments → plans', async () => {
    const r = await single(funnel(env.db, FIXTURE_TENANT, ALL, OPEN));
    expect(r.journeys).toBe(32);
    expect(r.contacts).toMatchObject({ journeys: 30, ofPrevious: { numerator: 30, denominator: 32, rate: 0.9375 } });
    expect(r.referrals).toMatchObject({ journeys: 19, ofPrevious: { numerator: 19, denominator: 30, rate: 0.6333 } });
    expect(r.assessments).toMatchObject({ journeys: 12, ofPrevious: { numerator: 12, denominator: 19, rate: 0.6316 } });
    // Early-help plans: T3 3 + T6 3, over journeys with a contact.
    expect(r.earlyHelpPlans).toMatchObject({ journeys: 6, ofPrevious: { numerator: 6, denominator: 30, rate: 0.2 } });
    expect(r.childInNeedPlans).toMatchObject({ journeys: 2, ofPrevious: { numerator: 2, denominator: 12, rate: 0.1667 } });
    expect(r.childProtectionPlans).toMatchObject({
      journeys: 1,
      ofPrevious: { numerator: 1, denominator: 12, rate: 0.0833 },
      ofJourneys: { numerator: 1, denominator: 32 },
    });
    // Every contact decision, by contact: 30 contacts (T9, T15 have none), 29 decided (T10 is not). NFA: T1 5, T12, T13 = 7;
    // advice and signposting: T2 2; early help: T3 3; referral: T4 5, T5 5, T6 3, T7 2, T8, T14 = 17. 7 + 2 + 3 + 17 = 29.
    expect(r.contactDecisions).toEqual({
      contacts: 30,
      decided: expect.objectContaining({ numerator: 29, denominator: 30, rate: 0.9667 }),
      nfa: expect.objectContaining({ numerator: 7, denominator: 29, rate: 0.2414, definition: 'contacts decided: no further action / contacts decided' }),
      'advice-signposting': expect.objectContaining({ numerator: 2, denominator: 29, rate: 0.069 }),
      'early-help': expect.objectContaining({ numerator: 3, denominator: 29, rate: 0.1034 }),
      referral: expect.objectContaining({ numerator: 17, denominator: 29, rate: 0.5862 }),
      undecided: expect.objectContaining({ numerator: 1, denominator: 30, rate: 0.0333 }),
    });
  });

  it('re-referrals within 12 months of a previous referral of the same child', async () => {
    // T14 (May → September 2025) is one; T15 (May 2025 → 20 May 2026) is not.
    const r = await single(reReferrals(env.db, FIXTURE_TENANT, ALL, OPEN));
    expect(r).toMatchObject({ referrals: 19, reReferrals: { numerator: 1, denominator: 19, rate: 0.0526 } });
    const byMonth = await reReferrals(env.db, FIXTURE_TENANT, { ...ALL, period: 'month' }, OPEN);
    expect(byMonth.rows.map((x) => [x.period, x.referrals, (x.reReferrals as { numerator: number }).numerator])).toEqual([
      ['2025-05', 13, 0],
      ['2025-06', 4, 0],
      ['2025-09', 1, 1],
      ['2026-05', 1, 0],
    ]);
  });

  it('timeliness in working days (weekends and England bank holidays excluded)', async () => {
    const r = await single(timeliness(env.db, FIXTURE_TENANT, ALL, OPEN));
    // Contacts: 0 wd → T1 5, T4 5, T6 3, T7 2, T8, T12, T14 = 18; 1 → T2 2 (over the 26 May holiday), T5 5, T13 = 8; 2 → T3 3.
    // Median at h = 28·0.5 = 14: x₁₄ = 0. p90 at h = 25.2: x₂₅ = 1, x₂₆ = 2 → 1.2.
    expect(r.contactDecidedWithin1WorkingDay).toMatchObject({
      within: { numerator: 26, denominator: 29, rate: 0.8966 },
      medianWorkingDays: 0,
      p90WorkingDays: 1.2,
    });
    // Assessments: T8 5, T9 7, T7 18 ×2, T5 19 ×5, T6 51 ×3 → within 45: 9 of 12; median at h = 5.5: x₅ = x₆ = 19;
    // p90 at h = 9.9: x₉ = x₁₀ = 51.
    expect(r.assessmentCompletedWithin45WorkingDays).toMatchObject({
      within: { numerator: 9, denominator: 12, rate: 0.75 },
      medianWorkingDays: 19,
      p90WorkingDays: 51,
    });
    // From the referral: T8 6, T9 8, T7 18 ×2, T5 20 ×5, T6 52 ×3.
    expect(r.assessmentCompletedWithin45WorkingDaysFromReferral).toMatchObject({
      within: { numerator: 9, denominator: 12 },
      medianWorkingDays: 20,
      p90WorkingDays: 52,
    });
  });

  it('flows: the team-to-team matrix and the most common paths, each with its NFA share', async () => {
    const m = await handoverMatrix(env.db, FIXTURE_TENANT, ALL, OPEN);
    const cells = m.rows.map((x) => [x.fromTeam, x.toTeam, x.handovers, (x.nfaShare as { numerator: number }).numerator]);
    expect(cells).toEqual([
      ['customer-access', 'mash', 11, 11],
      ['mash', 'assessment-north', 8, 5],
      ['mash', 'assessment-south', 4, 0],
      ['assessment-south', 'early-help-south', 3, 0],
      ['edt', 'early-response', 3, 0],
      ['assessment-north', 'children-in-need', 2, 0],
      ['assessment-south', 'child-protection', 1, 0],
    ]);
    const p = await holderPaths(env.db, FIXTURE_TENANT, ALL, OPEN, 3);
    expect(p.rows.map((x) => [x.path, x.journeys, (x.nfaShare as { rate: number }).rate])).toEqual([
      ['customer-access', 10, 0.7],
      ['customer-access>mash', 6, 1],
      ['customer-access>mash>assessment-north', 5, 1],
    ]);
  });

  it('waiting: days with each team, and first contact to first help', async () => {
    const r = await waiting(env.db, FIXTURE_TENANT, { ...ALL, groupBy: ['team'] }, OPEN);
    const byTeam = Object.fromEntries(r.rows.map((x) => [x.team, x.timeWithTeam]));
    // customer-access: 0 → T12; 1 → T1 5, T4 5, T5 5, T13, T14; 4 → T2 2; T10 still there.
    // Median at h = 19·0.5 = 9.5: x₉ = x₁₀ = 1. p90 at h = 17.1: x₁₇ = 1, x₁₈ = 4 → 1 + 0.1·3 = 1.3.
    expect(byTeam['customer-access']).toEqual({ journeyTeamPairs: 20, meanDays: 1.25, medianDays: 1, p90Days: 1.3, maxDays: 4, stillWithTeam: 1 });
    // mash: 0 → T5 5; 1 → T4 5, T6 3, T7 2, T8, T9, T14; T15 still there.
    expect(byTeam.mash).toEqual({ journeyTeamPairs: 18, meanDays: 0.722, medianDays: 1, p90Days: 1, maxDays: 1, stillWithTeam: 1 });
    expect(byTeam['assessment-north']).toEqual({ journeyTeamPairs: 7, meanDays: 28.143, medianDays: 29, p90Days: 29, maxDays: 29, stillWithTeam: 1 });
    expect(byTeam['assessment-south']).toEqual({ journeyTeamPairs: 4, meanDays: 58.25, medianDays: 75, p90Days: 75, maxDays: 75, stillWithTeam: 0 });
    expect(byTeam['children-in-need']).toMatchObject({ journeyTeamPairs: 0, stillWithTeam: 2 });
    expect(byTeam['child-protection']).toMatchObject({ journeyTeamPairs: 1, maxDays: 172 });
    expect(byTeam.edt).toMatchObject({ journeyTeamPairs: 3, medianDays: 2 });
    expect(byTeam['early-response']).toMatchObject({ journeyTeamPairs: 3, medianDays: 38 });
    // First help, over all teams: 1 → T6 3, T7 2, T8; 2 → T3 3, T5 5 (T9 has no contact).
    const all = await single(waiting(env.db, FIXTURE_TENANT, ALL, OPEN));
    expect(all.firstContactToFirstHelp).toEqual({ journeys: 14, meanDays: 1.571, medianDays: 2, p90Days: 2, maxDays: 2 });
  });

  it('out of hours: share of contacts and what was decided on them', async () => {
    const r = await single(outOfHours(env.db, FIXTURE_TENANT, ALL, OPEN));
    // T3 ×3 (Saturday night) and T10 (17:00 exactly) of 30 contacts.
    expect(r.contacts).toBe(30);
    expect(r.outOfHours).toMatchObject({ numerator: 4, denominator: 30, rate: 0.1333 });
    // Decided: T3 ×3, all early help; T10 not yet decided.
    expect(r.decisions).toEqual({
      decided: { numerator: 3, denominator: 4, rate: 0.75, definition: 'out-of-hours contacts decided / out-of-hours contacts received' },
      nfa: expect.objectContaining({ numerator: 0, denominator: 3, rate: 0 }),
      'advice-signposting': expect.objectContaining({ numerator: 0, denominator: 3, rate: 0 }),
      'early-help': expect.objectContaining({ numerator: 3, denominator: 3, rate: 1 }),
      referral: expect.objectContaining({ numerator: 0, denominator: 3, rate: 0 }),
      undecided: expect.objectContaining({ numerator: 1, denominator: 4, rate: 0.25 }),
    });
  });

  it('groups by period (month, financial year), by day on the day cube, and filters by source', async () => {
    const months = await handovers(env.db, FIXTURE_TENANT, { ...ALL, period: 'month' }, OPEN);
    expect(months.rows.map((x) => [x.period, x.journeys])).toEqual([
      ['2025-03', 1],
      ['2025-05', 24],
      ['2025-06', 5],
      ['2025-09', 1],
      ['2026-05', 1],
    ]);
    const years = await handovers(env.db, FIXTURE_TENANT, { ...ALL, period: 'financial-year' }, OPEN);
    expect(years.rows.map((x) => [x.period, x.journeys])).toEqual([
      ['FY2024-25', 1],
      ['FY2025-26', 30],
      ['FY2026-27', 1],
    ]);
    // 13 May 2025 only: T4 5 (1 handover each) and T5 5 (2 each): the median is the mean of x₄ = 1 and x₅ = 2.
    const day = await single(handovers(env.db, FIXTURE_TENANT, { ...ALL, from: '2025-05-13', to: '2025-05-14' }, OPEN));
    expect(day).toMatchObject({ journeys: 10, handovers: 15, medianHandovers: 1.5, p90Handovers: 2 });
    const bySource = await nfaRates(env.db, FIXTURE_TENANT, { ...ALL, groupBy: ['source'], filters: { source: ['2A', '3A'] } }, OPEN);
    expect(bySource.rows.map((x) => [x.source, (x.referral as { numerator: number }).numerator, (x.referral as { denominator: number }).denominator])).toEqual([
      ['2A', 6, 6],
      ['3A', 0, 5],
    ]);
    const byOutcome = await handovers(env.db, FIXTURE_TENANT, { ...ALL, groupBy: ['outcome'], filters: { tier: ['front-door'] } }, OPEN);
    // First team is front door for all but T15... T15 starts at mash (front door) too: every journey starts at the front door.
    expect(byOutcome.rows.reduce((t, x) => t + (x.journeys as number), 0)).toBe(32);
    expect(byOutcome.rows.find((x) => x.outcome === 'contact-nfa')).toMatchObject({ journeys: 7, handovers: 0 });
  });

  it('adds up the same whether a level holds one row per group (month × source) or rows the answer sums (month × tier, over teams)', async () => {
    const months = await handovers(env.db, FIXTURE_TENANT, { ...ALL, period: 'month' }, OPEN);
    const totals = (rows: Record<string, unknown>[]) => {
      const byMonth = new Map<unknown, [number, number]>();
      for (const r of rows) {
        const [journeys, moves] = byMonth.get(r.period) ?? [0, 0];
        byMonth.set(r.period, [journeys + (r.journeys as number), moves + (r.handovers as number)]);
      }
      return [...byMonth];
    };
    const expected = months.rows.map((r) => [r.period, [r.journeys, r.handovers]]);
    for (const groupBy of [['source'], ['tier'], ['team', 'tier'], ['outcome', 'source']] as const) {
      const grouped = await handovers(env.db, FIXTURE_TENANT, { ...ALL, period: 'month', groupBy }, OPEN);
      expect([groupBy, totals(grouped.rows)]).toEqual([groupBy, expected]);
    }
  });

  it('suppresses counts of 1–4 and the rates built on them for callers without row-level access', async () => {
    const h = await handovers(env.db, FIXTURE_TENANT, { ...ALL, period: 'month' }, ANALYST);
    const march = h.rows.find((x) => x.period === '2025-03')!;
    expect(march).toMatchObject({ journeys: null, handoversPerJourney: null, medianHandovers: null, maxHandovers: null, suppressed: true });
    // May: 0 → T1 5, T2 2, T12 = 8; 1 → T3 3, T4 5 = 8; 2 → T5 5, T6 3 = 8: nothing small, but June's 1 journey with 0
    // handovers and 3 with 2 could be worked out from the year's distribution less May's, so May's 0 and 2 are withheld too.
    const may = h.rows.find((x) => x.period === '2025-05')!;
    expect(may).toMatchObject({ journeys: 24, distribution: { '0': null, '1': 8, '2': null, '3': 0 }, suppressed: true });
    expect(may.withheld).toMatchObject({ 'distribution.0': 'complementary', 'distribution.2': 'complementary' });
    expect(may.withheld).not.toHaveProperty('journeys');
    // June: T7 2, T8, T9, T10 = 5 journeys; 0 → 1, 1 → 1, 2 → 3: every non-zero bucket withheld.
    const june = h.rows.find((x) => x.period === '2025-06')!;
    expect(june).toMatchObject({ journeys: 5, medianHandovers: 2, distribution: { '0': null, '1': null, '2': null, '3': 0 }, suppressed: true });
    expect(june.withheld).toMatchObject({ 'distribution.0': 'small-count', 'distribution.1': 'small-count', 'distribution.2': 'small-count' });
    const ooh = await single(outOfHours(env.db, FIXTURE_TENANT, ALL, ANALYST));
    expect(ooh).toMatchObject({ contacts: 30, outOfHours: { numerator: null, denominator: 30, rate: null }, suppressed: true });
    const nfa = await single(nfaRates(env.db, FIXTURE_TENANT, ALL, ANALYST));
    expect(nfa).toMatchObject({
      contact: { numerator: 7, denominator: 29, rate: 0.2414, adviceSignposting: null },
      referral: { numerator: 6, denominator: 19, rate: 0.3158 },
    });
    const re = await single(reReferrals(env.db, FIXTURE_TENANT, ALL, ANALYST));
    expect(re).toMatchObject({ referrals: 19, reReferrals: { numerator: null, rate: null } });
    const threshold3 = await single(outOfHours(env.db, FIXTURE_TENANT, ALL, { threshold: 3, applies: true }));
    expect(threshold3.outOfHours).toMatchObject({ numerator: 4, rate: 0.1333 });
  });

  it('CSV is one tidy table with the same figures as the JSON rows', async () => {
    const r = await nfaRates(env.db, FIXTURE_TENANT, { ...ALL, groupBy: ['source'] }, ANALYST);
    const records = parse(reportToTidyCsv(r.rows, { measure: 'nfa-rates', headers: 'machine' }), { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0])).toEqual(['source', 'figure', 'value', 'withheld']);
    for (const row of r.rows as Record<string, Record<string, unknown>>[]) {
      const value = (figure: string) => records.find((x) => x.source === (row.source as unknown as string) && x.figure === figure)?.value;
      const text = (v: unknown) => (v === null ? '' : String(v));
      expect(value('referral.numerator')).toBe(text(row.referral.numerator));
      expect(value('referral.rate')).toBe(text(row.referral.rate));
      expect(value('contact.denominator')).toBe(text(row.contact.denominator));
    }
  });

  it('rebuilding from zero gives the same cube', async () => {
    const before = await env.db.query(
      'select * from analytics_cube_month where n <> 0 order by measure, period, source, team, level_of_need, outcome, detail, value',
    );
    await runner.rebuild();
    const after = await env.db.query(
      'select * from analytics_cube_month where n <> 0 order by measure, period, source, team, level_of_need, outcome, detail, value',
    );
    expect(after).toEqual(before);
  });
});
