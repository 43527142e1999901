import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import { STORE_KINDS, StoreFixture } from '../testing/stores';
import { CsvFile, importCsv, ImportReport } from './import-csv';
import { ListName, LIST_NAMES } from './lists';

const ROOT = join(__dirname, '../../../..');
const config = parseTenantConfig(parse(readFileSync(join(ROOT, 'config/tenants/north-shire.yaml'), 'utf8')));
const tenant = { config, teams: new TeamDirectory(config.teams) };
const now = () => new Date('2026-01-01T00:00:00Z');
const journeyStream = (ref: string) => `journey-${journeyIdFor('north-shire', `import/${ref}`)}`;

const CONTACTS_HEADER =
  'Child Unique ID,Journey ID,Contact ID,Date of Contact,Contact Source,Contact Channel,Receiving Team,Level of Need,Concerns,Contact Outcome,Date of Contact Decision,Deciding Team';
/** A contact closed NFA at the front door: two events from this row, one from its closure. */
const contact = (j: string, over: Partial<Record<'date' | 'source' | 'team' | 'child' | 'id', string>> = {}) =>
  `${over.child ?? 'C-' + j},${j},${over.id ?? 'K-' + j},${over.date ?? '2024-05-08 14:00'},${over.source ?? '2A'},email,${over.team ?? 'customer-access'},2,neglect,nfa,2024-05-08 16:00,customer-access`;
const CLOSURES_HEADER = 'Child Unique ID,Journey ID,Closure Date,Reason for Closure,Closing Team';
const closure = (j: string, date = '2024-05-08 16:00') => `C-${j},${j},${date},contact-nfa,`;

