import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { decide, evolve, initialJourneyState, parseTenantConfig, TeamDirectory } from '@journey-ledger/domain';
import type { JourneyEvent, JourneyState, TenantConfig } from '@journey-ledger/domain';
import { generateJourneys } from './generator';
import { england202425, familiesFirst2026, seedCouncil201516 } from './presets';
import { teamRoles } from './team-roles';
import { Prng } from './prng';

const tenant = (id: string): TenantConfig => parseTenantConfig(parse(readFileSync(join(__dirname, '../../../config/tenants', `${id}.yaml`), 'utf8')));
const NOW = new Date('2026-01-01T00:00:00Z');

/** Runs a generated journey through the domain exactly as the bulk writer does; throws on a refused command. */
function fold(commands: readonly { command: Parameters<typeof decide>[0] }[], teams: TeamDirectory, now = NOW): JourneyState {
  let s = initialJourneyState();
  let n = 0;
  for (const { command } of commands) {
    for (const e of decide(command, s, { teams, now: now.toISOString() })) {
      s = evolve(s, { ...e, metadata: { ...e.metadata, eventId: `e${n++}` } } as JourneyEvent);
    }
  }
  return s;
}

describe('sfc32 PRNG', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = new Prng('x');
    const b = new Prng('x');
    const c = new Prng('y');
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('team roles from a team map', () => {
  it('finds the front door, MASH, EDT and the statutory teams of North Shire', () => {
    expect(teamRoles(tenant('north-shire'))).toEqual({
      intake: 'customer-access',
      hub: 'mash',
      outOfHours: 'edt',
      earlyHelp: ['early-help-north', 'early-help-south'],
      assessment: ['assessment-north', 'assessment-south'],
      childInNeed: 'children-in-need',
      childProtection: 'child-protection',
    });
  });
  it('collapses to one team per role in South Vale, whose front door is a single team', () => {
    expect(teamRoles(tenant('south-vale'))).toEqual({
      intake: 'front-door',
      hub: 'front-door',
      outOfHours: 'front-door',
      earlyHelp: ['family-help'],
      assessment: ['social-work'],
      childInNeed: 'social-work',
      childProtection: 'social-work',
    });
  });
});

describe('synthetic journeys', () => {
  const ns = tenant('north-shire');
  const teams = new TeamDirectory(ns.teams);

  it('gives the same journeys, ids included, for the same seed, and others for another seed', () => {
    const a = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 50, seed: 7, now: NOW })];
    const b = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 50, seed: 7, now: NOW })];
    const c = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 50, seed: 8, now: NOW })];
    expect(JSON.stringify(b)).toEqual(JSON.stringify(a));
    expect(c[0].journeyId).not.toEqual(a[0].journeyId);
    expect(new Set(a.map((j) => j.journeyId)).size).toBe(50);
  });

  it('writes nothing in the future: a journey running at "now" stays open', () => {
    const now = new Date('2024-06-01T00:00:00Z');
    const js = [...generateJourneys({ tenant: ns, preset: england202425, journeys: 2000, seed: 1, now })];
    const last = js.flatMap((j) => j.commands.map((c) => Date.parse(c.command.data.occurredAt)));
    expect(Math.max(...last)).toBeLessThanOrEqual(now.getTime());
    expect(js.length).toBeLessThan(2000); // journeys starting after June 2024 are not generated at all
  });

  describe('calibrated to England 2024-25 (20,000 journeys)', () => {
    const N = 20_000;
    const rows = [...generateJourneys({ tenant: ns, preset: england202425, journeys: N, seed: 42, now: NOW })].map((j) => ({ j, s: fold(j.commands, teams) }));
    const referred = rows.filter((r) => r.s.referral !== undefined);
    const statutory = (s: JourneyState) => s.assessments.filter((a) => a.kind !== 'early-help');
    const share = (n: number, d: number) => n / d;

    it('passes every command through the decider, with times moving forward and inside the year', () => {
      expect(rows).toHaveLength(N);
      for (const { j } of rows.slice(0, 2000)) {
        const times = j.commands.map((c) => Date.parse(c.command.data.occurredAt));
        for (let k = 1; k < times.length; k++) expect(times[k]).toBeGreaterThanOrEqual(times[k - 1]);
        expect(times[0]).toBeGreaterThanOrEqual(Date.parse('2024-03-31T23:00:00Z'));
        expect(times[0]).toBeLessThan(Date.parse('2025-04-01T00:00:00Z'));
      }
    });

    it('has about 22% of contacts referred (DfE referrals / ADCS contacts) and police ~29% of sources', () => {
      expect(share(rows.filter((r) => r.j.ref!.contactOutcome === 'referral').length, N)).toBeCloseTo(0.22, 1);
      expect(Math.abs(share(rows.filter((r) => r.j.ref!.source === '6').length, N) - 0.29)).toBeLessThan(0.015);
      expect(Math.abs(share(rows.filter((r) => r.j.ref!.outOfHours).length, N) - 0.2)).toBeLessThan(0.015);
    });

    it('ends 6.5% of referrals NFA and assesses 30.8% of referrals not in need (DfE C1)', () => {
      const nfa = referred.filter((r) => r.s.status === 'closed' && statutory(r.s).length === 0).length;
      expect(Math.abs(share(nfa, referred.length) - 0.065)).toBeLessThan(0.015);
      const notInNeed = referred.filter((r) => statutory(r.s).some((a) => a.outcome === 'nfa' || a.outcome === 'early-help')).length;
      expect(Math.abs(share(notInNeed, referred.length) - 0.308)).toBeLessThan(0.02);
    });

    it('re-refers 22.6% of referrals: the same child, a later journey, within 12 months', () => {
      const reReferred = referred.filter((r) => r.j.ref!.reReferral);
      expect(Math.abs(share(reReferred.length, referred.length) - 0.226)).toBeLessThan(0.02);
      // Each re-referral's child has an earlier referred journey, closed before this one started, referred within 365 days.
      const byChild = new Map<string, JourneyState[]>();
      for (const r of referred) byChild.set(r.s.childRef!, [...(byChild.get(r.s.childRef!) ?? []), r.s]);
      for (const r of reReferred.slice(0, 300)) {
        const earlier = byChild.get(r.s.childRef!)!.filter((s) => s !== r.s && s.closedAt !== undefined && s.closedAt <= r.s.startedAt!);
        expect(earlier.some((s) => Date.parse(r.s.referral!.acceptedAt) - Date.parse(s.referral!.acceptedAt) <= 365 * 86_400_000)).toBe(true);
      }
    });

    it('has a median statutory assessment of about 33 days', () => {
      const days = referred
        .flatMap((r) => statutory(r.s))
        .filter((a) => a.completedAt !== undefined)
        .map((a) => (Date.parse(a.completedAt!) - Date.parse(a.startedAt)) / 86_400_000)
        .sort((a, b) => a - b);
      expect(Math.abs(days[Math.floor(days.length / 2)] - 33)).toBeLessThan(1.5);
    });

    it('hands over per the team map: a referral goes front door → MASH → assessment team', () => {
      const r = referred.find((x) => x.s.contacts[0].team === 'customer-access' && statutory(x.s).length > 0)!;
      expect(r.s.holders.slice(0, 3).map((h) => h.team)).toEqual(['customer-access', 'mash', r.s.assessments[0].team]);
      expect(['assessment-north', 'assessment-south']).toContain(r.s.assessments[0].team);
      const ooh = rows.find((x) => x.j.ref!.outOfHours && x.j.ref!.contactOutcome === 'referral')!;
      expect(ooh.s.holders[0].team).toBe('edt');
      expect(ooh.s.holders[1].team).toBe('mash');
    });
  });

  it('the seed council preset ends 34% of referrals NFA and 41% of assessed referrals NFA', () => {
    const rows = [...generateJourneys({ tenant: ns, preset: seedCouncil201516, journeys: 10_000, seed: 3, now: NOW })].map((j) => fold(j.commands, teams));
    const referred = rows.filter((s) => s.referral !== undefined);
    const assessed = referred.filter((s) => s.assessments.some((a) => a.kind !== 'early-help'));
    expect(Math.abs((referred.length - assessed.length) / referred.length - 0.34)).toBeLessThan(0.03);
    const notInNeed = assessed.filter((s) => s.assessments.some((a) => a.kind !== 'early-help' && (a.outcome === 'nfa' || a.outcome === 'early-help')));
    expect(Math.abs(notInNeed.length / assessed.length - 0.41)).toBeLessThan(0.03);
  });

  it('works on a one-team front door (South Vale) without a handover to the same team', () => {
    const sv = tenant('south-vale');
    const svTeams = new TeamDirectory(sv.teams);
    const js = [...generateJourneys({ tenant: sv, preset: england202425, journeys: 500, seed: 1, now: NOW })];
    expect(() => js.forEach((j) => fold(j.commands, svTeams))).not.toThrow();
  });

  describe('the families-first-2026 preset on a Families First front door (South Vale, 10,000 journeys)', () => {
    const sv = tenant('south-vale');
    const svTeams = new TeamDirectory(sv.teams);
    const later = new Date('2026-12-01T00:00:00Z');
    const rows = [...generateJourneys({ tenant: sv, preset: familiesFirst2026, journeys: 10_000, seed: 5, now: later })].map((j) => ({
      j,
      s: fold(j.commands, svTeams, later),
    }));
    const ff = familiesFirst2026.familiesFirst!;
    const types = (r: (typeof rows)[number]) => r.j.commands.map((c) => c.command.type);

    it('passes every command through the decider and puts each child in a family, siblings sharing one', () => {
      expect(rows).toHaveLength(10_000);
      expect(rows.every((r) => r.s.families.length === 1)).toBe(true);
      const children = new Map<string, Set<string>>();
      for (const { s } of rows) children.set(s.families[0].familyRef, (children.get(s.families[0].familyRef) ?? new Set()).add(s.childRef!));
      const withSiblings = [...children.values()].filter((c) => c.size > 1).length;
      expect(withSiblings).toBeGreaterThan(children.size * 0.1);
      // A re-referred child stays in the family of their earlier journey.
      const familiesOfChild = new Map<string, Set<string>>();
      for (const { s } of rows) familiesOfChild.set(s.childRef!, (familiesOfChild.get(s.childRef!) ?? new Set()).add(s.families[0].familyRef));
      expect([...familiesOfChild.values()].every((f) => f.size === 1)).toBe(true);
    });

    it('gives every referred journey past the front door a lead practitioner, and changes them within plans', () => {
      const assessed = rows.filter((r) => r.s.assessments.some((a) => a.kind !== 'early-help'));
      expect(assessed.every((r) => r.s.practitioners.length > 0)).toBe(true);
      const roles = new Set(rows.flatMap((r) => r.s.practitioners.map((p) => p.role)));
      expect(roles).toEqual(new Set(['social-worker', 'family-help-lead-practitioner', 'lead-child-protection-practitioner']));
      expect(rows.some((r) => r.s.practitionerChanges > 0)).toBe(true);
    });

    it('holds section 47 enquiries and child protection plans in the multi-agency team and child-in-need plans in Family Help', () => {
      const s47 = rows.filter((r) => r.s.assessments.some((a) => a.kind === 'section-47'));
      expect(s47.length).toBeGreaterThan(0);
      expect(s47.every((r) => r.s.teamsTouched.includes('macp'))).toBe(true);
      const cin = rows.filter((r) => r.s.plans.some((p) => p.kind === 'child-in-need'));
      expect(cin.every((r) => r.s.teamsTouched.includes('family-help'))).toBe(true);
    });

    it('offers family group conferences to about the preset share of children in need, and runs pre-proceedings in about its share of CP plans', () => {
      const inNeed = rows.filter((r) =>
        r.s.assessments.some((a) => a.outcome === 'child-in-need-plan' || a.outcome === 'child-protection' || a.outcome === 'looked-after'),
      );
      const offered = inNeed.filter((r) => r.s.conferences.length > 0).length / inNeed.length;
      // Pre-proceedings adds offers of its own, so the share is at least the preset's.
      expect(offered).toBeGreaterThan(ff.fgdmOfferShare - 0.03);
      expect(offered).toBeLessThan(ff.fgdmOfferShare + 0.08);
      const conferences = rows.flatMap((r) => r.s.conferences);
      // About 500 conferences and 300 CP plans here: the tolerances are three standard errors.
      expect(Math.abs(conferences.filter((c) => c.acceptedAt !== undefined).length / conferences.length - ff.fgdmTakeUpShare)).toBeLessThan(0.07);
      const cp = rows.filter((r) => r.s.plans.some((p) => p.kind === 'child-protection'));
      const pp = cp.filter((r) => r.s.preProceedings.length > 0);
      expect(Math.abs(pp.length / cp.length - ff.preProceedingsShareOfCp)).toBeLessThan(0.06);
      expect(pp.some((r) => types(r).includes('RecordFamilyGroupConference'))).toBe(true);
      expect(new Set(pp.flatMap((r) => r.s.preProceedings.map((p) => p.outcome)))).toContain('care-proceedings-issued');
    });
  });
});
