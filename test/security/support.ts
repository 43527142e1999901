import { mintDevelopmentToken } from '@journey-ledger/auth';
import type { Role } from '@journey-ledger/auth';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { EventSeal } from '@journey-ledger/event-store';
import type { EventStore } from '@journey-ledger/event-store';
import type { SqlDatabase } from '@journey-ledger/sql';
import { EVENT_STORE, SQL_DATABASE } from '../../apps/api/src/infrastructure/tokens';
import { startTestApp, StoreKind, TestApp } from '../support/test-app';

export type { StoreKind };
export const STORES: StoreKind[] = ['embedded', 'postgres'];
export const ROLE_LIST: Role[] = ['recorder', 'designer', 'analyst', 'auditor', 'admin'];

export interface SecurityApp extends TestApp {
  readonly db: SqlDatabase;
  readonly store: EventStore;
  readonly seal: EventSeal;
  tokenFor(roles: Role[], tenantId?: string, userId?: string): Promise<string>;
  /** Starts a journey as a recorder of the tenant; returns its id. */
  startJourney(tenantId?: string, childRef?: string): Promise<string>;
  eventCount(): Promise<number>;
}

export const at = (day: number, hour = 10) => new Date(Date.UTC(2025, 3, 1 + day, hour)).toISOString();

export async function startSecurityApp(kind: StoreKind): Promise<SecurityApp> {
  const t = await startTestApp(kind);
  const db = t.app.get<SqlDatabase>(SQL_DATABASE);
  const store = t.app.get<EventStore>(EVENT_STORE);
  const seal = t.app.get(EventSeal);
  const tokenFor = (roles: Role[], tenantId = 'north-shire', userId = `user-${roles.join('-')}`) => mintDevelopmentToken({ userId, tenantId, roles });
  return Object.assign(t, {
    db,
    store,
    seal,
    tokenFor,
    async startJourney(tenantId = 'north-shire', childRef = `child-${randomUUID().slice(0, 8)}`) {
      const res = await request(t.http)
        .post('/journeys')
        .set('Authorization', `Bearer ${await tokenFor(['recorder'], tenantId, 'recorder-1')}`)
        .send({
          commandId: randomUUID(),
          childRef,
          source: '2A',
          channel: 'phone',
          team: tenantId === 'south-vale' ? 'front-door' : 'mash',
          levelOfNeed: '3',
          occurredAt: at(0),
        });
      if (res.status !== 201) throw new Error(`could not start a journey: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.journeyId as string;
    },
    async eventCount() {
      const [row] = await db.query<{ n: number }>('select count(*) as n from events');
      return Number(row.n);
    },
  });
}

/** Every route the app serves, as "METHOD /path/:param" (from the Express router), OpenAPI pages excluded. */
export function mountedRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance();
  const stack: any[] = (express.router ?? express._router)?.stack ?? [];
  const out = new Set<string>();
  for (const layer of stack) {
    const route = layer.route;
    if (!route) continue;
    const methods = Object.keys(route.methods ?? {}).filter((m) => route.methods[m] && m !== '_all');
    for (const m of methods) {
      const path = String(route.path);
      if (path.startsWith('/docs') || path.includes('{*splat}')) continue;
      out.add(`${m.toUpperCase()} ${path}`);
    }
  }
  return [...out].sort();
}
