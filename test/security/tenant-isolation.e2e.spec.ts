import { journeyStreamId } from '@journey-ledger/domain';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { PersonalDataVault } from '@journey-ledger/vault';
import { at, mountedRoutes, ROLE_LIST, SecurityApp, startSecurityApp, STORES } from './support';

/** Bodies that pass validation in south-vale (its own team ids), so the request reaches the store. */
const BODY: Record<string, object> = {
  contacts: { childRef: 'child-south', source: '2A', channel: 'phone', team: 'front-door', levelOfNeed: '3' },
  'contact-decisions': { outcome: 'referral', team: 'front-door' },
  referrals: { source: '2A', primaryNeedCode: 'N1', team: 'front-door', childRef: 'child-south' },
  handovers: { fromTeam: 'front-door', toTeam: 'social-work', reason: 'transfer' },
  'step-downs': { fromTeam: 'social-work', toTeam: 'family-help', reason: 'early-help' },
  'step-ups': { fromTeam: 'family-help', toTeam: 'social-work', reason: 'escalation' },
  assessments: { kind: 'single', team: 'social-work' },
  'assessment-completions': { outcome: 'nfa', factors: ['21'] },
  plans: { kind: 'early-help', team: 'family-help' },
  end: { reason: 'plan-completed' },
  closure: { reason: 'RC8' },
  withdrawals: { eventId: 'e-1', reason: 'recorded-in-error' },
  'practitioner-allocations': { practitionerRef: 'w-1', team: 'family-help', role: 'family-help-lead-practitioner', reason: 'first-allocation' },
  'practitioner-unallocations': { reason: 'other' },
  'family-memberships': { familyRef: 'fam-1' },
  'family-membership-ends': { familyRef: 'fam-1' },
  'family-group-conferences': { conferenceId: 'fgc-1', step: 'offered', team: 'family-help' },
  'child-characteristics': { sex: '2', ethnicity: 'WBRI', disabilities: ['NONE'] },
  'pre-proceedings': { preProceedingsId: 'pp-1', step: 'started', team: 'social-work' },
};
/** Commands that may start a journey (a referral with no contact): from another council they start that council's own journey, never touch ours. */
const STARTS_A_JOURNEY = new Set(['referrals']);

