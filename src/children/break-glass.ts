import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import type { SessionUser } from '../core/auth/sessions.ts';

/**
 * Tells the people who must know that a user has used break-glass access: every information
 * governance officer, and the managers of the user's team on the day (team managers of that team,
 * service managers of its service area).
 */
export async function notifyBreakGlass(database: Database, user: SessionUser, today: IsoDate): Promise<number> {
  const message = `${user.displayName} (${user.username}) used break-glass access to a child’s record outside their caseload.`;
  const result = await sql<{ user_id: number }>`
    WITH own_team AS (
      SELECT memb_team_id AS team_id FROM ks_team_membership
      WHERE memb_professional_id = ${user.professionalId} AND memb_start_date <= ${today} AND (memb_end_date IS NULL OR memb_end_date > ${today})
      UNION SELECT ${user.teamId}::text WHERE ${user.teamId}::text IS NOT NULL
    ),
    units AS (
      SELECT team_id AS unit_id FROM own_team
      UNION SELECT d.dept_team_parent_id FROM ssd_department d JOIN own_team o ON o.team_id = d.dept_team_id WHERE d.dept_team_parent_id IS NOT NULL
    ),
    recipients AS (
      SELECT u.user_id, true AS reviews FROM ks_user u WHERE u.active AND 'information_governance' = ANY (u.roles)
      UNION
      SELECT u.user_id, false FROM ks_user u
      LEFT JOIN ks_team_membership m ON m.memb_professional_id = u.professional_id
       AND m.memb_start_date <= ${today} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${today})
      WHERE u.active AND u.user_id <> ${user.userId}
        AND (('team_manager' = ANY (u.roles)) OR ('service_manager' = ANY (u.roles)))
        AND (m.memb_team_id IN (SELECT unit_id FROM units) OR u.team_id IN (SELECT unit_id FROM units))
    )
    INSERT INTO ks_notification (user_id, message, link)
    SELECT DISTINCT ON (user_id) user_id,
           ${message} || CASE WHEN reviews THEN ' Review it in the break-glass queue.' ELSE ' Your information governance officer will review it.' END,
           CASE WHEN reviews THEN '/audit/break-glass' END
    FROM recipients ORDER BY user_id, reviews DESC
    RETURNING user_id`.execute(database.db);
  return result.rows.length;
}
