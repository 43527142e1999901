import type { Role } from '@journey-ledger/auth';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { mountedRoutes, ROLE_LIST, SecurityApp, startSecurityApp, STORES } from './support';

/**
 * The role matrix, one line per route: who may call it. Every other role must get 403. Keep it
 * in step with the README's "Roles" section. A route the app serves but this table lacks fails
 * the completeness test: a new route is one more line here.
 */
const R: Role[] = ['recorder'];
const METRICS: Role[] = ['analyst', 'designer', 'auditor', 'recorder'];
export const ROLE_MATRIX: [route: string, allowed: Role[] | 'public'][] = [
  ['GET /health', 'public'],
  ['GET /sign-in/config', 'public'],
  ['GET /sign-in/me', ['recorder', 'designer', 'analyst', 'auditor', 'admin']],
  // Recording (commands)
  ['POST /journeys', R],
  ['POST /journeys/:journeyId/contacts', R],
  ['POST /journeys/:journeyId/contact-decisions', R],
  ['POST /journeys/:journeyId/referrals', R],
  ['POST /journeys/:journeyId/handovers', R],
  ['POST /journeys/:journeyId/step-downs', R],
  ['POST /journeys/:journeyId/step-ups', R],
  ['POST /journeys/:journeyId/assessments', R],
  ['POST /journeys/:journeyId/assessment-completions', R],
  ['POST /journeys/:journeyId/plans', R],
  ['POST /journeys/:journeyId/plans/:planId/end', R],
  ['POST /journeys/:journeyId/closure', R],
  ['POST /journeys/:journeyId/withdrawals', R],
  ['POST /journeys/:journeyId/practitioner-allocations', R],
  ['POST /journeys/:journeyId/practitioner-unallocations', R],
  ['POST /journeys/:journeyId/family-memberships', R],
  ['POST /journeys/:journeyId/family-membership-ends', R],
  ['POST /journeys/:journeyId/family-group-conferences', R],
  ['POST /journeys/:journeyId/pre-proceedings', R],
  ['POST /journeys/:journeyId/child-characteristics', R],
  // The council's configuration (teams, code lists): every role
  ['GET /council', ['recorder', 'designer', 'analyst', 'auditor', 'admin']],
  // Finding and reading journeys
  ['GET /journeys', ['designer', 'auditor']],
  ['GET /journeys/:journeyId', ['recorder', 'designer', 'auditor']],
  ['GET /journeys/:journeyId/events', ['recorder', 'auditor']],
  ['GET /journeys/:journeyId/replay', ['designer', 'auditor']],
  ['GET /journeys/:journeyId/audit', ['auditor']],
  // A family's journeys side by side (each journey's read access-logged)
  ['GET /families/:familyRef', ['designer', 'auditor']],
  // Aggregates (small counts suppressed for analysts; recorders, designers and auditors see row level elsewhere)
  ['GET /metrics/handovers', METRICS],
  ['GET /metrics/nfa-rates', METRICS],
  ['GET /metrics/funnel', METRICS],
  ['GET /metrics/re-referrals', METRICS],
  ['GET /metrics/timeliness', METRICS],
  ['GET /metrics/flows/matrix', METRICS],
  ['GET /metrics/flows/paths', METRICS],
  ['GET /metrics/waiting', METRICS],
  ['GET /metrics/out-of-hours', METRICS],
  ['GET /metrics/practitioners', METRICS],
  ['GET /metrics/families', METRICS],
  ['GET /metrics/fgdm', METRICS],
  ['GET /metrics/pre-proceedings', METRICS],
  ['GET /metrics/cost', METRICS],
  ['GET /metrics/change-evaluation', METRICS],
  ['POST /changes', ['analyst', 'designer']],
  ['GET /changes', METRICS],
  // Scenarios
  ['GET /scenarios', ['designer']],
  ['POST /scenarios', ['designer']],
  ['GET /scenarios/:scenarioId', ['designer']],
  ['POST /scenarios/:scenarioId/runs', ['designer']],
  // Audit
  ['GET /audit/digest', ['auditor']],
  ['GET /audit/public-key', ['auditor']],
  ['GET /audit/access', ['auditor']],
  // Personal data vault
  ['PUT /people/:childRef', ['recorder', 'admin']],
  ['GET /people/:childRef', ['recorder', 'admin']],
  ['POST /people/:childRef/erasure', ['admin']],
  // Imports (uploads of a council's history)
  ['POST /imports', R],
  ['GET /imports/:importId', R],
  // Process mining (exports carry row-level journeys; the measures are aggregates)
  ['GET /process-mining/xes', ['designer', 'auditor']],
  ['GET /process-mining/ocel', ['designer', 'auditor']],
  ['GET /process-mining/handovers', METRICS],
];

/** Query strings some routes need to get past validation (a 400 would still prove the role passed). */
const QUERY: Record<string, string> = { 'GET /audit/access': '?userId=someone' };

const cells = ROLE_MATRIX.filter(([, allowed]) => allowed !== 'public').flatMap(([route, allowed]) =>
  ROLE_LIST.map((role) => [route, role, (allowed as Role[]).includes(role) ? 'allowed' : 'forbidden'] as const),
);

describe.each(STORES)('role matrix (%s store)', (kind) => {
  let t: SecurityApp;
  let journeyId: string;
  beforeAll(async () => {
    t = await startSecurityApp(kind);
    journeyId = await t.startJourney();
  });
  afterAll(async () => t.close());

  const call = async (route: string, role: Role | undefined) => {
    const [method, pattern] = route.split(' ');
    const url =
      pattern
        .replace(':journeyId', journeyId)
        .replace(':childRef', `child-${randomUUID().slice(0, 8)}`)
        .replace(':scenarioId', randomUUID())
        .replace(':planId', 'p-1') + (QUERY[route] ?? '');
    let req = (request(t.http) as any)[method.toLowerCase()](url);
    if (role) req = req.set('Authorization', `Bearer ${await t.tokenFor([role])}`);
    const body = route.startsWith('POST /people')
      ? { reason: 'right-to-erasure' }
      : route.startsWith('PUT /people')
        ? { givenName: 'Test' }
        : { commandId: randomUUID() };
    return method === 'GET' ? req : req.send(body);
  };

  it('covers every route the app serves', () => {
    const known = new Set(ROLE_MATRIX.map(([r]) => r));
    expect(mountedRoutes(t).filter((r) => !known.has(r))).toEqual([]);
  });

  it('serves public routes to anyone', async () => {
    for (const [route] of ROLE_MATRIX.filter(([, a]) => a === 'public')) expect((await call(route, undefined)).status).toBe(200);
  });

  it.each(cells)('%s as %s: %s', async (route, role, expected) => {
    const res = await call(route, role);
    if (expected === 'forbidden') {
      expect({ route, role, status: res.status }).toEqual({ route, role, status: 403 });
    } else {
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    }
  });
});
