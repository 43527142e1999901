import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ageBandOn, decide, evolve, initialJourneyState, localDate, parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import type { JourneyEvent, JourneyState, TenantConfig } from '@journey-ledger/domain';
import { generateJourneys, syntheticRedesign } from './generator';
import { syntheticChild } from './characteristics';
import { england202425 } from './presets';

const tenant = (id: string): TenantConfig => parseTenantConfig(parse(readFileSync(join(__dirname, '../../../config/tenants', `${id}.yaml`), 'utf8')));
const NOW = new Date('2026-01-01T00:00:00Z');
const ns = tenant('north-shire');
const teams = new TeamDirectory(ns.teams);

function fold(commands: readonly { command: Parameters<typeof decide>[0] }[]): JourneyState {
  let s = initialJourneyState();
  let n = 0;
  for (const { command } of commands)
    for (const e of decide(command, s, { teams, now: NOW.toISOString() }))
      s = evolve(s, { ...e, metadata: { ...e.metadata, eventId: `e${n++}` } } as JourneyEvent);
  return s;
}

describe('synthetic children’s characteristics', () => {
  const N = 10_000;
  const rows = [...generateJourneys({ tenant: ns, preset: england202425, journeys: N, seed: 3, now: NOW, characteristics: true })].map((j) => ({
    j,
    s: fold(j.commands),
  }));
  const children = [...new Map(rows.map(({ j }) => [j.ref!.childRef, syntheticChild(j.ref!.childRef, england202425.year.end)])).values()];
  const share = (p: (c: (typeof children)[number]) => boolean) => children.filter(p).length / children.length;

  it('given a generated year with characteristics, every journey records CIN census codes that the decider accepts', () => {
    for (const { s } of rows) {
      expect(s.characteristics).toBeDefined();
      expect(s.characteristics?.ageBand).not.toBe('unknown');
    }
  });

  it('records the age band on the contact’s local date from the date of birth, which no command carries', () => {
    for (const { j, s } of rows.slice(0, 500)) {
      const child = syntheticChild(j.ref!.childRef, england202425.year.end);
      const contactDate = localDate(j.commands[0].command.data.occurredAt, ns.timeZone);
      expect(s.characteristics?.ageBand).toBe(ageBandOn(child.dateOfBirth, contactDate));
      expect(JSON.stringify(j.commands)).not.toContain('dateOfBirth');
    }
  });

  it('keeps a re-referred child the same child: same sex, ethnicity, disabilities', () => {
    const byChild = new Map<string, JourneyState['characteristics'][]>();
    for (const { j, s } of rows) byChild.set(j.ref!.childRef, [...(byChild.get(j.ref!.childRef) ?? []), s.characteristics]);
    const repeated = [...byChild.values()].filter((cs) => cs.length > 1);
    expect(repeated.length).toBeGreaterThan(100);
    for (const cs of repeated) {
      const [first, ...rest] = cs.map((c) => ({ sex: c?.sex, ethnicity: c?.ethnicity, disabilities: c?.disabilities }));
      for (const c of rest) expect(c).toEqual(first);
    }
  });

  it('draws children in the published shares: 53% boys, 13% disabled, 68% of a White background', () => {
    expect(share((c) => c.sex === '1')).toBeCloseTo(0.53, 1);
    expect(share((c) => !c.disabilities.includes('NONE'))).toBeCloseTo(0.13, 1);
    expect(share((c) => c.ethnicity.startsWith('W'))).toBeCloseTo(0.68, 1);
    // Aged 10-15 at the census date: 38%.
    expect(share((c) => ageBandOn(c.dateOfBirth, england202425.year.end) === '10-15')).toBeCloseTo(0.38, 1);
  });
});

describe('a synthetic year with a redesign half way', () => {
  it('goes live on the middle day of the preset year and touches the contact centre and the hub', () => {
    // 2024-04-01 to 2025-04-01 is 365 days; day 182 after 1 April is 30 September.
    expect(syntheticRedesign(ns, england202425, 'mid-year')).toEqual({
      changeId: 'one-front-door-2024-09-30',
      title: expect.any(String),
      goLive: '2024-09-30',
      teams: ['customer-access', 'mash'],
    });
  });

  it('refuses a go-live that is not a date', () => {
    expect(() => syntheticRedesign(ns, england202425, { goLive: '30/09/2024' })).toThrow(/goLive/);
  });

  it('routes day-time contacts straight to the hub from the go-live, so the contact centre → hub handover stops', () => {
    const js = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 4000, seed: 5, now: NOW, redesign: 'mid-year' })];
    const firstTeam = (j: (typeof js)[number]) => (j.commands[0].command.data as { team: string }).team;
    const dayTime = js.filter((j) => !j.ref!.outOfHours && j.ref!.source !== '6');
    const before = dayTime.filter((j) => !j.ref!.redesigned);
    const after = dayTime.filter((j) => j.ref!.redesigned);
    expect(before.length).toBeGreaterThan(1000);
    expect(after.length).toBeGreaterThan(1000);
    expect(new Set(before.map(firstTeam))).toEqual(new Set(['customer-access']));
    expect(new Set(after.map(firstTeam))).toEqual(new Set(['mash']));
    const intakeHandovers = (j: (typeof js)[number]) =>
      j.commands.filter((c) => c.command.type === 'HandOver' && (c.command.data as { fromTeam: string }).fromTeam === 'customer-access').length;
    expect(before.some((j) => intakeHandovers(j) > 0)).toBe(true);
    expect(after.every((j) => intakeHandovers(j) === 0)).toBe(true);
    // Every contact dated on or after the go-live is redesigned, none before.
    for (const j of js) expect(j.ref!.redesigned).toBe(localDate(j.commands[0].command.data.occurredAt, ns.timeZone) >= '2024-09-30');
  });

  it('changes nothing in a year without a redesign', () => {
    const plain = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 200, seed: 5, now: NOW })];
    expect(plain.every((j) => !j.ref!.redesigned)).toBe(true);
  });
});
