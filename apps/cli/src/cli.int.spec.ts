import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openStore, storeSettingsFromEnv } from '@journey-ledger/event-store';
import { buildProgram } from './main';

/** The CLI end to end, in process, on both stores: the environment picks the store as in production. */
const STORES: [string, (dir: string) => Record<string, string>][] = [
  ['embedded', (dir) => ({ JOURNEY_LEDGER_STORE: 'embedded', JOURNEY_LEDGER_DATA_DIR: dir })],
  ['postgres', () => ({ JOURNEY_LEDGER_STORE: 'postgres', JOURNEY_LEDGER_PG_SCHEMA: `jl_cli_${randomBytes(4).toString('hex')}` })],
];

describe.each(STORES)('CLI on the %s store', (kind, envFor) => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let out: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jl-cli-'));
    saved = { ...process.env };
    Object.assign(process.env, envFor(dir));
    out = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    if (kind === 'postgres') {
      const { db } = await openStore(storeSettingsFromEnv());
      await db.execute(`drop schema if exists ${process.env.JOURNEY_LEDGER_PG_SCHEMA} cascade`);
      await db.close();
    }
    process.env = saved;
    process.exitCode = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => buildProgram().parseAsync(['node', 'journey-ledger', ...args]);

  it('generate writes the journeys once: the same seed again adds nothing', async () => {
    await cli('generate', '--journeys', '300', '--seed', '5');
    expect(out.join('')).toMatch(/^300 journeys written, 0 already stored, 0 rejected; \d+ events/m);
    const { eventStore } = await openStore(storeSettingsFromEnv());
    const head = await eventStore.headPosition();
    await eventStore.close();
    expect(head).toBeGreaterThan(900); // at least three events per journey (contact, decision, closure)
    out.length = 0;
    await cli('generate', '--journeys', '300', '--seed', '5');
    expect(out.join('')).toMatch(/^0 journeys written, 300 already stored, 0 rejected; 0 events/m);
    expect(spy).toHaveBeenCalled();
  });

  it('import reads the sample folder, and a bad file reports its rows and exits 2', async () => {
    await cli('import', join(__dirname, '../../../samples/import'));
    expect(out.join('')).toContain('19 rows read from contacts.csv, referrals.csv, assessments.csv, transfers.csv, closures.csv: 19 imported, 0 rejected');
    out.length = 0;
    const bad = join(dir, 'contacts.csv');
    writeFileSync(bad, 'Child Unique ID,Journey ID,Contact ID,Date of Contact,Contact Source,Receiving Team\nC-9,J-9,K-9,2024-13-01,6,mash\n');
    await cli('import', '--list', 'contacts', bad);
    expect(out.join('')).toContain('contacts.csv:2 [Date of Contact] BadDate: Date of Contact: "2024-13-01" is not a real date or time');
    expect(out.join('')).toContain(`rejects: ${join(dir, 'contacts.rejects.csv')}`);
    expect(process.exitCode).toBe(2);
  });

  it('import reads a CIN census return: the report and rejects go beside it, and a re-run loads nothing new', async () => {
    const file = join(dir, 'return.xml');
    copyFileSync(join(__dirname, '../../../../shared/data/external/cin-census-fake-332-children.xml'), file);
    await cli('import', file);
    expect(out.join('')).toContain('children: 332 read, 30 loaded, 0 already stored, 302 rejected');
    expect(out.join('')).toMatch(/RND000215205141 \(line 34\) \[DateOfInitialCPC\] rule 8831 ActivityAfterNfa/);
    expect(out.join('')).toContain(`rejects: ${join(dir, 'return.rejects.csv')}`);
    const report = JSON.parse(readFileSync(join(dir, 'return.import-report.json'), 'utf8'));
    expect(report).toMatchObject({ format: 'cin-census', status: 'completed', lists: { children: { loaded: 30 } } });
    expect(process.exitCode).toBe(2);
    out.length = 0;
    await cli('import', file);
    expect(out.join('')).toContain('children: 332 read, 0 loaded, 30 already stored, 302 rejected');
  });

  it('import reads an Annex A workbook by its extension, and a file that only pretends to be one gets a typed error, never its bytes', async () => {
    const file = join(dir, 'annex-a.xlsx');
    copyFileSync(join(__dirname, '../../../../shared/data/external/annex-a-example.xlsx'), file);
    await cli('import', file);
    expect(out.join('')).not.toContain('could not be read');
    expect(out.join('')).toContain('List 1: 13 read, 7 loaded, 0 already stored, 6 rejected');
    expect(out.join('')).toMatch(/2547 \(line 4\) \[Strategy discussion initiating Section 47 Enquiry Start Date\] MissingValue/);
    expect(JSON.parse(readFileSync(join(dir, 'annex-a.import-report.json'), 'utf8'))).toMatchObject({ format: 'annex-a', journeys: { written: 12 } });
    expect(process.exitCode).toBe(2);

    out.length = 0;
    process.exitCode = undefined;
    const fake = join(dir, 'lists.xlsx');
    writeFileSync(fake, Buffer.concat([randomBytes(3000), Buffer.from('\u001b[2J')]));
    await cli('import', fake);
    expect(out.join('')).toContain('the file could not be read to its end: NotAWorkbook: the file is not an Excel workbook (.xlsx)');
    expect(out.join('')).toMatch(/^[\x20-\x7e\n…“”‘’×]*$/);
    expect(process.exitCode).toBe(2);
  });

  it('import reads a Standard Safeguarding Dataset extract from its folder, teams through a mapping file', async () => {
    const fixtures = join(__dirname, '../../../libs/ingest/src/ssd/fixtures');
    const folder = join(dir, 'ssd');
    mkdirSync(folder);
    for (const t of ['cin_episodes', 'contacts', 'cin_assessments', 's47_enquiry', 'cin_plans', 'cp_plans', 'involvements'])
      copyFileSync(join(fixtures, `${t}.csv`), join(folder, `ssd_${t}.csv`));
    await cli('import', folder, '--map-teams', join(fixtures, 'team-map.csv'));
    expect(out.join('')).toContain('cin_episodes: 5 read, 3 loaded, 0 already stored, 2 rejected');
    expect(out.join('')).toContain('involvements: 7 read, 7 loaded');
    expect(JSON.parse(readFileSync(join(folder, 'import-report.json'), 'utf8'))).toMatchObject({ format: 'ssd', journeys: { written: 3 } });
  });
});
