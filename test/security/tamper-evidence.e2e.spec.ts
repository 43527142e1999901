import { journeyStreamId } from '@journey-ledger/domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventHash, eventKey } from '@journey-ledger/event-store';
import { verifyDigest } from '@journey-ledger/audit';
import type { SignedTenantDigest } from '@journey-ledger/audit';
import { formatVerify, runVerify } from '../../apps/cli/src/commands/verify';
import { at, SecurityApp, startSecurityApp, STORES } from './support';

describe.each(STORES)('tamper evidence (%s store)', (kind) => {
  let t: SecurityApp;
  let auditor: string;
  let recorder: string;
  let journeyId: string;
  let untouched: string;

  beforeAll(async () => {
    t = await startSecurityApp(kind);
    auditor = await t.tokenFor(['auditor'], 'north-shire', 'auditor-ofsted');
    recorder = await t.tokenFor(['recorder'], 'north-shire', 'recorder-1');
    journeyId = await t.startJourney();
    untouched = await t.startJourney();
    const steps: [string, object][] = [
      ['contact-decisions', { outcome: 'referral', team: 'mash', occurredAt: at(0, 12) }],
      ['referrals', { source: '2A', primaryNeedCode: 'N1', team: 'mash', occurredAt: at(1) }],
      ['handovers', { fromTeam: 'mash', toTeam: 'assessment-north', reason: 'for-assessment', occurredAt: at(2) }],
    ];
    for (const [path, body] of steps) {
      const res = await request(t.http)
        .post(`/journeys/${journeyId}/${path}`)
        .set('Authorization', `Bearer ${recorder}`)
        .set('X-Correlation-Id', 'corr-42')
        .send({ commandId: randomUUID(), ...body });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const audit = (id = journeyId) => request(t.http).get(`/journeys/${id}/audit`).set('Authorization', `Bearer ${auditor}`);
  const digest = async () => (await request(t.http).get('/audit/digest').set('Authorization', `Bearer ${auditor}`)).body as SignedTenantDigest;

  it('gives the auditor every event with actor, times, ids, hashes and a verified chain', async () => {
    const res = await audit();
    expect(res.status).toBe(200);
    expect(res.body.verification).toMatchObject({ status: 'intact', eventCount: 4, firstBroken: null });
    expect(res.body.events).toHaveLength(4);
    for (const [i, e] of (res.body.events as any[]).entries()) {
      expect(e).toMatchObject({ revision: i, valid: true, actor: { userId: 'recorder-1', role: 'recorder' } });
      expect(e.occurredAt).toEqual(expect.any(String));
      expect(e.recordedAt).toEqual(expect.any(String));
      expect(e.causationId).toEqual(expect.any(String));
      expect(e.correlationId).toEqual(expect.any(String));
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.previousHash).toBe(i === 0 ? null : res.body.events[i - 1].hash);
      expect(e.recomputedHash).toBe(e.hash);
    }
    expect(res.body.events[1].correlationId).toBe('corr-42');
    expect(res.body.businessOrder).toHaveLength(4);
  });

  it('exports a signed digest of the council’s store that verifies with the published key', async () => {
    const d = await digest();
    expect(d).toMatchObject({ format: 'journey-ledger/tenant-digest@1', tenantId: 'north-shire', verification: { status: 'intact' } });
    expect(d.streams.map((s) => s.streamId)).toEqual(expect.arrayContaining([journeyStreamId(journeyId), journeyStreamId(untouched)]));
    const key = (await request(t.http).get('/audit/public-key').set('Authorization', `Bearer ${auditor}`)).body;
    expect(key.keyId).toBe(d.signature.keyId);
    expect(verifyDigest(d, key.publicKey)).toEqual({ signatureValid: true, rootValid: true });
    expect(verifyDigest({ ...d, eventCount: d.eventCount + 1 }, key.publicKey).signatureValid).toBe(false);
  });

  it('pinpoints an event edited directly in the database, by API and by the verify command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jl-digest-'));
    const before = join(dir, 'digest.json');
    writeFileSync(before, JSON.stringify(await digest()));
    expect((await runVerify({ eventStore: t.store, db: t.db, seal: t.seal }, { tenant: 'north-shire' })).verification.status).toBe('intact');

    // Someone with database access rewrites history: the referral's primary need code.
    const [target] = await t.db.query<{ event_id: string; position: number }>(
      "select event_id, position from events where stream_id = $1 and type = 'ReferralAccepted'",
      [journeyStreamId(journeyId)],
    );
    const edited =
      kind === 'postgres'
        ? await t.db.execute(`update events set data = jsonb_set(data, '{primaryNeedCode}', '"N9"') where event_id = $1`, [target.event_id])
        : await t.db.execute(`update events set data = json_set(data, '$.primaryNeedCode', 'N9') where event_id = $1`, [target.event_id]);
    expect(edited).toBe(1);

    const res = await audit();
    expect(res.body.verification.status).toBe('broken');
    expect(res.body.verification.firstBroken).toMatchObject({ eventId: target.event_id, position: Number(target.position), reason: 'hash-mismatch' });
    expect(res.body.events.map((e: any) => e.valid)).toEqual([true, true, false, true]);
    expect((await audit(untouched)).body.verification.status).toBe('intact');

    const d = await digest();
    expect(d.verification).toMatchObject({ status: 'broken', brokenStreamCount: 1 });
    expect(d.verification.breaks[0]).toMatchObject({ streamId: journeyStreamId(journeyId), eventId: target.event_id });

    const report = await runVerify({ eventStore: t.store, db: t.db, seal: t.seal }, { against: before });
    expect(report.verification.status).toBe('broken');
    expect(report.verification.breaks).toEqual([
      expect.objectContaining({ tenantId: 'north-shire', streamId: journeyStreamId(journeyId), eventId: target.event_id, reason: 'hash-mismatch' }),
    ]);
    expect(report.anchor).toMatchObject({ signatureValid: true, rootValid: true });
    expect(formatVerify(report)).toContain(`event ${target.event_id}`);
  });

  it('catches a recomputed hash, a deleted tail and a rewritten chain against an earlier digest', async () => {
    const j = await t.startJourney();
    await request(t.http)
      .post(`/journeys/${j}/contact-decisions`)
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), outcome: 'nfa', team: 'mash', occurredAt: at(0, 12) });
    const dir = mkdtempSync(join(tmpdir(), 'jl-digest-'));
    const anchorFile = join(dir, 'digest.json');
    writeFileSync(anchorFile, JSON.stringify(await digest()));
    // Deleting the latest event (and even fixing the stream head to match) is caught by the earlier digest.
    await t.db.execute('delete from events where stream_id = $1 and revision = 1', [journeyStreamId(j)]);
    const headOnly = await runVerify({ eventStore: t.store, db: t.db, seal: t.seal }, { tenant: 'north-shire' });
    expect(headOnly.verification.breaks).toEqual(expect.arrayContaining([expect.objectContaining({ streamId: journeyStreamId(j), reason: 'head-mismatch' })]));
    const [last] = await t.db.query<{ hash: string }>('select hash from events where stream_id = $1 and revision = 0', [journeyStreamId(j)]);
    await t.db.execute('update streams set revision = 0, last_hash = $2 where stream_id = $1', [journeyStreamId(j), last.hash]);
    const anchored = await runVerify({ eventStore: t.store, db: t.db, seal: t.seal }, { against: anchorFile });
    expect(anchored.verification.breaks).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId: journeyStreamId(j), revision: 1, reason: 'anchor-mismatch' })]),
    );
  });

  it('the audit route catches a deleted latest event, as the verify command does', async () => {
    const j = await t.startJourney();
    await request(t.http)
      .post(`/journeys/${j}/contact-decisions`)
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), outcome: 'nfa', team: 'mash', occurredAt: at(0, 12) });
    expect((await audit(j)).body.verification.status).toBe('intact');
    await t.db.execute('delete from events where stream_id = $1 and revision = 1', [journeyStreamId(j)]);
    const res = await audit(j);
    expect(res.status).toBe(200);
    expect(res.body.verification).toMatchObject({ status: 'broken', firstBroken: { reason: 'head-mismatch', revision: 1 } });
  });

  it('the audit route catches an event moved to another council’s log', async () => {
    const j = await t.startJourney();
    await request(t.http)
      .post(`/journeys/${j}/contact-decisions`)
      .set('Authorization', `Bearer ${recorder}`)
      .send({ commandId: randomUUID(), outcome: 'nfa', team: 'mash', occurredAt: at(0, 12) });
    await t.db.execute("update events set tenant_id = 'south-vale' where stream_id = $1 and revision = 1", [journeyStreamId(j)]);
    expect((await audit(j)).body.verification).toMatchObject({ status: 'broken', firstBroken: { reason: 'head-mismatch' } });
    // All of it moved: still the council's journey on record, and reported broken rather than unknown.
    await t.db.execute("update events set tenant_id = 'south-vale' where stream_id = $1", [journeyStreamId(j)]);
    const res = await audit(j);
    expect(res.status).toBe(200);
    expect(res.body.verification).toMatchObject({ status: 'broken', eventCount: 0 });
  });

  it('catches a well-linked event appended around the server: it carries no seal under the server’s key', async () => {
    const j = await t.startJourney();
    const streamId = journeyStreamId(j);
    const [last] = await t.store.readStream('north-shire', streamId);
    // Someone with write access to the tables forges a decision, with a correct hash chain and stream head.
    const forged = {
      tenantId: 'north-shire',
      streamId,
      revision: 1,
      eventId: randomUUID(),
      type: 'ContactDecided',
      version: 1,
      data: { outcome: 'nfa', team: 'mash' },
      metadata: { occurredAt: at(0, 13), actor: 'recorder-1' },
      recordedAt: new Date().toISOString(),
    };
    const hash = eventHash(forged, last.hash);
    // The embedded store keys each stream's events by the stream's number and each id by its key: the forger fills both in.
    const streamNo = kind === 'postgres' ? '' : ', stream_no, event_key';
    const ofHead = kind === 'postgres' ? '' : `, (select stream_no from streams where tenant_id = $1 and stream_id = $2), ${eventKey(forged.eventId)}`;
    await t.db.execute(
      `insert into events (tenant_id, stream_id, revision, event_id, type, version, data, metadata, recorded_at, hash, previous_hash${streamNo})
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11${ofHead})`,
      [
        forged.tenantId,
        streamId,
        1,
        forged.eventId,
        forged.type,
        1,
        JSON.stringify(forged.data),
        JSON.stringify(forged.metadata),
        forged.recordedAt,
        hash,
        last.hash,
      ],
    );
    await t.db.execute('update streams set revision = 1, last_hash = $2 where tenant_id = $3 and stream_id = $1', [streamId, hash, 'north-shire']);
    const res = await audit(j);
    expect(res.body.verification).toMatchObject({ status: 'broken', firstBroken: { eventId: forged.eventId, reason: 'seal-mismatch' } });
    expect(res.body.events.map((e: { valid: boolean }) => e.valid)).toEqual([true, false]);
    const report = await runVerify({ eventStore: t.store, db: t.db, seal: t.seal }, { tenant: 'north-shire' });
    expect(report.verification.breaks).toEqual(
      expect.arrayContaining([expect.objectContaining({ streamId, eventId: forged.eventId, reason: 'seal-mismatch' })]),
    );
  });
});
