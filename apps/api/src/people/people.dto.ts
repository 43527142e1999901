import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** Printable text only: no control characters. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const TEXT = /^[^\u0000-\u001f\u007f]*$/;

export class AddressBody {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @Matches(TEXT, { each: true, message: 'address lines must be printable text' })
  lines: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(10)
  @Matches(/^[A-Za-z0-9 ]{2,10}$/, { message: 'postcode must be letters, digits and spaces' })
  postcode?: string;
}

/** A child's personal data: stored encrypted in the vault, never in an event. */
export class PersonalDataBody {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(TEXT, { message: 'givenName must be printable text' })
  givenName?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(TEXT, { message: 'familyName must be printable text' })
  familyName?: string;

  @ApiPropertyOptional({ description: 'ISO date (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date (YYYY-MM-DD)' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ type: AddressBody }) @IsOptional() @ValidateNested() @Type(() => AddressBody) address?: AddressBody;
}

export const ERASURE_REASONS = ['right-to-erasure', 'retention-period-ended'] as const;

export class ErasureBody {
  @ApiProperty({ enum: ERASURE_REASONS }) @IsIn(ERASURE_REASONS) reason: (typeof ERASURE_REASONS)[number];
  @ApiPropertyOptional({ description: 'The council’s reference for the request (no personal data)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, { message: 'requestRef must be a reference' })
  requestRef?: string;
}