describe.each(STORES)('tenant isolation (%s store)', (kind) => {
  let t: SecurityApp;
  let journeyId: string;
  let southEverything: string;
  let northAuditor: string;
  const childRef = `child-${randomUUID().slice(0, 8)}`;
  let northEvents: unknown[];

  beforeAll(async () => {
    t = await startSecurityApp(kind);
    journeyId = await t.startJourney('north-shire', childRef);
    southEverything = await t.tokenFor(ROLE_LIST, 'south-vale', 'south-user');
    northAuditor = await t.tokenFor(['auditor', 'admin'], 'north-shire', 'north-auditor');
    const put = await request(t.http)
      .put(`/people/${childRef}`)
      .set('Authorization', `Bearer ${northAuditor}`)
      .send({ givenName: 'Nora', familyName: 'North' });
    expect(put.status).toBe(200);
    northEvents = await t.store.readStream('north-shire', journeyStreamId(journeyId));
  });
  afterAll(async () => t.close());

  const asSouth = (method: string, url: string, body?: object) => {
    const r = (request(t.http) as any)[method.toLowerCase()](url).set('Authorization', `Bearer ${southEverything}`);
    return body === undefined ? r : r.send(body);
  };

  it('reads nothing of another council’s journey by any route: 404, as if it did not exist', async () => {
    const reads = mountedRoutes(t).filter((r) => r.startsWith('GET ') && r.includes(':journeyId'));
    expect(reads).toEqual(
      expect.arrayContaining([
        'GET /journeys/:journeyId',
        'GET /journeys/:journeyId/events',
        'GET /journeys/:journeyId/replay',
        'GET /journeys/:journeyId/audit',
      ]),
    );
    for (const r of reads) {
      const res = await asSouth('GET', r.slice(4).replace(':journeyId', journeyId));
      expect({ route: r, status: res.status }).toEqual({ route: r, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(childRef);
    }
    // The unknown-journey answer is the same for a journey that exists nowhere.
    const nowhere = await asSouth('GET', `/journeys/${randomUUID()}`);
    const elsewhere = await asSouth('GET', `/journeys/${journeyId}`);
    expect({ status: elsewhere.status, error: elsewhere.body.error }).toEqual({ status: nowhere.status, error: nowhere.body.error });
  });

  it('writes nothing to another council’s journey by any command route', async () => {
    // Commands that could start a journey go last: afterwards the other council has its own journey with this id.
    const starts = (r: string) => STARTS_A_JOURNEY.has(r.split('/').pop() as string);
    const commands = mountedRoutes(t)
      .filter((r) => r.startsWith('POST /journeys/:journeyId/'))
      .sort((a, b) => Number(starts(a)) - Number(starts(b)));
    expect(commands.length).toBeGreaterThanOrEqual(12);
    for (const r of commands) {
      const last = r.split('/').pop() as string;
      const res = await asSouth('POST', r.slice(5).replace(':journeyId', journeyId).replace(':planId', 'p-1'), {
        commandId: randomUUID(),
        occurredAt: at(1),
        ...BODY[last],
      });
      if (STARTS_A_JOURNEY.has(last)) expect([201, 409, 422]).toContain(res.status);
      else expect({ route: r, status: res.status }).toEqual({ route: r, status: 404 });
      expect(JSON.stringify(res.body)).not.toContain(childRef);
    }
    // A new journey with the same id, from the other council, is that council's own.
    const start = await asSouth('POST', '/journeys', {
      commandId: randomUUID(),
      journeyId,
      childRef: 'child-south',
      source: '2A',
      channel: 'phone',
      team: 'front-door',
      levelOfNeed: '3',
      occurredAt: at(1),
    });
    expect([201, 422]).toContain(start.status);
    expect(await t.store.readStream('north-shire', journeyStreamId(journeyId))).toEqual(northEvents);
    const north = await request(t.http).get(`/journeys/${journeyId}/events`).set('Authorization', `Bearer ${northAuditor}`);
    expect(north.body).toHaveLength(1);
    expect(north.body[0].data.childRef).toBe(childRef);
  });

  it('takes the council from the token only: a tenant in the body, query or headers is refused or ignored', async () => {
    const body = await asSouth('POST', '/journeys', {
      commandId: randomUUID(),
      tenantId: 'north-shire',
      childRef: 'c',
      source: '2A',
      channel: 'phone',
      team: 'front-door',
      levelOfNeed: '3',
    });
    expect(body.status).toBe(400);
    const other = await t.startJourney('north-shire', childRef);
    const header = await asSouth('GET', `/journeys/${other}?tenantId=north-shire&tenant=north-shire`).set('X-Tenant', 'north-shire');
    expect([400, 404]).toContain(header.status);
    expect(JSON.stringify(header.body)).not.toContain(childRef);
  });

  it('keeps personal data, the access log and the digest per council', async () => {
    expect((await asSouth('GET', `/people/${childRef}`)).status).toBe(404);
    // The other council's own record for the same reference is a different record…
    expect((await asSouth('PUT', `/people/${childRef}`, { givenName: 'Sam' })).status).toBe(200);
    expect((await asSouth('POST', `/people/${childRef}/erasure`, { reason: 'right-to-erasure' })).status).toBe(200);
    // …and erasing it leaves ours readable.
    const ours = await request(t.http).get(`/people/${childRef}`).set('Authorization', `Bearer ${northAuditor}`);
    expect(ours.status).toBe(200);
    expect(ours.body.givenName).toBe('Nora');

    const log = await asSouth('GET', `/audit/access?journeyId=${journeyId}`);
    expect(log.status).toBe(200);
    expect(log.body.entries.filter((e: { userId: string }) => e.userId !== 'south-user')).toEqual([]);
    const digest = await asSouth('GET', '/audit/digest');
    expect(digest.body.tenantId).toBe('south-vale');
    const northStreams = new Set((await t.store.readAll({ tenantId: 'north-shire', maxCount: 100000 })).map((e) => e.streamId));
    const southJourney = digest.body.streams.find((s: { streamId: string }) => s.streamId === journeyStreamId(journeyId));
    const northHead = (await t.store.readStream('north-shire', journeyStreamId(journeyId))).pop();
    if (southJourney) expect(southJourney.hash).not.toBe(northHead?.hash);
    expect(northStreams.has(journeyStreamId(journeyId))).toBe(true);
  });

  it('scopes at the store level, below the controllers', async () => {
    expect(await t.store.readStream('south-vale', journeyStreamId(journeyId))).not.toEqual(northEvents);
    const south = await t.store.readAll({ tenantId: 'south-vale', maxCount: 100000 });
    expect(south.every((e) => e.tenantId === 'south-vale')).toBe(true);
    expect(south.some((e) => JSON.stringify(e.data).includes(northEvents.map((n: any) => n.eventId)[0]))).toBe(false);
    const vault = t.app.get(PersonalDataVault);
    await expect(vault.get('north-shire', childRef)).resolves.toMatchObject({ givenName: 'Nora' });
    await expect(vault.erasedAt('south-vale', childRef)).resolves.toBeDefined();
    expect(await vault.erasedAt('north-shire', childRef)).toBeUndefined();
  });
});
