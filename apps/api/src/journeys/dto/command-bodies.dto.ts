import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_OUTCOMES,
  CLOSURE_REASON_CODES,
  CONTACT_CHANNELS,
  MOVE_REASON_CODES,
  PLAN_END_REASON_CODES,
  PRACTITIONER_CHANGE_REASON_CODES,
  PRACTITIONER_ROLE_CODES,
  WITHDRAWAL_REASON_CODES,
  CONTACT_OUTCOMES,
  FAMILY_GROUP_CONFERENCE_STEPS,
  PRE_PROCEEDINGS_OUTCOME_CODES,
  PRE_PROCEEDINGS_STEPS,
  PLAN_KINDS,
  PRIMARY_NEED_CODE_LIST,
  REFERRAL_SOURCE_CODES,
} from '@journey-ledger/domain';
import type {
  AssessmentKind,
  AssessmentOutcome,
  ClosureReason,
  ContactChannel,
  ContactOutcome,
  FamilyGroupConferenceStep,
  MoveReason,
  PlanEndReason,
  PlanKind,
  PractitionerChangeReason,
  PractitionerRole,
  PreProceedingsOutcome,
  PreProceedingsStep,
  PrimaryNeedCode,
  ReferralSource,
  WithdrawalReason,
} from '@journey-ledger/domain';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const ID_MESSAGE = 'must be 1-100 letters, digits, ".", "_", ":" or "-"';
const TEAM = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Every command carries the client's id for it: repeating the id returns the first result. */
export class CommandBody {
  @ApiProperty({ format: 'uuid', description: 'Client-chosen id; a retry with the same id writes nothing and returns the first result.' })
  @IsUUID()
  commandId: string;

  @ApiPropertyOptional({ description: 'The journey revision the client decided on; if stale the command is refused with 409.' })
  @IsOptional()
  @IsInt()
  @Min(-1)
  expectedRevision?: number;

  @ApiPropertyOptional({ description: 'Business time (ISO 8601). Defaults to now. May be back-dated, never in the future.' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  occurredAt?: string;
}

export class RecordContactBody extends CommandBody {
  @ApiPropertyOptional({ format: 'uuid', description: 'Chosen by the client to start a journey with a known id; derived from commandId otherwise.' })
  @IsOptional()
  @IsUUID()
  journeyId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: `contactId ${ID_MESSAGE}` }) contactId?: string;

  @ApiProperty({ description: 'Pseudonymous child reference: never a name or date of birth.' })
  @IsString()
  @Matches(ID, { message: `childRef ${ID_MESSAGE}` })
  childRef: string;

  @ApiProperty({ enum: REFERRAL_SOURCE_CODES, description: 'CIN census referral source code' }) @IsIn(REFERRAL_SOURCE_CODES) source: ReferralSource;
  @ApiProperty({ enum: CONTACT_CHANNELS }) @IsIn(CONTACT_CHANNELS) channel: ContactChannel;
  @ApiProperty({ description: 'Receiving team id from the council’s team map' }) @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;

  @ApiPropertyOptional({ type: [String], description: 'Concern codes (no free text about the child).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,49}$/, { each: true, message: 'each concern must be a short code' })
  concerns?: string[];

  @ApiProperty({ description: 'Level of need on the council’s continuum (e.g. "3", "4a")' })
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  levelOfNeed: string;
}

export class DecideContactBody extends CommandBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: `contactId ${ID_MESSAGE}` }) contactId?: string;
  @ApiProperty({ enum: CONTACT_OUTCOMES }) @IsIn(CONTACT_OUTCOMES) outcome: ContactOutcome;
  @ApiProperty() @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}

export class AcceptReferralBody extends CommandBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: `referralId ${ID_MESSAGE}` }) referralId?: string;
  @ApiPropertyOptional({ description: 'Required when the referral starts the journey (no recorded contact).' })
  @IsOptional()
  @IsString()
  @Matches(ID, { message: `childRef ${ID_MESSAGE}` })
  childRef?: string;
  @ApiProperty({ enum: REFERRAL_SOURCE_CODES }) @IsIn(REFERRAL_SOURCE_CODES) source: ReferralSource;
  @ApiProperty({ enum: PRIMARY_NEED_CODE_LIST }) @IsIn(PRIMARY_NEED_CODE_LIST) primaryNeedCode: PrimaryNeedCode;
  @ApiProperty() @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}

export class HandOverBody extends CommandBody {
  @ApiProperty({ description: 'The team holding the case now' }) @IsString() @Matches(TEAM, { message: 'fromTeam must be a team id' }) fromTeam: string;
  @ApiProperty() @IsString() @Matches(TEAM, { message: 'toTeam must be a team id' }) toTeam: string;
  @ApiProperty({ enum: MOVE_REASON_CODES, description: 'Why, as a code: events never hold free text (it could name the child).' })
  @IsIn(MOVE_REASON_CODES)
  reason: MoveReason;
}

export class StartAssessmentBody extends CommandBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: `assessmentId ${ID_MESSAGE}` }) assessmentId?: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS }) @IsIn(ASSESSMENT_KINDS) kind: AssessmentKind;
  @ApiProperty() @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}

