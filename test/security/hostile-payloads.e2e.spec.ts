import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import request from 'supertest';
import { verifyStore } from '@journey-ledger/audit';
import { at, SecurityApp, startSecurityApp, STORES } from './support';

/**
 * Property: whatever is thrown at a command endpoint — random JSON, valid bodies with hostile
 * fields, prototype-pollution keys, broken JSON, odd content types, hostile path ids — the answer
 * is never a 500, and a refused request writes nothing (the event count is unchanged); an accepted
 * one writes exactly the events it reports.
 */
const RUNS = Number(process.env.JL_FUZZ_RUNS ?? 1500);

const HOSTILE_STRINGS = [
  "'; drop table events; --",
  "' or '1'='1",
  '$1',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\u0000',
  '\u202e\u0000\ud800',
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '2025-02-30T10:00:00Z',
  '-000001-01-01T00:00:00Z',
  '2025-04-01T10:00:00+14:00',
  'NaN',
  'Infinity',
  '',
  ' ',
  'mash\n',
  'MASH',
  'customer-access',
  '00000000-0000-0000-0000-000000000000',
];
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(...HOSTILE_STRINGS, null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 1.5, [], {}, [[[]]], { $gt: '' }),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 4 }),
);

const TEAMS = ['customer-access', 'mash', 'cart', 'early-help-north', 'assessment-north', 'child-protection'];
const plausibleValue = fc.oneof(
  fc.constantFrom<unknown>(
    ...TEAMS,
    '2A',
    '6',
    '10',
    'N1',
    'N9',
    'referral',
    'nfa',
    'early-help',
    'advice-signposting',
    'single',
    'section-47',
    'child-in-need-plan',
    'child-in-need',
    'child-protection',
    'RC8',
    'RC1',
    'RC9',
    '3',
    '4a',
    'phone',
    'email',
    'p-1',
    ['21'],
    ['neglect'],
  ),
  fc.integer({ min: 0, max: 40 }).map((d) => at(d)),
  fc.integer({ min: -1, max: 8 }),
  fc.uuid().map(String),
);
const valid = (route: string): Record<string, unknown> => {
  const base = { commandId: randomUUID(), occurredAt: new Date(Date.now() - 60_000).toISOString() };
  switch (route) {
    case '':
    case 'contacts':
      return { ...base, childRef: 'child-fuzz', source: '2A', channel: 'phone', team: 'mash', levelOfNeed: '3' };
    case 'contact-decisions':
      return { ...base, outcome: 'referral', team: 'mash' };
    case 'referrals':
      return { ...base, source: '2A', primaryNeedCode: 'N1', team: 'mash' };
    case 'handovers':
    case 'step-downs':
    case 'step-ups':
      return { ...base, fromTeam: 'mash', toTeam: 'early-help-north', reason: 'early-help' };
    case 'assessments':
      return { ...base, kind: 'single', team: 'assessment-north' };
    case 'assessment-completions':
      return { ...base, outcome: 'nfa', factors: ['21'] };
    case 'plans':
      return { ...base, kind: 'early-help', team: 'early-help-north' };
    case 'end':
      return { ...base, reason: 'plan-completed' };
    case 'closure':
      return { ...base, reason: 'RC8' };
    case 'withdrawals':
      return { ...base, eventId: 'x', reason: 'recorded-in-error' };
    default:
      return base;
  }
};
const ROUTES = [
  '',
  'contacts',
  'contact-decisions',
  'referrals',
  'handovers',
  'step-downs',
  'step-ups',
  'assessments',
  'assessment-completions',
  'plans',
  'end',
  'closure',
  'withdrawals',
];
const FIELDS = [
  'commandId',
  'expectedRevision',
  'occurredAt',
  'journeyId',
  'contactId',
  'childRef',
  'source',
  'channel',
  'team',
  'concerns',
  'levelOfNeed',
  'outcome',
  'referralId',
  'primaryNeedCode',
  'fromTeam',
  'toTeam',
  'reason',
  'assessmentId',
  'kind',
  'factors',
  'planId',
  'eventId',
  '__proto__',
  'constructor',
  'prototype',
  'tenantId',
  'actor',
];

/** Raw path segments sent as they are (broken percent-encoding), or anything else percent-encoded. */
const RAW_SEGMENTS = ['%', '%ZZ', '%c0%ae%c0%ae', '%00', '..', '%2e%2e%2f', '%E0%A4%A'];
const segment = (s: string) => (RAW_SEGMENTS.includes(s) ? s : encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd')));

type Body =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string; contentType: string }
  | { kind: 'mutated'; overrides: [number, unknown][]; extra?: [string, unknown] };
interface Payload {
  route: string;
  journey: 'open' | 'missing' | 'hostile';
  hostileId: string;
  planId: string;
  body: Body;
}

