import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 1, 2 + day, hour)).toISOString();

describe.each<StoreKind>(['embedded', 'postgres'])('families over HTTP (%s store)', (kind) => {
  let t: TestApp;
  let recorder: string;
  let designer: string;
  let analyst: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    recorder = await t.token('recorder');
    designer = await t.token('designer');
    analyst = await t.token('analyst');
    auditor = await t.token('auditor');
  });
  afterAll(async () => t.close());

  const post = (path: string, body: object, token = recorder) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = designer) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const types = async (j: string) => ((await get(`/journeys/${j}/events`, recorder)).body as { type: string }[]).map((e) => e.type);

  async function startJourney(child: string, day: number) {
    const res = await post('/journeys', {
      commandId: randomUUID(),
      childRef: child,
      source: '2A',
      channel: 'phone',
      team: 'mash',
      levelOfNeed: '3',
      occurredAt: at(day),
    });
    expect(res.status).toBe(201);
    return res.body.journeyId as string;
  }

  it('groups two siblings’ journeys under one family and shows them side by side, each read access-logged', async () => {
    const familyRef = `fam-${randomUUID().slice(0, 8)}`;
    const a = await startJourney('sib-a', 0);
    const b = await startJourney('sib-b', 1);
    expect((await post(`/journeys/${a}/family-memberships`, { commandId: randomUUID(), familyRef, occurredAt: at(0) })).status).toBe(201);
    expect((await post(`/journeys/${b}/family-memberships`, { commandId: randomUUID(), familyRef, occurredAt: at(1) })).status).toBe(201);
    const res = await get(`/families/${familyRef}`);
    expect(res.status).toBe(200);
    expect(
      res.body.journeys.map((j: { journeyId: string; childRef: string; teams: { team: string }[] }) => [j.journeyId, j.childRef, j.teams.map((x) => x.team)]),
    ).toEqual([
      [a, 'sib-a', ['mash']],
      [b, 'sib-b', ['mash']],
    ]);
    const log = await get(`/audit/access?journeyId=${a}`, auditor);
    expect(log.body.entries.map((e: { route: string }) => e.route)).toContain('GET /families/:familyRef');
    // Both journeys were open at once, at the same team: one family, two journeys at once, one team met.
    const metrics = await get('/metrics/families?from=2026-02-02&to=2026-02-04');
    expect(metrics.status).toBe(200);
    expect(metrics.body.rows[0]).toMatchObject({ families: 1, journeysOpenAtOnce: { mean: 2, familiesWithMoreThanOne: 1 }, teamsMet: { mean: 1 } });
    // By tier and by day: the MASH is the front door; each day measured on its own.
    const byTier = await get('/metrics/families?from=2026-02-02&to=2026-02-04&groupBy=tier&tier=front-door');
    expect(byTier.status).toBe(200);
    expect(byTier.body.rows).toMatchObject([{ tier: 'front-door', families: 1, journeysOpenAtOnce: { mean: 2 } }]);
    const byDay = await get('/metrics/families?from=2026-02-02&to=2026-02-04&period=day');
    expect(byDay.body.rows.map((r: { period: string; families: number }) => [r.period, r.families])).toEqual([
      ['2026-02-02', 1],
      ['2026-02-03', 1],
    ]);
    const csv = await get('/metrics/families?from=2026-02-02&to=2026-02-04&groupBy=team').set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('mash');
    const bad = await get('/metrics/families?groupBy=source');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('source');
    const left = await post(`/journeys/${b}/family-membership-ends`, { commandId: randomUUID(), familyRef, occurredAt: at(2) });
    expect(left.status).toBe(201);
  });

  it('shows the family as it was recorded at an earlier time: an allocation withdrawn since is still there', async () => {
    const familyRef = `fam-${randomUUID().slice(0, 8)}`;
    const j = await startJourney('child-k', 70);
    expect((await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef, occurredAt: at(70) })).status).toBe(201);
    const allocation = {
      commandId: randomUUID(),
      practitionerRef: 'w-k',
      team: 'mash',
      role: 'social-worker',
      reason: 'first-allocation',
      occurredAt: at(70, 11),
    };
    expect((await post(`/journeys/${j}/practitioner-allocations`, allocation)).status).toBe(201);
    const allocated = ((await get(`/journeys/${j}/events`, recorder)).body as { type: string; eventId: string; recordedAt: string }[]).find(
      (e) => e.type === 'PractitionerAllocated',
    )!;
    await new Promise((r) => setTimeout(r, 20));
    const beforeWithdrawal = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const withdrawn = await post(`/journeys/${j}/withdrawals`, {
      commandId: randomUUID(),
      eventId: allocated.eventId,
      reason: 'wrong-journey',
      occurredAt: at(71),
    });
    expect(withdrawn.status).toBe(201);
    const workers = (body: { journeys: { practitioners: { practitionerRef: string }[] }[] }) =>
      body.journeys.flatMap((x) => x.practitioners.map((p) => p.practitionerRef));
    expect(workers((await get(`/families/${familyRef}`)).body)).toEqual([]);
    const then = await get(`/families/${familyRef}?asKnownAt=${encodeURIComponent(beforeWithdrawal)}`);
    expect(then.status).toBe(200);
    expect(workers(then.body)).toEqual(['w-k']);
    // Before the child's membership was recorded the family had no journey yet.
    const early = await get(`/families/${familyRef}?asKnownAt=${encodeURIComponent(at(0))}`);
    expect(early.body).toEqual({ familyRef, journeys: [] });
    const bad = await get(`/families/${familyRef}?asKnownAt=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['asKnownAt']);
  });

  it('roles: analysts get aggregates only; a family of another council is not found', async () => {
    const familyRef = `fam-${randomUUID().slice(0, 8)}`;
    const j = await startJourney('child-x', 10);
    expect((await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef, occurredAt: at(10) })).status).toBe(201);
    expect((await get(`/families/${familyRef}`, analyst)).status).toBe(403);
    expect((await get(`/families/${familyRef}`, recorder)).status).toBe(403);
    expect((await get(`/families/${familyRef}`, await t.token('designer', 'south-vale'))).status).toBe(404);
    expect((await get('/families/fam-nobody')).status).toBe(404);
    expect((await get('/families/Smith%20family')).status).toBe(400);
    expect((await request(t.http).get(`/families/${familyRef}`)).status).toBe(401);
    const forAnalyst = await get('/metrics/families?from=2026-02-12&to=2026-02-13', analyst);
    expect(forAnalyst.status).toBe(200);
    expect(forAnalyst.body.rows[0]).toMatchObject({ families: null, suppressed: true });
  });

  it('records a family group conference offered, accepted and held, and GET /metrics/fgdm measures it', async () => {
    const j = await startJourney('child-f', 40);
    for (const [step, day] of [
      ['offered', 41],
      ['accepted', 42],
      ['held', 45],
    ] as const) {
      const res = await post(`/journeys/${j}/family-group-conferences`, {
        commandId: randomUUID(),
        conferenceId: 'fgc-1',
        step,
        team: 'children-in-need',
        occurredAt: at(day),
      });
      expect(res.status).toBe(201);
    }
    const referral = await post(`/journeys/${j}/referrals`, { commandId: randomUUID(), source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at(46) });
    expect(referral.status).toBe(201);
    // The only referral on 20 March 2026 in this file; its conference came before it, so no days from referral are counted.
    const res = await get('/metrics/fgdm?from=2026-03-20&to=2026-03-21');
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({
      referrals: 1,
      offerRate: { numerator: 1, denominator: 1, rate: 1 },
      takeUpRate: { numerator: 1, denominator: 1 },
      daysReferralToConference: { referrals: 0 },
    });
    const grouped = await get('/metrics/fgdm?from=2026-03-20&to=2026-03-21&groupBy=team,source&tier=front-door');
    expect(grouped.status).toBe(200);
    expect(grouped.body.rows).toMatchObject([{ team: 'mash', source: '2A', referrals: 1 }]);
    expect((await get('/metrics/fgdm?groupBy=levelOfNeed')).status).toBe(400);
  });

  it('records pre-proceedings from start to the step decision, once per command id', async () => {
    const j = await startJourney('child-pp', 50);
    const steps = [
      { step: 'started', day: 51 },
      { step: 'letter-sent', day: 52 },
      { step: 'meeting-held', day: 55 },
      { step: 'decided', day: 60, outcome: 'step-down-family-help' },
    ];
    for (const { day, ...s } of steps) {
      const body = { commandId: randomUUID(), preProceedingsId: 'pp-1', team: 'children-in-need', occurredAt: at(day), ...s };
      expect((await post(`/journeys/${j}/pre-proceedings`, body)).status).toBe(201);
      const retry = await post(`/journeys/${j}/pre-proceedings`, body);
      expect(retry.status).toBeLessThan(300);
    }
    const events = (await get(`/journeys/${j}/events`, recorder)).body as { type: string; data: { step?: string; outcome?: string } }[];
    expect(events.filter((e) => e.type === 'PreProceedingsRecorded').map((e) => [e.data.step, e.data.outcome])).toEqual([
      ['started', undefined],
      ['letter-sent', undefined],
      ['meeting-held', undefined],
      ['decided', 'step-down-family-help'],
    ]);
    // The only pre-proceedings started from 20 March 2026 in this file: started day 51, decided day 60.
    const res = await get('/metrics/pre-proceedings?from=2026-03-20&to=2026-04-01');
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({
      started: 1,
      letterBeforeProceedingsSent: 1,
      meetingsHeld: 1,
      outcomes: { 'step-down-family-help': 1, 'care-proceedings-issued': 0 },
      daysStartToStepDecision: { episodes: 1, mean: 9 },
    });
    const byTeam = await get('/metrics/pre-proceedings?from=2026-03-20&to=2026-04-01&groupBy=team');
    expect(byTeam.status).toBe(200);
    expect(byTeam.body.rows).toMatchObject([{ team: 'children-in-need', started: 1 }]);
    expect((await get('/metrics/pre-proceedings?groupBy=source')).status).toBe(400);
  });

  it('a designer runs a scenario that gives each family one lead practitioner and sees the change in practitioner changes beside handovers', async () => {
    // South Vale, whose log holds only these two siblings in this file.
    const svRecorder = await t.token('recorder', 'south-vale');
    const svDesigner = await t.token('designer', 'south-vale');
    const familyRef = `fam-${randomUUID().slice(0, 8)}`;
    const step = async (j: string, path: string, body: object) => {
      const res = await post(`/journeys/${j}/${path}`, { commandId: randomUUID(), ...body }, svRecorder);
      expect({ path, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ path, status: 201, body: undefined });
    };
    const sibling = async (child: string, day: number, workers: readonly string[]) => {
      const res = await post(
        '/journeys',
        { commandId: randomUUID(), childRef: child, source: '2A', channel: 'phone', team: 'front-door', levelOfNeed: '3', occurredAt: at(day) },
        svRecorder,
      );
      expect(res.status).toBe(201);
      const j = res.body.journeyId as string;
      await step(j, 'family-memberships', { familyRef, occurredAt: at(day) });
      await step(j, 'practitioner-allocations', {
        practitionerRef: workers[0],
        team: 'front-door',
        role: 'social-worker',
        reason: 'first-allocation',
        occurredAt: at(day, 11),
      });
      await step(j, 'step-downs', { fromTeam: 'front-door', toTeam: 'family-help', reason: 'early-help', occurredAt: at(day + 1) });
      for (const [i, w] of workers.slice(1).entries()) {
        if (i > 0) await step(j, 'practitioner-unallocations', { practitionerRef: workers[i], reason: 'practitioner-absence', occurredAt: at(day + 1 + i, 9) });
        await step(j, 'practitioner-allocations', {
          practitionerRef: w,
          team: 'family-help',
          role: 'family-help-lead-practitioner',
          reason: 'other',
          occurredAt: at(day + 1 + i, 11),
        });
      }
      return j;
    };
    // Today: sibling A meets w-1 then w-2 (1 change); sibling B w-3, w-4, and w-5 covering an absence (2 changes): 5 workers for the family.
    await sibling('sv-sib-a', 60, ['sv-w-1', 'sv-w-2']);
    await sibling('sv-sib-b', 61, ['sv-w-3', 'sv-w-4', 'sv-w-5']);
    const source = `format: journey-ledger/scenario@1\nid: one-per-family\ntitle: One lead practitioner per family\nleadPractitioner: one-per-family\n`;
    expect((await post('/scenarios', { source }, svDesigner)).status).toBe(201);
    const run = await post('/scenarios/one-per-family/runs', {}, svDesigner);
    expect(run.status).toBe(200);
    const measure = (list: { measure: string }[], m: string) => list.find((x) => x.measure === m);
    // Under the rule both siblings have w-1 at the front door and w-2 in Family Help: 1 change each, 2 workers for the family.
    expect(measure(run.body.measures, 'practitionerChanges')).toMatchObject({ today: { total: 3 }, scenario: { total: 2 }, difference: { total: -1 } });
    expect(measure(run.body.measures, 'handovers')).toMatchObject({ today: { total: 2 }, scenario: { total: 2 } });
    expect(run.body.families).toMatchObject({ families: 1, memberJourneys: 2, familiesWith: { fewerPractitioners: 1 } });
    expect(measure(run.body.families.measures, 'practitionersMet')).toMatchObject({ today: { total: 5 }, scenario: { total: 2 }, difference: { total: -3 } });
    expect(measure(run.body.families.measures, 'teamsMet')).toMatchObject({ today: { total: 2 }, scenario: { total: 2 } });
    // An unknown rule is refused naming the field.
    const bad = await post('/scenarios', { source: source.replace('leadPractitioner: one-per-family', 'leadPractitioner: one-per-household') }, svDesigner);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['leadPractitioner']);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    it('a pre-proceedings meeting before pre-proceedings started → 422; an unknown outcome → 400; a decision without an outcome → 400', async () => {
      const j = await startJourney('child-pq', 30);
      const base = { preProceedingsId: 'pp-9', team: 'children-in-need', occurredAt: at(31) };
      const early = await post(`/journeys/${j}/pre-proceedings`, { commandId: randomUUID(), ...base, step: 'meeting-held' });
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('PreProceedingsStepOutOfOrder');
      const unknown = await post(`/journeys/${j}/pre-proceedings`, { commandId: randomUUID(), ...base, step: 'decided', outcome: 'adopted' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['outcome']);
      const started = await post(`/journeys/${j}/pre-proceedings`, { commandId: randomUUID(), ...base, step: 'started' });
      expect(started.status).toBe(201);
      const bare = await post(`/journeys/${j}/pre-proceedings`, { commandId: randomUUID(), ...base, step: 'decided' });
      expect(bare.status).toBe(400);
      expect(JSON.stringify(bare.body)).toContain('outcome');
      expect((await post(`/journeys/${j}/pre-proceedings`, { commandId: randomUUID(), ...base, step: 'decided', outcome: 'other' }, analyst)).status).toBe(403);
      expect(await types(j)).toEqual(['ContactReceived', 'PreProceedingsRecorded']);
    });

    it('a family group conference held before it was offered → 422; an unknown step → 400', async () => {
      const j = await startJourney('child-g', 30);
      const held = await post(`/journeys/${j}/family-group-conferences`, {
        commandId: randomUUID(),
        conferenceId: 'fgc-9',
        step: 'held',
        team: 'children-in-need',
        occurredAt: at(31),
      });
      expect(held.status).toBe(422);
      expect(held.body.code).toBe('ConferenceStepOutOfOrder');
      const unknown = await post(`/journeys/${j}/family-group-conferences`, {
        commandId: randomUUID(),
        conferenceId: 'fgc-9',
        step: 'postponed',
        team: 'children-in-need',
        occurredAt: at(31),
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['step']);
      expect(await types(j)).toEqual(['ContactReceived']);
    });

    it('a family membership that overlaps itself → 422', async () => {
      const j = await startJourney('child-o', 20);
      expect((await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef: 'fam-o', occurredAt: at(20) })).status).toBe(201);
      const res = await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef: 'fam-o', occurredAt: at(21) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('FamilyMembershipOverlaps');
      expect(await types(j)).toEqual(['ContactReceived', 'FamilyMembershipStarted']);
    });

    it('leaving a family the child is not in → 422; a family named by surname → 400; an analyst may not record → 403', async () => {
      const j = await startJourney('child-p', 22);
      const leave = await post(`/journeys/${j}/family-membership-ends`, { commandId: randomUUID(), familyRef: 'fam-p', occurredAt: at(22) });
      expect(leave.status).toBe(422);
      expect(leave.body.code).toBe('NotAFamilyMember');
      const named = await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef: 'The Smiths', occurredAt: at(22) });
      expect(named.status).toBe(400);
      expect(named.body.errors.map((e: { field: string }) => e.field)).toEqual(['familyRef']);
      expect((await post(`/journeys/${j}/family-memberships`, { commandId: randomUUID(), familyRef: 'fam-p' }, analyst)).status).toBe(403);
      expect((await post(`/journeys/${randomUUID()}/family-memberships`, { commandId: randomUUID(), familyRef: 'fam-p' })).status).toBe(404);
      expect(await types(j)).toEqual(['ContactReceived']);
    });
  });
});
