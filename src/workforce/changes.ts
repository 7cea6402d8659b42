/**
 * Changes of social worker, per child, on a date D.
 *
 * - Children counted: those with an allocation (src/core/allocations.ts) in effect on D
 *   whose worker's team on D is in the user's scope (all children for whole-council users).
 * - Workers in the last 12 months: different case-holding workers with an allocation in effect at
 *   some time in (D − 12 months, D] — the same window as the catalogue's
 *   stability.three_social_workers_pct, whose DfE measure (children in care with 3+ social workers)
 *   the page shows from the indicator engine, not recounted here.
 * - Workers since the case opened: different workers since the referral date of the child's CIN
 *   episode open on D (else since the child's earliest allocation still running into D).
 * - A change of worker is an allocation that ended in the 12 months while the child had another
 *   case-holding worker on the end date; its reason is the ended allocation's
 *   invo_worker_change_reason (SSD codes, CHANGE_REASONS, after the council's local codes).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import type { IsoDate } from '../core/dates.ts';
import { ratio } from '../core/numbers.ts';
import { ALLOCATIONS, inEffect } from '../core/allocations.ts';

export const CHANGE_REASONS: Readonly<Record<string, string>> = {
  MANAGE: 'Management decision (caseload or team management)',
  FCONTA: 'Family or child asked for a change',
  LEFTRL: 'Worker left the role',
  ORGRST: 'Organisational restructure',
  TSPROC: 'Transfer between teams as part of the process',
  ABSENC: 'Worker absent (e.g. long-term sickness)',
  CHCHAN: 'Child’s circumstances changed',
  PCCHAN: 'Change of placement or care',
  SWDIED: 'Worker died',
  OTHERS: 'Other reason',
};

export interface WorkerChanges {
  asOf: IsoDate;
  children: number;
  /** Children by different workers: 1, 2, 3, 4, 5 or more. */
  lastYear: { workers: string; children: number; pct: number | null }[];
  sinceOpened: { workers: string; children: number; pct: number | null }[];
  threeOrMoreLastYear: number;
  threeOrMoreLastYearPct: number | null;
  /** Changes of worker in 12 months for the children allocated on the date (different workers − 1, each). */
  allocatedChildrenChanges: number;
  /** allocatedChildrenChanges ÷ children: the catalogue's stability.worker_changes_per_child. */
  averageChangesLastYear: number | null;
  reasons: { code: string; label: string; changes: number; pct: number | null }[];
  /** Every change of worker recorded in the 12 months in the scope's teams, for any child (the reasons' total). */
  changes: number;
}

const BUCKETS = ['1', '2', '3', '4', '5 or more'];
const bucketOf = (workers: number) => (workers >= 5 ? '5 or more' : String(Math.max(1, workers)));

/** The worker (column) was in one of the scope's teams on the day (SQL date expression). */
function scopeFilter(scope: TeamScope, professional: RawBuilder<unknown>, day: RawBuilder<unknown>): RawBuilder<unknown> {
  if (scope.kind === 'all') return sql`true`;
  if (scope.teamIds.length === 0) return sql`false`;
  return sql`EXISTS (SELECT 1 FROM ks_team_membership m WHERE m.memb_professional_id = ${professional}
                     AND m.memb_start_date <= ${day} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${day})
                     AND m.memb_team_id IN (${sql.join(scope.teamIds)}))`;
}

export async function workerChangesOn(database: Database, asOf: IsoDate, scope: TeamScope): Promise<WorkerChanges> {
  const children = await sql<{ child_id: string; last_year: number; since_opened: number }>`
    WITH allocated AS (
      SELECT a.invo_person_id AS child_id, min(a.invo_involvement_start_date) AS allocated_from
      FROM ${ALLOCATIONS} a
      WHERE ${inEffect('a', asOf)} AND ${scopeFilter(scope, sql`a.invo_professional_id`, sql`${asOf}::date`)}
      GROUP BY a.invo_person_id
    ),
    opened AS (
      SELECT c.child_id, coalesce((SELECT min(e.cine_referral_date) FROM ssd_cin_episodes e
                                   WHERE e.cine_person_id = c.child_id AND e.cine_referral_date <= ${asOf}
                                     AND (e.cine_close_date IS NULL OR e.cine_close_date > ${asOf})), c.allocated_from) AS opened_on
      FROM allocated c
    )
    SELECT o.child_id,
           count(DISTINCT i.invo_professional_id) FILTER (WHERE i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > (${asOf}::date - interval '12 months')::date)::int AS last_year,
           count(DISTINCT i.invo_professional_id) FILTER (WHERE i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > o.opened_on)::int AS since_opened
    FROM opened o
    JOIN ${ALLOCATIONS} i ON i.invo_person_id = o.child_id
     AND i.invo_involvement_start_date <= ${asOf}
    GROUP BY o.child_id`.execute(database.db);

  const reasons = await sql<{ code: string | null; changes: number }>`
    SELECT i.invo_worker_change_reason AS code, count(*)::int AS changes
    FROM ${ALLOCATIONS} i
    WHERE i.invo_involvement_end_date > (${asOf}::date - interval '12 months')::date AND i.invo_involvement_end_date <= ${asOf}
      AND EXISTS (SELECT 1 FROM ${ALLOCATIONS} a
                  WHERE a.invo_person_id = i.invo_person_id
                    AND a.invo_professional_id <> i.invo_professional_id
                    AND a.invo_involvement_start_date <= i.invo_involvement_end_date
                    AND (a.invo_involvement_end_date IS NULL OR a.invo_involvement_end_date > i.invo_involvement_end_date)
)
      AND ${scopeFilter(scope, sql`i.invo_professional_id`, sql`(i.invo_involvement_end_date - 1)`)}
    GROUP BY i.invo_worker_change_reason`.execute(database.db);

  const total = children.rows.length;
  const distribution = (pick: (row: { last_year: number; since_opened: number }) => number) =>
    BUCKETS.map((workers) => {
      const count = children.rows.filter((row) => bucketOf(pick(row)) === workers).length;
      return { workers, children: count, pct: ratio(count, total, 100) };
    });
  const three = children.rows.filter((row) => row.last_year >= 3).length;
  const changes = reasons.rows.reduce((sum, row) => sum + row.changes, 0);
  const allocatedChildrenChanges = children.rows.reduce((sum, row) => sum + Math.max(0, row.last_year - 1), 0);
  const byCode = new Map<string, number>();
  for (const row of reasons.rows) {
    const code = row.code && row.code in CHANGE_REASONS ? row.code : 'OTHERS';
    byCode.set(code, (byCode.get(code) ?? 0) + row.changes);
  }
  return {
    asOf,
    children: total,
    lastYear: distribution((row) => row.last_year),
    sinceOpened: distribution((row) => row.since_opened),
    threeOrMoreLastYear: three,
    threeOrMoreLastYearPct: ratio(three, total, 100),
    allocatedChildrenChanges,
    averageChangesLastYear: total === 0 ? null : Math.round((allocatedChildrenChanges / total) * 100) / 100,
    reasons: [...byCode.entries()]
      .map(([code, count]) => ({ code, label: CHANGE_REASONS[code]!, changes: count, pct: ratio(count, changes, 100) }))
      .sort((a, b) => b.changes - a.changes || a.code.localeCompare(b.code)),
    changes,
  };
}
