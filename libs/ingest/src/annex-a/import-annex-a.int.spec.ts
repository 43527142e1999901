import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { Workbook } from 'exceljs';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import { STORE_KINDS, StoreFixture } from '../testing/stores';
import { importAnnexA } from './import-annex-a';

const ROOT = join(__dirname, '../../../..');
const EXTERNAL = join(ROOT, '../shared/data/external');
const config = parseTenantConfig(parse(readFileSync(join(ROOT, 'config/tenants/north-shire.yaml'), 'utf8')));
const tenant = { config, teams: new TeamDirectory(config.teams) };
const now = () => new Date('2026-01-01T00:00:00Z');

/** A workbook written as a council's system would: one sheet per list, an optional title row above the header. */
async function workbook(sheets: { name: string; title?: string; header: string[]; rows: unknown[][] }[]): Promise<Buffer> {
  const wb = new Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    if (s.title) ws.addRow([s.title]);
    ws.addRow(s.header);
    for (const r of s.rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
const CONTACTS = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age of Child (Years)', 'Date of Contact', 'Contact Source'];
const REFERRALS = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Date of referral',
  'Referral Source',
  'Referral NFA?',
  'Number of Referrals in Last 12 Months',
  'Allocated Team',
  'Allocated Worker',
];
const ASSESSMENTS = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Does the Child have a Disability',
  'Continuous Assessment Start Date',
  'Child Seen During Continuous Assessment',
  'Continuous Assessment Date of Authorisation',
  'Was the child assessed as requiring LA children’s social care support',
  'Allocated Team',
  'Allocated Worker',
];
const CIN = [
  'Child Unique ID',
  'Gender',
  'Ethnicity',
  'Date of Birth',
  'Age of Child (Years)',
  'Does the Child have a Disability',
  'CIN Start Date',
  'Primary Need Code',
  'Date Child Was Last Seen',
  'CIN Closure Date',
  'Reason for Closure',
  'Case status',
  'Allocated Team',
  'Allocated Worker',
];

