import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

/** 2 March 2026 + `day`, 10:00 UTC. */
const at = (day: number) => new Date(Date.UTC(2026, 2, 2 + day, 10)).toISOString();
const MARCH = 'from=2026-03-01&to=2026-04-01';

describe.each<StoreKind>(['embedded', 'postgres'])('the cabinet questions over HTTP (%s store)', (kind) => {
  let t: TestApp;
  let recorder: string;
  const as = async (role: 'recorder' | 'analyst' | 'auditor' | 'designer') => `Bearer ${await t.token(role)}`;

  const startJourney = async (childRef: string, handover: boolean) => {
    const res = await request(t.http)
      .post('/journeys')
      .set('Authorization', recorder)
      .send({ commandId: randomUUID(), childRef, source: '2A', channel: 'phone', team: 'mash', levelOfNeed: '3', occurredAt: at(0) });
    expect(res.status).toBe(201);
    const journeyId = res.body.journeyId as string;
    if (handover) {
      const h = await request(t.http)
        .post(`/journeys/${journeyId}/handovers`)
        .set('Authorization', recorder)
        .send({ commandId: randomUUID(), fromTeam: 'mash', toTeam: 'cart', reason: 'transfer', occurredAt: at(1) });
      expect(h.status).toBe(201);
    }
    return journeyId;
  };
  const characteristics = (journeyId: string, body: Record<string, unknown>) =>
    request(t.http)
      .post(`/journeys/${journeyId}/child-characteristics`)
      .set('Authorization', recorder)
      .send({ commandId: randomUUID(), occurredAt: at(2), sex: '1', ethnicity: 'WBRI', disabilities: [], ...body });

  const eventsOf = (body: unknown): { type: string; data: unknown }[] => (Array.isArray(body) ? body : (body as { events: [] }).events);
  const eventCount = async (journeyId: string) =>
    eventsOf((await request(t.http).get(`/journeys/${journeyId}/events`).set('Authorization', recorder)).body).length;

  let first: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    recorder = await as('recorder');
    // The first child's date of birth is in the vault: 9 years old on 4 March 2026.
    const put = await request(t.http).put('/people/child-a').set('Authorization', recorder).send({ dateOfBirth: '2016-06-30' });
    expect(put.status).toBe(200);
    first = await startJourney('child-a', true);
    expect((await characteristics(first, { sex: '2', ethnicity: 'BAFR', disabilities: ['AUT'] })).status).toBe(201);
    // Three more: boys, one handed over; no date of birth held for them.
    for (const [child, handover] of [
      ['child-b', true],
      ['child-c', false],
      ['child-d', false],
    ] as const) {
      const id = await startJourney(child, handover);
      expect((await characteristics(id, {})).status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  it('records coded characteristics with the age band from the vault, and no date of birth in any event', async () => {
    const res = await request(t.http).get(`/journeys/${first}/events`).set('Authorization', recorder);
    const recorded = eventsOf(res.body).find((e: { type: string }) => e.type === 'ChildCharacteristicsRecorded');
    expect(recorded?.data).toEqual({ sex: '2', ethnicity: 'BAFR', disabilities: ['AUT'], ageBand: '5-9' });
    expect(JSON.stringify(res.body)).not.toContain('2016-06-30');
  });

  it('is idempotent under its command id', async () => {
    const body = { commandId: randomUUID(), occurredAt: at(3), sex: '2', ethnicity: 'BAFR', disabilities: ['AUT'] };
    const once = await request(t.http).post(`/journeys/${first}/child-characteristics`).set('Authorization', recorder).send(body);
    const twice = await request(t.http).post(`/journeys/${first}/child-characteristics`).set('Authorization', recorder).send(body);
    expect(once.status).toBe(201);
    expect(twice.body).toMatchObject({ replayed: true, revision: once.body.revision, events: once.body.events });
  });

  it.each([
    ['sex', { sex: 'M' }],
    ['ethnicity', { ethnicity: 'White British' }],
    ['disabilities', { disabilities: ['blind'] }],
  ])('refuses a %s that is not a CIN census code with a 400 naming the field, and writes nothing', async (field, body) => {
    const before = await eventCount(first);
    const res = await characteristics(first, body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await eventCount(first)).toBe(before);
  });

  it('answers 404 for a journey that does not exist', async () => {
    expect((await characteristics(randomUUID(), {})).status).toBe(404);
  });

  it('breaks handovers down by sex: figures by hand (auditor, row-level: nothing withheld)', async () => {
    const res = await request(t.http)
      .get(`/metrics/handovers?groupBy=sex&${MARCH}`)
      .set('Authorization', await as('auditor'));
    expect(res.status).toBe(200);
    const rows = Object.fromEntries(res.body.rows.map((r: Record<string, unknown>) => [r.sex, r]));
    // Boys: b handed over once, c and d not; girl: a handed over once.
    expect(rows['1']).toMatchObject({ total: 3, '0': 2, '1': 1, handoversPerJourneyMean: 0.333 });
    expect(rows['2']).toMatchObject({ total: 1, '0': 0, '1': 1 });
    expect(rows.total).toMatchObject({ total: 4, '0': 2, '1': 2 });
  });

  it('breaks timeliness, NFA, re-referrals and waiting down by age band', async () => {
    for (const measure of ['timeliness', 'nfa-rates', 're-referrals', 'waiting']) {
      const res = await request(t.http)
        .get(`/metrics/${measure}?groupBy=ageBand&${MARCH}`)
        .set('Authorization', await as('auditor'));
      expect({ measure, status: res.status }).toEqual({ measure, status: 200 });
    }
    const waiting = await request(t.http)
      .get(`/metrics/waiting?groupBy=ageBand&${MARCH}`)
      .set('Authorization', await as('auditor'));
    const rows = Object.fromEntries(waiting.body.rows.map((r: Record<string, unknown>) => [r.ageBand, r]));
    expect(rows['5-9']).toMatchObject({ total: 1, 'open-without-help': 1 });
    expect(rows.unknown).toMatchObject({ total: 3, 'open-without-help': 3 });
  });

  it('withholds every small cell from an analyst', async () => {
    const res = await request(t.http)
      .get(`/metrics/handovers?groupBy=sex&${MARCH}`)
      .set('Authorization', await as('analyst'));
    const rows = Object.fromEntries(res.body.rows.map((r: Record<string, unknown>) => [r.sex, r]));
    expect(rows['1']).toMatchObject({ '0': null, '1': null, handoversPerJourneyMean: null, suppressed: true });
    expect(res.body.suppression).toEqual({ threshold: 5, applied: true, secondary: true });
  });

  it('refuses a special-category breakdown to a recorder (403) and logs an analyst’s', async () => {
    const refused = await request(t.http).get(`/metrics/handovers?groupBy=ethnicity&${MARCH}`).set('Authorization', recorder);
    expect(refused.status).toBe(403);
    const analyst = await t.token('analyst', 'north-shire', 'analyst-eqia');
    const res = await request(t.http).get(`/metrics/handovers?groupBy=disability&${MARCH}`).set('Authorization', `Bearer ${analyst}`);
    expect(res.status).toBe(200);
    const log = await request(t.http)
      .get('/audit/access?userId=analyst-eqia')
      .set('Authorization', await as('auditor'));
    expect(log.body.entries ?? log.body).toEqual([expect.objectContaining({ route: 'GET /metrics/handovers', userId: 'analyst-eqia' })]);
  });

  it('refuses a characteristic on a measure without a breakdown, or beside another grouping (400 naming groupBy)', async () => {
    const auditor = await as('auditor');
    for (const path of [`/metrics/funnel?groupBy=sex`, `/metrics/handovers?groupBy=sex,team`, `/metrics/handovers?groupBy=sex&period=month`]) {
      const res = await request(t.http).get(path).set('Authorization', auditor);
      expect({ path, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ path, status: 400, fields: ['groupBy'] });
    }
  });

  it('prices the front door’s work under the council’s cost model: four contacts screened at the MASH and two handovers to CART, by hand', async () => {
    const res = await request(t.http)
      .get(`/metrics/cost?${MARCH}`)
      .set('Authorization', await as('auditor'));
    expect(res.status).toBe(200);
    // Default model: screening 1 h and handover 2 h, both £55 an hour at front-door teams.
    expect(res.body.rows.map((r: Record<string, unknown>) => [r.team, r.hours, r.cost])).toEqual([
      ['cart', 4, 220],
      ['mash', 4, 220],
      ['total', 8, 440],
    ]);
    expect(res.body.rows[2]).toMatchObject({ perHandover: { hours: 2, cost: 110 }, perJourney: { journeys: 4, hours: 2, cost: 110 } });
    const csv = await request(t.http)
      .get(`/metrics/cost?${MARCH}&format=csv`)
      .set('Authorization', await as('auditor'));
    // One tidy table: a row per team and figure, named as docs/definitions.md lists them.
    expect(csv.text.split('\n')[0]).toBe('Team,Team tier,Figure,Value,Withheld');
    expect(csv.text).toContain('total,,Staff cost per journey started (£),');
  });

  it('shows a designer the scenario’s hours and £ saved beside the handovers saved, and the same by group, and logs the read', async () => {
    const designer = await t.token('designer', 'north-shire', 'designer-eqia');
    const source = readFileSync('config/scenarios/one-front-door.yaml', 'utf8');
    expect((await request(t.http).post('/scenarios').set('Authorization', `Bearer ${designer}`).send({ source })).status).toBe(201);
    const run = await request(t.http).post('/scenarios/one-front-door/runs').set('Authorization', `Bearer ${designer}`).send({});
    expect(run.status).toBe(200);
    // MASH and CART merged: the two MASH → CART handovers go, 2 h at £55 each.
    expect(run.body.cost.saved).toEqual({ hours: 4, cost: 220, handovers: 2 });
    // Four journeys: every group is below the threshold of 5, so every group is withheld.
    expect(Object.keys(run.body.byGroup)).toEqual(['sex', 'ageBand', 'ethnicity', 'disability']);
    expect(run.body.byGroup.sex.every((g: { withheld: boolean }) => g.withheld)).toBe(true);
    const log = await request(t.http)
      .get('/audit/access?userId=designer-eqia')
      .set('Authorization', await as('auditor'));
    expect(log.body.entries ?? log.body).toEqual([expect.objectContaining({ route: 'POST /scenarios/:scenarioId/runs' })]);
  });

  it('records a change once under its command id, refuses an unknown team (400) and a second change of the same id (409)', async () => {
    const analyst = `Bearer ${await t.token('analyst')}`;
    const body = { commandId: randomUUID(), changeId: 'one-front-door', title: 'One front door', goLive: '2026-03-02', teams: ['mash', 'cart'] };
    const first = await request(t.http).post('/changes').set('Authorization', analyst).send(body);
    expect(first.status).toBe(201);
    expect((await request(t.http).post('/changes').set('Authorization', analyst).send(body)).body).toMatchObject({
      changeId: 'one-front-door',
      replayed: true,
    });
    const badTeam = await request(t.http)
      .post('/changes')
      .set('Authorization', analyst)
      .send({ ...body, commandId: randomUUID(), changeId: 'x', teams: ['nowhere'] });
    expect([badTeam.status, badTeam.body.errors?.[0]?.field]).toEqual([400, 'teams']);
    expect(
      (
        await request(t.http)
          .post('/changes')
          .set('Authorization', analyst)
          .send({ ...body, commandId: randomUUID() })
      ).status,
    ).toBe(409);
    expect((await request(t.http).get('/changes').set('Authorization', analyst)).body.changes).toHaveLength(1);
  });

  it('compares the windows before and after the go-live, with intervals and a note on the summer holidays', async () => {
    const res = await request(t.http)
      .get('/metrics/change-evaluation?changeId=one-front-door&months=6')
      .set('Authorization', await as('auditor'));
    expect(res.status).toBe(200);
    expect(res.body.windows).toEqual({ before: { from: '2025-09-02', to: '2026-03-02' }, after: { from: '2026-03-02', to: '2026-09-02' } });
    // All four journeys started on 2 March 2026, the go-live date: after it, two of them handed over once.
    expect(res.body.handoversPerJourney.mean.after).toMatchObject({ journeys: 4, value: 0.5 });
    expect(res.body.handoversPerJourney.mean.after.interval.lower).toBeLessThanOrEqual(0.5);
    expect(res.body.handoversPerJourney.mean.before).toMatchObject({ journeys: 0, value: null, interval: null });
    expect(res.body.notes).toEqual(expect.arrayContaining([expect.stringMatching(/window after the change crosses the school summer holidays of 2026/)]));
    expect(
      (
        await request(t.http)
          .get('/metrics/change-evaluation?changeId=nothing')
          .set('Authorization', await as('auditor'))
      ).status,
    ).toBe(404);
  });

  it('sets the scenario’s prediction beside what happened when the change names its scenario', async () => {
    const analyst = `Bearer ${await t.token('analyst')}`;
    const body = {
      commandId: randomUUID(),
      changeId: 'front-door-go-live',
      title: 'One front door',
      goLive: '2026-03-10',
      teams: ['mash', 'cart'],
      scenarioId: 'one-front-door',
    };
    expect((await request(t.http).post('/changes').set('Authorization', analyst).send(body)).status).toBe(201);
    const res = await request(t.http)
      .get('/metrics/change-evaluation?changeId=front-door-go-live')
      .set('Authorization', await as('designer'));
    // Before the go-live: four journeys, two MASH → CART handovers (0.5 per journey), all gone under one front door.
    expect(res.body.prediction).toMatchObject({ scenarioId: 'one-front-door', journeysBeforeGoLive: 4, handoversPerJourney: { today: 0.5, predicted: 0 } });
    const forAnalyst = await request(t.http).get('/metrics/change-evaluation?changeId=front-door-go-live').set('Authorization', analyst);
    expect(forAnalyst.body.prediction).toEqual({ scenarioId: 'one-front-door', withheld: true });
  });
});
