/**
 * Allocations: the one place that says what an allocation, a case-holding worker and "the child's
 * worker on a date" are. Caseloads, indicators, workforce, exports and child access all use it.
 *
 * - An involvement (ssd_involvements) is a worker's involvement with a child. Its worker role
 *   (invo_professional_role_id) is an SSD *Local* field: each case system writes its own value
 *   (`ALLOCATED_CASE_WORKER`, `Allocated Case Worker`, `CW`…). The council's local codes
 *   (ks_local_code, field worker_role, src/core/local-codes.ts) say which values mean a case-holding
 *   allocation; values are compared ignoring case, spaces, underscores, hyphens and full stops.
 * - An allocation is an involvement whose role is mapped as case-holding: the view `ks_allocation`
 *   (migration 0016), with the SSD column names, its team and change reason also mapped.
 * - An allocation is in effect on day D when start <= D and (end is null or end > D): an allocation
 *   that starts and ends on D does not count on D, and a worker who takes over on D holds the child on D.
 * - A case-holding worker is a professional whose team membership on D has one of
 *   CASE_HOLDING_MEMBERSHIP_ROLES (or anyone holding an allocation on D).
 * - The child's worker on D is the worker of the child's latest-started allocation in effect on D
 *   (ties: the greatest involvement ID); a child co-allocated to two workers is a case for each.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from './db/database.ts';
import type { IsoDate } from './dates.ts';

/** The relation of case-holding allocations (a view over ssd_involvements; SSD column names). */
export const ALLOCATIONS = sql.raw('ks_allocation');

export { CASE_HOLDING_ROLE } from './allocation-role.ts';

/** Team membership roles (ks_team_membership.memb_role) that hold cases. */
export const CASE_HOLDING_MEMBERSHIP_ROLES = ['social_worker', 'senior_social_worker', 'asye_social_worker'] as const;
export const caseHoldingMembership = (role: string) => sql`${sql.raw(role)} IN (${sql.join([...CASE_HOLDING_MEMBERSHIP_ROLES])})`;

/** The allocation (alias) is in effect on the day (an SQL date expression or value). */
export function inEffect(alias: string, day: RawBuilder<unknown> | string): RawBuilder<unknown> {
  const d = typeof day === 'string' ? sql`${day}::date` : day;
  return sql`${sql.raw(alias)}.invo_involvement_start_date <= ${d} AND (${sql.raw(alias)}.invo_involvement_end_date IS NULL OR ${sql.raw(alias)}.invo_involvement_end_date > ${d})`;
}

/**
 * The child's worker on a day: a LATERAL subquery giving worker_id and team_id (the team recorded on
 * the allocation), or no row. Use as `LEFT JOIN LATERAL (${workerOn(child, day)}) a ON true`.
 */
export function workerOn(child: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<{ worker_id: string; team_id: string | null }> {
  return sql`
    SELECT w.invo_professional_id AS worker_id, w.invo_professional_team AS team_id
    FROM ${ALLOCATIONS} w
    WHERE w.invo_person_id = ${child} AND ${inEffect('w', day)}
    ORDER BY w.invo_involvement_start_date DESC, w.invo_involvements_id DESC
    LIMIT 1`;
}

/** Whether the child has any allocation in effect on the day (SQL boolean). */
export function allocatedOnDay(child: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`EXISTS (SELECT 1 FROM ${ALLOCATIONS} w WHERE w.invo_person_id = ${child} AND ${inEffect('w', day)})`;
}

/** A worker's case-holding team on a day (LATERAL subquery giving team_id; the latest-started membership). */
export function caseHoldingTeamOn(worker: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<{ team_id: string }> {
  return sql`
    SELECT mb.memb_team_id AS team_id
    FROM ks_team_membership mb
    WHERE mb.memb_professional_id = ${worker} AND mb.memb_start_date <= ${day}
      AND (mb.memb_end_date IS NULL OR mb.memb_end_date > ${day})
      AND ${caseHoldingMembership('mb.memb_role')}
    ORDER BY mb.memb_start_date DESC, mb.memb_id DESC
    LIMIT 1`;
}

/**
 * A Local field's value as Keystone's code: the council's mapping (ks_local_code, src/local-codes)
 * when it maps the value, else the value as recorded. For placement_type and legal_status, whose
 * SSDA903 codes Keystone's figures read, when a case system writes its own. When the council maps no
 * value of the field (most do not), the value as recorded, without a key computed on every row.
 */
export function mappedCode(field: 'placement_type' | 'legal_status', value: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql`CASE WHEN (SELECT EXISTS (SELECT 1 FROM ks_local_code lc WHERE lc.field = ${field}))
    THEN coalesce((SELECT lc.meaning FROM ks_local_code lc WHERE lc.field = ${field} AND lc.code_key = ks_code_key(${value})), ${value})
    ELSE ${value} END`;
}

/**
 * Why there are no allocations, when involvements are held but none has a worker role mapped as
 * case-holding: "no involvement has a case-holding role: values seen `CW` (4,210 rows)…; map them on
 * the Local codes page". Undefined when there are allocations, or no involvements at all.
 */
export async function noAllocationReason(database: Database): Promise<string | undefined> {
  const any = await sql<{ allocations: boolean }>`SELECT EXISTS (SELECT 1 FROM ${ALLOCATIONS}) AS allocations`.execute(database.db);
  if (any.rows[0]?.allocations) return undefined;
  const roles = await sql<{ role: string; rows: number; meaning: string | null }>`
    SELECT i.invo_professional_role_id AS role, count(*)::int AS rows, min(c.meaning) AS meaning
    FROM ssd_involvements i LEFT JOIN ks_local_code c ON c.field = 'worker_role' AND c.code_key = ks_code_key(i.invo_professional_role_id)
    GROUP BY i.invo_professional_role_id ORDER BY count(*) DESC, i.invo_professional_role_id LIMIT 7`.execute(database.db);
  if (roles.rows.length === 0) return undefined;
  const seen = roles.rows
    .slice(0, 6)
    .map((row) => `\`${row.role}\` (${row.rows.toLocaleString('en-GB')} ${row.rows === 1 ? 'row' : 'rows'}${row.meaning ? `, mapped as ${row.meaning}` : ''})`);
  return `no involvement has a case-holding role: values seen ${seen.join(', ')}${roles.rows.length > 6 ? '…' : ''}; map them on the Local codes page.`;
}

/** First and last dates with any allocation data (starts and ends), or undefined when there is none. */
export async function involvementDataRange(database: Database): Promise<{ first: IsoDate; last: IsoDate } | undefined> {
  const result = await sql<{ first: IsoDate | null; last: IsoDate | null }>`
    SELECT min(invo_involvement_start_date) AS first,
           max(greatest(invo_involvement_start_date, invo_involvement_end_date)) AS last
    FROM ssd_involvements`.execute(database.db);
  const row = result.rows[0];
  return row?.first && row.last ? { first: row.first, last: row.last } : undefined;
}