describe.each(STORE_KINDS)('Annex A import on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => f.dispose());

  const run = (input: () => Readable, teamMapping?: Map<string, string>) =>
    importAnnexA(input, { store: f.store, tenant, source: 'annex-a.xlsx', now, rejectsPath: join(f.dir, 'rejects.csv'), teamMapping });
  const types = async (key: string) => (await f.store.readStream('north-shire', `journey-${journeyIdFor('north-shire', key)}`)).map((e) => e.type);

  it('links the example workbook’s lists into journeys, reports every row it cannot place, and adds nothing on a second run', async () => {
    const first = await run(() => createReadStream(join(EXTERNAL, 'annex-a-example.xlsx')));
    expect(first.status).toBe('completed');
    // Formula cells (=F2+3) and serial numbers are read as the dates Excel shows.
    expect(Object.fromEntries(Object.entries(first.lists).map(([l, c]) => [l, c.read]))).toEqual({
      'List 1': 13,
      'List 2': 2,
      'List 3': 11,
      'List 4': 5,
      'List 5': 4,
      'List 6': 2,
      'List 7': 3,
      'List 8': 3,
    });
    expect(first.byRule).toMatchObject({ NoContact: 2, MissingValue: 1, NoReferral: 4, AssessmentAlreadyOpen: 1 });
    expect(first.rejects).toContainEqual({
      list: 'List 5',
      record: '2547',
      line: 4,
      field: 'Strategy discussion initiating Section 47 Enquiry Start Date',
      code: 'MissingValue',
      message: 'Strategy discussion initiating Section 47 Enquiry Start Date is empty',
    });
    // Child 3333's second assessment starts while the first is open: the domain refuses, the child imports nothing.
    expect(first.rejects).toContainEqual(expect.objectContaining({ list: 'List 4', record: '3333', line: 5, code: 'AssessmentAlreadyOpen' }));
    expect(await types('annex-a/3333/referral-2019-03-08')).toEqual([]);
    // Child 1111: contact 9 January, referral 1 March (beyond 30 days: two journeys), assessment, CIN episode.
    expect(await types('annex-a/1111/contact-2019-01-09')).toEqual(['ContactReceived']);
    expect(await types('annex-a/1111/referral-2019-03-01')).toEqual(['ReferralAccepted', 'AssessmentStarted', 'AssessmentCompleted']);
    expect(first.journeys.written).toBe(12);
    expect(first.notes.join(' ')).toMatch(/List 8/);

    const stored = JSON.stringify(await f.store.readAll());
    const head = await f.store.headPosition();
    const again = await run(() => createReadStream(join(EXTERNAL, 'annex-a-example.xlsx')));
    expect(await f.store.headPosition()).toBe(head);
    expect(again.events).toBe(0);
    expect(again.journeys.alreadyStored).toBe(12);
    expect(again.lists['List 3']).toEqual({ ...first.lists['List 3'], loaded: 0, alreadyStored: first.lists['List 3'].loaded });
    expect(stored).not.toMatch(/Gender|Ethnicity/);
  });

  it('imports the older layout (a title row above each header), empty but for its headers, as nothing, cleanly', async () => {
    const report = await run(() => createReadStream(join(EXTERNAL, 'annex-a-2016-01-sample.xlsx')));
    expect(report).toMatchObject({ status: 'completed', events: 0, rejects: [], journeys: { written: 0 } });
    expect(Object.keys(report.lists).sort()).toEqual(['List 1', 'List 2', 'List 3', 'List 4', 'List 5', 'List 6', 'List 7', 'List 8']);
    expect(Object.values(report.lists).every((c) => c.read === 0)).toBe(true);
    expect(await f.store.headPosition()).toBe(0);
  });

  it('reads dates as Excel dates, serial numbers, formulas and text in four formats; teams through the council’s mapping, a change of team as a handover', async () => {
    const body = await workbook([
      {
        name: 'List_1',
        title: 'List 1: Contacts',
        header: CONTACTS,
        rows: [['C1', 'a) Male', 'WBRI', new Date(Date.UTC(2015, 5, 1)), 8, 45413, 'a) 6: Police']],
      },
      {
        name: 'List 3',
        title: 'List 3: Referral',
        header: REFERRALS,
        rows: [['C1', null, null, null, null, { formula: 'F3+1', result: 45414 }, '2A', 'b) No', 0, 'MASH North', 'W-1']],
      },
      {
        name: 'List_4',
        header: ASSESSMENTS,
        rows: [['C1', null, null, null, null, null, '03/05/2024', null, '10-06-2024', 'a) Yes', 'Assessment Team North', 'W-2']],
      },
      {
        name: 'List_6',
        header: CIN,
        rows: [
          [
            'C1',
            null,
            null,
            null,
            null,
            null,
            '2024-05-02',
            'N1 - Abuse or neglect',
            null,
            '5 Dec 2024',
            'RC7 - Services ceased',
            null,
            'Assessment Team North',
            'W-2',
          ],
        ],
      },
      { name: 'Front_Sheet', header: ['Annex A - Child level data'], rows: [] },
    ]);
    const report = await run(() => Readable.from([body]), new Map([['MASH North', 'mash']]));
    expect(report.fatal).toBeUndefined();
    expect(report.rejects).toEqual([]);
    expect(report.lists['List 1']).toEqual({ read: 1, loaded: 1, alreadyStored: 0, rejected: 0 });
    expect(await types('annex-a/C1/referral-2024-05-02')).toEqual([
      'ContactReceived',
      'ContactDecided',
      'ReferralAccepted',
      'CaseHandedOver',
      'AssessmentStarted',
      'AssessmentCompleted',
      'JourneyClosed',
    ]);
    const events = await f.store.readAll();
    expect(events.find((e) => e.type === 'ContactReceived')!.metadata.occurredAt).toBe('2024-05-01T11:00:00.000Z');
    expect(events.find((e) => e.type === 'CaseHandedOver')!.data).toMatchObject({ fromTeam: 'mash', toTeam: 'assessment-north' });
    expect(events.find((e) => e.type === 'JourneyClosed')!.metadata.occurredAt).toBe('2024-12-05T12:00:00.000Z');
    expect(JSON.stringify(events)).not.toMatch(/2015-06-01|WBRI|W-1/);
  });

  it('reports bad dates, unknown codes and teams with the row, the list and the field', async () => {
    const body = await workbook([
      {
        name: 'List_3',
        header: REFERRALS,
        rows: [
          ['C2', null, null, null, null, '2024/05/02', '2A'],
          ['C3', null, null, null, null, '2024-05-02', '11'],
          ['C4', null, null, null, null, '2024-05-02', '2A', null, null, 'Team Nowhere'],
          ['C5', null, null, null, null, '2027-01-01', '2A'],
          [null, null, null, null, null, '2024-05-02', '2A'],
        ],
      },
    ]);
    const report = await run(() => Readable.from([body]));
    expect(report.rejects.map((r) => `${r.record} ${r.list} ${r.line} ${r.field} ${r.code}`)).toEqual([
      'row 6 List 3 6 Child Unique ID MissingValue',
      'C2 List 3 2 Date of referral BadDate',
      'C3 List 3 3 Referral Source UnknownCode',
      'C4 List 3 4 Allocated Team UnknownTeam',
      'C5 List 3 5 Date of referral DateInFuture',
    ]);
    expect(report.lists['List 3']).toEqual({ read: 5, loaded: 0, alreadyStored: 0, rejected: 5 });
    expect(await f.store.headPosition()).toBe(0);
  });

  it('reads a list whose title row is merged across the sheet, and rejects the child of a row whose Child Unique ID is merged away', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('List_3');
    ws.addRow(['List 3: Referral']);
    ws.mergeCells('A1:K1');
    ws.addRow(REFERRALS);
    ws.addRow(['C7', null, null, null, null, '2024-05-02', '2A']);
    ws.addRow(['C8', null, null, null, null, '2024-06-03', '2A']);
    // A council's sheet with one child over two rows: the ID cell merged down, so the second row's own cell is empty.
    ws.addRow([null, null, null, null, null, '2024-07-04', '2A']);
    ws.mergeCells('A4:A5');
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const report = await run(() => Readable.from([body]));
    expect(report.fatal).toBeUndefined();
    expect(report.rejects.map((r) => `${r.record} ${r.list} ${r.line} ${r.field} ${r.code}`)).toEqual(['row 5 List 3 5 Child Unique ID MissingValue']);
    expect(report.lists['List 3']).toEqual({ read: 3, loaded: 2, alreadyStored: 0, rejected: 1 });
    expect(await types('annex-a/C7/referral-2024-05-02')).toEqual(['ReferralAccepted']);
    expect(await types('annex-a/C8/referral-2024-06-03')).toEqual(['ReferralAccepted']);
  });

  it('rejects the whole of a child listed twice with the same referral, and imports the others', async () => {
    const body = await workbook([
      {
        name: 'List_3',
        header: REFERRALS,
        rows: [
          ['C9', null, null, null, null, '2024-05-02', '2A'],
          ['C9', null, null, null, null, '2024-05-02', '2A'],
          ['C9', null, null, null, null, '2024-09-10', '3A'],
          ['C10', null, null, null, null, '2024-05-02', '2A'],
        ],
      },
    ]);
    const report = await run(() => Readable.from([body]));
    // C9: its second row repeats the first's referral (the fault), and the child's other rows are rejected with it.
    expect(report.rejects.map((r) => `${r.record} ${r.line} ${r.code}`).sort()).toEqual(['C9 2 ChildRejected', 'C9 3 DuplicateReferral', 'C9 4 ChildRejected']);
    expect(report.lists['List 3']).toEqual({ read: 4, loaded: 1, alreadyStored: 0, rejected: 3 });
    expect(await types('annex-a/C9/referral-2024-09-10')).toEqual([]);
    expect(await types('annex-a/C10/referral-2024-05-02')).toEqual(['ReferralAccepted']);
  });

  it('refuses a workbook with more rows than the limit (a small zip that unpacks to a huge sheet) as a whole, and writes nothing', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`C${i}`, null, null, null, null, '2024-05-02', '2A']);
    const body = await workbook([{ name: 'List_3', header: REFERRALS, rows }]);
    // Repetitive rows compress well: the upload is a few tens of kilobytes for thousands of rows.
    expect(body.length).toBeLessThan(100_000);
    const report = await importAnnexA(() => Readable.from([body]), { store: f.store, tenant, source: 'bomb.xlsx', now, maxRows: 1000 });
    expect({ status: report.status, code: report.fatal?.code }).toEqual({ status: 'failed', code: 'TooLarge' });
    expect(report.fatal!.message).toMatch(/more than 1000 rows/);
    expect(report.journeys.written).toBe(0);
    expect(await f.store.headPosition()).toBe(0);
  });

  it('reads the workbook again from the start when the unzip stops early on the first reading, counting each row once', async () => {
    const whole = readFileSync(join(EXTERNAL, 'annex-a-example.xlsx'));
    let opened = 0;
    // The first reading breaks off inside the archive, as the streaming unzip now and then does on a sound file.
    const report = await run(() => Readable.from([++opened === 1 ? whole.subarray(0, 20000) : whole]));
    expect(opened).toBeGreaterThanOrEqual(2);
    expect(report.status).toBe('completed');
    expect(report.lists['List 1']).toEqual({ read: 13, loaded: 7, alreadyStored: 0, rejected: 6 });
    expect(report.journeys.written).toBe(12);
  });

  it('refuses a file that is not an Annex A workbook with a typed error that never quotes its bytes', async () => {
    const notAnnexA = await workbook([{ name: 'Sheet1', header: ['Name', 'Amount'], rows: [['x', 1]] }]);
    const cases: [string, Buffer][] = [
      ['NotAWorkbook', randomBytes(4096)],
      ['NotAWorkbook', Buffer.from('Child Unique ID,Date of Contact\n1111,2024-01-01\n')],
      ['NotAWorkbook', Buffer.from('<!DOCTYPE html><html><body>Annex A</body></html>')],
      ['NotAWorkbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(2000)])],
      ['NotAWorkbook', readFileSync(join(EXTERNAL, 'annex-a-example.xlsx')).subarray(0, 15000)],
      ['NotAWorkbook', Buffer.alloc(0)],
      ['NotAnnexA', notAnnexA],
    ];
    for (const [code, body] of cases) {
      const report = await run(() => Readable.from([body]));
      expect({ code: report.fatal?.code, status: report.status }).toEqual({ code, status: 'failed' });
      expect(report.fatal!.message).toMatch(/^[\x20-\x7e…“”‘’]+$/);
    }
    expect(await f.store.headPosition()).toBe(0);
  });
});
