import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { METRIC_ROUTES, ProjectionRunner } from '@journey-ledger/read-models';
import { FIXTURE_NOW, recordFixture } from '@journey-ledger/read-models/testing';
import { startTestApp, StoreKind, TestApp } from './support/test-app';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';

const ENDPOINTS = ['handovers', 'nfa-rates', 'funnel', 're-referrals', 'timeliness', 'flows/matrix', 'flows/paths', 'waiting', 'out-of-hours'];

describe.each<StoreKind>(['embedded', 'postgres'])('GET /metrics/… over HTTP (%s store)', (kind) => {
  let t: TestApp;
  let analyst: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock: () => FIXTURE_NOW });
    await recordFixture(t.app.get<EventStore>(EVENT_STORE), t.app.get(TenantRegistry));
    await t.app.get(ProjectionRunner).catchUp();
    analyst = await t.token('analyst');
    auditor = await t.token('auditor');
  });
  afterAll(async () => t.close());

  const get = (path: string, token = analyst) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);

  it.each(ENDPOINTS)('serves /metrics/%s as JSON rows with the query and the suppression applied', async (endpoint) => {
    const res = await get(`/metrics/${endpoint}?period=month&from=2025-04-01&to=2026-04-01`);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.rows)).toBe(true);
    expect(res.body.rows.length).toBeGreaterThan(0);
    expect(res.body.suppression).toEqual({ threshold: 5, applied: true });
    expect(res.body.query).toMatchObject({ from: '2025-04-01', to: '2026-04-01', period: 'month' });
  });

  /** An ungrouped answer: the same shape as a grouped one, with its figures in a single row. */
  const single = async (path: string, token = analyst) => {
    const res = await get(path, token);
    expect(Object.keys(res.body).sort()).toEqual(['definitions', 'query', 'rows', 'suppression']);
    expect(res.body.rows).toHaveLength(1);
    return res.body.rows[0];
  };

  it('keeps the fields of the first two routes, figures from the fixture, in one row when nothing is grouped', async () => {
    expect(await single('/metrics/handovers', auditor)).toMatchObject({
      journeys: 32,
      handovers: 32,
      distribution: { '0': 11, '1': 10, '2': 11, '3': 0, '4': 0, '5+': 0 },
      beforeHelp: { journeys: 15, total: 20, mean: 1.333, median: 1, p90: 2 },
      withoutHelp: { journeys: 15, total: 6, mean: 0.4, median: 0, p90: 1 },
      openWithoutHelp: 2,
    });
    // 13 May 2025: five journeys with 1 handover and five with 2, so the median is the mean of the middle two.
    expect(await single('/metrics/handovers?from=2025-05-13&to=2025-05-14', auditor)).toMatchObject({ journeys: 10, medianHandovers: 1.5, p90Handovers: 2 });
    expect((await single('/metrics/funnel', auditor)).contactDecisions).toMatchObject({
      contacts: 30,
      decided: { numerator: 29, denominator: 30 },
      nfa: { numerator: 7, denominator: 29 },
      'advice-signposting': { numerator: 2, denominator: 29 },
      'early-help': { numerator: 3, denominator: 29 },
      referral: { numerator: 17, denominator: 29 },
      undecided: { numerator: 1, denominator: 30 },
    });
    expect(await single('/metrics/nfa-rates', auditor)).toMatchObject({
      contact: { numerator: 7, denominator: 29 },
      referral: { numerator: 6, denominator: 19 },
      assessedNotInNeedPerReferral: { numerator: 8, denominator: 19 },
      assessedNotInNeedPerAssessedReferral: { numerator: 8, denominator: 12 },
    });
  });

  it('withholds counts of 1–4 from an analyst, not from an auditor', async () => {
    const a = await single('/metrics/out-of-hours', analyst);
    expect(a).toMatchObject({ contacts: 30, outOfHours: { numerator: null, denominator: 30, rate: null }, suppressed: true });
    expect(a.withheld).toMatchObject({ 'outOfHours.numerator': 'small-count', 'outOfHours.rate': 'derived' });
    const b = await get('/metrics/out-of-hours', auditor);
    expect(b.body.rows[0]).toMatchObject({ contacts: 30, outOfHours: { numerator: 4, denominator: 30, rate: 0.1333 }, withheld: {}, suppressed: false });
    expect(b.body.suppression.applied).toBe(false);
  });

  /** A CSV answer as records keyed by its header row. */
  const csvOf = async (path: string, token = analyst) => {
    const res = await get(path, token);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    return parse(res.text, { columns: true, cast: false }) as Record<string, string>[];
  };

  it('answers CSV (Accept: text/csv or ?format=csv) as one tidy table: a row per group and figure, human names, full precision', async () => {
    const json = await get('/metrics/nfa-rates?groupBy=source&period=quarter');
    const csv1 = await get('/metrics/nfa-rates?groupBy=source&period=quarter').set('Accept', 'text/csv');
    const csv2 = await get('/metrics/nfa-rates?groupBy=source&period=quarter&format=csv');
    expect(csv1.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv1.text).toBe(csv2.text);
    expect(csv1.text.split('\n')[0]).toBe('Period,Period start,Period end,Referral source,Figure,Value,Withheld');
    const human = await csvOf('/metrics/nfa-rates?groupBy=source&period=quarter&format=csv');
    const machine = await csvOf('/metrics/nfa-rates?groupBy=source&period=quarter&format=csv&headers=machine');
    expect(machine).toHaveLength(human.length);
    for (const row of json.body.rows) {
      const of = (figure: string) => human.find((r) => r.Period === row.period && r['Referral source'] === row.source && r.Figure === figure)!;
      const referral = of('Referral NFA rate');
      // The quarter's ISO 8601 dates, first and last day.
      expect([referral['Period start'], referral['Period end']]).toEqual(
        { '2025-Q1': ['2025-01-01', '2025-03-31'], '2025-Q2': ['2025-04-01', '2025-06-30'] }[row.period as string] ?? [expect.any(String), expect.any(String)],
      );
      expect(of('Referrals').Value).toBe(row.referral.denominator === null ? '' : String(row.referral.denominator));
      expect(of('Referrals closed with no further action').Value).toBe(row.referral.numerator === null ? '' : String(row.referral.numerator));
      // The JSON rate is rounded to 4 decimal places; the CSV keeps 12 significant digits of the same rate.
      if (row.referral.rate === null) expect(referral.Value).toBe('');
      else {
        expect(Number(referral.Value)).toBe(Number((row.referral.numerator / row.referral.denominator).toPrecision(12)));
        expect(Number(Number(referral.Value).toFixed(4))).toBe(row.referral.rate);
      }
      // A withheld figure: empty, with the reason beside it, as the JSON's withheld says.
      for (const [path, reason] of Object.entries(row.withheld as Record<string, string>)) {
        const m = machine.find((r) => r.period === row.period && r.source === row.source && r.figure === path);
        if (m) expect([m.value, m.withheld]).toEqual(['', reason]);
      }
    }
  });

  it.each([...METRIC_ROUTES])('names every figure of /metrics/%s in words in its CSV, once per group', async (endpoint) => {
    const human = await csvOf(`/metrics/${endpoint}?format=csv`, auditor);
    const machine = await csvOf(`/metrics/${endpoint}?format=csv&headers=machine`, auditor);
    expect(human.length).toBeGreaterThan(0);
    const groupOf = (r: Record<string, string>) => JSON.stringify(Object.values(r).slice(0, Object.keys(r).length - 3));
    human.forEach((r, i) => {
      expect(r.Figure).not.toBe(machine[i].figure);
      expect(r.Figure).toMatch(/^[A-Z0-9]/);
    });
    expect(new Set(human.map((r) => `${groupOf(r)} ${r.Figure}`)).size).toBe(human.length);
  });

  it('marks each withheld figure in its row and shows the rest, and protects a small count from being worked out from the others', async () => {
    const res = await get('/metrics/handovers?period=month&from=2025-05-01&to=2025-07-01');
    const [may, june] = res.body.rows;
    // June: 5 journeys, 1 with 0 handovers, 1 with 1 and 3 with 2: each withheld as a small count, the journeys still shown.
    expect(june).toMatchObject({ journeys: 5, distribution: { '0': null, '1': null, '2': null, '3': 0 }, suppressed: true });
    expect(june.withheld).toMatchObject({ 'distribution.0': 'small-count', 'distribution.1': 'small-count', 'distribution.2': 'small-count' });
    // May's 8, 8 and 8 go with them, or the two months' total less May's would give June's away; the journeys stay shown.
    expect(may).toMatchObject({ journeys: 24, distribution: { '0': null, '1': null, '2': null, '3': 0 } });
    expect(may.withheld).toMatchObject({ 'distribution.0': 'complementary', 'distribution.1': 'complementary', 'distribution.2': 'complementary' });
    expect(may.withheld.journeys).toBeUndefined();
  });

  it('refuses headers without a CSV', async () => {
    const res = await get('/metrics/handovers?headers=machine');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('headers');
  });

  it('presents figures as published statistics when asked: counts rounded, rates unrounded, c and z, for every role', async () => {
    // Given an auditor, who sees exact figures by default, when the published presentation is asked for,
    const res = await get('/metrics/nfa-rates?presentation=published', auditor);
    expect(res.body.query.presentation).toEqual({ kind: 'published', roundTo: 5 });
    // then counts are rounded to the nearest 5 (6 → 5, 19 → 20, 29 → 30) and rates come from the unrounded counts.
    expect(res.body.rows[0]).toMatchObject({
      referral: { numerator: 5, denominator: 20, rate: 0.3158 },
      contact: { numerator: 5, denominator: 30, rate: 0.2414 },
    });
    // and a count of 1–4 is withheld as "c", in the CSV too.
    const ooh = await csvOf('/metrics/out-of-hours?presentation=published&roundTo=10&format=csv&headers=machine', auditor);
    const cell = (figure: string) => ooh.find((r) => r.figure === figure)!;
    expect(['contacts', 'outOfHours.numerator', 'outOfHours.rate'].map((f) => [cell(f).value, cell(f).withheld])).toEqual([
      ['30', ''],
      ['c', 'small-count'],
      ['c', 'derived'],
    ]);
    // A rate over nothing is "z": no contact received on 1 March 2025.
    const none = await get('/metrics/out-of-hours?presentation=published&from=2025-03-01&to=2025-03-02', auditor);
    expect(none.body.rows[0].outOfHours).toMatchObject({ numerator: 0, denominator: 0, rate: 'z' });
  });

  it.each([
    ['presentation=pretty', 'presentation'],
    ['roundTo=7&presentation=published', 'roundTo'],
    ['roundTo=5', 'roundTo'],
    ['from=2025-13-01', 'from'],
    ['to=yesterday', 'to'],
    ['groupBy=colour', 'groupBy'],
    ['period=fortnight', 'period'],
    ['source=ZZ', 'source'],
    ['tier=attic', 'tier'],
    ['outcome=maybe', 'outcome'],
    ['childName=Jane', 'childName'],
  ])('refuses %s with 400 naming the field', async (qs, field) => {
    const res = await get(`/metrics/handovers?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('explains an unknown dimension, an empty range and a grouping a measure cannot take', async () => {
    const dim = await get('/metrics/funnel?groupBy=source,colour');
    expect(dim.body.errors[0].messages[0]).toBe(
      'groupBy: unknown dimension "colour"; use one or more of: source, team, tier, area, levelOfNeed, outcome, sex, ageBand, ethnicity, disability',
    );
    const range = await get('/metrics/funnel?from=2025-06-01&to=2025-05-01');
    expect(range.status).toBe(400);
    expect(range.body.message).toMatch(/from must be before to/);
    const re = await get('/metrics/re-referrals?groupBy=outcome');
    expect(re.status).toBe(400);
    expect(re.body.message).toMatch(/re-referrals cannot be grouped by outcome/);
  });

  it('lists the analytics projections with their lag in GET /health', async () => {
    const res = await request(t.http).get('/health');
    const names = res.body.projections.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['analytics-measures', 'analytics-re-referrals']));
    expect(res.body.projections.every((p: { lag: number }) => p.lag === 0)).toBe(true);
  });
});
