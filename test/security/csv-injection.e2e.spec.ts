import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { TenantRegistry } from '@journey-ledger/application';
import { BulkWriter } from '@journey-ledger/ingest';
import { ProjectionRunner } from '@journey-ledger/read-models';
import { at, SecurityApp, startSecurityApp, STORES } from './support';

const FORMULAS = ['=1+1', '@SUM(1+1)', "+1+cmd|'", '-2+3', '\t=1+1'];
const RUNS_AS_FORMULA = /^[=+\-@\t\r]/;

describe.each(STORES)('CSV formula injection (%s store)', (kind) => {
  let t: SecurityApp;
  let recorder: string;
  let auditor: string;
  beforeAll(async () => {
    t = await startSecurityApp(kind);
    recorder = await t.tokenFor(['recorder']);
    auditor = await t.tokenFor(['auditor']);
  });
  afterAll(async () => t.close());

  const contact = (levelOfNeed: unknown) =>
    request(t.http)
      .post('/journeys')
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), childRef: 'child-csv', source: '2A', channel: 'phone', team: 'mash', levelOfNeed, occurredAt: at(0) });

  it.each([...FORMULAS, '5', '4 a', '3 '])('refuses levelOfNeed %j, which is not one of the council’s levels, naming the field', async (level) => {
    const before = await t.eventCount();
    const res = await contact(level);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'levelOfNeed', messages: ["levelOfNeed must be one of this council's levels of need: 1, 2, 3, 4a, 4b, 4c"] }]);
    expect(await t.eventCount()).toBe(before);
  });

  it('accepts the council’s own levels', async () => {
    expect((await contact('4a')).status).toBe(201);
  });

  it('writes no cell a spreadsheet would run, even for values stored before levels were checked, and keeps figures as numbers', async () => {
    // Given journeys already in the store with formulas as their level of need (written below the API, as older data was)
    const tenant = t.app.get(TenantRegistry).get('north-shire')!;
    const writer = new BulkWriter({ store: t.store, teamsFor: () => tenant.teams });
    await writer.write(
      FORMULAS.map((levelOfNeed, i) => ({
        tenantId: 'north-shire',
        journeyId: randomUUID(),
        correlationId: randomUUID(),
        actor: { userId: 'legacy-import', role: 'recorder' },
        commands: [
          {
            commandId: `legacy-${i}-0`,
            command: {
              type: 'RecordContact',
              data: {
                occurredAt: at(1),
                contactId: `c-${i}`,
                childRef: `child-legacy-${i}`,
                source: '2A',
                channel: 'phone',
                team: 'mash',
                concerns: [],
                levelOfNeed,
              },
            },
          },
          { commandId: `legacy-${i}-1`, command: { type: 'DecideContact', data: { occurredAt: at(1, 12), outcome: 'nfa', team: 'mash' } } },
        ],
      })),
    );
    await t.app.get(ProjectionRunner).catchUp();

    // When an auditor exports the measures grouped by level of need
    for (const path of ['/metrics/nfa-rates', '/metrics/funnel', '/metrics/handovers']) {
      const res = await request(t.http).get(`${path}?groupBy=levelOfNeed&format=csv&headers=machine`).set('Authorization', `Bearer ${auditor}`);
      expect(res.status).toBe(200);
      const [header, ...rows] = parse(res.text) as string[][];
      const level = header.indexOf('levelOfNeed');
      // Then every level is there, shown as text, and no cell starts a formula
      expect(rows.map((r) => r[level])).toEqual(expect.arrayContaining(FORMULAS.map((f) => `'${f}`)));
      expect(rows.flat().filter((c) => RUNS_AS_FORMULA.test(c))).toEqual([]);
      // and the groups are the JSON's groups, each with its figures (one row per group and figure)
      const json = await request(t.http).get(`${path}?groupBy=levelOfNeed`).set('Authorization', `Bearer ${auditor}`);
      expect(new Set(rows.map((r) => r[level])).size).toBe(json.body.rows.length);
    }
  });
});
