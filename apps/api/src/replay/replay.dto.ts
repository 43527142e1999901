import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';

export class ReplayQuery {
  @ApiPropertyOptional({ enum: ['business', 'recording'], description: 'business: by occurredAt (default); recording: as recorded, withdrawals included' })
  @IsOptional()
  @IsIn(['business', 'recording'])
  order?: 'business' | 'recording';

  @ApiPropertyOptional({ description: 'The journey as known at this instant (filters by recordedAt)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asKnownAt?: string;

  @ApiPropertyOptional({ description: 'The journey as it stood at this instant (filters by occurredAt)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asAt?: string;
}

export class CreateScenarioBody {
  @ApiProperty({ description: 'The scenario document, YAML or JSON text (format journey-ledger/scenario@1)' })
  @IsString()
  @MaxLength(100_000)
  source: string;

  @ApiPropertyOptional({ description: 'Makes the save idempotent: the same id saves one version only' })
  @IsOptional()
  @IsUUID()
  commandId?: string;
}

export class ScenarioVersionQuery {
  @ApiPropertyOptional({ description: 'A stored version (default: the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

export class ScenarioRunBody {
  @ApiPropertyOptional({ description: 'The version to run (default: the latest)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiPropertyOptional({ description: 'Replay the log as known at this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asKnownAt?: string;

  @ApiPropertyOptional({ description: 'Measure journeys as they stood at this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  asAt?: string;
}

export class ScenarioListQuery {
  @ApiPropertyOptional({ description: 'Scenarios per page, 1 to 100 (default 20)' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|100)$/, { message: 'limit: a whole number from 1 to 100' })
  limit?: string;

  @ApiPropertyOptional({ description: 'How many of the newest scenarios to skip (default 0)' })
  @IsOptional()
  @Matches(/^(?:0|[1-9]\d{0,5})$/, { message: 'offset: a whole number from 0 to 999999' })
  offset?: string;
}
