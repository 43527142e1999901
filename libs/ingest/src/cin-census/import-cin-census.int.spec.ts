import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import { STORE_KINDS, StoreFixture } from '../testing/stores';
import { cinJourneyId } from './cin-journeys';
import { importCinCensus } from './import-cin-census';

const ROOT = join(__dirname, '../../../..');
const EXTERNAL = join(ROOT, '../shared/data/external');
const config = parseTenantConfig(parse(readFileSync(join(ROOT, 'config/tenants/north-shire.yaml'), 'utf8')));
const tenant = { config, teams: new TeamDirectory(config.teams) };
const now = () => new Date('2026-01-01T00:00:00Z');

/** A CIN census message around the given children, as the DfE schema lays it out. */
const message = (children: string, root = '<Message>') =>
  `<?xml version="1.0" encoding="utf-8"?>\n${root}<Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year><ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails></Header>\n<Children>\n${children}</Children></Message>\n`;
const child = (id: string, details: string, identifiers = '') =>
  `<Child><ChildIdentifiers><LAchildID>${id}</LAchildID><UPN>A123456789012</UPN><PersonBirthDate>2015-06-01</PersonBirthDate><Sex>F</Sex>${identifiers}</ChildIdentifiers>` +
  `<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>${details}</Child>\n`;
/** An episode: referral, a single assessment, a CIN plan, closed RC7 once the plan ended. */
const assessedEpisode = `<CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>2A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode>
  <CINclosureDate>2024-11-29</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>false</ReferralNFA>
  <Assessments><AssessmentActualStartDate>2024-05-02</AssessmentActualStartDate><AssessmentAuthorisationDate>2024-06-10</AssessmentAuthorisationDate>
    <FactorsIdentifiedAtAssessment><AssessmentFactors>2B</AssessmentFactors><AssessmentFactors>4A</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
  <CINPlanDates><CINPlanStartDate>2024-06-12</CINPlanStartDate><CINPlanEndDate>2024-11-28</CINPlanEndDate></CINPlanDates></CINdetails>`;
const nfaEpisode = (date: string) =>
  `<CINdetails><CINreferralDate>${date}</CINreferralDate><ReferralSource>6</ReferralSource><PrimaryNeedCode>N4</PrimaryNeedCode><CINclosureDate>${date}</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure><ReferralNFA>1</ReferralNFA></CINdetails>`;

