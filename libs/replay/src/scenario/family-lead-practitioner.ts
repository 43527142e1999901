import type { FamilyMembership, JourneyEvent, TeamDirectory } from '@journey-ledger/domain';

/** One journey of a family as the family step sees it: already redesigned team by team. */
export interface FamilyMemberJourney {
  /** The journey under the scenario's team changes (practitioner events mapped to the redesigned teams, nothing else changed). */
  readonly events: readonly JourneyEvent[];
  /** The child's family memberships as recorded today. */
  readonly families: readonly FamilyMembership[];
}

/**
 * The family a lead practitioner is allocated for: the membership open at the allocation; failing
 * that the journey's first membership (a membership is often recorded days after the work began);
 * a journey with no family at all is a family of its own.
 */
function familyOfAllocation(journey: FamilyMemberJourney, index: number, at: string): string {
  const t = Date.parse(at);
  const open = journey.families.find((m) => Date.parse(m.from) <= t && (m.to === undefined || t < Date.parse(m.to)));
  if (open !== undefined) return `family:${open.familyRef}`;
  const first = journey.families[0];
  return first !== undefined ? `family:${first.familyRef}` : `journey:${index}`;
}

/**
 * The redesign rule `one-per-family`: a family has one lead practitioner for all its children's
 * journeys, siblings' and the same child's over time, in each tier of service (the redesign's
 * tiers: merge teams into a Family Help team and they share one). In time order across the
 * family's journeys:
 * - the first practitioner allocated to any journey of the family by a team of a tier becomes the
 *   family's lead practitioner in that tier;
 * - every later allocation in that tier, on any journey of the family, is that lead practitioner
 *   taking the journey on (team and role as recorded): a sibling's journey, a re-referral, a move
 *   between teams of the tier bring no new worker;
 * - a move to another tier (a step-up into child protection, a step-down to early help) is a
 *   real change of lead practitioner, to the family's practitioner in that tier, unless today the
 *   same practitioner carried on into the new team: then the family's practitioner carries on too
 *   (and becomes the family's practitioner in that tier if it has none yet), so the rule never
 *   undoes a continuity the council already achieves;
 * - unallocations disappear: the family's lead practitioner covers gaps, as under `one-per-journey`;
 * - an allocation that now repeats the journey's current practitioner, team and role is not recorded twice.
 * Teams, times and every other entry are left as the team changes made them. Pure.
 */
export function shareFamilyLeadPractitioner(journeys: readonly FamilyMemberJourney[], redesign: TeamDirectory): JourneyEvent[][] {
  type Allocation = Extract<JourneyEvent, { type: 'PractitionerAllocated' }>;
  const allocations: { journey: number; at: number; order: number; family: string; event: Allocation }[] = [];
  let order = 0;
  journeys.forEach((j, journey) =>
    j.events.forEach((event) => {
      if (event.type !== 'PractitionerAllocated') return;
      const at = event.metadata.occurredAt;
      allocations.push({ journey, at: Date.parse(at), order: order++, family: familyOfAllocation(j, journey, at), event });
    }),
  );
  // Time order across the family; the recorded order breaks ties.
  allocations.sort((a, b) => a.at - b.at || a.order - b.order);

  const leadOf = new Map<string, string>();
  /** Per journey, the lead practitioner last allocated today and under the rule. */
  const last = new Map<number, { today: string; scenario: string }>();
  const rewritten = new Map<Allocation, string>();
  for (const a of allocations) {
    const key = `${a.family} ${redesign.tierOf(a.event.data.team) ?? '(no tier)'}`;
    const before = last.get(a.journey);
    let ref: string;
    if (before !== undefined && before.today === a.event.data.practitionerRef) {
      // Today the same practitioner carried on into this team: so does the family's, and if the
      // family has nobody in this tier yet, they become its practitioner there.
      ref = before.scenario;
      if (!leadOf.has(key)) leadOf.set(key, ref);
    } else {
      if (!leadOf.has(key)) leadOf.set(key, a.event.data.practitionerRef);
      ref = leadOf.get(key)!;
    }
    rewritten.set(a.event, ref);
    last.set(a.journey, { today: a.event.data.practitionerRef, scenario: ref });
  }

  return journeys.map((j) => {
    const out: JourneyEvent[] = [];
    let last: Allocation['data'] | undefined;
    for (const event of j.events) {
      if (event.type === 'PractitionerUnallocated') continue;
      if (event.type === 'PractitionerAllocated') {
        const data = { ...event.data, practitionerRef: rewritten.get(event)! };
        if (last !== undefined && last.practitionerRef === data.practitionerRef && last.team === data.team && last.role === data.role) continue;
        last = data;
        out.push({ ...event, data });
        continue;
      }
      out.push(event);
    }
    return out;
  });
}
