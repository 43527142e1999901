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
    const b = await get('/metrics/out-of-hours', auditor);
    expect(b.body.rows[0]).toMatchObject({ contacts: 30, outOfHours: { numerator: 4, denominator: 30, rate: 0.1333 }, suppressed: false });
    expect(b.body.suppression.applied).toBe(false);
  });

  it('answers CSV (Accept: text/csv or ?format=csv) with a header row and the JSON figures, rates at full precision', async () => {
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
        expect([cells[`${k}.numerator`], cells[`${k}.denominator`]]).toEqual([text(row[k].numerator), text(row[k].denominator)]);
        // The JSON rate is rounded to 4 decimal places; the CSV keeps 12 significant digits of the same rate.
        if (row[k].rate === null) expect(cells[`${k}.rate`]).toBe('');
        else {
          expect(Number(cells[`${k}.rate`])).toBe(Number((row[k].numerator / row[k].denominator).toPrecision(12)));
          expect(Number(Number(cells[`${k}.rate`]).toFixed(4))).toBe(row[k].rate);
        }
      }
    });
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
    const ooh = await get('/metrics/out-of-hours?presentation=published&roundTo=10&format=csv', auditor);
    const [head, line] = ooh.text.trim().split('\n');
    const cells = Object.fromEntries(line.split(',').map((v, i) => [head.split(',')[i], v]));
    expect([cells.contacts, cells['outOfHours.numerator'], cells['outOfHours.denominator'], cells['outOfHours.rate']]).toEqual(['30', 'c', '30', 'c']);
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