describe.each(STORE_KINDS)('CIN census import on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeEach(async () => {
    f = await open();
  });
  afterEach(async () => f.dispose());

  const run = (input: Readable, source = 'return.xml', worker = false) =>
    importCinCensus(input, { store: f.store, tenant, source, now, rejectsPath: join(f.dir, 'rejects.csv'), worker });
  const fromText = (xml: string | Buffer) => Readable.from([Buffer.from(xml)]);
  const types = async (laChildId: string, referral: string) =>
    (await f.store.readStream('north-shire', `journey-${cinJourneyId('north-shire', laChildId, referral)}`)).map((e) => e.type);

  it('loads the valid children of the 332-children return, reports the others by rule, and adds nothing on a second run', async () => {
    const first = await run(createReadStream(join(EXTERNAL, 'cin-census-fake-332-children.xml')));
    expect(first.status).toBe('completed');
    expect(first.lists.children).toEqual({ read: 332, loaded: 30, alreadyStored: 0, rejected: 302 });
    // Every rejected child is named with at least one fault; these three rules are the ones this return breaks
    // (dates after the test's clock, 1 January 2026, count as in the future).
    expect(new Set(first.rejects.map((r) => r.record)).size).toBe(302);
    expect(first.byRule).toEqual({ '8831': 350, '8825Q': 30, DateInFuture: 16 });
    expect(first.rejects[0]).toEqual({
      list: 'children',
      record: 'RND000215205141',
      line: 34,
      field: 'DateOfInitialCPC',
      rule: '8831',
      code: 'ActivityAfterNfa',
      message: 'the referral is marked no further action (ReferralNFA) but records an initial child protection conference',
    });
    expect(first.journeys.written).toBe(33);
    expect(first.events).toBeGreaterThanOrEqual(33);
    const rejectsCsv = readFileSync(first.rejectsFile!, 'utf8').trim().split('\n');
    expect(rejectsCsv[0]).toBe('list,record,line,field,rule,code,message');
    expect(rejectsCsv).toHaveLength(1 + 350 + 30 + 16);

    const head = await f.store.headPosition();
    const again = await run(createReadStream(join(EXTERNAL, 'cin-census-fake-332-children.xml')));
    expect(await f.store.headPosition()).toBe(head);
    expect(again.lists.children).toEqual({ read: 332, loaded: 0, alreadyStored: 30, rejected: 302 });
    expect(again.events).toBe(0);
  });

  it('reads and decides in a worker thread to the same report and the same events, and stops cleanly at a break', async () => {
    // Small batches and small chunks, so that the file and the batches cross between the threads many times.
    const whole = readFileSync(join(EXTERNAL, 'cin-census-fake-332-children.xml'));
    const chunks = (b: Buffer) => Readable.from(Array.from({ length: Math.ceil(b.length / 4096) }, (_, i) => b.subarray(i * 4096, (i + 1) * 4096)));
    const inWorker = await importCinCensus(chunks(whole), { store: f.store, tenant, source: 'return.xml', now, worker: true, batchChildren: 7 });
    const stored = await f.store.readAll({ maxCount: 100_000 });
    const g = await open();
    try {
      const here = await importCinCensus(chunks(whole), { store: g.store, tenant, source: 'return.xml', now, batchChildren: 7 });
      const strip = (r: typeof here) => ({ ...r, importId: '', startedAt: '', finishedAt: '', rejectsFile: undefined });
      expect(strip(inWorker)).toEqual(strip(here));
      expect(inWorker.lists.children).toEqual({ read: 332, loaded: 30, alreadyStored: 0, rejected: 302 });
      const ids = (events: { eventId: string; streamId: string; type: string }[]) => events.map((e) => `${e.streamId} ${e.eventId} ${e.type}`);
      expect(ids(stored)).toEqual(ids(await g.store.readAll({ maxCount: 100_000 })));
    } finally {
      await g.dispose();
    }
    const cut = await run(fromText(whole.subarray(0, Math.floor(whole.length / 2))), 'cut.xml', true);
    expect(cut.fatal).toMatchObject({ code: 'Truncated' });
    expect(cut.lists.children.loaded).toBe(0);
    expect(cut.lists.children.alreadyStored).toBeGreaterThan(0);
  });

  it('rejects both children of the 2023-24 sample (Sex, not GenderCurrent) with the rule each breaks, and writes nothing', async () => {
    const report = await run(createReadStream(join(EXTERNAL, 'cin-census-2024-sample.xml')));
    expect(report.lists.children).toEqual({ read: 2, loaded: 0, alreadyStored: 0, rejected: 2 });
    const faults = report.rejects.map((r) => `${r.record} ${r.field} ${r.rule ?? r.code}`);
    expect(faults).toEqual(
      expect.arrayContaining([
        'DfEX0000001 AssessmentActualStartDate DateInFuture',
        'DfEX0000001 AssessmentFactors 8897Q',
        'DfEX0000001 S47ActualStartDate 2889',
        'DfEX0000001 CPPstartDate 1105',
        'DfEX0000001 CPPendDate 8565',
        'child_fails_assessments AssessmentActualStartDate 1103',
      ]),
    );
    expect(await f.store.headPosition()).toBe(0);
  });

  it('turns an episode into a journey through the domain rules, with the child’s coded characteristics and no personal data in events', async () => {
    const report = await run(fromText(message(child('LA-1', assessedEpisode) + child('LA-2', nfaEpisode('2024-07-03') + nfaEpisode('2025-01-09')))));
    expect(report.lists.children).toEqual({ read: 2, loaded: 2, alreadyStored: 0, rejected: 0 });
    expect(report.journeys.written).toBe(3);
    expect([report.firstDate, report.lastDate]).toEqual(['2024-05-01', '2025-01-09']);
    expect(await types('LA-1', '2024-05-01')).toEqual([
      'ReferralAccepted',
      'ChildCharacteristicsRecorded',
      'AssessmentStarted',
      'AssessmentCompleted',
      'PlanStarted',
      'PlanEnded',
      'JourneyClosed',
    ]);
    expect(await types('LA-2', '2025-01-09')).toEqual(['ReferralAccepted', 'ChildCharacteristicsRecorded', 'JourneyClosed']);
    const events = await f.store.readAll();
    // Sex F, ethnicity WBRI, no disability recorded; born 2015-06-01, so 8 on the referral date (2024-05-01).
    expect(events.find((e) => e.type === 'ChildCharacteristicsRecorded')!.data).toEqual({ sex: '2', ethnicity: 'WBRI', disabilities: [], ageBand: '5-9' });
    const completed = events.find((e) => e.type === 'AssessmentCompleted')!;
    expect(completed.data).toMatchObject({ outcome: 'child-in-need-plan', factors: ['2B', '4A'] });
    // A census date has no time: 12:00 London time, never another day in any zone.
    expect(events[0].metadata.occurredAt).toBe('2024-05-01T11:00:00.000Z');
    const stored = JSON.stringify(events);
    for (const personal of ['A123456789012', '2015-06-01']) expect(stored).not.toContain(personal);
  });

  it('maps the 2026-27 pre-proceedings and FGDM module to pre-proceedings and family group conference events', async () => {
    const module = (outcome: string) =>
      `<PreProceedings><PPStartDate>2024-07-01</PPStartDate><FGDMMeetingOffer>2024-07-03</FGDMMeetingOffer><FGDMMeetingFac>2024-07-20</FGDMMeetingFac>` +
      `<StepDecisionDate>2024-09-30</StepDecisionDate><PPOutcome>${outcome}</PPOutcome></PreProceedings></CINdetails>`;
    const report = await run(
      fromText(
        message(
          child('LA-PP', assessedEpisode.replace('</CINdetails>', module('step-down-child-in-need'))) +
            child('LA-PQ', assessedEpisode.replace('</CINdetails>', module('adopted'))),
        ),
      ),
    );
    expect(report.lists.children).toMatchObject({ loaded: 1, rejected: 1 });
    expect(report.rejects).toEqual([expect.objectContaining({ record: 'LA-PQ', field: 'PPOutcome', code: 'UnknownCode' })]);
    expect(await types('LA-PP', '2024-05-01')).toEqual([
      'ReferralAccepted',
      'ChildCharacteristicsRecorded',
      'AssessmentStarted',
      'AssessmentCompleted',
      'PlanStarted',
      'PreProceedingsRecorded',
      'FamilyGroupConferenceRecorded',
      'FamilyGroupConferenceRecorded',
      'FamilyGroupConferenceRecorded',
      'PreProceedingsRecorded',
      'PlanEnded',
      'JourneyClosed',
    ]);
    const events = await f.store.readAll();
    expect(events.filter((e) => e.type === 'PreProceedingsRecorded' || e.type === 'FamilyGroupConferenceRecorded').map((e) => e.data)).toEqual([
      { preProceedingsId: 'pp-2024-07-01', step: 'started', team: expect.any(String) },
      { conferenceId: 'fgdm-pp-2024-07-01', step: 'offered', team: expect.any(String) },
      { conferenceId: 'fgdm-pp-2024-07-01', step: 'accepted', team: expect.any(String) },
      { conferenceId: 'fgdm-pp-2024-07-01', step: 'held', team: expect.any(String) },
      { preProceedingsId: 'pp-2024-07-01', step: 'decided', outcome: 'step-down-child-in-need', team: expect.any(String) },
    ]);
  });

  it('imports nothing of a child whose one episode the domain refuses, and everything of the others', async () => {
    // Two CIN plans open at once: the census rules do not catch it, the domain does (PlanAlreadyOpen).
    const twoPlans = assessedEpisode.replace('</CINdetails>', '<CINPlanDates><CINPlanStartDate>2024-07-01</CINPlanStartDate></CINPlanDates></CINdetails>');
    const report = await run(fromText(message(child('LA-3', nfaEpisode('2023-02-01') + twoPlans) + child('LA-4', nfaEpisode('2024-03-05')))));
    expect(report.lists.children).toMatchObject({ loaded: 1, rejected: 1 });
    expect(report.rejects).toEqual([expect.objectContaining({ record: 'LA-3', field: 'CINPlanStartDate', code: 'PlanAlreadyOpen' })]);
    expect(await types('LA-3', '2023-02-01')).toEqual([]);
    expect(await types('LA-4', '2024-03-05')).toEqual(['ReferralAccepted', 'ChildCharacteristicsRecorded', 'JourneyClosed']);
  });

  it('reports unknown codes, a duplicate child and a missing LA id per child', async () => {
    const badCodes = nfaEpisode('2024-01-10').replace('<ReferralSource>6</ReferralSource>', '<ReferralSource>11</ReferralSource>').replace('RC7', 'RC0');
    const report = await run(
      fromText(
        message(
          child('LA-5', badCodes) + child('LA-6', nfaEpisode('2024-01-11')) + child('LA-6', nfaEpisode('2024-01-12')) + child('', nfaEpisode('2024-01-13')),
        ),
      ),
    );
    expect(report.rejects.map((r) => `${r.record} ${r.field} ${r.rule}`)).toEqual([
      'LA-5 ReferralSource 8866',
      'LA-5 ReasonForClosure 8640',
      'LA-6 LAchildID 8510',
      'line 7 LAchildID 8500',
    ]);
    expect(report.lists.children).toEqual({ read: 4, loaded: 1, alreadyStored: 0, rejected: 3 });
  });

  it('refuses a file that is not a CIN census return, with the reason, and writes nothing', async () => {
    const cases: [string, string | Buffer][] = [
      ['NotXml', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe])],
      ['NotXml', 'Child Unique ID,Journey ID\nC-1,J-1\n'],
      ['NotCinCensus', '<!DOCTYPE html><html><body><p>Not a return</p></body></html>'],
      ['WrongNamespace', message(child('LA-7', nfaEpisode('2024-01-10')), '<Message xmlns="http://www.example.org/cin">')],
      ['NotCinCensus', message('').replace('<Collection>CIN</Collection>', '<Collection>SSDA903</Collection>')],
      ['NotXml', ''],
    ];
    for (const [code, body] of cases) {
      const report = await run(fromText(body));
      expect({ code: report.fatal?.code, status: report.status }).toEqual({ code, status: 'failed' });
    }
    expect(await f.store.headPosition()).toBe(0);
  });

  it('loads the children read whole from a truncated return and names the break; the rest follows on a re-run of the whole file', async () => {
    const whole = readFileSync(join(EXTERNAL, 'cin-census-fake-332-children.xml'));
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const partial = await run(fromText(cut));
    expect(partial.fatal).toMatchObject({ code: 'Truncated' });
    expect(partial.lists.children.read).toBeGreaterThan(100);
    expect(partial.lists.children.read).toBeLessThan(332);
    const resumed = await run(fromText(whole));
    expect(resumed.lists.children.loaded + resumed.lists.children.alreadyStored).toBe(30);
    expect(resumed.lists.children.alreadyStored).toBe(partial.lists.children.loaded);
  });
});
