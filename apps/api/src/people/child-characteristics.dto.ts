import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn } from 'class-validator';
import { DISABILITY_CODE_LIST, ETHNICITY_CODE_LIST, SEX_CODE_LIST } from '@journey-ledger/domain';
import type { DisabilityCode, EthnicityCode, SexCode } from '@journey-ledger/domain';
import { CommandBody } from '../journeys/dto/command-bodies.dto';

/** The child's characteristics as CIN census codes; the age band comes from the date of birth in the vault. */
export class ChildCharacteristicsBody extends CommandBody {
  @ApiProperty({ enum: SEX_CODE_LIST, description: 'CIN census sex (GenderCurrent): 1 male, 2 female, 0 not known, 9 not specified' })
  @IsIn(SEX_CODE_LIST, { message: `sex must be a CIN census code: ${SEX_CODE_LIST.join(', ')}` })
  sex: SexCode;

  @ApiProperty({ enum: ETHNICITY_CODE_LIST, description: 'CIN census ethnicity code (e.g. WBRI, BAFR, NOBT)' })
  @IsIn(ETHNICITY_CODE_LIST, { message: `ethnicity must be a CIN census code: ${ETHNICITY_CODE_LIST.join(', ')}` })
  ethnicity: EthnicityCode;

  @ApiProperty({ enum: DISABILITY_CODE_LIST, isArray: true, description: 'CIN census disability codes; NONE for none, [] when not recorded' })
  @IsArray({ message: 'disabilities must be a list of CIN census codes' })
  @ArrayMaxSize(DISABILITY_CODE_LIST.length)
  @IsIn(DISABILITY_CODE_LIST, { each: true, message: `disabilities must be CIN census codes: ${DISABILITY_CODE_LIST.join(', ')}` })
  disabilities: DisabilityCode[];
}
