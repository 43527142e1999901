import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { TeamDirectory } from '@journey-ledger/domain';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { readJourneys } from '../journey-log/journey-log';
import { externalLog } from '../testing/external-logs';
import { northShire, seedDemoJourneys } from '../testing/demo-journeys';
import { NoJourneysError, ocelChunks } from './ocel-writer';

const schema = JSON.parse(readFileSync(externalLog('schema_ocel2.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

describe('the OCEL 2.0 JSON schema validator', () => {
  it('accepts the OCEL 2.0 standard example (positive control)', () => {
    expect(validate(JSON.parse(readFileSync(externalLog('ocel20_example.jsonocel'), 'utf8')))).toBe(true);
  });
  it('refuses a document missing its objects (negative control)', () => {
    expect(validate({ eventTypes: [], objectTypes: [], events: [] })).toBe(false);
  });
});

describe.each(STORE_KINDS)('OCEL 2.0 export on the %s store', (_name, open) => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await open();
    await seedDemoJourneys(f.store, 150);
  });
  afterAll(async () => f.dispose());

  const exportAll = async (filter = {}) => {
    const head = await f.store.headPosition();
    let text = '';
    for await (const chunk of ocelChunks(() => readJourneys(f.store, { tenantId: northShire.id, filter, head }), {
      teams: new TeamDirectory(northShire.teams),
      chunkSize: 4096,
    }))
      text += chunk;
    return JSON.parse(text);
  };

  it('validates against the OCEL 2.0 schema, and every relationship names an object of the document', async () => {
    const doc = await exportAll();
    expect(validate(doc)).toBe(true);
    const ids = new Set(doc.objects.map((o: any) => o.id));
    expect(ids.size).toBe(doc.objects.length);
    const dangling = [...doc.events, ...doc.objects].flatMap((x: any) => x.relationships.map((r: any) => r.objectId)).filter((id: string) => !ids.has(id));
    expect(dangling).toEqual([]);
    const types = new Set(doc.objects.map((o: any) => o.type));
    expect([...types].sort()).toEqual(['assessment', 'child', 'journey', 'plan', 'referral', 'team']);
  });

  it('relates a handover to the team it came from and the team it went to, and the journey’s holder changes over time', async () => {
    const doc = await exportAll();
    const handover = doc.events.find((e: any) => e.type === 'CaseHandedOver');
    const from = handover.attributes.find((a: any) => a.name === 'fromTeam').value;
    const to = handover.attributes.find((a: any) => a.name === 'toTeam').value;
    expect(handover.relationships).toEqual(
      expect.arrayContaining([
        { objectId: `team:${from}`, qualifier: 'from-team' },
        { objectId: `team:${to}`, qualifier: 'to-team' },
        { objectId: `team:${to}`, qualifier: 'holder' },
      ]),
    );
    const journeyId = handover.relationships.find((r: any) => r.qualifier === 'journey').objectId;
    const journey = doc.objects.find((o: any) => o.id === journeyId);
    const holders = journey.attributes.filter((a: any) => a.name === 'holder');
    expect(holders.length).toBeGreaterThan(1);
    expect(holders.map((h: any) => h.value)).toContain(to);
  });

  it('refuses a period with no journeys before writing anything', async () => {
    await expect(exportAll({ from: '1990-01-01T00:00:00Z', to: '1990-02-01T00:00:00Z' })).rejects.toBeInstanceOf(NoJourneysError);
  });
});