export class CompleteAssessmentBody extends CommandBody {
  @ApiProperty({ enum: ASSESSMENT_OUTCOMES }) @IsIn(ASSESSMENT_OUTCOMES) outcome: AssessmentOutcome;
  @ApiPropertyOptional({ type: [String], description: 'CIN assessment factor codes (e.g. "21" no factors identified)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @IsString({ each: true })
  @Matches(/^[0-9A-Za-z]{1,5}$/, { each: true, message: 'each factor must be a CIN factor code' })
  factors?: string[];
}

export class StartPlanBody extends CommandBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(ID, { message: `planId ${ID_MESSAGE}` }) planId?: string;
  @ApiProperty({ enum: PLAN_KINDS }) @IsIn(PLAN_KINDS) kind: PlanKind;
  @ApiProperty() @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}

export class EndPlanBody extends CommandBody {
  @ApiProperty({ enum: PLAN_END_REASON_CODES, description: 'Why, as a code (no free text).' }) @IsIn(PLAN_END_REASON_CODES) reason: PlanEndReason;
}

export class CloseJourneyBody extends CommandBody {
  @ApiProperty({ enum: CLOSURE_REASON_CODES, description: 'CIN census RC1–RC9, or a local code for journeys that never became referrals' })
  @IsIn(CLOSURE_REASON_CODES)
  reason: ClosureReason;
  @ApiPropertyOptional({ description: 'The closing team; defaults to the holder' })
  @IsOptional()
  @IsString()
  @Matches(TEAM, { message: 'team must be a team id' })
  team?: string;
}

export class WithdrawEntryBody extends CommandBody {
  @ApiProperty({ description: 'The event id being withdrawn: the journey’s latest standing entry.' })
  @IsString()
  @Matches(ID, { message: `eventId ${ID_MESSAGE}` })
  eventId: string;
  @ApiProperty({ enum: WITHDRAWAL_REASON_CODES, description: 'Why, as a code (no free text).' }) @IsIn(WITHDRAWAL_REASON_CODES) reason: WithdrawalReason;
}

const PRACTITIONER_REF = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export class AllocatePractitionerBody extends CommandBody {
  @ApiProperty({ description: 'Pseudonymous practitioner reference (the council’s worker id or a hash of it): never a name or an email address.' })
  @IsString()
  @Matches(PRACTITIONER_REF, { message: 'practitionerRef must be 1-64 letters, digits, ".", "_", ":" or "-"' })
  practitionerRef: string;

  @ApiProperty({ description: 'The practitioner’s team, from the council’s team map (need not be the team holding the case)' })
  @IsString()
  @Matches(TEAM, { message: 'team must be a team id' })
  team: string;

  @ApiProperty({ enum: PRACTITIONER_ROLE_CODES }) @IsIn(PRACTITIONER_ROLE_CODES) role: PractitionerRole;

  @ApiProperty({ enum: PRACTITIONER_CHANGE_REASON_CODES, description: 'Why, as a code.' })
  @IsIn(PRACTITIONER_CHANGE_REASON_CODES)
  reason: PractitionerChangeReason;
}

export class UnallocatePractitionerBody extends CommandBody {
  @ApiPropertyOptional({ description: 'The lead practitioner being taken off; checked when given.' })
  @IsOptional()
  @IsString()
  @Matches(PRACTITIONER_REF, { message: 'practitionerRef must be 1-64 letters, digits, ".", "_", ":" or "-"' })
  practitionerRef?: string;

  @ApiProperty({ enum: PRACTITIONER_CHANGE_REASON_CODES, description: 'Why, as a code.' })
  @IsIn(PRACTITIONER_CHANGE_REASON_CODES)
  reason: PractitionerChangeReason;
}

export class FamilyMembershipBody extends CommandBody {
  @ApiProperty({ description: 'Pseudonymous family (household) reference: never a surname or an address.' })
  @IsString()
  @Matches(PRACTITIONER_REF, { message: 'familyRef must be 1-64 letters, digits, ".", "_", ":" or "-"' })
  familyRef: string;
}

export class FamilyGroupConferenceBody extends CommandBody {
  @ApiProperty({ description: 'The conference’s id: each step of one conference names it.' })
  @IsString()
  @Matches(PRACTITIONER_REF, { message: 'conferenceId must be 1-64 letters, digits, ".", "_", ":" or "-"' })
  conferenceId: string;

  @ApiProperty({ enum: FAMILY_GROUP_CONFERENCE_STEPS, description: 'offered, then accepted or declined, then held' })
  @IsIn(FAMILY_GROUP_CONFERENCE_STEPS)
  step: FamilyGroupConferenceStep;

  @ApiProperty({ description: 'The team recording the step' }) @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}

export class PreProceedingsBody extends CommandBody {
  @ApiProperty({ description: 'The pre-proceedings episode’s id: each step of one episode names it.' })
  @IsString()
  @Matches(PRACTITIONER_REF, { message: 'preProceedingsId must be 1-64 letters, digits, ".", "_", ":" or "-"' })
  preProceedingsId: string;

  @ApiProperty({
    enum: PRE_PROCEEDINGS_STEPS,
    description: 'started, then letter-sent (letter before proceedings), meeting-held (pre-proceedings meeting), then decided (the step decision)',
  })
  @IsIn(PRE_PROCEEDINGS_STEPS)
  step: PreProceedingsStep;

  @ApiPropertyOptional({ enum: PRE_PROCEEDINGS_OUTCOME_CODES, description: 'The outcome of the step decision (CIN census PPOutcome); with step decided only' })
  @IsOptional()
  @IsIn(PRE_PROCEEDINGS_OUTCOME_CODES)
  outcome?: PreProceedingsOutcome;

  @ApiProperty({ description: 'The team recording the step' }) @IsString() @Matches(TEAM, { message: 'team must be a team id' }) team: string;
}
