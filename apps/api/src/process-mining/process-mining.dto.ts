import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';

const FREE_LIST = /^[A-Za-z0-9 ._-]{1,64}(,[A-Za-z0-9 ._-]{1,64}){0,49}$/;

/** The journey filters of the exports (as the metrics name them). Unknown parameters are refused (400). */
export class ProcessMiningExportQuery {
  @ApiPropertyOptional({ description: 'Journeys started on or after this date or instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from: must be an ISO-8601 date such as 2025-04-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'Journeys started before this date or instant' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to: must be an ISO-8601 date such as 2026-04-01' })
  to?: string;

  @ApiPropertyOptional({ description: 'Team ids, comma-separated: journeys these teams held or received a contact for' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'team: comma-separated team ids' })
  team?: string;

  @ApiPropertyOptional({ description: 'CIN referral source codes, comma-separated: the journey’s first source' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'source: comma-separated source codes' })
  source?: string;

  @ApiPropertyOptional({ description: 'Levels of need, comma-separated: the journey’s first contact' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'levelOfNeed: comma-separated levels of need' })
  levelOfNeed?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: the document gzipped, as a .gz download' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'gzip: true or false' })
  gzip?: string;
}

export class HandoverMeasuresQuery extends ProcessMiningExportQuery {
  @ApiPropertyOptional({
    enum: ['changes', 'pm4py'],
    description: 'changes: a change of holder (Journey Ledger); pm4py: every consecutive pair, self-handovers included (PM4Py)',
  })
  @IsOptional()
  @IsIn(['changes', 'pm4py'], { message: 'convention: changes or pm4py' })
  convention?: string;

  @ApiPropertyOptional({ description: 'Also count handovers before the first completion of this activity (label or event type)' })
  @IsOptional()
  @MaxLength(200, { message: 'beforeActivity: at most 200 characters' })
  beforeActivity?: string;

  @ApiPropertyOptional({ description: 'How many paths to list (1–500, default 20)' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit: a whole number from 1 to 500' })
  limit?: string;
}
