import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { open, recordAad, VaultDecryptionError } from '@journey-ledger/vault';
import { LEDGER_OPTIONS } from '../../apps/api/src/infrastructure/tokens';
import { at, SecurityApp, startSecurityApp, STORES } from './support';

const person = {
  givenName: 'Zebedee',
  familyName: 'Quartermaine',
  dateOfBirth: '2014-05-02',
  address: { lines: ['17 Larkspur Row', 'Northtown'], postcode: 'NS1 4QQ' },
};
const PLAINTEXT = ['Zebedee', 'Quartermaine', '2014-05-02', 'Larkspur', 'NS1 4QQ'];

describe.each(STORES)('personal data and erasure (%s store)', (kind) => {
  let t: SecurityApp;
  let recorder: string;
  let admin: string;
  let auditor: string;
  let analyst: string;
  const childRef = `child-${randomUUID().slice(0, 8)}`;
  let journeyId: string;

  beforeAll(async () => {
    t = await startSecurityApp(kind);
    recorder = await t.tokenFor(['recorder'], 'north-shire', 'recorder-1');
    admin = await t.tokenFor(['admin'], 'north-shire', 'ig-officer');
    auditor = await t.tokenFor(['auditor']);
    analyst = await t.tokenFor(['analyst']);
    journeyId = await t.startJourney('north-shire', childRef);
    const res = await request(t.http)
      .post(`/journeys/${journeyId}/contact-decisions`)
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), outcome: 'nfa', team: 'mash', occurredAt: at(0, 12) });
    expect(res.status).toBe(201);
  });
  afterAll(async () => t.close());

  const put = (body: object, token = recorder, ref = childRef) => request(t.http).put(`/people/${ref}`).set('Authorization', `Bearer ${token}`).send(body);
  const get = (token = recorder, ref = childRef) => request(t.http).get(`/people/${ref}`).set('Authorization', `Bearer ${token}`);

  /** Everything the database holds, as text: every table, every row. */
  async function everything(): Promise<string> {
    const tables =
      kind === 'postgres'
        ? (await t.db.query<{ name: string }>('select table_name as name from information_schema.tables where table_schema = current_schema()')).map(
            (r) => r.name,
          )
        : (await t.db.query<{ name: string }>("select name from sqlite_master where type = 'table'")).map((r) => r.name);
    const dump: string[] = [];
    for (const table of tables) dump.push(JSON.stringify(await t.db.query(`select * from ${table}`)));
    return dump.join('\n');
  }

  it('stores names, date of birth and address encrypted, and reads them back to recorders and admins only', async () => {
    expect((await put(person)).status).toBe(200);
    const mine = await get();
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ childRef, ...person });
    expect((await get(admin)).status).toBe(200);
    expect((await get(auditor)).status).toBe(403);
    expect((await get(analyst)).status).toBe(403);
    expect((await put({ givenName: 'X' }, auditor)).status).toBe(403);
  });

  it('never puts personal data in the clear in any table, event or file', async () => {
    const dump = await everything();
    for (const p of PLAINTEXT) expect(dump).not.toContain(p);
    expect(dump).toContain(childRef); // the pseudonymous reference is what events hold
    if (kind === 'embedded') {
      const filename = (t.app.get(LEDGER_OPTIONS) as any).store.filename as string;
      const bytes = Buffer.concat([filename, `${filename}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      for (const p of PLAINTEXT) expect(bytes.includes(Buffer.from(p))).toBe(false);
    }
  });

  it('refuses hostile or malformed personal data', async () => {
    for (const bad of [
      {},
      { givenName: '' },
      { dateOfBirth: '2014-13-45' },
      { givenName: 'a\u0000b' },
      { address: { lines: 'x' } },
      { nickname: 'x' },
      { givenName: 'x'.repeat(101) },
    ]) {
      expect((await put(bad)).status).toBe(400);
    }
    expect((await put(person, recorder, 'bad ref!')).status).toBe(400);
  });

  it('erases by destroying the child’s key: unreadable everywhere, events and aggregates intact, erasure audited', async () => {
    const eventsBefore = (await request(t.http).get(`/journeys/${journeyId}/events`).set('Authorization', `Bearer ${auditor}`)).body;
    const journeyBefore = (await request(t.http).get(`/journeys/${journeyId}`).set('Authorization', `Bearer ${auditor}`)).body;
    const metricsBefore = (await request(t.http).get('/metrics/nfa-rates').set('Authorization', `Bearer ${analyst}`)).body;
    // A copy of the ciphertext taken before erasure (a backup, a replica).
    const [backup] = await t.db.query<{ iv: string; tag: string; ciphertext: string }>('select iv, tag, ciphertext from vault_records where child_ref = $1', [
      childRef,
    ]);
    const [keyBefore] = await t.db.query<{ wrapped_key: string }>('select wrapped_key from vault_keys where child_ref = $1', [childRef]);
    expect(backup).toBeDefined();

    expect(
      (await request(t.http).post(`/people/${childRef}/erasure`).set('Authorization', `Bearer ${recorder}`).send({ reason: 'right-to-erasure' })).status,
    ).toBe(403);
    const erased = await request(t.http)
      .post(`/people/${childRef}/erasure`)
      .set('Authorization', `Bearer ${admin}`)
      .send({ reason: 'right-to-erasure', requestRef: 'SAR-2025-17' });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ childRef, hadData: true });

    // Unreadable: by the API (410), in the tables (no key), and from the backup copy.
    expect((await get()).status).toBe(410);
    expect((await get(admin)).status).toBe(410);
    expect((await put({ givenName: 'Again' })).status).toBe(410);
    const [keyAfter] = await t.db.query<{ wrapped_key: string | null; erased_at: string | null }>(
      'select wrapped_key, erased_at from vault_keys where child_ref = $1',
      [childRef],
    );
    expect(keyAfter).toMatchObject({ wrapped_key: null, erased_at: expect.any(String) });
    expect(await t.db.query('select * from vault_records where child_ref = $1', [childRef])).toEqual([]);
    expect((await everything()).includes(keyBefore.wrapped_key)).toBe(false);
    // Without the data key nothing opens the backup: not even the master key, which never encrypted it.
    expect(() => open(Buffer.alloc(32), backup, recordAad('north-shire', childRef))).toThrow(VaultDecryptionError);
    if (kind === 'embedded') {
      const filename = (t.app.get(LEDGER_OPTIONS) as any).store.filename as string;
      const bytes = Buffer.concat([filename, `${filename}-wal`].filter(existsSync).map((f) => readFileSync(f)));
      expect(bytes.includes(Buffer.from(keyBefore.wrapped_key))).toBe(false);
    }

    // Events and aggregates stay exactly as they were.
    expect((await request(t.http).get(`/journeys/${journeyId}/events`).set('Authorization', `Bearer ${auditor}`)).body).toEqual(eventsBefore);
    expect((await request(t.http).get(`/journeys/${journeyId}`).set('Authorization', `Bearer ${auditor}`)).body).toEqual(journeyBefore);
    expect((await request(t.http).get('/metrics/nfa-rates').set('Authorization', `Bearer ${analyst}`)).body).toEqual(metricsBefore);
    expect((await request(t.http).get(`/journeys/${journeyId}/audit`).set('Authorization', `Bearer ${auditor}`)).body.verification.status).toBe('intact');

    // The erasure is itself an audited event in the council's log (chained, with the actor), without any personal data.
    const trail = (await t.store.readStream('north-shire', `vault-child-${childRef}`)).map((e) => ({
      type: e.type,
      data: e.data,
      actor: (e.metadata as any).actor,
    }));
    expect(trail.map((e) => e.type)).toEqual(['PersonalDataRecorded', 'PersonalDataErased']);
    expect(trail[1]).toMatchObject({
      data: { childRef, reason: 'right-to-erasure', requestRef: 'SAR-2025-17' },
      actor: { userId: 'ig-officer', role: 'admin' },
    });
    for (const p of PLAINTEXT) expect(JSON.stringify(trail)).not.toContain(p);

    // Erasing again is harmless and writes no second erasure event.
    expect(
      (await request(t.http).post(`/people/${childRef}/erasure`).set('Authorization', `Bearer ${admin}`).send({ reason: 'right-to-erasure' })).status,
    ).toBe(200);
    expect((await t.store.readStream('north-shire', `vault-child-${childRef}`)).length).toBe(2);
  });

  it('keeps free text out of events: a reason that names the child is refused, naming the field, and writes nothing', async () => {
    const j = await t.startJourney('north-shire', `child-${randomUUID().slice(0, 8)}`);
    const post = (path: string, body: object) =>
      request(t.http)
        .post(`/journeys/${j}/${path}`)
        .set('Authorization', `Bearer ${recorder}`)
        .send({ commandId: randomUUID(), occurredAt: at(1), ...body });
    const named = 'Zebedee Quartermaine went to live with his nan at 17 Larkspur Row';
    const [started] = (await t.store.readStream('north-shire', `journey-${j}`)).map((e) => e.eventId);
    for (const [path, body] of [
      ['handovers', { fromTeam: 'mash', toTeam: 'cart', reason: named }],
      ['step-downs', { fromTeam: 'mash', toTeam: 'early-help-north', reason: named }],
      ['withdrawals', { eventId: started, reason: named }],
    ] as const) {
      const before = await t.eventCount();
      const res = await post(path, body);
      expect({ path, status: res.status, fields: res.body.errors?.map((e: { field: string }) => e.field) }).toEqual({ path, status: 400, fields: ['reason'] });
      expect(await t.eventCount()).toBe(before);
    }
    // Reasons are codes from the published lists.
    expect((await post('handovers', { fromTeam: 'mash', toTeam: 'cart', reason: 'threshold-decision' })).status).toBe(201);
    expect((await post('plans', { kind: 'early-help', team: 'cart', planId: 'p-1' })).status).toBe(201);
    expect((await post('plans/p-1/end', { reason: 'Zebedee is fine now' })).status).toBe(400);
    expect((await post('plans/p-1/end', { reason: 'plan-completed' })).status).toBe(201);
    for (const p of PLAINTEXT) expect(await everything()).not.toContain(p);
  });

  it('leaves every other child readable', async () => {
    expect((await put({ givenName: 'Other' }, recorder, 'child-other')).status).toBe(200);
    expect((await get(recorder, 'child-other')).body.givenName).toBe('Other');
  });
});
