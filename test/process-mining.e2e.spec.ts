import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import type { EventStore } from '@journey-ledger/event-store';
import { exportPseudonymKeyFromEnv, readJourneys, xesChunks } from '@journey-ledger/process-mining';
import { countIndependently, externalLog, seedDemoJourneys } from '@journey-ledger/process-mining/testing';
import { startTestApp, StoreKind, TestApp } from './support/test-app';
import { EVENT_STORE } from '../apps/api/src/infrastructure/tokens';

const validate = (() => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(externalLog('schema_ocel2.json'), 'utf8')));
})();

/** A binary body, whatever its content type (supertest only buffers text by default). */
const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (c: Buffer) => parts.push(c));
  res.on('end', () => cb(null, Buffer.concat(parts)));
};

describe.each<StoreKind>(['embedded', 'postgres'])('process mining over HTTP (%s store)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedDemoJourneys(t.app.get<EventStore>(EVENT_STORE), 60);
  });
  afterAll(async () => t.close());

  const get = async (path: string, role: Parameters<TestApp['token']>[0] = 'designer') =>
    request(t.http)
      .get(path)
      .set('Authorization', `Bearer ${await t.token(role)}`)
      .buffer(true)
      .parse(binary);

  it('given a designer, GET /process-mining/xes?gzip=true streams a gzipped XES log, and an auditor asking about any journey it held finds the export', async () => {
    const res = await get('/process-mining/xes?gzip=true');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toContain('north-shire.xes.gz');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (x) => ['trace', 'string'].includes(x) }).parse(
      gunzipSync(res.body).toString('utf8'),
    );
    expect(doc.log.trace.length).toBe(60);
    const journeyIds: string[] = doc.log.trace.map((trace: any) => trace.string.find((s: any) => s.key === 'concept:name').value);
    // One access event for the page, not one per journey: the export is an append of one event, not sixty.
    const byUser = await get('/audit/access?userId=test-designer', 'auditor');
    const exportEntries = JSON.parse(byUser.body.toString('utf8')).entries.filter((e: any) => e.route === 'GET /process-mining/xes');
    expect(exportEntries.map((e: any) => e.journeyId).sort()).toEqual([...journeyIds].sort());
    expect(new Set(exportEntries.map((e: any) => e.position)).size).toBe(1);
    for (const journeyId of journeyIds) {
      const res = await get(`/audit/access?journeyId=${journeyId}`, 'auditor');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.toString('utf8')).entries).toEqual([
        expect.objectContaining({
          action: 'export',
          userId: 'test-designer',
          route: 'GET /process-mining/xes',
          journeyId,
          position: exportEntries[0].position,
        }),
      ]);
    }
  });

  it('sends, from the traces the read model keeps, the document folding the log at request time gives, byte for byte', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const filter = { team: ['mash'], from: '2024-01-01' };
    let folded = '';
    for await (const chunk of xesChunks(readJourneys(store, { tenantId: 'north-shire', filter }), {
      tenantId: 'north-shire',
      pseudonymKey: exportPseudonymKeyFromEnv(),
    }))
      folded += chunk;
    const res = await get('/process-mining/xes?team=mash&from=2024-01-01', 'auditor');
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(folded);
    expect(folded.split('<trace>').length - 1).toBeGreaterThan(10);
  });

  it('GET /process-mining/ocel returns an OCEL 2.0 document that validates against the schema', async () => {
    const res = await get('/process-mining/ocel', 'auditor');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(validate(JSON.parse(res.body.toString('utf8')))).toBe(true);
  });

  it('refuses an export for a period with no journeys (404) and a bad filter (400 naming it), never a 500', async () => {
    const empty = await get('/process-mining/ocel?from=1990-01-01&to=1990-02-01');
    expect(empty.status).toBe(404);
    expect((await get('/process-mining/xes?from=1990-01-01&to=1990-02-01')).status).toBe(404);
    const bad = await get('/process-mining/xes?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.toString('utf8')).toContain('from');
    expect((await get('/process-mining/handovers?convention=mine')).status).toBe(400);
  });

  it('serves the handover measures with small counts withheld from an analyst, and PM4Py’s convention on request', async () => {
    const analyst = JSON.parse((await get('/process-mining/handovers', 'analyst')).body.toString('utf8'));
    expect(analyst.journeys).toBe(60);
    expect(analyst.suppression).toEqual({ threshold: 5, applied: true });
    expect(analyst.flowMatrix.some((c: any) => c.handovers === null)).toBe(true);
    const designer = JSON.parse((await get('/process-mining/handovers?convention=pm4py')).body.toString('utf8'));
    expect(designer.suppression.applied).toBe(false);
    expect(designer.convention).toBe('pm4py');
    expect(designer.handovers.total).toBeGreaterThan(analyst.handovers.total);
  });
});

/** Below the public logs' size but for the larger one: an upload over it is a 413. */
const UPLOAD_LIMIT = 1_000_000;