describe.each(STORE_KINDS)('CSV import on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => f.dispose());

  const write = (name: string, lines: string[] | Buffer) => {
    const path = join(f.dir, name);
    writeFileSync(path, Buffer.isBuffer(lines) ? lines : lines.join('\n') + '\n');
    return path;
  };
  const run = (files: CsvFile | CsvFile[]) => importCsv(files, { store: f.store, tenant, now });
  const rejectsCsv = (report: ImportReport) => readFileSync(report.rejectsFile!, 'utf8').trim().split('\n');
  const streamTypes = async (ref: string) => (await f.store.readStream('north-shire', journeyStream(ref))).map((e) => e.type);

  it('imports the five sample lists as four journeys, joined on Journey ID, and adds nothing on a re-run', async () => {
    const files = LIST_NAMES.map((list: ListName) => {
      copyFileSync(join(ROOT, 'samples/import', `${list}.csv`), join(f.dir, `${list}.csv`));
      return { list, path: join(f.dir, `${list}.csv`) };
    });
    const report = await run(files);
    expect(report.rejects).toEqual([]);
    expect(report.journeys).toEqual({ seen: 4, written: 4, alreadyStored: 0, rejected: 0 });
    // J-0001: 9 events, J-0002: 3, J-0003: 7, J-0004: 8 (worked out in the sample's comments in docs/import-format.md).
    expect(report.events).toBe(27);
    expect(report.rows).toEqual({ read: 19, imported: 19, rejected: 0 });
    expect(await streamTypes('J-0001')).toEqual([
      'ContactReceived',
      'CaseHandedOver',
      'ContactDecided',
      'ReferralAccepted',
      'CaseHandedOver',
      'AssessmentStarted',
      'AssessmentCompleted',
      'CaseHandedOver',
      'JourneyClosed',
    ]);
    expect(await streamTypes('J-0003')).toEqual([
      'ContactReceived',
      'CaseHandedOver',
      'ContactDecided',
      'SteppedDown',
      'AssessmentStarted',
      'AssessmentCompleted',
      'JourneyClosed',
    ]);
    const j3 = await f.store.readStream('north-shire', journeyStream('J-0003'));
    // 11/05/2024 22:40 in Europe/London (BST) is 21:40Z; a Saturday night, taken by the emergency duty team.
    expect(j3[0].metadata.occurredAt).toBe('2024-05-11T21:40:00.000Z');
    expect(j3[0].data).toMatchObject({ team: 'edt', source: '1A', concerns: ['parental-mental-health', 'neglect'] });
    expect(j3[3].data).toMatchObject({ fromTeam: 'mash', toTeam: 'early-help-north' });
    expect(report.rejectsFile).toBeUndefined(); // no rejects, no rejects file

    const head = await f.store.headPosition();
    const again = await run(files);
    expect(again.journeys).toEqual({ seen: 4, written: 0, alreadyStored: 4, rejected: 0 });
    expect(again.events).toBe(0);
    expect(await f.store.headPosition()).toBe(head);
  });

  it('adds a later closures file to journeys already imported, and only that', async () => {
    const contacts = write('contacts.csv', [CONTACTS_HEADER, contact('J1'), contact('J2')]);
    await run({ list: 'contacts', path: contacts });
    const closures = write('closures.csv', [CLOSURES_HEADER, closure('J1')]);
    const report = await run({ list: 'closures', path: closures });
    expect(report.journeys).toMatchObject({ written: 1, rejected: 0 });
    expect(report.events).toBe(1);
    expect(await streamTypes('J1')).toEqual(['ContactReceived', 'ContactDecided', 'JourneyClosed']);
    expect(await streamTypes('J2')).toEqual(['ContactReceived', 'ContactDecided']);
  });

  it('refuses a file whose header lacks a required column, importing nothing', async () => {
    const path = write('contacts.csv', [CONTACTS_HEADER.replace('Date of Contact,', 'Contact Date,'), contact('J1').replace('2024-05-08 14:00,', '')]);
    const report = await run({ list: 'contacts', path });
    expect(report.fatal).toBe(true);
    expect(report.rejects).toHaveLength(1);
    expect(report.rejects[0]).toMatchObject({ line: 1, column: 'Date of Contact', code: 'BadHeader' });
    expect(report.rejects[0].reason).toContain('lacks required column(s) "Date of Contact"');
    expect(await f.store.headPosition()).toBe(0);
  });

  it('rejects a row that is not UTF-8, and its journey, naming the line', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${CONTACTS_HEADER}\n${contact('J1')}\n`),
      Buffer.from(contact('J2').replace('neglect', 'caf\u00e9'), 'latin1'),
      Buffer.from(`\n${contact('J3')}\n`),
    ]);
    const report = await run({ list: 'contacts', path: write('contacts.csv', latin1) });
    expect(report.journeys).toEqual({ seen: 3, written: 2, alreadyStored: 0, rejected: 1 });
    expect(report.rejects).toEqual([expect.objectContaining({ line: 3, journeyId: 'J2', code: 'WrongEncoding' })]);
    expect(report.rejects[0].reason).toContain('byte 0xE9 is not UTF-8');
    expect(await streamTypes('J2')).toEqual([]);
  });

  it('refuses a UTF-16 file as a whole', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${CONTACTS_HEADER}\n${contact('J1')}\n`, 'utf16le')]);
    const report = await run({ list: 'contacts', path: write('contacts.csv', utf16) });
    expect(report.fatal).toBe(true);
    expect(report.rejects[0]).toMatchObject({ line: 1, code: 'WrongEncoding' });
  });

  it('rejects a date in the wrong format, with the column and the accepted formats', async () => {
    const path = write('contacts.csv', [CONTACTS_HEADER, contact('J1'), contact('J2', { date: '2024/05/08' }), contact('J3', { date: '08-05-2024' })]);
    const report = await run({ list: 'contacts', path });
    expect(report.journeys.written).toBe(1);
    expect(report.rejects.map((r) => [r.line, r.journeyId, r.column, r.code])).toEqual([
      [3, 'J2', 'Date of Contact', 'BadDate'],
      [4, 'J3', 'Date of Contact', 'BadDate'],
    ]);
    expect(report.rejects[0].reason).toContain('"2024/05/08" is not a date in a supported format (YYYY-MM-DD');
    // The rejects CSV next to the input holds the same rows.
    expect(rejectsCsv(report)).toHaveLength(3);
    expect(rejectsCsv(report)[1]).toMatch(/^contacts\.csv,3,contacts,J2,Date of Contact,BadDate,/);
  });

  it('rejects each row without a Journey ID on its own', async () => {
    const path = write('contacts.csv', [CONTACTS_HEADER, contact('').replace(',,', ',,'), contact(''), contact('J1')]);
    const report = await run({ list: 'contacts', path });
    expect(report.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, 'Journey ID', 'MissingValue'],
      [3, 'Journey ID', 'MissingValue'],
    ]);
    expect(report.journeys.written).toBe(1);
  });

  it('rejects an unknown team and an unknown source code', async () => {
    const path = write('contacts.csv', [
      CONTACTS_HEADER,
      contact('J1', { team: 'Narnia Team' }),
      contact('J2', { source: '11' }),
      contact('J3', { source: '3E' }),
    ]);
    const report = await run({ list: 'contacts', path });
    expect(report.rejects.map((r) => [r.line, r.column, r.code])).toEqual([
      [2, 'Receiving Team', 'UnknownTeam'],
      [3, 'Contact Source', 'UnknownCode'],
    ]);
    expect(report.rejects[0].reason).toBe('Receiving Team: "Narnia Team" is not a team of North Shire County Council (config/tenants/north-shire.yaml)');
    expect(await streamTypes('J3')).toEqual(['ContactReceived', 'ContactDecided']);
  });

  it('refuses coded fields outside their code lists, free-text reasons included, and writes rejects no spreadsheet can run', async () => {
    const contacts = write('contacts.csv', [
      CONTACTS_HEADER,
      contact('@SUM(1+1)', { team: 'Narnia Team' }),
      contact('J2').replace(',2,neglect,', ',=1+1,neglect,'),
      contact('J3'),
    ]);
    const transfers = write('transfers.csv', [
      'Child Unique ID,Journey ID,Involvement ID,Team,Involvement Start Date,Involvement End Date,Reason',
      'C-J3,J3,I-1,mash,2024-05-08 15:00,,Zebedee went to live with his nan',
    ]);
    const report = await run([
      { list: 'contacts', path: contacts },
      { list: 'transfers', path: transfers },
    ]);
    expect(report.rejects.map((r) => [r.journeyId, r.column, r.code])).toEqual(
      expect.arrayContaining([
        ['@SUM(1+1)', 'Receiving Team', 'UnknownTeam'],
        ['J2', 'Level of Need', 'UnknownCode'],
        ['J3', 'Reason', 'UnknownCode'],
      ]),
    );
    expect(report.journeys.written).toBe(0);
    const cells: string[] = (parseCsv(readFileSync(report.rejectsFile!, 'utf8')) as string[][]).flat();
    expect(cells).toContain("'@SUM(1+1)");
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it('rejects a duplicate row and every other row of its journey, and imports none of that journey', async () => {
    const contacts = write('contacts.csv', [CONTACTS_HEADER, contact('J1'), contact('J1'), contact('J2')]);
    const closures = write('closures.csv', [CLOSURES_HEADER, closure('J1'), closure('J2')]);
    const report = await run([
      { list: 'contacts', path: contacts },
      { list: 'closures', path: closures },
    ]);
    expect(report.rejects.map((r) => [r.file, r.line, r.code])).toEqual([
      ['contacts.csv', 2, 'JourneyRejected'],
      ['contacts.csv', 3, 'DuplicateRow'],
      ['closures.csv', 2, 'JourneyRejected'],
    ]);
    expect(report.rejects[1].reason).toBe('duplicate of line 2');
    expect(report.rejects[2].reason).toContain('not imported: journey J1 has a rejected row (contacts.csv line 3: duplicate of line 2)');
    expect(await streamTypes('J1')).toEqual([]);
    expect(await streamTypes('J2')).toEqual(['ContactReceived', 'ContactDecided', 'JourneyClosed']);
  });

  it('rejects rows of one journey out of date order, and journeys out of Journey ID order in any file', async () => {
    const contacts = write('contacts.csv', [
      CONTACTS_HEADER,
      contact('J1', { id: 'K1', date: '2024-05-08 14:00' }),
      contact('J1', { id: 'K2', date: '2024-05-07 09:00' }),
      contact('J2'),
      contact('J4'),
      contact('J3'),
    ]);
    const closures = write('closures.csv', [CLOSURES_HEADER, closure('J2'), closure('J3'), closure('J4')]);
    const report = await run([
      { list: 'contacts', path: contacts },
      { list: 'closures', path: closures },
    ]);
    const byCode = report.rejects.filter((r) => r.code !== 'JourneyRejected').map((r) => [r.line, r.journeyId, r.column, r.code]);
    expect(byCode).toEqual([
      [3, 'J1', 'Date of Contact', 'OutOfOrder'],
      [6, 'J3', 'Journey ID', 'OutOfOrder'],
    ]);
    expect(report.rejects.find((r) => r.line === 6)!.reason).toContain('journey J3 comes after journey J4 (line 5)');
    // J3's closure (in a file that was in order) is not imported either: nothing of J3 is.
    expect(report.rejects).toContainEqual(expect.objectContaining({ file: 'closures.csv', journeyId: 'J3', code: 'JourneyRejected' }));
    expect(await streamTypes('J3')).toEqual([]);
    expect(await streamTypes('J1')).toEqual([]);
    expect(report.journeys.written).toBe(2);
  });

  it('reports a rule the decider refuses on the row that broke it, with its column', async () => {
    // The journey is closed before its referral's assessment is authorised: the closure is refused.
    const contacts = write('contacts.csv', [CONTACTS_HEADER, 'C-1,J1,K1,2024-05-07 10:15,6,phone,mash,3,,referral,2024-05-07 12:00,mash']);
    const referrals = write('referrals.csv', [
      'Child Unique ID,Journey ID,Referral ID,Date of Referral,Referral Source,Primary Need Code,Allocated Team',
      'C-1,J1,R1,2024-05-07 13:00,6,N1,mash',
    ]);
    const assessments = write('assessments.csv', [
      'Child Unique ID,Journey ID,Assessment ID,Assessment Type,Continuous Assessment Start Date,Continuous Assessment Date of Authorisation,Assessment Outcome,Assessment Factors,Allocated Team',
      'C-1,J1,A1,single,2024-05-08 10:00,2024-06-20 10:00,nfa,21,assessment-north',
    ]);
    const closures = write('closures.csv', [CLOSURES_HEADER, 'C-1,J1,2024-06-01 10:00,RC8,']);
    const report = await run([
      { list: 'contacts', path: contacts },
      { list: 'referrals', path: referrals },
      { list: 'assessments', path: assessments },
      { list: 'closures', path: closures },
    ]);
    expect(report.journeys.rejected).toBe(1);
    const cause = report.rejects.find((r) => r.code !== 'JourneyRejected')!;
    expect(cause).toMatchObject({ file: 'closures.csv', line: 2, code: 'AssessmentAlreadyOpen' });
    expect(report.rejects).toHaveLength(4);
    expect(await f.store.headPosition()).toBe(0);
  });

  it('imports from a stream (the API upload path), given the list', async () => {
    const body = Readable.from([`${CONTACTS_HEADER}\n${contact('J1')}\n`]);
    const report = await importCsv(body, { list: 'contacts', store: f.store, tenant, now, rejectsPath: join(f.dir, 'upload.rejects.csv') });
    expect(report.journeys.written).toBe(1);
    expect(report.events).toBe(2);
  });
});
