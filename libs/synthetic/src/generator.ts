import { createHash } from 'node:crypto';
import type {
  Actor,
  AssessmentOutcome,
  ClosureReason,
  ContactChannel,
  ContactOutcome,
  JourneyCommand,
  PractitionerChangeReason,
  PractitionerRole,
  PreProceedingsOutcome,
  PrimaryNeedCode,
  ReferralSource,
  TenantConfig,
} from '@journey-ledger/domain';
import { localDate } from '@journey-ledger/domain';
import { journeyIdFor } from '@journey-ledger/application';
import type { JourneyCommands } from '@journey-ledger/ingest';
import { LocalClock, dayOf } from './local-clock';
import { Prng, WeightedChoice } from './prng';
import type { SyntheticPreset } from './presets/preset';
import { teamRoles, TeamRoles } from './team-roles';
import { syntheticAgeBand, syntheticChild } from './characteristics';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const YEAR = 365 * DAY;

export interface GenerateOptions {
  readonly tenant: TenantConfig;
  readonly preset: SyntheticPreset;
  readonly journeys: number;
  readonly seed: string | number;
  /** Nothing is generated after this instant: a journey still running then stays open. */
  readonly now?: Date;
  readonly actor?: Actor;
  /** Bound on the children kept as re-referral candidates (memory stays flat). */
  readonly reReferralPool?: number;
  /**
   * Record each child's sex, ethnicity, disabilities and age band (RecordChildCharacteristics) at
   * the contact. The child's date of birth is `syntheticChild(childRef, preset.year.end)`: whoever
   * loads the journeys puts it in the personal-data vault; no event carries it.
   */
  readonly characteristics?: boolean;
  /** A front-door redesign that goes live during the year: contacts from then on follow the new route. */
  readonly redesign?: RedesignOption;
}

/**
 * `mid-year`: the redesign goes live on the middle day of the preset's year; or a local date.
 * The redesign is "one front door": the contact centre and the safeguarding hub become one team
 * (the Northamptonshire aim of fewer handover points), so from the go-live a day-time contact is
 * taken by the hub itself and the contact centre → hub handover disappears.
 */
export type RedesignOption = 'mid-year' | { readonly goLive: string };

/** The change a redesigned year records, in the shape `POST /changes` takes. */
export interface SyntheticRedesign {
  readonly changeId: string;
  readonly title: string;
  /** Local date (YYYY-MM-DD) from which contacts follow the new route. */
  readonly goLive: string;
  readonly teams: readonly string[];
}

/** The change behind `redesign` for this tenant and year, to record once the journeys are loaded. */
export function syntheticRedesign(tenant: TenantConfig, preset: SyntheticPreset, redesign: RedesignOption): SyntheticRedesign {
  const roles = teamRoles(tenant);
  const first = dayOf(preset.year.start);
  const goLive =
    redesign === 'mid-year' ? new Date((first + Math.floor((dayOf(preset.year.end) - first) / 2)) * DAY).toISOString().slice(0, 10) : redesign.goLive;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(goLive) || Number.isNaN(dayOf(goLive))) throw new RangeError(`redesign goLive must be a date (YYYY-MM-DD), not ${goLive}`);
  return {
    changeId: `one-front-door-${goLive}`,
    title: 'One front door: the contact centre and the safeguarding hub become one team',
    goLive,
    teams: [...new Set([roles.intake, roles.hub])],
  };
}

/** What a synthetic journey is, for checking the generator against its preset. */
export interface GeneratedJourneyInfo {
  readonly index: number;
  readonly childRef: string;
  readonly contactOutcome: ContactOutcome;
  readonly referred: boolean;
  readonly reReferral: boolean;
  readonly outOfHours: boolean;
  readonly source: ReferralSource;
  /** The contact came after the redesign's go-live (always false without one). */
  readonly redesigned: boolean;
}

/** A generated journey: its commands are concrete (never functions of state). */
export type GeneratedJourney = Omit<JourneyCommands<GeneratedJourneyInfo>, 'commands'> & {
  readonly commands: readonly { readonly commandId: string; readonly command: JourneyCommand }[];
};

interface PoolEntry {
  childRef: string;
  referralMs: number;
  closedMs: number;
  familyRef?: string;
}

