import { HANDOVER_EVENT_TYPES } from './events';
import type { JourneyState } from './state';

const DAY_MS = 86_400_000;

/** What one journey says about its lead practitioners (docs/definitions.md, "Lead practitioners"). */
export interface PractitionerMeasures {
  /** Allocations recorded (standing). */
  readonly allocations: number;
  /** Changes of lead practitioner: an allocation of someone other than the last lead practitioner. */
  readonly changes: number;
  /** Distinct practitioners who were lead practitioner. */
  readonly practitioners: number;
  /** Calendar days from the journey's start to its closure with no lead practitioner; null while open. */
  readonly daysUnallocated: number | null;
  /** Handovers of team (handovers, step-downs, step-ups) … */
  readonly handovers: number;
  /** … after which the lead practitioner changed (another allocated, or unallocated) before the next handover of team or the end; */
  readonly handoversWithChange: number;
  /** … after which the lead practitioner stayed the same until the next handover of team or the end; */
  readonly handoversWithoutChange: number;
  /** … made while no lead practitioner was allocated. */
  readonly handoversWithoutPractitioner: number;
}

/**
 * Pure: from the folded journey. Handovers of team are classified in the order the entries stand,
 * so a step-down and the allocation that follows it at the same instant are read in the order recorded.
 */
export function practitionerMeasures(state: JourneyState): PractitionerMeasures {
  let lead: string | undefined;
  /** The lead practitioner at the last handover, while its window is open; `null` when the handover had none. */
  let pending: { lead: string | null; changed: boolean } | undefined;
  let withChange = 0;
  let withoutChange = 0;
  let withoutPractitioner = 0;
  let allocations = 0;
  const settle = () => {
    if (pending === undefined) return;
    if (pending.lead === null) withoutPractitioner++;
    else if (pending.changed) withChange++;
    else withoutChange++;
    pending = undefined;
  };
  for (const e of state.standing) {
    if (HANDOVER_EVENT_TYPES.has(e.type)) {
      settle();
      pending = { lead: lead ?? null, changed: false };
    } else if (e.type === 'PractitionerAllocated') {
      allocations++;
      if (pending !== undefined && e.data.practitionerRef !== lead) pending.changed = true;
      lead = e.data.practitionerRef;
    } else if (e.type === 'PractitionerUnallocated') {
      if (pending !== undefined) pending.changed = true;
      lead = undefined;
    } else if (e.type === 'JourneyClosed') {
      lead = undefined;
    }
  }
  settle();
  let daysUnallocated: number | null = null;
  if (state.status === 'closed' && state.startedAt !== undefined && state.closedAt !== undefined) {
    const covered = state.practitioners.reduce((sum, p) => sum + (Date.parse(p.to ?? state.closedAt!) - Date.parse(p.from)), 0);
    daysUnallocated = (Date.parse(state.closedAt) - Date.parse(state.startedAt) - covered) / DAY_MS;
  }
  return {
    allocations,
    changes: state.practitionerChanges,
    practitioners: new Set(state.practitioners.map((p) => p.practitionerRef)).size,
    daysUnallocated,
    handovers: withChange + withoutChange + withoutPractitioner,
    handoversWithChange: withChange,
    handoversWithoutChange: withoutChange,
    handoversWithoutPractitioner: withoutPractitioner,
  };
}
