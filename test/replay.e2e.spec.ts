import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, StoreKind, TestApp } from './support/test-app';
import { ONE_FRONT_DOOR } from '@journey-ledger/replay/testing';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each<StoreKind>(['embedded', 'postgres'])('service designers’ replay over HTTP (%s store)', (kind) => {
  let t: TestApp;
  let recorder: string;
  let designer: string;
  let analyst: string;
  let fullJourney: string;
  let correctedJourney: string;
  let beforeCorrection: string;

  const post = (path: string, body: object, token = recorder) => request(t.http).post(path).set('Authorization', `Bearer ${token}`).send(body);
  const get = (path: string, token = designer) => request(t.http).get(path).set('Authorization', `Bearer ${token}`);
  const record = async (path: string, body: object) => {
    const res = await post(path, { commandId: randomUUID(), ...body });
    expect({ path, status: res.status, body: res.status === 201 ? undefined : res.body }).toEqual({ path, status: 201, body: undefined });
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    [recorder, designer, analyst] = await Promise.all([t.token('recorder'), t.token('designer'), t.token('analyst')]);

    // Given a journey through three front-door teams to an assessment (3 handovers, all before help) …
    fullJourney = (
      await record('/journeys', {
        childRef: 'child-e2e-1',
        source: '2A',
        channel: 'phone',
        team: 'customer-access',
        levelOfNeed: '3',
        occurredAt: '2025-03-07T16:00:00.000Z',
      })
    ).journeyId;
    await record(`/journeys/${fullJourney}/contact-decisions`, { outcome: 'referral', team: 'customer-access', occurredAt: '2025-03-10T10:00:00.000Z' });
    await record(`/journeys/${fullJourney}/handovers`, {
      fromTeam: 'customer-access',
      toTeam: 'mash',
      reason: 'threshold-decision',
      occurredAt: '2025-03-10T11:00:00.000Z',
    });
    await record(`/journeys/${fullJourney}/handovers`, {
      fromTeam: 'mash',
      toTeam: 'cart',
      reason: 'referral-accepted',
      occurredAt: '2025-03-11T09:00:00.000Z',
    });
    await record(`/journeys/${fullJourney}/referrals`, { source: '2A', primaryNeedCode: 'N1', team: 'cart', occurredAt: '2025-03-12T09:00:00.000Z' });
    await record(`/journeys/${fullJourney}/handovers`, {
      fromTeam: 'cart',
      toTeam: 'assessment-north',
      reason: 'for-assessment',
      occurredAt: '2025-03-13T09:00:00.000Z',
    });
    await record(`/journeys/${fullJourney}/assessments`, {
      assessmentId: 'a-1',
      kind: 'single',
      team: 'assessment-north',
      occurredAt: '2025-03-14T09:00:00.000Z',
    });

    // … and one whose only handover (MASH → EDT) was recorded in error and withdrawn.
    correctedJourney = (
      await record('/journeys', {
        childRef: 'child-e2e-2',
        source: '6',
        channel: 'police-notification',
        team: 'mash',
        levelOfNeed: '2',
        occurredAt: '2025-03-10T09:00:00.000Z',
      })
    ).journeyId;
    const wrong = await record(`/journeys/${correctedJourney}/handovers`, {
      fromTeam: 'mash',
      toTeam: 'edt',
      reason: 'out-of-hours',
      occurredAt: '2025-03-11T09:00:00.000Z',
    });
    await pause(20);
    beforeCorrection = new Date().toISOString();
    await pause(20);
    await record(`/journeys/${correctedJourney}/withdrawals`, { eventId: wrong.events[0].eventId, reason: 'wrong-team' });
  });
  afterAll(async () => t.close());

  describe('GET /journeys/:id/replay', () => {
    it('steps through the journey in business order with holder, handovers and waits', async () => {
      const res = await get(`/journeys/${fullJourney}/replay`);
      expect(res.status).toBe(200);
      expect(res.body.steps.map((s: { event: { type: string }; holder: string; handovers: number }) => [s.event.type, s.holder, s.handovers])).toEqual([
        ['ContactReceived', 'customer-access', 0],
        ['ContactDecided', 'customer-access', 0],
        ['CaseHandedOver', 'mash', 1],
        ['CaseHandedOver', 'cart', 2],
        ['ReferralAccepted', 'cart', 2],
        ['CaseHandedOver', 'assessment-north', 3],
        ['AssessmentStarted', 'assessment-north', 3],
      ]);
      expect(res.body.steps[1].waitingWithHolder).toMatchObject({ team: 'customer-access', workingDays: 1, hours: 66 });
      expect(res.body.steps[6].openAssessment).toMatchObject({ assessmentId: 'a-1', kind: 'single' });
      expect(res.body).toMatchObject({ journeyId: fullJourney, order: 'business', status: 'open', handovers: 3, handoversBeforeHelp: 3 });
    });

    it('shows what was known before and after a correction', async () => {
      const then = await get(`/journeys/${correctedJourney}/replay?asKnownAt=${encodeURIComponent(beforeCorrection)}`);
      const now = await get(`/journeys/${correctedJourney}/replay`);
      expect([then.body.handovers, then.body.teamsTouched]).toEqual([1, ['mash', 'edt']]);
      expect([now.body.handovers, now.body.teamsTouched, now.body.withdrawn.length]).toEqual([0, ['mash'], 1]);
      const recording = await get(`/journeys/${correctedJourney}/replay?order=recording`);
      expect(recording.body.steps.map((s: { event: { type: string }; holder: string }) => [s.event.type, s.holder])).toEqual([
        ['ContactReceived', 'mash'],
        ['CaseHandedOver', 'edt'],
        ['EntryRecordedInError', 'mash'],
      ]);
    });

    it('as known before the journey existed: an empty journey, not an error', async () => {
      const res = await get(`/journeys/${fullJourney}/replay?asKnownAt=2020-01-01T00:00:00Z`);
      expect(res.status).toBe(200);
      expect([res.body.status, res.body.steps]).toEqual(['empty', []]);
    });

    it('as it stood on a business date', async () => {
      const res = await get(`/journeys/${fullJourney}/replay?asAt=2025-03-11T12:00:00Z`);
      expect([res.body.steps.length, res.body.handovers]).toEqual([4, 2]);
    });

    it('an unknown journey is a 404; a bad date or order a 400; an analyst a 403', async () => {
      expect((await get(`/journeys/${randomUUID()}/replay`)).status).toBe(404);
      const bad = await get(`/journeys/${fullJourney}/replay?asAt=yesterday&order=sideways`);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['asAt', 'order']);
      expect((await get(`/journeys/${fullJourney}/replay`, analyst)).status).toBe(403);
    });

    it('another council’s journey is not found', async () => {
      expect((await get(`/journeys/${fullJourney}/replay`, await t.token('designer', 'south-vale'))).status).toBe(404);
    });
  });

  describe('scenarios', () => {
    it('stores versions, validates, and runs today vs scenario without touching the read models', async () => {
      const first = await post('/scenarios', { source: ONE_FRONT_DOOR }, designer);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ id: 'one-front-door', version: 1, teamMap: { mash: 'front-door', cart: 'front-door', edt: 'edt' } });
      const second = await post(
        '/scenarios',
        { source: ONE_FRONT_DOOR.replace('title: MASH and CART as one front door', 'title: One front door (v2)') },
        designer,
      );
      expect(second.body.version).toBe(2);

      const latest = await get('/scenarios/one-front-door');
      expect([latest.body.version, latest.body.title, latest.body.versions.length]).toEqual([2, 'One front door (v2)', 2]);
      expect((await get('/scenarios/one-front-door?version=1')).body.title).toBe('MASH and CART as one front door');

      const metricsBefore = (await get('/metrics/handovers', analyst)).body;
      const eventsBefore = (await get(`/journeys/${fullJourney}/events`, recorder)).body;
      const run = await post('/scenarios/one-front-door/runs', {}, designer);
      expect(run.status).toBe(200);
      const handovers = run.body.measures.find((m: { measure: string }) => m.measure === 'handovers');
      // 3 handovers today (customer-access → mash → cart → assessment-north), 2 with one front door; the corrected journey has none
      expect([run.body.journeys, handovers.today.total, handovers.scenario.total, handovers.difference.total]).toEqual([2, 3, 2, -1]);
      expect(run.body.scenario).toMatchObject({ id: 'one-front-door', version: 2 });
      expect((await get('/metrics/handovers', analyst)).body).toEqual(metricsBefore);
      expect((await get(`/journeys/${fullJourney}/events`, recorder)).body).toEqual(eventsBefore);
    });

    it('refuses a bad scenario naming the field and the line', async () => {
      const res = await post('/scenarios', { source: ONE_FRONT_DOOR.replace('merge: [mash, cart]', 'merge: [mash, carrt]') }, designer);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'changes[0].merge[1]', messages: [expect.stringMatching(/^line 8: unknown team "carrt"/)] }]);
    });

    it('an unknown scenario is a 404; only designers run scenarios', async () => {
      expect((await get('/scenarios/nothing-here')).status).toBe(404);
      expect((await post('/scenarios/nothing-here/runs', {}, designer)).status).toBe(404);
      expect((await post('/scenarios', { source: ONE_FRONT_DOOR }, recorder)).status).toBe(403);
    });
  });

  describe('GET /scenarios', () => {
    const scenario = (id: string, title: string) =>
      ONE_FRONT_DOOR.replace('id: one-front-door', `id: ${id}`).replace('title: MASH and CART as one front door', `title: ${title}`);
    const listed = (body: { scenarios: { id: string }[] }) => body.scenarios.map((s) => s.id).filter((id) => id.startsWith('listed-'));

    it('lists the council’s scenarios newest first, latest version of each, with who saved it, when and what it changes', async () => {
      const saved = [];
      for (const [id, title] of [
        ['listed-first', 'First listed'],
        ['listed-second', 'Second listed'],
      ]) {
        saved.push(await post('/scenarios', { source: scenario(id, title) }, designer));
        await pause(5);
      }
      expect(saved.map((r) => r.status)).toEqual([201, 201]);
      // A new version of the first brings it back to the top.
      await pause(5);
      expect((await post('/scenarios', { source: scenario('listed-first', 'First listed, again') }, designer)).status).toBe(201);

      const res = await get('/scenarios');
      expect(res.status).toBe(200);
      expect(listed(res.body)).toEqual(['listed-first', 'listed-second']);
      const first = res.body.scenarios.find((s: { id: string }) => s.id === 'listed-first');
      expect(first).toEqual({
        id: 'listed-first',
        version: 2,
        title: 'First listed, again',
        recordedAt: expect.any(String),
        recordedBy: saved[0].body.recordedBy,
        summary: { changes: 1, newTeams: 1, leadPractitioner: null },
      });
      expect(first.recordedBy).toEqual(expect.any(String));
      expect(first).not.toHaveProperty('source');
      expect(Date.parse(first.recordedAt)).toBeGreaterThan(Date.parse(saved[1].body.recordedAt));
      expect(res.body).toMatchObject({ total: res.body.scenarios.length, limit: 20, offset: 0 });
    });

    it('pages through the list with limit and offset', async () => {
      const all = (await get('/scenarios')).body;
      const pages = [(await get('/scenarios?limit=1')).body, (await get('/scenarios?limit=1&offset=1')).body];
      expect(pages.map((p) => p.scenarios.map((s: { id: string }) => s.id))).toEqual([[all.scenarios[0].id], [all.scenarios[1].id]]);
      expect(pages.map((p) => [p.total, p.limit, p.offset])).toEqual([
        [all.total, 1, 0],
        [all.total, 1, 1],
      ]);
      expect((await get(`/scenarios?offset=${all.total}`)).body.scenarios).toEqual([]);
    });

    it('a bad limit or offset is a 400 naming it', async () => {
      const bad = await get('/scenarios?limit=0&offset=-1');
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'offset']);
      expect((await get('/scenarios?limit=101')).status).toBe(400);
      expect((await get('/scenarios?limit=ten')).body.errors.map((e: { field: string }) => e.field)).toEqual(['limit']);
    });

    it('another council sees only its own scenarios', async () => {
      const southVale = await t.token('designer', 'south-vale');
      const theirs = ONE_FRONT_DOOR.replace('id: one-front-door', 'id: vale-door')
        .replace('tenant: north-shire', 'tenant: south-vale')
        .replace('merge: [mash, cart]', 'merge: [front-door, family-help]')
        .replace(
          '- { id: front-door, name: Front Door, tier: front-door, area: County }',
          '- { id: help-door, name: Help Door, tier: front-door, area: Borough }',
        )
        .replace('into: front-door', 'into: help-door');
      expect((await post('/scenarios', { source: theirs }, southVale)).status).toBe(201);
      const valeList = (await get('/scenarios', southVale)).body;
      expect(valeList.scenarios.map((s: { id: string }) => s.id)).toEqual(['vale-door']);
      expect((await get('/scenarios')).body.scenarios.map((s: { id: string }) => s.id)).not.toContain('vale-door');
    });

    it('only designers list scenarios', async () => {
      expect((await get('/scenarios', analyst)).status).toBe(403);
      expect((await get('/scenarios', recorder)).status).toBe(403);
    });
  });
});