/** The lead practitioner's role follows the tier of the team they work in. */
function practitionerRoleIn(tenant: TenantConfig, team: string): PractitionerRole {
  const tier = tenant.teams.find((t) => t.id === team)?.tier;
  if (tier === 'family-help') return 'family-help-lead-practitioner';
  if (tier === 'multi-agency-child-protection') return 'lead-child-protection-practitioner';
  if (tier === 'early-help') return 'early-help-practitioner';
  if (tier === 'partner' || tier === 'universal') return 'partner-lead-practitioner';
  return 'social-worker';
}

const CONCERNS = [
  'domestic-abuse',
  'neglect',
  'parental-mental-health',
  'physical-abuse',
  'emotional-abuse',
  'sexual-abuse',
  'parental-substance-misuse',
  'going-missing',
  'child-exploitation',
];
/** CIN census assessment factor codes (a sample); 21 is "no factors identified". */
const FACTORS = ['1B', '2B', '3B', '4B', '6B', '7B', '8B', '11', '16', '17', '18B', '19B', '22A'];
const CHANNELS = new WeightedChoice<ContactChannel>([
  ['phone', 0.45],
  ['portal', 0.35],
  ['email', 0.15],
  ['letter', 0.02],
  ['in-person', 0.03],
]);

function levelChoice(levels: readonly string[], shares: readonly number[]): WeightedChoice<string> {
  const weights: [string, number][] = levels.map((l, j) => {
    const s = Math.min(Math.floor((j * shares.length) / levels.length), shares.length - 1);
    const sharing = levels.filter((_, k) => Math.min(Math.floor((k * shares.length) / levels.length), shares.length - 1) === s).length;
    return [l, shares[s] / sharing];
  });
  return new WeightedChoice(weights);
}

/**
 * Synthetic journeys for one tenant, calibrated by a preset, one at a time (a generator: memory
 * stays flat). The same tenant, preset, seed and count give the same journeys, ids included, so a
 * re-run writes nothing new. Journeys start in the preset's year, spread evenly over its days;
 * times are in the tenant's time zone and office hours; every journey's times only move forward.
 */