const payload: fc.Arbitrary<Payload> = fc.record({
  route: fc.constantFrom(...ROUTES),
  journey: fc.constantFrom<'open' | 'missing' | 'hostile'>('open', 'open', 'missing', 'hostile'),
  hostileId: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS, ...RAW_SEGMENTS), fc.string({ minLength: 1, maxLength: 60 })),
  planId: fc.oneof(fc.constant('p-1'), fc.constantFrom(...HOSTILE_STRINGS, ...RAW_SEGMENTS), fc.string({ minLength: 1, maxLength: 40 })),
  body: fc.oneof(
    // Random JSON of any shape.
    fc.jsonValue({ maxDepth: 6 }).map((value): Body => ({ kind: 'json', value })),
    fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }).map((value): Body => ({ kind: 'json', value })),
    // A valid body for the route with some of its own fields replaced, sometimes by a plausible
    // value (reaching the decider and the store), sometimes by a hostile one, sometimes an extra field.
    fc
      .tuple(
        fc.array(fc.tuple(fc.nat(20), fc.oneof(plausibleValue, hostileValue)), { maxLength: 3 }),
        fc.option(fc.tuple(fc.constantFrom(...FIELDS), hostileValue), { freq: 8 }),
      )
      .map(([overrides, extra]): Body => ({ kind: 'mutated', overrides, extra: extra ?? undefined })),
    fc.constant<Body>({ kind: 'mutated', overrides: [] }),
    // Prototype pollution and duplicate keys, as raw JSON.
    fc
      .constantFrom(
        '{"__proto__":{"polluted":true},"commandId":"6b0a8c56-5f0e-4f55-8f4e-3c7a0e0d9a11"}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"commandId":"6b0a8c56-5f0e-4f55-8f4e-3c7a0e0d9a11","commandId":"x"}',
        '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      )
      .map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })),
    // Broken JSON and odd content types.
    fc
      .tuple(
        fc.string({ maxLength: 300 }),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
      )
      .map(([text, contentType]): Body => ({ kind: 'raw', text, contentType })),
  ),
});

describe.each(STORES)('hostile payloads at every command endpoint (%s store)', (kind) => {
  let t: SecurityApp;
  let recorder: string;
  const journeys: string[] = [];
  const tally = { tried: 0, accepted: 0, byStatus: {} as Record<number, number> };

  beforeAll(async () => {
    t = await startSecurityApp(kind);
    recorder = await t.tokenFor(['recorder']);
    journeys.push(await t.startJourney());
  });
  afterAll(async () => {
    process.stdout.write(`hostile payloads (${kind}): ${tally.tried} tried, ${tally.accepted} accepted, by status ${JSON.stringify(tally.byStatus)}\n`);
    await t.close();
  });

  it(`never answers 500 and never writes part of a refused command (${RUNS} payloads)`, async () => {
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const id =
          p.journey === 'open'
            ? journeys[journeys.length - 1 - (p.hostileId.length % Math.min(3, journeys.length))]
            : p.journey === 'missing'
              ? randomUUID()
              : segment(p.hostileId);
        const path = p.route === '' ? '/journeys' : p.route === 'end' ? `/journeys/${id}/plans/${segment(p.planId)}/end` : `/journeys/${id}/${p.route}`;
        let req = request(t.http).post(path).set('Authorization', `Bearer ${recorder}`);
        if (p.body.kind === 'raw') req = req.set('Content-Type', p.body.contentType).send(p.body.text);
        else if (p.body.kind === 'json') req = req.set('Content-Type', 'application/json').send(JSON.stringify(p.body.value) ?? 'null');
        else {
          const body = valid(p.route);
          const keys = Object.keys(body);
          for (const [i, v] of p.body.overrides) body[keys[i % keys.length]] = v;
          if (p.body.extra) body[p.body.extra[0]] = p.body.extra[1];
          req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
        }
        const before = await t.eventCount();
        const res = await req;
        const after = await t.eventCount();
        tally.tried += 1;
        tally.byStatus[res.status] = (tally.byStatus[res.status] ?? 0) + 1;
        if (res.status >= 500) throw new Error(`500 for ${path}: ${JSON.stringify(p.body).slice(0, 300)} -> ${JSON.stringify(res.body)}`);
        if (res.status >= 400) {
          if (after !== before) throw new Error(`refused (${res.status}) but wrote ${after - before} events: ${path}`);
        } else {
          tally.accepted += 1;
          if (p.route === '' && !res.body.replayed) journeys.push(res.body.journeyId);
          const written = res.body.replayed ? 0 : (res.body.events?.length ?? 0);
          if (after - before !== written) throw new Error(`accepted but wrote ${after - before} events, reported ${written}: ${path}`);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, seed: Number(process.env.JL_FUZZ_SEED ?? 20250401) },
    );
    expect(tally.tried).toBeGreaterThanOrEqual(RUNS);
    // Whatever got through left a store whose every chain still verifies.
    expect((await verifyStore(t.store, { db: t.db })).status).toBe('intact');
  });
});
