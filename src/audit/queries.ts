import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';

export interface AuditFilter {
  username?: string | undefined;
  action?: string | undefined;
  childId?: string | undefined;
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

export interface AuditRow {
  event_id: number;
  /** On the clock in England, YYYY-MM-DD HH:MM:SS (the CSV download's). */
  occurred_at: string;
  /** The moment with its offset, for pages (the londonTime filter). */
  occurred: string;
  username: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  children: number;
  details: unknown;
  ip: string | null;
}

/** The children a list of events names: those the events are about (subject `child`), shown by ID. */
export function childrenNamedBy(events: readonly AuditRow[]): string[] {
  return [...new Set(events.filter((event) => event.subject_type === 'child' && event.subject_id).map((event) => event.subject_id!))];
}

/** Audit events matching a filter, newest first. `to` is inclusive of that whole day (London time). */
export async function findAuditEvents(database: Database, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  const conditions: RawBuilder<unknown>[] = [sql`true`];
  if (filter.username) conditions.push(sql`username = ${filter.username.toLowerCase()}`);
  if (filter.action) conditions.push(sql`action = ${filter.action}`);
  if (filter.childId) conditions.push(sql`child_ids @> ARRAY[${filter.childId}]::text[]`);
  if (filter.from) conditions.push(sql`occurred_at >= (${filter.from}::date)::timestamp AT TIME ZONE 'Europe/London'`);
  if (filter.to) conditions.push(sql`occurred_at < (${filter.to}::date + 1)::timestamp AT TIME ZONE 'Europe/London'`);
  const rows = await sql<AuditRow>`
    SELECT event_id, to_char(occurred_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI:SS') AS occurred_at, occurred_at AS occurred, username, action,
           subject_type, subject_id, cardinality(child_ids) AS children, details, ip
    FROM ks_audit_event WHERE ${sql.join(conditions, sql` AND `)}
    ORDER BY event_id DESC LIMIT ${limit}`.execute(database.db);
  return rows.rows;
}

export async function breakGlassQueue(database: Database) {
  const rows = await sql<{
    break_glass_id: number;
    username: string;
    display_name: string;
    person_id: string;
    reason: string;
    granted_at: string;
    expires_at: string;
    reviewed: boolean;
    review_outcome: string | null;
    review_note: string | null;
    reviewer: string | null;
  }>`
    SELECT b.break_glass_id, u.username, u.display_name, b.person_id, b.reason,
           b.granted_at, b.expires_at,
           b.reviewed_at IS NOT NULL AS reviewed, b.review_outcome, b.review_note, r.username AS reviewer
    FROM ks_break_glass b JOIN ks_user u ON u.user_id = b.user_id LEFT JOIN ks_user r ON r.user_id = b.reviewed_by
    ORDER BY b.reviewed_at IS NOT NULL, b.granted_at DESC LIMIT 500`.execute(database.db);
  return rows.rows;
}

export async function restrictedChildren(database: Database) {
  const rows = await sql<{ person_id: string; reason: string; restricted_by: string; restricted_at: string; named: string[] }>`
    SELECT r.person_id, r.reason, u.username AS restricted_by, r.restricted_at,
           coalesce(array_agg(n.username ORDER BY n.username) FILTER (WHERE n.username IS NOT NULL), '{}') AS named
    FROM ks_restricted_child r JOIN ks_user u ON u.user_id = r.restricted_by
    LEFT JOIN ks_restricted_child_user ru ON ru.person_id = r.person_id LEFT JOIN ks_user n ON n.user_id = ru.user_id
    GROUP BY r.person_id, r.reason, u.username, r.restricted_at ORDER BY r.restricted_at DESC`.execute(database.db);
  return rows.rows;
}
