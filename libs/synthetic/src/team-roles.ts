import type { Team, TenantConfig } from '@journey-ledger/domain';

/**
 * The parts a council's team map plays in a journey, found from tiers and names so that any
 * tenant's map works: the generator's handovers then follow from the map (a council whose
 * front door is one team has no customer-access → MASH handover).
 */
export interface TeamRoles {
  /** Takes contacts in office hours (a customer access centre or the front door). */
  readonly intake: string;
  /** Decides contacts that may need early help or social care (MASH, or the front door). */
  readonly hub: string;
  /** Takes contacts out of hours (EDT, or the front door). */
  readonly outOfHours: string;
  readonly earlyHelp: readonly string[];
  readonly assessment: readonly string[];
  readonly childInNeed: string;
  readonly childProtection: string;
}

const match = (teams: readonly Team[], pattern: RegExp) => teams.filter((t) => pattern.test(t.id) || pattern.test(t.name));

export function teamRoles(tenant: TenantConfig): TeamRoles {
  const tier = (t: Team['tier']) => tenant.teams.filter((x) => x.tier === t);
  const frontDoor = tier('front-door');
  const statutory = tier('statutory');
  if (frontDoor.length === 0) throw new Error(`tenant ${tenant.id} has no front-door team`);
  if (statutory.length === 0) throw new Error(`tenant ${tenant.id} has no statutory team`);
  const outOfHoursTeams = match(frontDoor, /\bedt\b|emergency|out of hours/i);
  const daytime = frontDoor.filter((t) => !outOfHoursTeams.includes(t));
  const hub = match(daytime, /mash|safeguarding hub|hub/i)[0] ?? daytime[0] ?? frontDoor[0];
  const intake = match(daytime, /customer|access|contact centre/i)[0] ?? hub;
  // Locality early-help teams hold step-downs; a county-wide early response service is the fallback.
  // Family Help (Families First) takes the step-downs where a council has it.
  const earlyHelpAll = [...tier('early-help'), ...tier('family-help')];
  const localities = earlyHelpAll.filter((t) => !/response/i.test(t.id + ' ' + t.name));
  const assessment = match(statutory, /assess/i);
  const assessmentTeams = (assessment.length > 0 ? assessment : statutory).map((t) => t.id);
  const cin = match(statutory, /in need|\bcin\b/i)[0]?.id ?? assessmentTeams[0];
  const cp = match(statutory, /protection|\bcp\b/i)[0]?.id ?? cin;
  return {
    intake: intake.id,
    hub: hub.id,
    outOfHours: (outOfHoursTeams[0] ?? hub).id,
    earlyHelp: (localities.length > 0 ? localities : earlyHelpAll).map((t) => t.id),
    assessment: assessmentTeams,
    childInNeed: cin,
    childProtection: cp,
  };
}
