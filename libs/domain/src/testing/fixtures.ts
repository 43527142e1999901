import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseTenantConfig, TeamDirectory } from '../tenant/tenant-config';
import type { Team } from '../tenant/tenant-config';
import type { JourneyEvent } from '../journey/events';

/** The fictional North Shire team map, read from the file the demo ships (config/tenants/north-shire.yaml). */
export const northShireConfig = parseTenantConfig(parse(readFileSync(join(__dirname, '../../../../config/tenants/north-shire.yaml'), 'utf8')));
export const northShireTeams: readonly Team[] = northShireConfig.teams;

export const northShire = new TeamDirectory(northShireTeams);

let counter = 0;
/** Builds a stored-looking event: what a specification is "given". */
export function recorded<E extends JourneyEvent>(type: E['type'], data: E['data'], occurredAt: string, eventId = `evt-${++counter}`): E {
  return { type, version: 1, data, metadata: { occurredAt, eventId } } as unknown as E;
}
