import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { IsoDate } from '../dates.ts';
import type { SessionUser } from './sessions.ts';

/**
 * Which teams' work a user may see on a date. Scopes follow the effective-dated team structure:
 * a team manager sees the team they belonged to on that date, a service manager the teams under
 * their service area on that date; senior leaders and analysts see every team.
 *
 * Two purposes: 'figures' (aggregate figures: dashboards, indicator and team pages) and 'casework'
 * (lists of a team's workers and their children). A QA auditor sees every team's figures but no
 * team's casework: the children they may see are those under their audit (src/core/children/access.ts),
 * which decides every child on any list whatever the team scope. Every caller names the purpose.
 */
export type TeamScope = { kind: 'all' } | { kind: 'teams'; teamIds: string[] };
export type ScopePurpose = 'figures' | 'casework';

const ALL_TEAMS_ROLES: Record<ScopePurpose, readonly string[]> = {
  figures: ['senior_leader', 'performance_analyst', 'qa_auditor'],
  casework: ['senior_leader', 'performance_analyst'],
};

export async function teamScope(database: Database, user: SessionUser, asOf: IsoDate, purpose: ScopePurpose): Promise<TeamScope> {
  if (user.roles.some((role) => ALL_TEAMS_ROLES[purpose].includes(role))) return { kind: 'all' };
  const managesTeam = user.roles.includes('team_manager');
  const managesService = user.roles.includes('service_manager');
  if (!managesTeam && !managesService) return { kind: 'teams', teamIds: [] };
  // The user's own unit on the date: from their professional record's membership, else fixed on the account.
  const rows = await sql<{ dept_team_id: string }>`
    WITH own_unit AS (
      SELECT memb_team_id AS unit_id FROM ks_team_membership
      WHERE memb_professional_id = ${user.professionalId}
        AND memb_start_date <= ${asOf} AND (memb_end_date IS NULL OR memb_end_date > ${asOf})
      UNION
      SELECT ${user.teamId}::text WHERE ${user.teamId}::text IS NOT NULL
    )
    SELECT d.dept_team_id FROM ssd_department d JOIN own_unit o
      ON (${managesTeam} AND d.dept_team_id = o.unit_id)
      OR (${managesService} AND (d.dept_team_parent_id = o.unit_id OR d.dept_team_id = o.unit_id))
    WHERE d.dept_team_type = 'team'
    ORDER BY d.dept_team_id`.execute(database.db);
  return { kind: 'teams', teamIds: rows.rows.map((row) => row.dept_team_id) };
}

/** The teams in effect on the date that a scope lets the user see, by name: the choices a team filter offers. */
export async function teamsInScope(database: Database, asOf: IsoDate, scope: TeamScope): Promise<{ id: string; name: string }[]> {
  if (scope.kind === 'teams' && scope.teamIds.length === 0) return [];
  let query = database.db
    .selectFrom('ssd_department')
    .select(['dept_team_id as id', 'dept_team_name as name'])
    .where('dept_team_type', '=', 'team')
    .where((eb) => eb.or([eb('dept_valid_from', 'is', null), eb('dept_valid_from', '<=', asOf)]))
    .where((eb) => eb.or([eb('dept_valid_to', 'is', null), eb('dept_valid_to', '>', asOf)]));
  if (scope.kind === 'teams') query = query.where('dept_team_id', 'in', scope.teamIds);
  return query.orderBy('dept_team_name').execute();
}
