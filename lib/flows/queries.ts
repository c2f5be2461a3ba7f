import 'server-only';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { flows } from '@/db/schema';
import type { Actor } from '@/lib/authz';

/** A row of the flows page. */
export interface FlowListItem {
  id: string;
  name: string;
  state: 'on' | 'off';
  triggerKind: 'instant' | 'scheduled' | 'automated';
  updatedAt: Date;
  findings: number;
}

/** Keyset cursor: the last row's modification time as text to the microsecond (a Date would drop them) and id. */
export interface FlowCursor {
  key: string;
  id: string;
}

/** My flows: the actor's own flows in an environment, newest change first; one query on flows_creator_idx. */
export async function listMyFlows(
  tx: Queryable,
  actor: Actor,
  environmentId: string,
  page: { after?: FlowCursor; limit?: number } = {},
): Promise<{ items: FlowListItem[]; next: FlowCursor | null }> {
  const limit = page.limit ?? 50;
  const rows = await tx
    .select({
      id: flows.id,
      name: flows.name,
      state: flows.state,
      triggerKind: flows.triggerKind,
      updatedAt: flows.updatedAt,
      findings: flows.findings,
      updatedAtText: sql<string>`to_char(${flows.updatedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(flows)
    .where(
      and(
        eq(flows.createdBy, actor.userId),
        eq(flows.environmentId, environmentId),
        page.after ? sql`(${flows.updatedAt}, ${flows.id}) < (${page.after.key}::timestamptz, ${page.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(flows.updatedAt), desc(flows.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(({ updatedAtText: _u, ...r }) => ({ ...r, findings: r.findings.length }));
  const last = rows[limit - 1];
  return { items, next: rows.length > limit && last ? { key: last.updatedAtText, id: last.id } : null };
}
