import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { XMLParser } from 'fast-xml-parser';
import { AccessLog } from '@journey-ledger/audit';
import type { EventStore } from '@journey-ledger/event-store';
import { seedDemoJourneys } from '@journey-ledger/process-mining/testing';
import { externalLog } from '@journey-ledger/process-mining/testing';
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

  it('given a designer, GET /process-mining/xes?gzip=true streams a gzipped XES log, and each journey it holds is in the access log', async () => {
    const res = await get('/process-mining/xes?gzip=true');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toContain('north-shire.xes.gz');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (x) => ['trace', 'string'].includes(x) }).parse(
      gunzipSync(res.body).toString('utf8'),
    );
    expect(doc.log.trace.length).toBe(60);
    const journeyId = doc.log.trace[0].string.find((s: any) => s.key === 'concept:name').value;
    const accesses = await t.app.get(AccessLog).byJourney('north-shire', journeyId);
    expect(accesses).toEqual([expect.objectContaining({ action: 'export', userId: 'test-designer', route: 'GET /process-mining/xes' })]);
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
