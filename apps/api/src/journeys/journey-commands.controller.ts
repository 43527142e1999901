import { BadRequestException, Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { journeyIdFor, TenantRegistry } from '@journey-ledger/application';
import type { CommandResult, JourneyCommandRequest } from '@journey-ledger/application';
import { Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import {
  AcceptReferralBody,
  AllocatePractitionerBody,
  CloseJourneyBody,
  CommandBody,
  CompleteAssessmentBody,
  DecideContactBody,
  EndPlanBody,
  FamilyGroupConferenceBody,
  FamilyMembershipBody,
  HandOverBody,
  PreProceedingsBody,
  RecordContactBody,
  StartAssessmentBody,
  StartPlanBody,
  UnallocatePractitionerBody,
  WithdrawEntryBody,
} from './dto/command-bodies.dto';
import { ExecuteJourneyCommand } from './execute-journey-command';

const uuid = new ParseUUIDPipe({ version: undefined });

/** Recording what happened to a journey: one route per command, each idempotent under its commandId. */
@ApiTags('journey commands')
@ApiBearerAuth()
@ApiConflictResponse({ description: 'The journey changed since expectedRevision, or the commandId was used for something else.' })
@Roles('recorder')
@Controller('journeys')
export class JourneyCommandsController {
  constructor(
    private readonly bus: CommandBus,
    private readonly tenants: TenantRegistry,
  ) {}

  /** A coded field is checked against the council's own code list: free text never reaches an event (or a CSV export). */
  private levelOfNeed(ctx: RequestContext, level: string): string {
    const levels = this.tenants.get(ctx.tenantId)?.config.levelsOfNeed ?? [];
    if (!levels.includes(level)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the request is invalid',
        errors: [{ field: 'levelOfNeed', messages: [`levelOfNeed must be one of this council's levels of need: ${levels.join(', ')}`] }],
      });
    }
    return level;
  }

  private run(
    ctx: RequestContext,
    journeyId: string,
    body: CommandBody,
    command: JourneyCommandRequest,
    journeyMustExist = false,
    startsJourney = false,
  ): Promise<CommandResult> {
    return this.bus.execute(
      new ExecuteJourneyCommand(
        {
          tenantId: ctx.tenantId,
          journeyId,
          commandId: body.commandId,
          correlationId: ctx.correlationId,
          actor: { userId: ctx.userId, role: 'recorder' },
        },
        command,
        { expectedRevision: body.expectedRevision, journeyMustExist, startsJourney },
      ),
    );
  }

  /** Omitted, the command happened "now": the command service reads the clock when it decides. */
  private at(body: CommandBody): string | undefined {
    return body.occurredAt;
  }

  /** A contact as the decider takes it, whether it starts a journey or joins one. */
  private contact(ctx: RequestContext, b: RecordContactBody): JourneyCommandRequest {
    return {
      type: 'RecordContact',
      data: {
        contactId: b.contactId ?? b.commandId,
        childRef: b.childRef,
        source: b.source,
        channel: b.channel,
        team: b.team,
        concerns: b.concerns ?? [],
        levelOfNeed: this.levelOfNeed(ctx, b.levelOfNeed),
        occurredAt: this.at(b),
      },
    };
  }

  @Post()
  @ApiOperation({ summary: 'Record a contact that starts a journey' })
  recordContact(@Ctx() ctx: RequestContext, @Body() b: RecordContactBody) {
    const journeyId = b.journeyId ?? journeyIdFor(ctx.tenantId, b.commandId);
    // A journey id derived from this command's id is new unless this command was sent before.
    return this.run(ctx, journeyId, b, this.contact(ctx, b), false, b.journeyId === undefined);
  }

  @Post(':journeyId/contacts')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a further contact about the same child on an open journey' })
  furtherContact(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: RecordContactBody) {
    return this.run(ctx, journeyId, b, this.contact(ctx, b), true);
  }

  @Post(':journeyId/contact-decisions')
  @ApiOperation({ summary: 'Decide a contact: nfa, advice-signposting, early-help or referral' })
  decideContact(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: DecideContactBody) {
    return this.run(ctx, journeyId, b, { type: 'DecideContact', data: { contactId: b.contactId, outcome: b.outcome, team: b.team, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/referrals')
  @ApiOperation({ summary: 'Accept a referral (starts the journey if no contact was recorded)' })
  acceptReferral(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: AcceptReferralBody) {
    return this.run(ctx, journeyId, b, {
      type: 'AcceptReferral',
      data: {
        referralId: b.referralId ?? b.commandId,
        childRef: b.childRef,
        source: b.source,
        primaryNeedCode: b.primaryNeedCode,
        team: b.team,
        occurredAt: this.at(b),
      },
    });
  }

  @Post(':journeyId/handovers')
  @ApiOperation({ summary: 'Hand the case over from the holder to another team' })
  handOver(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: HandOverBody) {
    return this.run(ctx, journeyId, b, { type: 'HandOver', data: { fromTeam: b.fromTeam, toTeam: b.toTeam, reason: b.reason, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/step-downs')
  @ApiOperation({ summary: 'Step down to early help' })
  stepDown(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: HandOverBody) {
    return this.run(ctx, journeyId, b, { type: 'StepDown', data: { fromTeam: b.fromTeam, toTeam: b.toTeam, reason: b.reason, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/step-ups')
  @ApiOperation({ summary: 'Step up to social care' })
  stepUp(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: HandOverBody) {
    return this.run(ctx, journeyId, b, { type: 'StepUp', data: { fromTeam: b.fromTeam, toTeam: b.toTeam, reason: b.reason, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/assessments')
  @ApiOperation({ summary: 'Start an assessment (early help, single, section 47)' })
  startAssessment(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: StartAssessmentBody) {
    return this.run(ctx, journeyId, b, {
      type: 'StartAssessment',
      data: { assessmentId: b.assessmentId ?? b.commandId, kind: b.kind, team: b.team, occurredAt: this.at(b) },
    });
  }

  @Post(':journeyId/assessment-completions')
  @ApiOperation({ summary: 'Complete the open assessment' })
  completeAssessment(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: CompleteAssessmentBody) {
    return this.run(ctx, journeyId, b, { type: 'CompleteAssessment', data: { outcome: b.outcome, factors: b.factors ?? [], occurredAt: this.at(b) } });
  }

  @Post(':journeyId/plans')
  @ApiOperation({ summary: 'Start a plan (early help, child in need, child protection)' })
  startPlan(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: StartPlanBody) {
    return this.run(ctx, journeyId, b, { type: 'StartPlan', data: { planId: b.planId ?? b.commandId, kind: b.kind, team: b.team, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/plans/:planId/end')
  @ApiOperation({ summary: 'End a plan' })
  endPlan(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Param('planId') planId: string, @Body() b: EndPlanBody) {
    return this.run(ctx, journeyId, b, { type: 'EndPlan', data: { planId, reason: b.reason, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/closure')
  @ApiOperation({ summary: 'Close the journey' })
  close(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: CloseJourneyBody) {
    return this.run(ctx, journeyId, b, { type: 'CloseJourney', data: { reason: b.reason, team: b.team, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/practitioner-allocations')
  @ApiOperation({
    summary: 'Allocate a lead practitioner (replacing any other): social worker, Family Help lead practitioner, lead child protection practitioner…',
  })
  allocatePractitioner(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: AllocatePractitionerBody) {
    return this.run(ctx, journeyId, b, {
      type: 'AllocatePractitioner',
      data: { practitionerRef: b.practitionerRef, team: b.team, role: b.role, reason: b.reason, occurredAt: this.at(b) },
    });
  }

  @Post(':journeyId/practitioner-unallocations')
  @ApiOperation({ summary: 'Take the lead practitioner off the journey, leaving it unallocated' })
  unallocatePractitioner(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: UnallocatePractitionerBody) {
    return this.run(ctx, journeyId, b, {
      type: 'UnallocatePractitioner',
      data: { practitionerRef: b.practitionerRef, reason: b.reason, occurredAt: this.at(b) },
    });
  }

  @Post(':journeyId/family-memberships')
  @ApiOperation({ summary: 'The child joins a family (household): journeys of siblings and of the same child over time share its reference' })
  joinFamily(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: FamilyMembershipBody) {
    return this.run(ctx, journeyId, b, { type: 'JoinFamily', data: { familyRef: b.familyRef, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/family-membership-ends')
  @ApiOperation({ summary: 'The child leaves a family (household)' })
  leaveFamily(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: FamilyMembershipBody) {
    return this.run(ctx, journeyId, b, { type: 'LeaveFamily', data: { familyRef: b.familyRef, occurredAt: this.at(b) } });
  }

  @Post(':journeyId/family-group-conferences')
  @ApiOperation({ summary: 'A step of a family group conference (FGDM): offered, accepted, declined or held' })
  familyGroupConference(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: FamilyGroupConferenceBody) {
    return this.run(ctx, journeyId, b, {
      type: 'RecordFamilyGroupConference',
      data: { conferenceId: b.conferenceId, step: b.step, team: b.team, occurredAt: this.at(b) },
    });
  }

  @Post(':journeyId/pre-proceedings')
  @ApiOperation({ summary: 'A step of pre-proceedings: started, letter before proceedings sent, meeting held, or the step decision with its outcome' })
  preProceedings(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: PreProceedingsBody) {
    return this.run(ctx, journeyId, b, {
      type: 'RecordPreProceedings',
      data: {
        preProceedingsId: b.preProceedingsId,
        step: b.step,
        team: b.team,
        ...(b.outcome !== undefined ? { outcome: b.outcome } : {}),
        occurredAt: this.at(b),
      },
    });
  }

  @Post(':journeyId/withdrawals')
  @ApiOperation({ summary: 'Withdraw the latest entry, recorded in error (a correction: nothing is edited or deleted)' })
  withdraw(@Ctx() ctx: RequestContext, @Param('journeyId', uuid) journeyId: string, @Body() b: WithdrawEntryBody) {
    return this.run(ctx, journeyId, b, { type: 'WithdrawEntry', data: { eventId: b.eventId, reason: b.reason, occurredAt: this.at(b) } });
  }
}
