import { SetMetadata } from '@nestjs/common';
import type { Role } from '@journey-ledger/auth';

export const PUBLIC_KEY = 'journeyLedger:public';
export const ROLES_KEY = 'journeyLedger:roles';

/** No token needed (health, the OpenAPI page). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The roles allowed; every other authenticated caller gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
