import { randomUUID } from 'node:crypto';
import { TenantRegistry } from '@journey-ledger/application';
import type { JourneyCommand } from '@journey-ledger/domain';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { STORE_KINDS } from '@journey-ledger/testing';
import type { StoreFixture } from '@journey-ledger/testing';
import { JOURNEY_FACT_TABLES } from './journey-facts.schema';
import { openReadModels } from '../read-models';
import { dumpTables, journeyRecorder } from '../testing';

type Fixture = StoreFixture;

const tenants = TenantRegistry.fromDirectory('config/tenants');
const at = (day: number, hour = 10) => new Date(Date.UTC(2025, 3, 1 + day, hour)).toISOString();

/** Three journeys with known counts: 2 handovers / referral NFA; 0 / contact NFA; 1 + withdrawn 1 / assessed not in need. */
async function record(store: EventStore) {
  const record = journeyRecorder(store, tenants);
  const run = (journeyId: string, commands: JourneyCommand[]) => record(commands, journeyId);
  const contact = (child: string, team: string): JourneyCommand => ({
    type: 'RecordContact',
    data: { contactId: `${child}-c`, childRef: child, source: '6', channel: 'phone', team, concerns: [], levelOfNeed: '3', occurredAt: at(0) },
  });
  const a = randomUUID();
  await run(a, [
    contact('child-a', 'customer-access'),
    { type: 'DecideContact', data: { outcome: 'referral', team: 'customer-access', occurredAt: at(0, 12) } },
    { type: 'HandOver', data: { fromTeam: 'customer-access', toTeam: 'mash', reason: 'x', occurredAt: at(1) } },
    { type: 'AcceptReferral', data: { referralId: 'r-a', source: '6', primaryNeedCode: 'N1', team: 'cart', occurredAt: at(2) } },
    { type: 'CloseJourney', data: { reason: 'RC7', occurredAt: at(3) } },
  ]);
  const b = randomUUID();
  await run(b, [
    contact('child-b', 'mash'),
    { type: 'DecideContact', data: { outcome: 'nfa', team: 'mash', occurredAt: at(0, 11) } },
    { type: 'CloseJourney', data: { reason: 'contact-nfa', occurredAt: at(1) } },
  ]);
  const c = randomUUID();
  await run(c, [
    contact('child-c', 'mash'),
    { type: 'DecideContact', data: { outcome: 'referral', team: 'mash', occurredAt: at(0, 11) } },
    { type: 'AcceptReferral', data: { referralId: 'r-c', source: '6', primaryNeedCode: 'N4', team: 'mash', occurredAt: at(1) } },
    { type: 'StartAssessment', data: { assessmentId: 'a-c', kind: 'single', team: 'assessment-north', occurredAt: at(2) } },
    { type: 'CompleteAssessment', data: { outcome: 'nfa', factors: ['21'], occurredAt: at(20) } },
    { type: 'HandOver', data: { fromTeam: 'assessment-north', toTeam: 'cart', reason: 'recorded in error', occurredAt: at(21) } },
  ]);
  const events = await store.readStream('north-shire', `journey-${c}`);
  await run(c, [
    { type: 'WithdrawEntry', data: { eventId: events[events.length - 1].eventId, reason: 'wrong team', occurredAt: at(21) } },
    { type: 'CloseJourney', data: { reason: 'RC8', occurredAt: at(22) } },
  ]);
}

const dump = (db: SqlDatabase) => dumpTables(db, JOURNEY_FACT_TABLES);

