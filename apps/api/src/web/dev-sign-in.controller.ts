import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Public } from '../auth/decorators';
import { mintDevelopmentToken } from '@journey-ledger/auth';
import type { Role } from '@journey-ledger/auth';

const TENANT = 'north-shire';
const DEMO_ROLES: Role[] = ['designer', 'analyst', 'auditor', 'recorder'];

export class DevSignInBody {
  @ApiProperty({ enum: DEMO_ROLES })
  @IsIn(DEMO_ROLES, { message: `role: one of ${DEMO_ROLES.join(', ')}` })
  role: Role;
}

/**
 * "Sign in as" for the demo: a development token for one of the demo's roles, signed with the
 * development secret. Mounted only when the server starts with `--demo`; a council's deployment
 * signs staff in through its identity provider instead.
 */
@ApiTags('demo')
@Public()
@Controller('dev/sign-in')
export class DevSignInController {
  @Get()
  @ApiOperation({ summary: 'Demo only: the roles one may sign in as' })
  roles() {
    return { tenant: TENANT, roles: DEMO_ROLES };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Demo only: a development token for the given role (8 hours)' })
  async signIn(@Body() body: DevSignInBody) {
    const userId = `demo-${body.role}`;
    return { token: await mintDevelopmentToken({ userId, tenantId: TENANT, roles: [body.role] }), userId, tenant: TENANT, roles: [body.role] };
  }
}
