import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import { todayInEngland, type IsoDate } from '../dates.ts';
import type { SessionUser } from '../auth/sessions.ts';
import { teamScope } from '../auth/scope.ts';
import { ALLOCATIONS, inEffect } from '../allocations.ts';

/**
 * Which children's records a user may see: the one place that decides it. Every page, export and
 * query that returns child-level data asks here.
 *
 * - Senior leaders and performance analysts: every child.
 * - Team and service managers: children allocated (case-holding, on the date) to a worker whose
 *   team on that date is in the manager's scope (src/core/auth/scope.ts).
 * - Social workers: children allocated to them on the date.
 * - Quality-assurance auditors: the child of each casework audit open on the date that is theirs:
 *   as auditor from the audit date until it is completed, as moderator until it is moderated
 *   (src/casework-audits; ks_casework_audit).
 * - Elected members and administrators: no child, ever (unless also given a practice role).
 * Access is decided as of today. A list for another date (a caseload, a team, the children behind an
 * indicator, children awaiting allocation, on a past month-end) gives a child's details only when
 * the user may see that child both on the list's date and today: a worker who no longer holds a
 * child, or a manager whose teams no longer do, sees the row counted but not named, and the record
 * does not open (break-glass excepted). A record, when it opens, is today's.
 * Then two overrides, in this order:
 * - Restricted records: only the users named on the restriction see the record, whatever their
 *   scope; everyone else in scope is told it exists, but not what it holds.
 * - Break-glass: a practice user outside the child's scope who gives a reason sees an unrestricted
 *   record until the grant expires; the use is alerted and reviewed.
 */
export type ChildAccess = 'full' | 'restricted' | 'out_of_scope' | 'not_found';

const ALL_CHILDREN_ROLES = ['senior_leader', 'performance_analyst'];

/** SQL giving the person IDs in the user's scope on a date (restriction not yet applied). */
export async function childrenInScopeSql(database: Database, user: SessionUser, asOf: IsoDate): Promise<RawBuilder<{ person_id: string }>> {
  if (user.roles.some((role) => ALL_CHILDREN_ROLES.includes(role))) return sql`SELECT pers_person_id AS person_id FROM ssd_person`;
  const parts: RawBuilder<unknown>[] = [];
  if (user.roles.includes('social_worker') && user.professionalId) {
    parts.push(sql`
      SELECT a.invo_person_id AS person_id FROM ${ALLOCATIONS} a
      WHERE a.invo_professional_id = ${user.professionalId} AND ${inEffect('a', asOf)}`);
  }
  if (user.roles.includes('team_manager') || user.roles.includes('service_manager')) {
    const scope = await teamScope(database, user, asOf, 'casework');
    if (scope.kind === 'teams' && scope.teamIds.length > 0) {
      parts.push(sql`
        SELECT i.invo_person_id AS person_id FROM ${ALLOCATIONS} i
        JOIN ks_team_membership m ON m.memb_professional_id = i.invo_professional_id
         AND m.memb_start_date <= ${asOf} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${asOf})
        WHERE ${inEffect('i', asOf)}
          AND m.memb_team_id IN (${sql.join(scope.teamIds)})`);
    }
  }
  if (user.roles.includes('qa_auditor')) {
    parts.push(sql`
      SELECT person_id FROM ks_casework_audit
      WHERE audit_date <= ${asOf}
        AND ((auditor_id = ${user.userId} AND (completed_on IS NULL OR completed_on > ${asOf}))
          OR (moderator_id = ${user.userId} AND (moderated_on IS NULL OR moderated_on > ${asOf})))`);
  }
  if (parts.length === 0) return sql`SELECT NULL::text AS person_id WHERE false`;
  return sql.join(parts, sql` UNION `) as RawBuilder<{ person_id: string }>;
}

/** What the user may see of each child, for a list of children shown on a date (and today: see above). */
export async function accessToChildren(database: Database, user: SessionUser, personIds: readonly string[], asOf: IsoDate): Promise<Map<string, ChildAccess>> {
  const result = new Map<string, ChildAccess>(personIds.map((id) => [id, 'not_found']));
  if (personIds.length === 0) return result;
  const today = todayInEngland();
  const scopeToday = await childrenInScopeSql(database, user, today);
  const scopeThen = asOf === today ? scopeToday : await childrenInScopeSql(database, user, asOf);
  const rows = await sql<{ person_id: string; in_scope: boolean; restricted: boolean; named: boolean; break_glass: boolean }>`
    WITH scope_today AS (${scopeToday}), scope_then AS (${scopeThen})
    SELECT p.pers_person_id AS person_id,
           EXISTS (SELECT 1 FROM scope_today s WHERE s.person_id = p.pers_person_id)
             AND EXISTS (SELECT 1 FROM scope_then s WHERE s.person_id = p.pers_person_id) AS in_scope,
           r.person_id IS NOT NULL AS restricted,
           EXISTS (SELECT 1 FROM ks_restricted_child_user n WHERE n.person_id = p.pers_person_id AND n.user_id = ${user.userId}) AS named,
           EXISTS (SELECT 1 FROM ks_break_glass b WHERE b.person_id = p.pers_person_id AND b.user_id = ${user.userId} AND b.expires_at > now()) AS break_glass
    FROM ssd_person p
    LEFT JOIN ks_restricted_child r ON r.person_id = p.pers_person_id
    WHERE p.pers_person_id IN (${sql.join([...personIds])})`.execute(database.db);
  for (const row of rows.rows) result.set(row.person_id, decide(row));
  return result;
}

function decide(row: { in_scope: boolean; restricted: boolean; named: boolean; break_glass: boolean }): ChildAccess {
  if (row.restricted) return row.named ? 'full' : row.in_scope || row.break_glass ? 'restricted' : 'out_of_scope';
  return row.in_scope || row.break_glass ? 'full' : 'out_of_scope';
}

export async function accessToChild(database: Database, user: SessionUser, personId: string, asOf: IsoDate = todayInEngland()): Promise<ChildAccess> {
  return (await accessToChildren(database, user, [personId], asOf)).get(personId) ?? 'not_found';
}
