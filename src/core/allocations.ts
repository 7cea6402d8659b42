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
 * The latest-started row in effect, as spans: `rows` (a SELECT giving key, start_date, end_date, row_id
 * and `columns`) turned into spans [span_start, span_end) (span_end null: no end) for each key, each with
 * the columns of the row that ORDER BY start_date DESC, row_id DESC LIMIT 1 picks among the key's rows
 * in effect (start_date <= D and (end_date is null or end_date > D)) on any day D, date or timestamp, of
 * the span; no span where none is in effect. A row that overlaps no other row of its key is its own
 * span; the rows that overlap are cut at every start and end date among them, so that the same rows
 * are in effect throughout each piece.
 */
function latestInEffectSpans(rows: RawBuilder<unknown>, columns: string[]): RawBuilder<unknown> {
  const picked = (alias: string) => sql.raw(columns.map((column) => `${alias}.${column}`).join(', '));
  return sql`
    WITH spanned AS MATERIALIZED (
      SELECT r.*, coalesce(max(coalesce(r.end_date, 'infinity'::date)) OVER w_before > r.start_date, false)
                  OR coalesce(lead(r.start_date) OVER w < coalesce(r.end_date, 'infinity'::date), false) AS overlapping
      FROM (${rows}) r
      WINDOW w AS (PARTITION BY r.key ORDER BY r.start_date, r.row_id), w_before AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
    SELECT s.key, s.start_date AS span_start, s.end_date AS span_end, ${picked('s')} FROM spanned s WHERE NOT s.overlapping
    UNION ALL
    (SELECT DISTINCT ON (b.key, b.span_start) b.key, b.span_start, b.span_end, ${picked('r')}
     FROM (
       SELECT key, span_start, lead(span_start) OVER (PARTITION BY key ORDER BY span_start) AS span_end
       FROM (SELECT key, start_date AS span_start FROM spanned WHERE overlapping
             UNION SELECT key, end_date FROM spanned WHERE overlapping AND end_date IS NOT NULL) bounds
     ) b
     JOIN spanned r ON r.overlapping AND r.key = b.key AND r.start_date <= b.span_start AND (r.end_date IS NULL OR r.end_date > b.span_start)
     ORDER BY b.key, b.span_start, r.start_date DESC, r.row_id DESC)`;
}

/**
 * workerOn for many days at once: spans (key = the child, span_start, span_end) with the worker_id and
 * team_id that workerOn gives on any day of the span, for the children `children` (a SELECT of child IDs) gives.
 */
export function workerSpans(children: RawBuilder<unknown>): RawBuilder<unknown> {
  return latestInEffectSpans(
    sql`SELECT invo_person_id AS key, invo_involvement_start_date AS start_date, invo_involvement_end_date AS end_date,
               invo_involvements_id AS row_id, invo_professional_id AS worker_id, invo_professional_team AS team_id
        FROM ${ALLOCATIONS} WHERE invo_person_id IN (${children})`,
    ['worker_id', 'team_id'],
  );
}

/** caseHoldingTeamOn for many days at once: spans (key = the worker, span_start, span_end) with the team_id it gives on any day of the span. */
export function caseHoldingTeamSpans(): RawBuilder<unknown> {
  return latestInEffectSpans(
    sql`SELECT memb_professional_id AS key, memb_start_date AS start_date, memb_end_date AS end_date, memb_id AS row_id, memb_team_id AS team_id
        FROM ks_team_membership WHERE ${caseHoldingMembership('memb_role')}`,
    ['team_id'],
  );
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
