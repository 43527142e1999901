import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/*
 * The shape of docker-compose.yml, checked where no Docker engine exists (CI runs
 * `docker compose config -q` too where the docker client does). Merge keys (`<<`) are resolved as
 * Compose resolves them.
 */
interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string;
}
const compose = parse(readFileSync(join(__dirname, '../../../../docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const byDefault = Object.keys(services).filter((name) => services[name].profiles === undefined);
const inCluster = Object.keys(services).filter((name) => services[name].profiles?.includes('cluster'));

describe('docker-compose.yml', () => {
  it('starts the API, the projection worker, PostgreSQL and one KurrentDB node by default', () => {
    expect(byDefault.sort()).toEqual(['api', 'install', 'kurrentdb', 'postgres', 'projector']);
    expect(services.kurrentdb.environment?.KURRENTDB_CLUSTER_SIZE).toBeUndefined();
  });

  it('has a three-node KurrentDB cluster under the cluster profile, each node seeded with the other two', () => {
    expect(inCluster.sort()).toEqual(['kurrentdb-1', 'kurrentdb-2', 'kurrentdb-3']);
    for (const node of inCluster) {
      const env = services[node].environment ?? {};
      expect(env.KURRENTDB_CLUSTER_SIZE).toBe('3');
      const seeds = (env.KURRENTDB_GOSSIP_SEED ?? '').split(',').map((s) => s.replace(/:2113$/, ''));
      expect(seeds.sort()).toEqual(inCluster.filter((n) => n !== node).sort());
    }
  });

  it('gives every store and the API a health check, and every store a named volume', () => {
    for (const name of ['postgres', 'kurrentdb', ...inCluster, 'api']) expect(services[name].healthcheck?.test.length).toBeGreaterThan(0);
    for (const name of ['postgres', 'kurrentdb', ...inCluster]) {
      const volume = (services[name].volumes ?? [])[0]?.split(':')[0];
      expect(Object.keys(compose.volumes)).toContain(volume);
    }
  });

  it('selects the adapter by environment for the API and the worker, which start after the stores are healthy', () => {
    for (const name of ['api', 'projector']) {
      const env = services[name].environment ?? {};
      expect(env.JOURNEY_LEDGER_STORE).toMatch(/kurrentdb/);
      expect(env.KURRENTDB_URL).toMatch(/^\$\{KURRENTDB_URL:-kurrentdb:\/\/kurrentdb:2113/);
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/postgres@postgres:5432\//);
      expect(env.JOURNEY_LEDGER_PROJECTIONS).toBe('worker');
      expect(services[name].depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, kurrentdb: { condition: 'service_healthy' } });
    }
    expect(services.projector.command).toContain('project --follow');
  });
});
