import type { JourneyEvent } from './events';

/**
 * Stored events keep the shape they were written in. When an event's shape changes, its
 * version goes up and an upcaster here turns older versions into the current one on read, so
 * the decider and projections only ever see current shapes. Every type is at version 1 today.
 */
export interface StoredEventShape {
  readonly type: string;
  readonly version: number;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

export type Upcaster = (event: StoredEventShape) => StoredEventShape;

/** Keyed by `${type}@${version}`: each takes one version to the next. */
export type Upcasters = Readonly<Record<string, Upcaster>>;

/** None yet: every journey event is still at its first version. */
const UPCASTERS: Upcasters = {};

export const CURRENT_VERSIONS: Readonly<Record<JourneyEvent['type'], number>> = {
  ContactReceived: 1,
  ContactDecided: 1,
  ReferralAccepted: 1,
  CaseHandedOver: 1,
  AssessmentStarted: 1,
  AssessmentCompleted: 1,
  SteppedDown: 1,
  SteppedUp: 1,
  PlanStarted: 1,
  PlanEnded: 1,
  JourneyClosed: 1,
  ActivityRecorded: 1,
  PractitionerAllocated: 1,
  PractitionerUnallocated: 1,
  FamilyMembershipStarted: 1,
  FamilyMembershipEnded: 1,
  FamilyGroupConferenceRecorded: 1,
  ChildCharacteristicsRecorded: 1,
  PreProceedingsRecorded: 1,
  EntryRecordedInError: 1,
};

export class UnknownEventError extends Error {
  constructor(type: string, version: number) {
    super(`no upcaster for ${type} version ${version}`);
  }
}

/**
 * Brings a stored event to its current version one step at a time, by the given upcasters. An
 * event newer than this code knows, or a missing step, is refused rather than guessed at.
 */
export function upcastWith(upcasters: Upcasters, versions: Readonly<Record<string, number>>): (event: StoredEventShape) => StoredEventShape {
  return (event) => {
    let current = event;
    const target = versions[current.type];
    if (target === undefined || current.version > target) throw new UnknownEventError(current.type, current.version);
    while (current.version < target) {
      const step = upcasters[`${current.type}@${current.version}`];
      if (step === undefined) throw new UnknownEventError(current.type, current.version);
      current = step(current);
    }
    return current;
  };
}

const upcastJourneyEvent = upcastWith(UPCASTERS, CURRENT_VERSIONS);

export function upcast(event: StoredEventShape): JourneyEvent {
  return upcastJourneyEvent(event) as unknown as JourneyEvent;
}
