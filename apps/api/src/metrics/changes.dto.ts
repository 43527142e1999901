import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Printable text only: no control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const TEXT = /^[^\u0000-\u001f\u007f]*$/;

/** A change to the front door: a named redesign, its go-live date and the teams it touched. */
export class RecordChangeBody {
  @ApiProperty({ format: 'uuid', description: 'Client-chosen id; a retry with the same id writes nothing and returns the first result.' })
  @IsUUID()
  commandId: string;

  @ApiProperty({ description: 'The change’s id (lower-case slug), e.g. one-front-door' })
  @Matches(SLUG, { message: 'changeId must be a lower-case slug (letters, digits, -)' })
  changeId: string;

  @ApiProperty({ description: 'The redesign’s name as the council calls it (no personal data)' })
  @IsString()
  @MaxLength(100)
  @Matches(TEXT, { message: 'title must be printable text' })
  title: string;

  @ApiProperty({ description: 'Go-live date (YYYY-MM-DD, the council’s local date)' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'goLive must be a date (YYYY-MM-DD)' })
  goLive: string;

  @ApiProperty({ type: [String], description: 'Ids of the teams the change touched (from the council’s team map)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @Matches(SLUG, { each: true, message: 'teams must be team ids' })
  teams: string[];

  @ApiPropertyOptional({ description: 'The scenario that modelled the change, to set its prediction beside what happened' })
  @IsOptional()
  @Matches(SLUG, { message: 'scenarioId must be a scenario id' })
  scenarioId?: string;
}

export class ChangeEvaluationQuery {
  @ApiProperty({ description: 'The change to evaluate' })
  @Matches(SLUG, { message: 'changeId must be a change id' })
  changeId: string;

  @ApiPropertyOptional({ description: 'Months in each window before and after the go-live date (1–24, default 6)' })
  @IsOptional()
  @Matches(/^(?:[1-9]|1\d|2[0-4])$/, { message: 'months: a whole number from 1 to 24' })
  months?: string;
}
