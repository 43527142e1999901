import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { TenantRegistry } from '@journey-ledger/application';
import { CONTEXT_KEY, RequestContext } from './request-context';
import { PUBLIC_KEY, ROLES_KEY } from './decorators';
import type { Role } from '@journey-ledger/auth';
import { NoRoleError, TokenError, TokenVerifier } from './token-verifier';

const CORRELATION = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Every route needs a valid bearer token unless marked @Public; a route marked @Roles needs one
 * of them. Routes with neither are closed to everyone: a new route must say who may use it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier = new TokenVerifier();

  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (match === null) throw new UnauthorizedException('a bearer token is required');
    let identity;
    try {
      identity = await this.verifier.verify(match[1]);
    } catch (e) {
      if (e instanceof NoRoleError) throw new ForbiddenException(e.message);
      throw new UnauthorizedException(e instanceof TokenError ? e.message : 'token is invalid');
    }
    if (this.tenants.get(identity.tenantId) === undefined) throw new ForbiddenException('the token’s tenant is not served here');
    const correlation = request.headers['x-correlation-id'];
    const ctx: RequestContext = {
      tenantId: identity.tenantId,
      userId: identity.userId,
      roles: identity.roles,
      correlationId: typeof correlation === 'string' && CORRELATION.test(correlation) ? correlation : randomUUID(),
    };
    request[CONTEXT_KEY] = ctx;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (allowed === undefined || !allowed.some((r) => ctx.roles.includes(r))) {
      throw new ForbiddenException(`this route needs one of the roles: ${(allowed ?? []).join(', ') || 'none'}`);
    }
    return true;
  }
}