describe.each<StoreKind>(['embedded', 'postgres'])('uploading an XES log (%s store)', (kind) => {
  let t: TestApp;
  let saved: string | undefined;
  // An empty council: the log's journeys are all it holds.
  const tenantId = 'south-vale';
  beforeAll(async () => {
    saved = process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES;
    process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES = String(UPLOAD_LIMIT);
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
    if (saved === undefined) delete process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES;
    else process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES = saved;
  });

  const upload = async (body: Buffer, name: string, fields: Record<string, string> = {}, role: Parameters<TestApp['token']>[0] = 'recorder') => {
    let req = request(t.http)
      .post('/imports')
      .set('Authorization', `Bearer ${await t.token(role, tenantId)}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', body, name);
  };
  const settled = async (importId: string) => {
    for (let i = 0; i < 600; i++) {
      const res = await request(t.http)
        .get(`/imports/${importId}`)
        .set('Authorization', `Bearer ${await t.token('recorder', tenantId)}`);
      if (res.status !== 200 || res.body.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import did not finish');
  };
  const helpdesk = readFileSync(externalLog('helpdesk.xes.gz'));
  const running = readFileSync(externalLog('running-example.xes'));

  it('given helpdesk.xes.gz with holder workgroup, imports every case, event and handover the file holds, and writes nothing twice when uploaded again', async () => {
    const expected = countIndependently('helpdesk.xes.gz', 'workgroup');
    const res = await upload(helpdesk, 'helpdesk.xes.gz', { holderAttribute: 'workgroup' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ format: 'xes', source: 'helpdesk.xes.gz', status: 'running' });
    const done = await settled(res.body.importId);
    expect(done.body).toMatchObject({
      status: 'completed',
      report: {
        tenantId,
        logId: 'helpdesk',
        holderAttribute: 'workgroup',
        traces: expected.cases,
        events: expected.events,
        cases: expected.cases,
        caseEvents: expected.events,
        handovers: expected.handovers,
        journeysWritten: expected.cases,
        rejectedTraces: 0,
      },
    });
    expect(done.body.report.teamsFound.every((x: { tier: string }) => x.tier === 'unknown')).toBe(true);

    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const again = await settled((await upload(helpdesk, 'helpdesk.xes.gz', { holderAttribute: 'workgroup' })).body.importId);
    expect(again.body.report).toMatchObject({ journeysWritten: 0, journeysAlreadyImported: expected.cases, eventsWritten: 0, handovers: expected.handovers });
    expect(await store.headPosition()).toBe(head);
    // Another council cannot see the import.
    const other = await request(t.http)
      .get(`/imports/${res.body.importId}`)
      .set('Authorization', `Bearer ${await t.token('recorder', 'north-shire')}`);
    expect(other.status).toBe(404);
  });

  it('reports the traces it could not import, each with its place and reason, and imports the rest', async () => {
    // The running example with one trace's timestamps unparsable and another's removed.
    const text = running.toString('utf8');
    const traces = text.split('<trace>');
    traces[1] = traces[1].replace(/(key="time:timestamp" value=")[^"]*"/g, '$1yesterday"');
    traces[2] = traces[2].replace(/<date key="time:timestamp" value="[^"]*"\s*\/>/g, '');
    const res = await upload(Buffer.from(traces.join('<trace>')), 'damaged.xes', { holderAttribute: 'org:resource' });
    expect(res.status).toBe(202);
    const done = await settled(res.body.importId);
    const expected = countIndependently('running-example.xes', 'org:resource');
    expect(done.body.status).toBe('completed');
    expect(done.body.report).toMatchObject({ cases: expected.cases - 2, rejectedTraces: 2, rejectionsByCode: { BadTimestamp: 1, NoTimestamp: 1 } });
    expect(done.body.report.rejections.map((r: { trace: number; code: string }) => [r.trace, r.code])).toEqual([
      [0, 'BadTimestamp'],
      [1, 'NoTimestamp'],
    ]);
  });

  it('refuses at once, writing nothing: 415 for what is no XES, 422 for a log that cannot be imported, 400 naming a bad mapping field, 413 over the limit', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const head = await store.headPosition();
    const gzNotXes = await upload(gzipSync(Buffer.from('just some text, zipped')), 'log.xes.gz');
    expect(gzNotXes.status).toBe(415);
    expect(gzNotXes.body.message).toMatch(/XES event log/);

    const noTimes = await upload(Buffer.from(running.toString('utf8').replace(/<date key="time:timestamp" value="[^"]*"\s*\/>/g, '')), 'no-times.xes');
    expect(noTimes.status).toBe(422);
    expect(noTimes.body.message).toMatch(/^NoTimestamps/);

    const bomb = `<?xml version="1.0"?><!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><log><trace><string key="concept:name" value="&b;"/></trace></log>`;
    const refused = await upload(Buffer.from(bomb), 'bomb.xes');
    expect(refused.status).toBe(422);
    expect(refused.body.message).toMatch(/^DoctypeRefused/);

    const truncated = await upload(gzipSync(running.subarray(0, running.length / 2)), 'half.xes.gz');
    expect(truncated.status).toBe(422);
    expect(truncated.body.message).toMatch(/^NotXml/);

    const badMapping = await upload(running, 'running.xes', { mapping: JSON.stringify({ teams: { Pete: { id: 'Pete!', tier: 'nowhere' } } }) });
    expect(badMapping.status).toBe(400);
    expect(badMapping.body.errors.map((e: { field: string }) => e.field)).toEqual(['mapping.teams["Pete"].id', 'mapping.teams["Pete"].tier']);
    expect((await upload(running, 'running.xes', { holderAttribute: '' })).body.errors[0].field).toBe('holderAttribute');
    expect((await upload(running, 'running.xes', { logId: '../../etc' })).body.errors[0].field).toBe('logId');

    const tooBig = await upload(readFileSync(externalLog('bpic2012.xes.gz')), 'bpic2012.xes.gz');
    expect(tooBig.status).toBe(413);
    expect(await store.headPosition()).toBe(head);
  });

  it('lets only recorders upload a log', async () => {
    expect((await upload(running, 'running.xes', {}, 'analyst')).status).toBe(403);
    expect((await request(t.http).post('/imports').attach('file', running, 'running.xes')).status).toBe(401);
  });
});
