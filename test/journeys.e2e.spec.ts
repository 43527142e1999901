import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

const at = (day: number, hour = 10) => new Date(Date.UTC(2025, 3, 1 + day, hour)).toISOString();

describe.each<StoreKind>(['embedded', 'postgres'])('journeys over HTTP (%s store)', (kind) => {
  let t: TestApp;
  let recorder: string;
  let analyst: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    recorder = await t.token('recorder');
    analyst = await t.token('analyst');
  });
  afterAll(async () => t.close());

  const post = (path: string, body: object, token = recorder) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = recorder) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);

  async function startJourney(child = `child-${randomUUID().slice(0, 8)}`, team = 'customer-access') {
    const res = await post('/journeys', {
      commandId: randomUUID(),
      childRef: child,
      source: '2A',
      channel: 'phone',
      team,
      levelOfNeed: '3',
      occurredAt: at(0),
    });
    expect(res.status).toBe(201);
    return res.body.journeyId as string;
  }

  it('records a journey through every command, and the read models count its handovers and NFA', async () => {
    const j = await startJourney();
    const steps: [string, object][] = [
      [
        `/journeys/${j}/contacts`,
        { childRef: (await get(`/journeys/${j}`)).body.childRef, source: '3A', channel: 'email', team: 'mash', levelOfNeed: '3', occurredAt: at(0, 11) },
      ],
      [`/journeys/${j}/contact-decisions`, { outcome: 'referral', team: 'customer-access', occurredAt: at(0, 12) }],
      [`/journeys/${j}/contact-decisions`, { outcome: 'referral', team: 'mash', occurredAt: at(0, 12) }],
      [`/journeys/${j}/handovers`, { fromTeam: 'customer-access', toTeam: 'mash', reason: 'threshold-decision', occurredAt: at(1) }],
      [`/journeys/${j}/referrals`, { source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at(1, 12) }],
      [`/journeys/${j}/handovers`, { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for-assessment', occurredAt: at(2) }],
      [`/journeys/${j}/assessments`, { assessmentId: 'a-1', kind: 'single', team: 'assessment-north', occurredAt: at(3) }],
      [`/journeys/${j}/assessment-completions`, { outcome: 'early-help', factors: ['21'], occurredAt: at(20) }],
      [`/journeys/${j}/step-downs`, { fromTeam: 'assessment-north', toTeam: 'early-help-north', reason: 'early-help', occurredAt: at(21) }],
      [`/journeys/${j}/plans`, { planId: 'p-1', kind: 'early-help', team: 'early-help-north', occurredAt: at(22) }],
      [`/journeys/${j}/step-ups`, { fromTeam: 'early-help-north', toTeam: 'mash', reason: 'escalation', occurredAt: at(40) }],
      [`/journeys/${j}/plans/p-1/end`, { reason: 'stepped-up', occurredAt: at(41) }],
      [`/journeys/${j}/closure`, { reason: 'RC7', occurredAt: at(60) }],
    ];
    for (const [path, body] of steps) {
      const res = await post(path, { commandId: randomUUID(), ...body });
      expect({ path, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ path, status: 201, body: undefined });
    }
    const journey = await get(`/journeys/${j}`);
    expect(journey.status).toBe(200);
    expect(journey.body).toMatchObject({
      status: 'closed',
      holder: 'mash',
      handovers: 4,
      handoversBeforeHelp: 2,
      teamsTouched: ['customer-access', 'mash', 'assessment-north', 'early-help-north'],
      closureReason: 'RC7',
      nfa: { contact: false, referral: false, assessedNotInNeed: true },
    });
    const events = await get(`/journeys/${j}/events`);
    expect(events.body.map((e: { type: string }) => e.type)).toEqual([
      'ContactReceived',
      'ContactReceived',
      'ContactDecided',
      'ContactDecided',
      'CaseHandedOver',
      'ReferralAccepted',
      'CaseHandedOver',
      'AssessmentStarted',
      'AssessmentCompleted',
      'SteppedDown',
      'PlanStarted',
      'SteppedUp',
      'PlanEnded',
      'JourneyClosed',
    ]);
    expect(events.body[0].metadata).toMatchObject({ actor: { userId: 'test-recorder', role: 'recorder' }, tenantId: 'north-shire', journeyId: j });

    const withdrawn = await post(`/journeys/${j}/withdrawals`, { commandId: randomUUID(), eventId: events.body[13].eventId, reason: 'recorded-in-error' });
    expect(withdrawn.status).toBe(201);
    expect((await get(`/journeys/${j}`)).body.status).toBe('open');
  });

  it('reports two handovers of a new journey in GET /metrics/handovers', async () => {
    // An auditor sees unsuppressed counts (analysts get small numbers suppressed).
    const auditor = await t.token('auditor');
    const before = (await get('/metrics/handovers', auditor)).body;
    const j = await startJourney();
    await post(`/journeys/${j}/handovers`, { commandId: randomUUID(), fromTeam: 'customer-access', toTeam: 'mash', reason: 'transfer', occurredAt: at(1) });
    await post(`/journeys/${j}/handovers`, { commandId: randomUUID(), fromTeam: 'mash', toTeam: 'cart', reason: 'transfer', occurredAt: at(2) });
    const after = (await get('/metrics/handovers', auditor)).body;
    expect(after.journeys).toBe(before.journeys + 1);
    expect(after.handovers).toBe(before.handovers + 2);
    expect(after.distribution['2']).toBe(before.distribution['2'] + 1);
    const nfa = await get('/metrics/nfa-rates?from=2025-01-01&to=2026-01-01', analyst);
    expect(nfa.status).toBe(200);
    expect(nfa.body.referral).toHaveProperty('denominator');
  });

  it('is idempotent under the client’s command id: a retry returns the first result and writes nothing', async () => {
    const commandId = randomUUID();
    const body = { commandId, childRef: 'child-idem', source: '6', channel: 'phone', team: 'mash', levelOfNeed: '3', occurredAt: at(0) };
    const first = await post('/journeys', body);
    const again = await post('/journeys', body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect((await get(`/journeys/${first.body.journeyId}/events`)).body).toHaveLength(1);
  });

  it('refuses a stale expectedRevision with 409 and writes nothing', async () => {
    const j = await startJourney();
    const ok = await post(`/journeys/${j}/handovers`, {
      commandId: randomUUID(),
      expectedRevision: 0,
      fromTeam: 'customer-access',
      toTeam: 'mash',
      reason: 'transfer',
      occurredAt: at(1),
    });
    expect(ok.status).toBe(201);
    const stale = await post(`/journeys/${j}/handovers`, {
      commandId: randomUUID(),
      expectedRevision: 0,
      fromTeam: 'mash',
      toTeam: 'cart',
      reason: 'transfer',
      occurredAt: at(2),
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('ConcurrencyConflict');
    expect((await get(`/journeys/${j}/events`)).body).toHaveLength(2);
  });

  it('never interleaves concurrent writers on one journey: each handover sees the one before', async () => {
    const j = await startJourney();
    const teams = ['mash', 'cart', 'mash', 'cart', 'mash', 'cart'];
    // All race from the same holder; the decider on the fresh state admits only valid chains.
    const results = await Promise.all(
      teams.map((to, i) =>
        post(`/journeys/${j}/handovers`, {
          commandId: randomUUID(),
          fromTeam: i === 0 ? 'customer-access' : teams[i - 1],
          toTeam: to,
          reason: 'transfer',
          occurredAt: at(1),
        }),
      ),
    );
    expect(results.every((r) => [201, 409, 422].includes(r.status))).toBe(true);
    const events = (await get(`/journeys/${j}/events`)).body as { type: string; data: { fromTeam: string; toTeam: string } }[];
    const handovers = events.filter((e) => e.type === 'CaseHandedOver');
    handovers.forEach((h, i) => expect(h.data.fromTeam).toBe(i === 0 ? 'customer-access' : handovers[i - 1].data.toTeam));
    expect(events.map((_, i) => i)).toEqual(events.map((e) => (e as unknown as { revision: number }).revision));
  });

  describe('bad input gets a typed 4xx and writes nothing', () => {
    const count = async (j: string) => ((await get(`/journeys/${j}/events`)).body as unknown[]).length;

    it('malformed JSON → 400', async () => {
      const res = await request(t.http)
        .post('/journeys')
        .set('Authorization', `Bearer ${recorder}`)
        .set('Content-Type', 'application/json')
        .send('{"commandId": ');
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/JSON/);
    });

    it('unknown fields and wrong enum values → 400 naming each field', async () => {
      const res = await post('/journeys', {
        commandId: randomUUID(),
        childRef: 'c',
        source: 'ZZ',
        channel: 'pigeon',
        team: 'mash',
        levelOfNeed: '3',
        childName: 'Jane',
      });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['channel', 'childName', 'source']);
    });

    it('missing command id → 400', async () => {
      const res = await post('/journeys', { childRef: 'c', source: '6', channel: 'phone', team: 'mash', levelOfNeed: '3' });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('commandId');
    });

    it('a team not in the council’s map → 400 on that field', async () => {
      const res = await post('/journeys', { commandId: randomUUID(), childRef: 'c', source: '6', channel: 'phone', team: 'atlantis', levelOfNeed: '3' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'UnknownTeam', errors: [{ field: 'team' }] });
    });

    it('an unknown journey → 404', async () => {
      const missing = randomUUID();
      expect((await post(`/journeys/${missing}/handovers`, { commandId: randomUUID(), fromTeam: 'mash', toTeam: 'cart', reason: 'transfer' })).status).toBe(
        404,
      );
      expect((await get(`/journeys/${missing}`)).status).toBe(404);
      expect((await get(`/journeys/${missing}/events`)).status).toBe(404);
      expect((await get('/journeys/not-a-uuid')).status).toBe(400);
      const further = await post(`/journeys/${missing}/contacts`, {
        commandId: randomUUID(),
        childRef: 'c',
        source: '6',
        channel: 'phone',
        team: 'mash',
        levelOfNeed: '3',
      });
      expect(further.status).toBe(404);
    });

    it('a handover from a team that does not hold the case → 422, nothing written', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/handovers`, { commandId: randomUUID(), fromTeam: 'mash', toTeam: 'cart', reason: 'transfer', occurredAt: at(1) });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'NotTheHolder', errors: [{ field: 'fromTeam' }] });
      expect(await count(j)).toBe(1);
    });

    it('a command that breaks an invariant → 422, nothing written', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/assessment-completions`, { commandId: randomUUID(), outcome: 'nfa', occurredAt: at(1) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('NoOpenAssessment');
      const future = await post(`/journeys/${j}/handovers`, {
        commandId: randomUUID(),
        fromTeam: 'customer-access',
        toTeam: 'mash',
        reason: 'transfer',
        occurredAt: '2999-01-01T00:00:00Z',
      });
      expect(future.status).toBe(400);
      expect(future.body.code).toBe('OccurredInFuture');
      expect(await count(j)).toBe(1);
    });

    it('a command id reused for another journey → 409', async () => {
      const commandId = randomUUID();
      const a = await startJourney();
      const b = await startJourney();
      expect(
        (await post(`/journeys/${a}/handovers`, { commandId, fromTeam: 'customer-access', toTeam: 'mash', reason: 'transfer', occurredAt: at(1) })).status,
      ).toBe(201);
      const reused = await post(`/journeys/${b}/handovers`, { commandId, fromTeam: 'customer-access', toTeam: 'mash', reason: 'transfer', occurredAt: at(1) });
      expect(reused.status).toBe(409);
      expect(await count(b)).toBe(1);
    });

    it('no token → 401; wrong role → 403', async () => {
      expect((await request(t.http).get('/metrics/handovers')).status).toBe(401);
      expect((await post('/journeys', { commandId: randomUUID() }, analyst)).status).toBe(403);
    });
  });

  it('serves health without a token, with each projection’s lag', async () => {
    const res = await request(t.http).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.store).toBe(kind);
    expect(res.body.projections[0]).toHaveProperty('lag');
  });

  it('serves the OpenAPI document at /docs', async () => {
    const res = await request(t.http).get('/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/journeys', '/journeys/{journeyId}/handovers', '/metrics/nfa-rates']));
  });
});
