import type { AccessAction, AccessLogEntry, AccessPageIndex } from '@journey-ledger/audit';
import type { SqlExecutor } from '@journey-ledger/sql';

interface PageRow {
  readonly position: number | string;
  readonly access_id: string;
  readonly at: string;
  readonly user_id: string;
  readonly roles: string;
  readonly action: string;
  readonly route: string;
  readonly correlation_id: string;
  readonly hash: string;
  readonly [column: string]: unknown;
}

/** The access log's page accesses naming a journey, read from the `access-pages` read model. */
export class AccessPagesIndex implements AccessPageIndex {
  constructor(private readonly db: SqlExecutor) {}

  async entriesNaming(tenantId: string, journeyId: string): Promise<AccessLogEntry[]> {
    const rows = await this.db.query<PageRow>(
      `select position, access_id, at, user_id, roles, action, route, correlation_id, hash
         from access_journey_pages where tenant_id = $1 and journey_id = $2 order by position`,
      [tenantId, journeyId],
    );
    return rows.map((r) => ({
      accessId: r.access_id,
      at: r.at,
      userId: r.user_id,
      roles: JSON.parse(r.roles) as string[],
      action: r.action as AccessAction,
      route: r.route,
      journeyId,
      childRef: null,
      correlationId: r.correlation_id,
      position: Number(r.position),
      hash: r.hash,
    }));
  }
}
