import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, ValidateBy, ValidationArguments } from 'class-validator';
import { CHARACTERISTICS, DIMENSIONS, JOURNEY_OUTCOMES, PERIODS } from '@journey-ledger/read-models';
import { REFERRAL_SOURCE_CODES, TEAM_TIERS } from '@journey-ledger/domain';

const items = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim());

/** A comma-separated list (or a repeated parameter) whose every item is one of `allowed`. */
function IsListOf(allowed: readonly string[], what: string) {
  return ValidateBy({
    name: 'isListOf',
    validator: {
      validate: (v: unknown) => (typeof v === 'string' || Array.isArray(v)) && items(v).every((x) => allowed.includes(x)),
      defaultMessage: (args?: ValidationArguments) => {
        const bad = items(args?.value).filter((x) => !allowed.includes(x));
        return `${args?.property}: unknown ${what} "${bad.join('", "')}"; use one or more of: ${allowed.join(', ')}`;
      },
    },
  });
}

const FREE_LIST = /^[A-Za-z0-9 ._-]{1,64}(,[A-Za-z0-9 ._-]{1,64}){0,49}$/;

/** Filters and grouping shared by every GET /metrics/… route. Unknown parameters are refused (400). */
export class MetricsQueryDto {
  @ApiPropertyOptional({ description: 'Inclusive start: a local date (YYYY-MM-DD) in the council’s time zone, or an instant (its local date is used)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from: must be an ISO-8601 date such as 2025-04-01' })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive end, as `from`' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to: must be an ISO-8601 date such as 2026-04-01' })
  to?: string;

  @ApiPropertyOptional({ enum: PERIODS, description: 'Group rows by period (financial-year: April to March)' })
  @IsOptional()
  @IsIn(PERIODS, { message: `period: must be one of ${PERIODS.join(', ')}` })
  period?: string;

  @ApiPropertyOptional({
    description: `Comma-separated dimensions to group rows by: ${DIMENSIONS.join(', ')}; or one characteristic of the child (${CHARACTERISTICS.join(', ')}) on handovers, nfa-rates, re-referrals, timeliness and waiting`,
  })
  @IsOptional()
  @IsListOf([...DIMENSIONS, ...CHARACTERISTICS], 'dimension')
  groupBy?: string;

  @ApiPropertyOptional({ description: 'CIN census referral source codes, comma-separated' })
  @IsOptional()
  @IsListOf(REFERRAL_SOURCE_CODES, 'referral source')
  source?: string;

  @ApiPropertyOptional({ description: 'Team ids, comma-separated' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'team: comma-separated team ids' })
  team?: string;

  @ApiPropertyOptional({ description: `Team tiers: ${TEAM_TIERS.join(', ')}` })
  @IsOptional()
  @IsListOf(TEAM_TIERS, 'tier')
  tier?: string;

  @ApiPropertyOptional({ description: 'Areas, as the council names them, comma-separated' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'area: comma-separated area names' })
  area?: string;

  @ApiPropertyOptional({ description: 'Levels of need, as the council names them, comma-separated' })
  @IsOptional()
  @Matches(FREE_LIST, { message: 'levelOfNeed: comma-separated levels of need' })
  levelOfNeed?: string;

  @ApiPropertyOptional({ description: `Journey outcomes: ${JOURNEY_OUTCOMES.join(', ')}` })
  @IsOptional()
  @IsListOf(JOURNEY_OUTCOMES, 'outcome')
  outcome?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'csv: the measure as one tidy table, a row per group and figure (or send Accept: text/csv)' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format: json or csv' })
  format?: string;

  @ApiPropertyOptional({
    enum: ['human', 'machine'],
    description:
      'CSV only: human (default) names the columns and figures as docs/definitions.md does ("Figure": "Median handovers per journey"); machine gives the JSON names and paths ("figure": "medianHandovers")',
  })
  @IsOptional()
  @IsIn(['human', 'machine'], { message: 'headers: human or machine' })
  headers?: string;

  @ApiPropertyOptional({
    enum: ['exact', 'published'],
    description:
      'published: as DfE statistical releases present figures (counts rounded to the nearest roundTo, rates from unrounded figures, c for withheld, z for not applicable; small counts withheld for every role). Default exact.',
  })
  @IsOptional()
  @IsIn(['exact', 'published'], { message: 'presentation: exact or published' })
  presentation?: string;

  @ApiPropertyOptional({ enum: ['5', '10'], description: 'With presentation=published: round counts to the nearest 5 (default) or 10' })
  @IsOptional()
  @IsIn(['5', '10'], { message: 'roundTo: 5 or 10' })
  roundTo?: string;

  @ApiPropertyOptional({ description: 'Paths only: how many paths per group (1–500, default 20)' })
  @IsOptional()
  @Matches(/^(?:[1-9]\d?|[1-4]\d\d|500)$/, { message: 'limit: a whole number from 1 to 500' })
  limit?: string;
}

export const listOf = (v: unknown): string[] | undefined => (v === undefined ? undefined : items(v).filter((x) => x !== ''));
