import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Workbook } from 'exceljs';
import { SecurityApp, startSecurityApp, STORES } from './security/support';

const EXTERNAL = join(__dirname, '../../shared/data/external');
const RETURN_332 = readFileSync(join(EXTERNAL, 'cin-census-fake-332-children.xml'));
const ANNEX_A = readFileSync(join(EXTERNAL, 'annex-a-example.xlsx'));
const ANNEX_A_EMPTY = readFileSync(join(EXTERNAL, 'annex-a-2016-01-sample.xlsx'));
async function workbookWithoutLists(): Promise<Buffer> {
  const wb = new Workbook();
  wb.addWorksheet('Budget').addRow(['Line', 'Amount']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
/** Smaller than the largest test upload, larger than the real return. */
const LIMIT = 400_000;

describe.each(STORES)('uploading history (%s store)', (kind) => {
  let t: SecurityApp;
  let recorder: string;
  let saved: string | undefined;
  beforeAll(async () => {
    saved = process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES;
    process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES = String(LIMIT);
    t = await startSecurityApp(kind);
    recorder = await t.tokenFor(['recorder']);
  });
  afterAll(async () => {
    await t.close();
    if (saved === undefined) delete process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES;
    else process.env.JOURNEY_LEDGER_IMPORT_MAX_BYTES = saved;
  });

  const upload = (body: Buffer, name: string, token = recorder, fields: Record<string, string> = {}) => {
    let req = request(t.http).post('/imports').set('Authorization', `Bearer ${token}`);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    return req.attach('file', body, name);
  };
  /** Polls the import until it is no longer running. */
  const settled = async (importId: string, token = recorder) => {
    for (let i = 0; i < 200; i++) {
      const res = await request(t.http).get(`/imports/${importId}`).set('Authorization', `Bearer ${token}`);
      if (res.status !== 200 || res.body.status !== 'running') return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import did not finish');
  };

  it('imports an uploaded CIN census return after answering with its id, with the same report as the command line', async () => {
    const res = await upload(RETURN_332, 'cin-2022.xml');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ format: 'cin-census', source: 'cin-2022.xml' });
    const done = await settled(res.body.importId);
    expect(done.body.status).toBe('completed');
    expect(done.body.report.lists.children).toEqual({ read: 332, loaded: 30, alreadyStored: 0, rejected: 302 });
    expect(done.body.report.rejects[0]).toMatchObject({ record: 'RND000215205141', field: 'DateOfInitialCPC', rule: '8831' });

    const again = await settled((await upload(RETURN_332, 'cin-2022.xml')).body.importId);
    expect(again.body.report.lists.children).toMatchObject({ loaded: 0, alreadyStored: 30 });
    expect(again.body.report.events).toBe(0);
  });

  it('imports an uploaded Annex A workbook, and the empty one as nothing, with the same report as the command line', async () => {
    const res = await upload(ANNEX_A, 'annex-a.xlsx');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ format: 'annex-a', source: 'annex-a.xlsx' });
    const done = await settled(res.body.importId);
    expect(done.body.status).toBe('completed');
    expect(done.body.report.journeys.written).toBe(12);
    expect(done.body.report.rejects).toContainEqual(expect.objectContaining({ list: 'List 5', record: '2547', code: 'MissingValue' }));
    const again = await settled((await upload(ANNEX_A, 'annex-a.xlsx')).body.importId);
    expect(again.body.report).toMatchObject({ events: 0, journeys: { written: 0, alreadyStored: 12 } });

    const empty = await settled((await upload(ANNEX_A_EMPTY, '2016-01-sample.xlsx')).body.importId);
    expect(empty.body).toMatchObject({ status: 'completed', report: { events: 0, rejects: [] } });
  });

  it('refuses a workbook upload that is not Annex A at once: 415 for what is no workbook, 422 for a workbook with no list; never a 500, never its bytes', async () => {
    const truncated = await upload(ANNEX_A.subarray(0, 15000), 'annex-a.xlsx');
    expect(truncated.status).toBe(415);
    expect(truncated.body.message).toMatch(/not an Excel workbook/);
    const csvRenamed = await upload(Buffer.from('Child Unique ID,Date of Contact\n1111,2024-01-01\n'), 'annex-a.xlsx');
    expect(csvRenamed.status).toBe(400);
    const noList = await upload(await workbookWithoutLists(), 'budget.xlsx');
    expect(noList.status).toBe(422);
    expect(noList.body.message).toMatch(/holds no Annex A list/);
    for (const r of [truncated, noList]) expect(JSON.stringify(r.body)).toMatch(/^[\x20-\x7e…“”‘’]+$/);
  });

  it('refuses a web page at once with a 415, whatever its name says; a return in a namespace fails as a whole, naming it', async () => {
    const page = Buffer.from('<!DOCTYPE html>\n<html lang="en"><head><title>Sign in</title></head><body><form></form></body></html>\n');
    for (const name of ['annex-a.xlsx', 'cin-2025.xml']) {
      const res = await upload(page, name);
      expect(res.status).toBe(415);
      expect(res.body.message).toMatch(/web page \(HTML\).*CIN census return/);
    }
    const xhtml = await upload(Buffer.from('<?xml version="1.0"?>\n<!-- saved -->\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'), 'return.xml');
    expect(xhtml.status).toBe(415);

    const namespaced = RETURN_332.toString('utf8').replace('<Message>', '<Message xmlns="http://www.example.org/cin">');
    expect(namespaced).not.toEqual(RETURN_332.toString('utf8'));
    const res = await upload(Buffer.from(namespaced), 'cin-ns.xml');
    expect(res.status).toBe(202);
    const done = await settled(res.body.importId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'failed', report: { fatal: { code: 'WrongNamespace' }, events: 0, lists: { children: { loaded: 0 } } } });
  });

  it('keeps each council’s imports to itself', async () => {
    const res = await upload(RETURN_332.subarray(0, 2000), 'part.xml');
    const other = await t.tokenFor(['recorder'], 'south-vale');
    expect((await request(t.http).get(`/imports/${res.body.importId}`).set('Authorization', `Bearer ${other}`)).status).toBe(404);
    await settled(res.body.importId);
  });

  it('reports a truncated return as a failed import naming the break: never a 500', async () => {
    const res = await upload(RETURN_332.subarray(0, 100_000), 'cut.xml');
    expect(res.status).toBe(202);
    const done = await settled(res.body.importId);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'failed', report: { fatal: { code: 'Truncated' } } });
  });

  it('refuses what it cannot import with a typed error that says what is accepted', async () => {
    const binary = await upload(randomBytes(5000), 'lists.xlsx');
    expect(binary.status).toBe(415);
    expect(binary.body.message).toMatch(/CIN census return \(DfE XML\).*CSV list/);

    const zip = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(100)]), 'annex-a.xlsx');
    expect(zip.status).toBe(415);

    const badHeader = await upload(Buffer.from('Child,Journey,When\nC-1,J-1,2024-01-01\n'), 'contacts.csv', recorder, { list: 'contacts' });
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['Child Unique ID', 'Journey ID', 'Date of Contact']));

    const noList = await upload(Buffer.from('Child Unique ID,Journey ID\n'), 'contacts.csv');
    expect(noList.status).toBe(400);
    expect(noList.body.errors[0].field).toBe('list');

    const noFile = await request(t.http).post('/imports').set('Authorization', `Bearer ${recorder}`).send({ commandId: 'x' });
    expect(noFile.status).toBe(415);

    const tooBig = await upload(Buffer.alloc(LIMIT + 1, 0x20), 'huge.xml');
    expect(tooBig.status).toBe(413);

    expect((await request(t.http).get('/imports/not-an-id').set('Authorization', `Bearer ${recorder}`)).status).toBe(400);
    expect((await request(t.http).get('/imports/6b0a3c56-0c43-4f7e-8d8e-7d2b9c1f0a11').set('Authorization', `Bearer ${recorder}`)).status).toBe(404);
  });

  it('lets only recorders upload', async () => {
    expect((await upload(RETURN_332, 'r.xml', await t.tokenFor(['analyst']))).status).toBe(403);
    expect((await request(t.http).post('/imports').attach('file', RETURN_332, 'r.xml')).status).toBe(401);
  });
});
