import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@journey-ledger/auth';
import { Public, Roles } from '../auth/decorators';
import { Ctx, RequestContext } from '../auth/request-context';
import { signInSettingsFromEnv } from './sign-in-settings';
import type { SignInSettings } from './sign-in-settings';

/** Whether the demo's "sign in as" is mounted. */
export const DEMO_SIGN_IN = Symbol('DEMO_SIGN_IN');

/**
 * What the web application needs to sign someone in, and who the API takes them to be. The
 * settings are public by nature (a browser reads them before anyone is signed in): the provider's
 * address, this application's client id and the scopes it asks for; never a secret.
 */
@ApiTags('sign-in')
@Controller('sign-in')
export class SignInController {
  private readonly settings = signInSettingsFromEnv();

  constructor(@Inject(DEMO_SIGN_IN) private readonly demo: boolean) {}

  @Public()
  @Get('config')
  @ApiOperation({ summary: 'How to sign in: the identity provider (issuer, client id, scopes) and whether the demo’s "sign in as" is on' })
  config(): SignInSettings & { demo: boolean } {
    return { ...this.settings, demo: this.demo };
  }

  @Roles(...ROLES)
  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the token signs in, with the roles and council the API grants it (403 when its claims map to no role)' })
  me(@Ctx() ctx: RequestContext) {
    return { userId: ctx.userId, tenant: ctx.tenantId, roles: ctx.roles };
  }
}
