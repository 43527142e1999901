import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';

const at = (day: number, hour = 10) => new Date(Date.UTC(2026, 0, 5 + day, hour)).toISOString();

describe.each<StoreKind>(['embedded', 'postgres'])('lead practitioners over HTTP (%s store)', (kind) => {
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
  const types = async (j: string) => ((await get(`/journeys/${j}/events`)).body as { type: string }[]).map((e) => e.type);

  async function startJourney(day = 0) {
    const res = await post('/journeys', {
      commandId: randomUUID(),
      childRef: `child-${randomUUID().slice(0, 8)}`,
      source: '2A',
      channel: 'phone',
      team: 'mash',
      levelOfNeed: '3',
      occurredAt: at(day),
    });
    expect(res.status).toBe(201);
    return res.body.journeyId as string;
  }

  it('allocates, changes and unallocates the lead practitioner; a repeated command id writes nothing', async () => {
    const j = await startJourney();
    const first = { commandId: randomUUID(), practitionerRef: 'w-101', team: 'mash', role: 'social-worker', reason: 'first-allocation', occurredAt: at(1) };
    const allocated = await post(`/journeys/${j}/practitioner-allocations`, first);
    expect(allocated.status).toBe(201);
    const again = await post(`/journeys/${j}/practitioner-allocations`, first);
    expect(again.status).toBe(201);
    expect(again.body.replayed).toBe(true);
    const changed = await post(`/journeys/${j}/practitioner-allocations`, {
      commandId: randomUUID(),
      practitionerRef: 'w-202',
      team: 'mash',
      role: 'social-worker',
      reason: 'practitioner-left',
      occurredAt: at(2),
    });
    expect(changed.status).toBe(201);
    const off = await post(`/journeys/${j}/practitioner-unallocations`, {
      commandId: randomUUID(),
      practitionerRef: 'w-202',
      reason: 'awaiting-reallocation',
      occurredAt: at(3),
    });
    expect(off.status).toBe(201);
    const events = (await get(`/journeys/${j}/events`)).body as { type: string; data: Record<string, unknown> }[];
    expect(events.slice(1).map((e) => [e.type, e.data])).toEqual([
      ['PractitionerAllocated', { practitionerRef: 'w-101', team: 'mash', role: 'social-worker', reason: 'first-allocation' }],
      ['PractitionerAllocated', { practitionerRef: 'w-202', team: 'mash', role: 'social-worker', reason: 'practitioner-left' }],
      ['PractitionerUnallocated', { practitionerRef: 'w-202', reason: 'awaiting-reallocation' }],
    ]);
  });

  it('GET /metrics/practitioners counts the changes; analysts see small counts withheld; grouped by period, team and tier, not by outcome', async () => {
    // The only journey of this file that starts on day 30 (4 February 2026): w-7, then w-8 = one change.
    const j = await startJourney(30);
    for (const [ref, day] of [
      ['w-7', 31],
      ['w-8', 32],
    ] as const) {
      const res = await post(`/journeys/${j}/practitioner-allocations`, {
        commandId: randomUUID(),
        practitionerRef: ref,
        team: 'mash',
        role: 'social-worker',
        reason: 'caseload',
        occurredAt: at(day),
      });
      expect(res.status).toBe(201);
    }
    const designer = await t.token('designer');
    const res = await get('/metrics/practitioners?from=2026-02-04&to=2026-02-05', designer);
    expect(res.status).toBe(200);
    expect(res.body.rows[0]).toMatchObject({
      journeys: 1,
      journeysWithLeadPractitioner: 1,
      changesOfLeadPractitioner: { changes: 1, mean: 1, median: 1, histogram: { '0': 0, '1': 1, '2': 0, '3': 0, '4': 0, '5+': 0 } },
      suppressed: false,
    });
    expect(res.body.definitions.changesOfLeadPractitioner).toMatch(/first allocation is not a change/);
    const forAnalyst = await get('/metrics/practitioners?from=2026-02-04&to=2026-02-05', analyst);
    expect(forAnalyst.status).toBe(200);
    expect(forAnalyst.body.rows[0]).toMatchObject({ journeys: null, changesOfLeadPractitioner: { changes: null, mean: null }, suppressed: true });
    const grouped = await get('/metrics/practitioners?from=2026-02-04&to=2026-02-05&period=day&groupBy=team,tier', designer);
    expect(grouped.status).toBe(200);
    expect(grouped.body.rows).toMatchObject([{ period: '2026-02-04', team: 'mash', tier: 'front-door', journeys: 1, journeysWithLeadPractitioner: 1 }]);
    const byOutcome = await get('/metrics/practitioners?groupBy=outcome', designer);
    expect(byOutcome.status).toBe(400);
    expect((await request(t.http).get('/metrics/practitioners')).status).toBe(401);
  });

  describe('bad input: a clear 4xx and nothing written', () => {
    it('an unknown practitioner role → 400 naming role', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/practitioner-allocations`, {
        commandId: randomUUID(),
        practitionerRef: 'w-1',
        team: 'mash',
        role: 'key-person',
        reason: 'first-allocation',
        occurredAt: at(1),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['role']);
      expect(await types(j)).toEqual(['ContactReceived']);
    });

    it('a practitioner named instead of a reference, and a free-text reason → 400 naming both', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/practitioner-allocations`, {
        commandId: randomUUID(),
        practitionerRef: 'Jane Smith',
        team: 'mash',
        role: 'social-worker',
        reason: 'she asked',
        occurredAt: at(1),
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['practitionerRef', 'reason']);
      expect(await types(j)).toEqual(['ContactReceived']);
    });

    it('a team not in the map → 400 UnknownTeam', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/practitioner-allocations`, {
        commandId: randomUUID(),
        practitionerRef: 'w-1',
        team: 'atlantis',
        role: 'social-worker',
        reason: 'first-allocation',
        occurredAt: at(1),
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'UnknownTeam', errors: [{ field: 'team' }] });
      expect(await types(j)).toEqual(['ContactReceived']);
    });

    it('unallocating when nobody is allocated → 422', async () => {
      const j = await startJourney();
      const res = await post(`/journeys/${j}/practitioner-unallocations`, { commandId: randomUUID(), reason: 'other', occurredAt: at(1) });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('NoPractitionerAllocated');
      expect(await types(j)).toEqual(['ContactReceived']);
    });

    it('allocating the lead practitioner again → 422', async () => {
      const j = await startJourney();
      const body = { practitionerRef: 'w-1', team: 'mash', role: 'social-worker', reason: 'first-allocation', occurredAt: at(1) };
      expect((await post(`/journeys/${j}/practitioner-allocations`, { commandId: randomUUID(), ...body })).status).toBe(201);
      const res = await post(`/journeys/${j}/practitioner-allocations`, { commandId: randomUUID(), ...body });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PractitionerAlreadyAllocated');
      expect(await types(j)).toEqual(['ContactReceived', 'PractitionerAllocated']);
    });

    it('an unknown journey → 404; an analyst may not record → 403', async () => {
      const body = { commandId: randomUUID(), practitionerRef: 'w-1', team: 'mash', role: 'social-worker', reason: 'first-allocation' };
      expect((await post(`/journeys/${randomUUID()}/practitioner-allocations`, body)).status).toBe(404);
      const j = await startJourney();
      expect((await post(`/journeys/${j}/practitioner-allocations`, body, analyst)).status).toBe(403);
      expect((await post(`/journeys/${j}/practitioner-unallocations`, { commandId: randomUUID(), reason: 'other' }, analyst)).status).toBe(403);
      expect(await types(j)).toEqual(['ContactReceived']);
    });
  });
});