describe.each(STORE_KINDS)('journey read models (%s)', (_, open) => {
  let f: Fixture;
  beforeEach(async () => {
    f = await open();
    await record(f.store);
  });
  afterEach(async () => f.dispose());

  it('count handovers and NFA by the definitions, withdrawn entries excluded', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    await runner.catchUp();
    // a: customer-access→mash, mash→cart (implicit, on referral) = 2; b: 0; c: mash→assessment-north (implicit) = 1, the withdrawn one never counts
    const journeys = await f.db.query<{
      child_ref: string;
      status: string;
      handovers: number;
      holder_path: string;
      outcome: string;
      contact_nfa: number;
      referral_nfa: number;
      assessed_not_in_need: number;
    }>(
      `select child_ref, status, handovers, holder_path, outcome, contact_nfa, referral_nfa, assessed_not_in_need from journey_summary where tenant_id = 'north-shire' order by child_ref`,
    );
    expect(
      journeys.map((j) => ({
        ...j,
        handovers: Number(j.handovers),
        contact_nfa: Number(j.contact_nfa),
        referral_nfa: Number(j.referral_nfa),
        assessed_not_in_need: Number(j.assessed_not_in_need),
      })),
    ).toEqual([
      {
        child_ref: 'child-a',
        status: 'closed',
        handovers: 2,
        holder_path: 'customer-access>mash>cart',
        outcome: 'referral-nfa',
        contact_nfa: 0,
        referral_nfa: 1,
        assessed_not_in_need: 0,
      },
      {
        child_ref: 'child-b',
        status: 'closed',
        handovers: 0,
        holder_path: 'mash',
        outcome: 'contact-nfa',
        contact_nfa: 1,
        referral_nfa: 0,
        assessed_not_in_need: 0,
      },
      {
        child_ref: 'child-c',
        status: 'closed',
        handovers: 1,
        holder_path: 'mash>assessment-north',
        outcome: 'assessed-not-in-need',
        contact_nfa: 0,
        referral_nfa: 0,
        assessed_not_in_need: 1,
      },
    ]);
    const handovers = await f.db.query<{ from_team: string; to_team: string }>(`select from_team, to_team from journey_handovers order by from_team, to_team`);
    expect(handovers).toEqual([
      { from_team: 'customer-access', to_team: 'mash' },
      { from_team: 'mash', to_team: 'assessment-north' },
      { from_team: 'mash', to_team: 'cart' },
    ]);
    const contacts = await f.db.query<{ outcome: string }>(`select outcome from journey_contacts order by outcome`);
    expect(contacts.map((c) => c.outcome)).toEqual(['nfa', 'referral', 'referral']);
    const referrals = await f.db.query<{ referral_id: string; assessed: number; referral_nfa: number }>(
      `select referral_id, assessed, referral_nfa from journey_referrals order by referral_id`,
    );
    expect(referrals.map((r) => [r.referral_id, Number(r.assessed), Number(r.referral_nfa)])).toEqual([
      ['r-a', 0, 1],
      ['r-c', 1, 0],
    ]);
    expect(await f.db.query(`select * from journey_summary where tenant_id = 'south-vale'`)).toEqual([]);
  });

  it('rebuild from zero gives byte-identical read models', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 3 });
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
    // and a fresh runner with one big batch (a cold cache) agrees too
    const cold = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 10_000 });
    await cold.rebuild();
    expect(await dump(f.db)).toBe(live);
  });

  it('resumes from its stored checkpoint without counting a batch twice', async () => {
    const first = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 4 });
    await first.catchUp();
    const before = await dump(f.db);
    const restarted = await openReadModels(f.store, f.db, { tenants: tenants.configOf });
    expect((await restarted.status())[0].lag).toBe(0);
    await restarted.catchUp();
    expect(await dump(f.db)).toBe(before);
  });

  it('rolls back a failed batch together with its checkpoint', async () => {
    const runner = await openReadModels(f.store, f.db, { tenants: tenants.configOf, batchSize: 5 });
    const projection = runner.projections[0];
    const apply = projection.apply.bind(projection);
    let calls = 0;
    (projection as { apply: typeof apply }).apply = async (events, tx) => {
      if (++calls === 2) {
        await apply(events, tx);
        throw new Error('crash after writing, before commit');
      }
      return apply(events, tx);
    };
    await expect(runner.catchUp()).rejects.toThrow('crash');
    const [status] = await runner.status();
    expect(status.position).toBe(5);
    (projection as { apply: typeof apply }).apply = apply;
    await runner.catchUp();
    const live = await dump(f.db);
    await runner.rebuild();
    expect(await dump(f.db)).toBe(live);
  });
});
