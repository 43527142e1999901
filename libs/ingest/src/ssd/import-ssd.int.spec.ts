import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import { STORE_KINDS, StoreFixture } from '../testing/stores';
import { readTeamMapping } from '../linked/team-names';
import { importSsd, SsdTableFile } from './import-ssd';
import { SSD_TABLE_NAMES, SsdTable } from './ssd-tables';

const ROOT = join(__dirname, '../../../..');
const FIXTURES = join(__dirname, 'fixtures');
const config = parseTenantConfig(parse(readFileSync(join(ROOT, 'config/tenants/north-shire.yaml'), 'utf8')));
const tenant = { config, teams: new TeamDirectory(config.teams) };
const now = () => new Date('2026-01-01T00:00:00Z');

/** The fixture extract: five children written from the SSD's published table definitions. */
const extract = (replace: Partial<Record<SsdTable, string>> = {}): SsdTableFile[] =>
  SSD_TABLE_NAMES.map((table) => ({
    table,
    input: replace[table] !== undefined ? Readable.from([Buffer.from(replace[table]!)]) : createReadStream(join(FIXTURES, `${table}.csv`)),
  }));

describe.each(STORE_KINDS)('SSD extract import on the %s store', (_name, open) => {
  let f: StoreFixture;
  let teamMapping: Map<string, string>;
  beforeEach(async () => {
    f = await open();
    teamMapping = await readTeamMapping(join(FIXTURES, 'team-map.csv'));
  });
  afterEach(async () => f.dispose());

  const run = (files: SsdTableFile[]) =>
    importSsd(files, { store: f.store, tenant, source: 'ssd-extract', now, teamMapping, rejectsPath: join(f.dir, 'rejects.csv') });
  const stream = async (referralId: string) => f.store.readStream('north-shire', `journey-${journeyIdFor('north-shire', `ssd/${referralId}`)}`);

  it('records each change of team in involvements as a handover, in business order with the referral, assessment and plans', async () => {
    const report = await run(extract());
    expect(report.status).toBe('completed');
    const r1 = await stream('R1');
    expect(r1.map((e) => e.type)).toEqual([
      'ContactReceived',
      'ContactDecided',
      'ReferralAccepted',
      'PractitionerAllocated',
      'CaseHandedOver',
      'PractitionerAllocated',
      'AssessmentStarted',
      'AssessmentCompleted',
      'CaseHandedOver',
      'PractitionerAllocated',
      'PlanStarted',
      'PlanEnded',
      'JourneyClosed',
    ]);
    expect(
      r1
        .filter((e) => e.type === 'CaseHandedOver')
        .map((e) => [(e.data as { fromTeam: string }).fromTeam, (e.data as { toTeam: string }).toTeam, e.metadata.occurredAt]),
    ).toEqual([
      ['mash', 'assessment-north', '2024-05-03T11:00:00.000Z'],
      ['assessment-north', 'children-in-need', '2024-06-20T11:00:00.000Z'],
    ]);
    // The section 47 enquiry ends at the conference that starts the plan; the next involvement moves the case.
    expect((await stream('R5')).map((e) => e.type)).toEqual([
      'ReferralAccepted',
      'PractitionerAllocated',
      'AssessmentStarted',
      'AssessmentCompleted',
      'PlanStarted',
      'CaseHandedOver',
      'PractitionerAllocated',
      'PractitionerAllocated',
    ]);
    expect((await stream('R2')).map((e) => e.type)).toEqual(['ReferralAccepted', 'PractitionerAllocated', 'JourneyClosed']);
    expect(report.journeys.written).toBe(3);
    expect(report.notes.join(' ')).toMatch(/4 changes of allocated worker/);
    expect(report.notes.join(' ')).toMatch(/1 contacts not followed by a referral/);
    const stored = JSON.stringify(await f.store.readAll());
    expect(stored).not.toMatch(/W[1-6]"|NFA_FLAG/);
  });

  it('records each involvement’s worker as the lead practitioner, by a pseudonym of the staff id', async () => {
    await run(extract());
    const allocations = async (referralId: string) =>
      (await stream(referralId))
        .filter((e) => e.type === 'PractitionerAllocated')
        .map((e) => e.data as { practitionerRef: string; team: string; role: string; reason: string });
    const r1 = await allocations('R1');
    // I1 W1 MASH, I2 W2 assessment-north, I3 W3 children-in-need: two changes of worker, each with a change of team.
    expect(r1.map((a) => [a.team, a.role, a.reason])).toEqual([
      ['mash', 'social-worker', 'first-allocation'],
      ['assessment-north', 'social-worker', 'case-transferred'],
      ['children-in-need', 'social-worker', 'case-transferred'],
    ]);
    expect(new Set(r1.map((a) => a.practitionerRef)).size).toBe(3);
    for (const a of r1) expect(a.practitionerRef).toMatch(/^w-[0-9a-f]{20}$/);
    // W1 holds R1 and R2: one worker, one reference in both journeys.
    expect((await allocations('R2'))[0].practitionerRef).toBe(r1[0].practitionerRef);
    // R5: I5 W4 assessment-north, I6 W5 children-in-need, I7 W6 children-in-need: the last a change of worker without a change of team.
    expect((await allocations('R5')).map((a) => [a.team, a.reason])).toEqual([
      ['assessment-north', 'first-allocation'],
      ['children-in-need', 'case-transferred'],
      ['children-in-need', 'other'],
    ]);
  });

  it('reports an unknown team and a row of an unknown referral with the table, row and column, and imports nothing of those children', async () => {
    const report = await run(extract());
    expect(report.rejects.map((r) => `${r.record} ${r.list} ${r.line} ${r.field} ${r.code}`)).toEqual([
      'P3 cin_episodes 4 cine_referral_team UnknownTeam',
      'P3 s47_enquiry 3  ChildRejected',
      'P4 s47_enquiry 4 s47e_referral_id UnknownReferral',
      'P4 cin_episodes 5  ChildRejected',
    ]);
    expect(report.lists.cin_episodes).toEqual({ read: 5, loaded: 3, alreadyStored: 0, rejected: 2 });
    expect(report.lists.involvements).toEqual({ read: 7, loaded: 7, alreadyStored: 0, rejected: 0 });
    expect(await stream('R3')).toEqual([]);
  });

  it('adds nothing when the same extract is imported again', async () => {
    await run(extract());
    const head = await f.store.headPosition();
    const again = await run(extract());
    expect(await f.store.headPosition()).toBe(head);
    expect(again).toMatchObject({ events: 0, journeys: { written: 0, alreadyStored: 3 } });
    expect(again.lists.involvements).toMatchObject({ loaded: 0, alreadyStored: 7 });
  });

  it('refuses the whole extract when a table lacks a key column or is not CSV, and writes nothing', async () => {
    const noTeam = await run(
      extract({ involvements: 'invo_involvements_id,invo_person_id,invo_referral_id,invo_involvement_start_date\nI1,P1,R1,2024-05-01\n' }),
    );
    expect(noTeam).toMatchObject({ status: 'failed', fatal: { code: 'BadHeader', line: 1 } });
    expect(noTeam.fatal!.message).toContain('"invo_professional_team"');
    const broken = await run(extract({ contacts: 'cont_contact_id,cont_person_id,cont_contact_date\nK1,P1,"2024-04-29\n' }));
    expect(broken).toMatchObject({ status: 'failed', fatal: { code: 'BadCsv' } });
    const noEpisodes = await importSsd(
      extract().filter((t) => t.table !== 'cin_episodes'),
      { store: f.store, tenant, source: 'x', now },
    );
    expect(noEpisodes).toMatchObject({ status: 'failed', fatal: { code: 'MissingTable' } });
    expect(await f.store.headPosition()).toBe(0);
  });
});
