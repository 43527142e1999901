import request from 'supertest';
import { TenantRegistry } from '@journey-ledger/application';
import type { EventStore } from '@journey-ledger/event-store';
import { ProjectionRunner } from '@journey-ledger/read-models';
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

  it('keeps the fields of the first two routes, figures from the fixture', async () => {
    const h = await get('/metrics/handovers', auditor);
    expect(h.body).toMatchObject({ journeys: 32, handovers: 32, distribution: { '0': 11, '1': 10, '2': 11, '3': 0, '4': 0, '5+': 0 } });
    const nfa = await get('/metrics/nfa-rates', auditor);
    expect(nfa.body).toMatchObject({
      contact: { numerator: 7, denominator: 29 },
      referral: { numerator: 6, denominator: 19 },
      assessedNotInNeedPerReferral: { numerator: 8, denominator: 19 },
      assessedNotInNeedPerAssessedReferral: { numerator: 8, denominator: 12 },
    });
  });

  it('withholds counts of 1–4 from an analyst, not from an auditor', async () => {
    const a = await get('/metrics/out-of-hours', analyst);
    expect(a.body).toMatchObject({ contacts: 30, outOfHours: { numerator: null, denominator: 30, rate: null }, suppressed: true });
    const b = await get('/metrics/out-of-hours', auditor);
    expect(b.body).toMatchObject({ contacts: 30, outOfHours: { numerator: 4, denominator: 30, rate: 0.1333 }, suppressed: false });
    expect(b.body.suppression.applied).toBe(false);
  });

  it('answers CSV (Accept: text/csv or ?format=csv) with a header row and the JSON figures', async () => {
    const json = await get('/metrics/nfa-rates?groupBy=source');
    const csv1 = await get('/metrics/nfa-rates?groupBy=source').set('Accept', 'text/csv');
    const csv2 = await get('/metrics/nfa-rates?groupBy=source&format=csv');
    expect(csv1.status).toBe(200);
    expect(csv1.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv1.text).toBe(csv2.text);
    const [head, ...lines] = csv1.text.trim().split('\n');
    const header = head.split(',');
    expect(lines).toHaveLength(json.body.rows.length);
    lines.forEach((line, i) => {
      const cells = Object.fromEntries(line.split(',').map((v, j) => [header[j], v]));
      const row = json.body.rows[i];
      const text = (v: unknown) => (v === null ? '' : String(v));
      expect(cells.source).toBe(row.source);
      for (const k of ['contact', 'referral', 'assessedNotInNeedPerReferral', 'assessedNotInNeedPerAssessedReferral', 'stepDownToEarlyHelp']) {
        expect([cells[`${k}.numerator`], cells[`${k}.denominator`], cells[`${k}.rate`]]).toEqual([
          text(row[k].numerator),
          text(row[k].denominator),
          text(row[k].rate),
        ]);
      }
    });
  });

  it.each([
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
    expect(dim.body.errors[0].messages[0]).toBe('groupBy: unknown dimension "colour"; use one or more of: source, team, tier, area, levelOfNeed, outcome');
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