export function* generateJourneys(options: GenerateOptions): Generator<GeneratedJourney> {
  const { tenant, preset, journeys } = options;
  const rng = new Prng(`${preset.id}/${tenant.id}/${options.seed}`);
  const roles: TeamRoles = teamRoles(tenant);
  const clock = new LocalClock(tenant.timeZone, tenant.officeHours, preset.bankHolidays);
  const nowMs = (options.now ?? new Date()).getTime();
  const actor = options.actor ?? { userId: 'synthetic-generator', role: 'system' };
  const tag = `syn/${preset.id}/${options.seed}`;
  const childPrefix = `SYN-${createHash('sha256').update(`${tenant.id}/${tag}`).digest('hex').slice(0, 8)}`;

  const sources = new WeightedChoice(Object.entries(preset.sources) as [ReferralSource, number][]);
  const outcomes = new WeightedChoice(Object.entries(preset.contactOutcomes) as [ContactOutcome, number][]);
  const needs = new WeightedChoice(Object.entries(preset.primaryNeeds) as [PrimaryNeedCode, number][]);
  const inNeed = new WeightedChoice<AssessmentOutcome>([
    ['child-in-need-plan', preset.inNeedOutcomes.childInNeedPlan],
    ['child-protection', preset.inNeedOutcomes.childProtection],
    ['looked-after', preset.inNeedOutcomes.lookedAfter],
  ]);
  const levels = levelChoice(tenant.levelsOfNeed, preset.levelOfNeedShares);
  const firstDay = dayOf(preset.year.start);
  const days = dayOf(preset.year.end) - firstDay;
  const poolLimit = options.reReferralPool ?? 20_000;
  const pool: PoolEntry[] = [];
  let referrals = 0;
  let reReferrals = 0;
  let children = 0;
  // Families First: the teams it names, the families recently formed (siblings join one of them).
  const ff = preset.familiesFirst;
  const familyHelp = tenant.teams.filter((x) => x.tier === 'family-help').map((x) => x.id);
  const macpt = tenant.teams.find((x) => x.tier === 'multi-agency-child-protection')?.id;
  const ppOutcomes = ff ? new WeightedChoice(Object.entries(ff.preProceedingsOutcomes) as [PreProceedingsOutcome, number][]) : undefined;
  const recentFamilies: string[] = [];
  let families = 0;
  const goLiveDay = options.redesign === undefined ? undefined : dayOf(syntheticRedesign(tenant, preset, options.redesign).goLive);

  for (let i = 0; i < journeys; i++) {
    const journeyTag = `${tag}/${i}`;
    const commands: { commandId: string; command: JourneyCommand }[] = [];
    let holder = '';
    let t = 0;
    let referralMs: number | undefined;
    let closedMs: number | undefined;
    const push = (command: JourneyCommand) => {
      commands.push({ commandId: `${journeyTag}/${commands.length}`, command });
    };
    const iso = () => new Date(t).toISOString();
    const later = (ms: number) => {
      t += Math.max(0, Math.round(ms));
    };
    const officeLater = (ms: number) => {
      later(ms);
      t = clock.nextOfficeTime(t, rng.int(0, 120));
    };
    const move = (to: string, type: 'HandOver' | 'StepDown' | 'StepUp', reason: string) => {
      if (to === holder) return;
      push({ type, data: { occurredAt: iso(), fromTeam: holder, toTeam: to, reason } });
      holder = to;
    };
    const close = (reason: ClosureReason) => {
      push({ type: 'CloseJourney', data: { occurredAt: iso(), reason } });
      closedMs = t;
    };
    // Families First only: the lead practitioner, conferences and pre-proceedings of this journey.
    let lead: { ref: string; team: string; role: PractitionerRole } | undefined;
    let familyJoin: { familyRef: string } | undefined;
    let conferences = 0;
    const allocate = (reason: PractitionerChangeReason, keep = false) => {
      if (ff === undefined) return;
      const role = practitionerRoleIn(tenant, holder);
      const ref = keep && lead !== undefined ? lead.ref : `${childPrefix}-W-${holder}-${rng.int(1, ff.practitionersPerTeam)}`;
      if (lead !== undefined && lead.ref === ref && lead.team === holder && lead.role === role) return;
      push({
        type: 'AllocatePractitioner',
        data: { occurredAt: iso(), practitionerRef: ref, team: holder, role, reason: lead === undefined ? 'first-allocation' : reason },
      });
      lead = { ref, team: holder, role };
    };
    /** Runs `days` of a plan, the lead practitioner changing within the team on the way with the preset's share. */
    const planTime = (days: number) => {
      if (ff !== undefined && rng.chance(ff.practitionerTurnoverShare)) {
        const first = rng.uniform(0.2, 0.8) * days;
        officeLater(first * DAY);
        allocate(rng.chance(0.5) ? 'practitioner-left' : 'caseload');
        officeLater((days - first) * DAY);
      } else officeLater(days * DAY);
    };
    const offerConference = () => {
      if (ff === undefined || !rng.chance(ff.fgdmOfferShare)) return;
      const conferenceId = `fgc-${++conferences}`;
      push({ type: 'RecordFamilyGroupConference', data: { occurredAt: iso(), conferenceId, step: 'offered', team: holder } });
      officeLater(rng.uniform(2, 10) * DAY);
      const accepted = rng.chance(ff.fgdmTakeUpShare);
      push({ type: 'RecordFamilyGroupConference', data: { occurredAt: iso(), conferenceId, step: accepted ? 'accepted' : 'declined', team: holder } });
      if (!accepted) return;
      officeLater(rng.uniform(10, 30) * DAY);
      push({ type: 'RecordFamilyGroupConference', data: { occurredAt: iso(), conferenceId, step: 'held', team: holder } });
    };
    /** Pre-proceedings during a child protection plan; true when the child goes into care proceedings (the journey stays open). */
    const preProceedings = (planDays: number): boolean => {
      if (ff === undefined || ppOutcomes === undefined || !rng.chance(ff.preProceedingsShareOfCp)) return false;
      const preProceedingsId = 'pp-1';
      officeLater(rng.uniform(0.1, 0.4) * planDays * DAY);
      push({ type: 'RecordPreProceedings', data: { occurredAt: iso(), preProceedingsId, step: 'started', team: holder } });
      // A conference is offered before proceedings where none was held already.
      if (conferences === 0) offerConference();
      officeLater(rng.uniform(1, 7) * DAY);
      push({ type: 'RecordPreProceedings', data: { occurredAt: iso(), preProceedingsId, step: 'letter-sent', team: holder } });
      officeLater(rng.uniform(5, 15) * DAY);
      push({ type: 'RecordPreProceedings', data: { occurredAt: iso(), preProceedingsId, step: 'meeting-held', team: holder } });
      officeLater(rng.logNormal(ff.preProceedingsDays, 0.3) * DAY);
      const outcome = ppOutcomes.draw(rng);
      push({ type: 'RecordPreProceedings', data: { occurredAt: iso(), preProceedingsId, step: 'decided', outcome, team: holder } });
      return outcome === 'care-proceedings-issued';
    };
    const factors = (outcome: AssessmentOutcome) =>
      outcome === 'nfa' ? ['21'] : Array.from(new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(FACTORS))));

    const referralPath = (source: ReferralSource) => {
      later(rng.uniform(0, 2 * HOUR));
      referralMs = t;
      referrals += 1;
      push({
        type: 'AcceptReferral',
        data: { occurredAt: iso(), referralId: `${journeyTag}/referral`, source, primaryNeedCode: needs.draw(rng), team: holder },
      });
      if (rng.chance(preset.referralNfaShare)) {
        // ReferralNFA: closed without an assessment. RC7 is the nearest census reason.
        officeLater(rng.uniform(2 * HOUR, 4 * DAY));
        close('RC7');
        return;
      }
      officeLater(rng.uniform(4 * HOUR, 3 * DAY));
      let kind: 'section-47' | 'single';
      if (ff !== undefined && macpt !== undefined) {
        // Families First: a multi-agency child protection team makes the section 47 enquiries.
        kind = rng.chance(preset.section47Share) ? 'section-47' : 'single';
        move(kind === 'section-47' ? macpt : rng.pick(roles.assessment), 'HandOver', 'for-assessment');
      } else {
        move(rng.pick(roles.assessment), 'HandOver', 'for-assessment');
        kind = rng.chance(preset.section47Share) ? 'section-47' : 'single';
      }
      allocate('case-transferred');
      push({ type: 'StartAssessment', data: { occurredAt: iso(), assessmentId: `${journeyTag}/assessment`, kind, team: holder } });
      const length = Math.max(1, rng.logNormal(preset.assessmentDays.median, preset.assessmentDays.sigma));
      later(length * DAY);
      if (rng.chance(preset.assessedNotInNeedShareOfAssessed)) {
        if (roles.earlyHelp.length > 0 && rng.chance(preset.notInNeedToEarlyHelpShare)) {
          push({ type: 'CompleteAssessment', data: { occurredAt: iso(), outcome: 'early-help', factors: factors('early-help') } });
          officeLater(rng.uniform(HOUR, 2 * DAY));
          move(rng.pick(roles.earlyHelp), 'StepDown', 'early-help');
          allocate('step-down', ff !== undefined && familyHelp.includes(holder) && rng.chance(ff.keepPractitionerOnStepDownShare));
          close('RC9');
        } else {
          push({ type: 'CompleteAssessment', data: { occurredAt: iso(), outcome: 'nfa', factors: factors('nfa') } });
          close('RC8');
        }
        return;
      }
      const outcome = inNeed.draw(rng);
      push({ type: 'CompleteAssessment', data: { occurredAt: iso(), outcome, factors: factors(outcome) } });
      if (outcome === 'looked-after') {
        officeLater(rng.uniform(HOUR, 3 * DAY));
        move(roles.childInNeed, 'HandOver', 'child-looked-after');
        return; // a child in care stays open beyond the year
      }
      const cp = outcome === 'child-protection';
      if (ff !== undefined) offerConference();
      officeLater(cp ? rng.uniform(5 * DAY, 15 * DAY) : rng.uniform(DAY, 10 * DAY));
      if (ff !== undefined && !cp && familyHelp.length > 0) {
        // Families First: Family Help holds child-in-need plans; the lead practitioner may carry on.
        move(rng.pick(familyHelp), 'StepDown', 'child-in-need-plan');
        allocate('step-down', rng.chance(ff.keepPractitionerOnStepDownShare));
      } else {
        move(
          cp ? (ff !== undefined && macpt !== undefined ? macpt : roles.childProtection) : roles.childInNeed,
          'HandOver',
          cp ? 'child-protection-plan' : 'child-in-need-plan',
        );
        allocate('case-transferred');
      }
      push({ type: 'StartPlan', data: { occurredAt: iso(), planId: `${journeyTag}/plan`, kind: cp ? 'child-protection' : 'child-in-need', team: holder } });
      const planDays = rng.logNormal(cp ? preset.planDays.childProtection : preset.planDays.childInNeed, 0.5);
      if (cp && preProceedings(planDays)) return; // care proceedings: the journey stays open
      planTime(planDays);
      close('RC7');
    };

    // The contact.
    const outOfHours = rng.chance(preset.outOfHoursShare);
    const baseDay = firstDay + Math.floor(((i + rng.next()) * days) / journeys);
    let day = baseDay;
    let minute: number;
    if (outOfHours) {
      if (clock.isWorkingDay(day)) {
        const evening = 24 * 60 - clock.closesAt;
        const m = rng.int(0, evening + clock.opensAt - 1);
        minute = m < evening ? clock.closesAt + m : m - evening;
      } else minute = rng.int(0, 24 * 60 - 1);
    } else {
      day = clock.workingDayFrom(baseDay);
      minute = rng.int(clock.opensAt, clock.closesAt - 1);
    }
    t = clock.instant(day, minute);
    const startMs = t;
    const redesigned = goLiveDay !== undefined && day >= goLiveDay;
    const source = sources.draw(rng);
    const outcome = outcomes.draw(rng);
    const police = source === '6';
    const channel: ContactChannel = police ? 'police-notification' : outOfHours ? 'emergency-duty' : CHANNELS.draw(rng);
    holder = outOfHours ? roles.outOfHours : police || redesigned ? roles.hub : roles.intake;
    const concerns = Array.from(new Set([rng.pick(CONCERNS), rng.pick(CONCERNS)])).slice(0, rng.int(1, 2));
    const contact: JourneyCommand = {
      type: 'RecordContact',
      data: { occurredAt: iso(), contactId: `${journeyTag}/contact`, childRef: '', source, channel, team: holder, concerns, levelOfNeed: levels.draw(rng) },
    };
    push(contact);
    if (ff !== undefined) {
      // The family is known once the child is (below): a re-referred child keeps theirs.
      const join = { type: 'JoinFamily' as const, data: { occurredAt: iso(), familyRef: '' } };
      push(join);
      familyJoin = join.data;
    }
    // Known at the contact; filled in with the child (below), whose age band is on the contact's local date.
    let characteristics: { sex: string; ethnicity: string; disabilities: readonly string[]; ageBand: string; occurredAt: string } | undefined;
    if (options.characteristics) {
      const record = {
        type: 'RecordChildCharacteristics' as const,
        data: { occurredAt: iso(), sex: '1', ethnicity: 'NOBT', disabilities: [], ageBand: 'unknown' },
      };
      push(record as JourneyCommand);
      characteristics = record.data;
    }

    const needsHub = outcome === 'referral' || outcome === 'early-help';
    if (outOfHours && (needsHub || rng.chance(0.5))) {
      // The emergency duty team passes the contact to the day-time front door at the next opening.
      officeLater(rng.uniform(0, HOUR));
      move(roles.hub, 'HandOver', 'out-of-hours');
      later(rng.uniform(0.5 * HOUR, 4 * HOUR));
    } else if (!outOfHours && needsHub && holder !== roles.hub) {
      later(rng.uniform(0.5 * HOUR, 3 * HOUR));
      move(roles.hub, 'HandOver', 'multi-agency-decision');
      officeLater(rng.uniform(HOUR, 20 * HOUR));
    } else {
      later(rng.uniform(0.25 * HOUR, 6 * HOUR));
    }
    push({ type: 'DecideContact', data: { occurredAt: iso(), outcome, team: holder } });

    if (outcome === 'nfa') close('contact-nfa');
    else if (outcome === 'advice-signposting') close('contact-advice-signposting');
    else if (outcome === 'referral') referralPath(source);
    else if (roles.earlyHelp.length === 0) close('contact-advice-signposting');
    else {
      officeLater(rng.uniform(HOUR, 2 * DAY));
      move(rng.pick(roles.earlyHelp), 'StepDown', 'early-help');
      allocate('first-allocation');
      officeLater(rng.uniform(DAY, 10 * DAY));
      push({ type: 'StartAssessment', data: { occurredAt: iso(), assessmentId: `${journeyTag}/early-help-assessment`, kind: 'early-help', team: holder } });
      officeLater(rng.logNormal(20, 0.5) * DAY);
      push({ type: 'CompleteAssessment', data: { occurredAt: iso(), outcome: 'early-help', factors: factors('early-help') } });
      push({ type: 'StartPlan', data: { occurredAt: iso(), planId: `${journeyTag}/early-help-plan`, kind: 'early-help', team: holder } });
      if (rng.chance(preset.earlyHelpStepUpShare)) {
        officeLater(rng.uniform(10, preset.planDays.earlyHelp) * DAY);
        move(roles.hub, 'StepUp', 'escalation');
        referralPath('5D');
      } else {
        planTime(rng.logNormal(preset.planDays.earlyHelp, 0.5));
        close('early-help-completed');
      }
    }

    // The child: a re-referral takes a child referred in the 12 months before, whose last journey has closed.
    let childRef: string | undefined;
    let familyRef: string | undefined;
    let reReferral = false;
    if (referralMs !== undefined && reReferrals < preset.reReferralShare * referrals) {
      for (let attempt = 0; attempt < 8 && pool.length > 0; attempt++) {
        const k = rng.int(0, pool.length - 1);
        const c = pool[k];
        if (c.closedMs < startMs && referralMs - c.referralMs <= YEAR && referralMs > c.referralMs) {
          childRef = c.childRef;
          familyRef = c.familyRef;
          reReferral = true;
          reReferrals += 1;
          pool[k] = pool[pool.length - 1];
          pool.pop();
          break;
        }
      }
    }
    if (childRef === undefined) childRef = `${childPrefix}-${++children}`;
    (contact.data as { childRef: string }).childRef = childRef;
    if (ff !== undefined && familyJoin !== undefined) {
      if (familyRef === undefined && recentFamilies.length > 0 && rng.chance(ff.siblingShare)) familyRef = rng.pick(recentFamilies);
      if (familyRef === undefined) {
        familyRef = `${childPrefix}-F-${++families}`;
        recentFamilies.push(familyRef);
        if (recentFamilies.length > 500) recentFamilies.shift();
      }
      familyJoin.familyRef = familyRef;
    }
    if (characteristics !== undefined) {
      const child = syntheticChild(childRef, preset.year.end);
      Object.assign(characteristics, {
        sex: child.sex,
        ethnicity: child.ethnicity,
        disabilities: child.disabilities,
        ageBand: syntheticAgeBand(child, localDate(characteristics.occurredAt, tenant.timeZone)),
      });
    }
    if (referralMs !== undefined && closedMs !== undefined && closedMs <= nowMs) {
      const entry = { childRef, referralMs, closedMs, ...(familyRef !== undefined ? { familyRef } : {}) };
      if (pool.length < poolLimit) pool.push(entry);
      else pool[rng.int(0, poolLimit - 1)] = entry;
    }

    // Nothing in the future: a journey still running "now" stays open.
    let keep = commands.length;
    while (keep > 0 && Date.parse(commands[keep - 1].command.data.occurredAt) > nowMs) keep--;
    if (keep === 0) continue;
    yield {
      tenantId: tenant.id,
      journeyId: journeyIdFor(tenant.id, journeyTag),
      correlationId: tag,
      actor,
      commands: keep === commands.length ? commands : commands.slice(0, keep),
      ref: { index: i, childRef, contactOutcome: outcome, referred: referralMs !== undefined, reReferral, outOfHours, source, redesigned },
    };
  }
}
