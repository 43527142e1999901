import { mintDevelopmentToken } from '@journey-ledger/auth';
import type { Role } from '@journey-ledger/auth';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../../apps/api/src/create-app';

export type StoreKind = 'embedded' | 'postgres';

export interface TestApp {
  readonly app: INestApplication;
  readonly http: ReturnType<INestApplication['getHttpServer']>;
  token(role: Role, tenantId?: string, userId?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real Nest application over a throw-away store: a SQLite file, or a fresh PostgreSQL schema. */
export async function startTestApp(kind: StoreKind, options: { clock?: () => Date } = {}): Promise<TestApp> {
  let cleanup: () => Promise<void>;
  let app: INestApplication;
  if (kind === 'embedded') {
    const dir = mkdtempSync(join(tmpdir(), 'jl-e2e-'));
    app = await createApp(
      { store: { kind, filename: join(dir, 'ledger.sqlite') }, tenantsDir: 'config/tenants', followLog: false, clock: options.clock },
      false,
    );
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `jl_e2e_${randomBytes(4).toString('hex')}`;
    const databaseUrl = process.env.DATABASE_URL as string;
    app = await createApp({ store: { kind, databaseUrl, schema }, tenantsDir: 'config/tenants', followLog: false, clock: options.clock }, false);
    cleanup = async () => {
      const c = new Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    };
  }
  await app.init();
  return {
    app,
    http: app.getHttpServer(),
    token: (role, tenantId = 'north-shire', userId = `test-${role}`) => mintDevelopmentToken({ userId, tenantId, roles: [role] }),
    async close() {
      await app.close();
      await cleanup();
    },
  };
}
