import type { Command } from 'commander';
import { mintDevelopmentToken, ROLES } from '@journey-ledger/auth';
import type { Role } from '@journey-ledger/auth';
import { loadTenant } from '../store';

export interface TokenOptions {
  tenant: string;
  user: string;
  roles: string;
  expires: string;
}

/** Mints a development token (HS256 with `JOURNEY_LEDGER_JWT_SECRET` or the development secret). */
export async function mintToken(opts: TokenOptions): Promise<string> {
  const roles = opts.roles
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !ROLES.includes(r as Role));
  if (roles.length === 0 || unknown.length > 0)
    throw new Error(`--roles must list some of ${ROLES.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  if (!/^[0-9]+[smhd]$/.test(opts.expires)) throw new Error('--expires must be like 30m, 8h or 2d');
  loadTenant(opts.tenant);
  return mintDevelopmentToken({ userId: opts.user, tenantId: opts.tenant, roles: roles as Role[] }, { expiresIn: opts.expires });
}

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('Mint a development bearer token (never in production: councils’ identity providers issue real ones)')
    .option('-t, --tenant <tenant>', 'tenant the token is for', 'north-shire')
    .option('-u, --user <userId>', 'subject (user id)', 'dev-user')
    .option('-r, --roles <roles>', `comma-separated roles: ${ROLES.join(', ')}`, 'recorder')
    .option('-e, --expires <duration>', 'lifetime, e.g. 30m, 8h', '8h')
    .action(async (opts: TokenOptions) => {
      if (process.env.NODE_ENV === 'production') throw new Error('development tokens are not minted in production');
      process.stdout.write(`${await mintToken(opts)}\n`);
    });
}
