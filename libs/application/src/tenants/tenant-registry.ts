import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory, TenantConfig, TenantConfigError } from '@journey-ledger/domain';

export interface Tenant {
  readonly config: TenantConfig;
  readonly teams: TeamDirectory;
}

/** The councils this installation serves, read once from validated configuration files. */
export class TenantRegistry {
  private readonly tenants: ReadonlyMap<string, Tenant>;

  constructor(configs: readonly TenantConfig[]) {
    this.tenants = new Map(configs.map((c) => [c.id, { config: c, teams: new TeamDirectory(c.teams) }]));
  }

  /** Loads every `*.yaml`/`*.json` in a directory; any invalid file stops start-up with its problems listed. */
  static fromDirectory(dir: string): TenantRegistry {
    const files = readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort();
    const problems: string[] = [];
    const configs: TenantConfig[] = [];
    for (const f of files) {
      try {
        configs.push(parseTenantConfig(parse(readFileSync(join(dir, f), 'utf8')), f));
      } catch (e) {
        problems.push(...(e instanceof TenantConfigError ? e.problems : [`${f}: ${(e as Error).message}`]));
      }
    }
    if (problems.length > 0) throw new TenantConfigError(problems);
    return new TenantRegistry(configs);
  }

  /** A council's team map, office hours and time zone, as read models look them up. */
  readonly configOf = (tenantId: string): TenantConfig | undefined => this.tenants.get(tenantId)?.config;

  get(tenantId: string): Tenant | undefined {
    return this.tenants.get(tenantId);
  }

  ids(): string[] {
    return [...this.tenants.keys()];
  }
}

/** Where the councils' configuration lives unless `JOURNEY_LEDGER_TENANTS_DIR` says otherwise. */
export const DEFAULT_TENANTS_DIR = 'config/tenants';

/** Read by the composition roots (the API module, the command line), never at import time. */
export function tenantsDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.JOURNEY_LEDGER_TENANTS_DIR ?? DEFAULT_TENANTS_DIR;
}
