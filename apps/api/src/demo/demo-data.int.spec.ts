import request from 'supertest';
import type { SqlDatabase } from '@journey-ledger/sql';
import { PersonalDataVault } from '@journey-ledger/vault';
import { SQL_DATABASE } from '../infrastructure/tokens';
import { startTestApp, TestApp } from '../../../../test/support/test-app';
import { loadDemoIfEmpty } from './demo-data';

/** The demo's year: children with their characteristics recorded, and the one-front-door redesign going live half way. */
describe('the demo data', () => {
  let t: TestApp;
  let designer: string;
  beforeAll(async () => {
    process.env.JOURNEY_LEDGER_DEMO_JOURNEYS = '400';
    t = await startTestApp('embedded');
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    await loadDemoIfEmpty(t.app);
    designer = await t.token('designer');
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    delete process.env.JOURNEY_LEDGER_DEMO_JOURNEYS;
    await t.close();
  });

  it('records the redesign as a change to the front door, going live half way through the year', async () => {
    const res = await request(t.http).get('/changes').set('Authorization', `Bearer ${designer}`);
    expect(res.body.changes).toEqual([
      expect.objectContaining({ changeId: 'one-front-door-2024-09-30', goLive: '2024-09-30', teams: ['customer-access', 'mash'] }),
    ]);
  });

  it('breaks the figures down by sex without journeys left "not recorded"', async () => {
    const res = await request(t.http).get('/metrics/handovers?groupBy=sex').set('Authorization', `Bearer ${designer}`);
    expect(res.status).toBe(200);
    const groups = res.body.rows.filter((r: any) => r.table === 'journeys-by-handovers').map((r: any) => r.sex);
    expect(groups).toEqual(expect.arrayContaining(['1', '2']));
    expect(groups).not.toContain('not-recorded');
  });

  it('keeps each child’s date of birth in the vault only', async () => {
    const [row] = await t.app.get<SqlDatabase>(SQL_DATABASE).query<{ child_ref: string }>('select child_ref from vault_keys limit 1');
    expect(row).toBeDefined();
    expect((await t.app.get(PersonalDataVault).get('north-shire', row.child_ref))?.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const [events] = await t.app.get<SqlDatabase>(SQL_DATABASE).query<{ n: number }>(`select count(*) as n from events where data like '%dateOfBirth%'`);
    expect(Number(events.n)).toBe(0);
  });

  it('shows fewer handovers per journey after the go-live than before it', async () => {
    const res = await request(t.http).get('/metrics/change-evaluation?changeId=one-front-door-2024-09-30').set('Authorization', `Bearer ${designer}`);
    expect(res.status).toBe(200);
    expect(res.body.handoversPerJourney.mean.after.value).toBeLessThan(res.body.handoversPerJourney.mean.before.value);
    expect(res.body.interruptedTimeSeries.handoversPerJourney.regression.levelChange.estimate).toBeLessThan(0);
  });
});
