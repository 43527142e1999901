import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { DEFAULT_TIME_ZONE, parseTenantConfig } from '@journey-ledger/domain';
import type { Team, TenantConfig } from '@journey-ledger/domain';

/** Finds the configuration file of a tenant in a directory of tenant files, by the id inside it. */
export function findTenantFile(dir: string, tenantId: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const f of readdirSync(dir)
    .filter((x) => /\.ya?ml$/.test(x))
    .sort()) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as { id?: unknown } | null;
    if (doc?.id === tenantId) return join(dir, f);
  }
  return undefined;
}

/** The tenant an import writes into: its configuration, or a new one with no teams yet. */
export function tenantForImport(dir: string, tenantId: string): { config: TenantConfig; file?: string } {
  const file = findTenantFile(dir, tenantId);
  if (file !== undefined) return { config: parseTenantConfig(parse(readFileSync(file, 'utf8')), file), file };
  return {
    config: {
      id: tenantId,
      name: tenantId,
      timeZone: DEFAULT_TIME_ZONE,
      officeHours: { days: [1, 2, 3, 4, 5], opens: '09:00', closes: '17:00' },
      teams: [],
      levelsOfNeed: [],
    },
  };
}

/**
 * Adds the teams an import found to the tenant's team map file, keeping what is there (comments
 * included); creates the file for a new tenant. Returns the file written and the teams added.
 */
export function addTeamsToTenantFile(dir: string, tenant: TenantConfig, teams: readonly Team[]): { file: string; added: Team[] } {
  const existing = findTenantFile(dir, tenant.id);
  const file = existing ?? join(dir, `${tenant.id}.yaml`);
  const doc =
    existing !== undefined
      ? parseDocument(readFileSync(existing, 'utf8'))
      : parseDocument(
          `# Teams found in imported event logs (tier unknown until placed).\nid: ${tenant.id}\nname: ${tenant.name}\ntimeZone: ${tenant.timeZone}\nteams: []\n`,
        );
  const known = new Set(((doc.toJS() as { teams?: { id: string }[] }).teams ?? []).map((t) => t.id));
  const added = teams.filter((t) => !known.has(t.id));
  for (const t of added) doc.addIn(['teams'], doc.createNode({ id: t.id, name: t.name, tier: t.tier, area: t.area }, { flow: true }));
  if (added.length > 0 || existing === undefined) {
    parseTenantConfig(doc.toJS(), file); // never write a file the registry would refuse
    writeFileSync(file, doc.toString());
  }
  return { file, added };
}
