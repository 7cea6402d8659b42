import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { PRACTICE_ROLES, ROLE_NAMES, type Role } from '../core/auth/access.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import type { UserAccess } from './users.ts';

/**
 * The administrators' rules (README, "Administrators"):
 * - nobody changes their own roles, scope or whether they can sign in (only their name);
 * - a change that lets an account see children — a role that works with children's records added,
 *   the worker or team that decides which children changed on such an account, or such an account
 *   reactivated — waits until a second administrator or the information governance officer
 *   approves it; neither the one who asked nor the account's owner may approve it;
 * - every permission change is audited and alerts every information governance officer.
 */
const childRoles = (roles: readonly string[]) => roles.filter((role) => (PRACTICE_ROLES as readonly string[]).includes(role));

export type AccessBefore = Pick<UserAccess, 'roles' | 'professionalId' | 'teamId' | 'active'>;

/** Whether going from `before` to `after` widens which children the account sees. */
export function widensChildAccess(before: AccessBefore, after: UserAccess): boolean {
  const now = childRoles(after.roles);
  if (!after.active || now.length === 0) return false;
  const had = before.active ? childRoles(before.roles) : [];
  return now.some((role) => !had.includes(role)) || after.professionalId !== before.professionalId || after.teamId !== before.teamId;
}

export const describeRoles = (roles: readonly string[]) => roles.map((role) => ROLE_NAMES[role as Role] ?? role).join(', ') || 'no role';

/** Audits a permission change and tells every active information governance officer about it. */
export async function recordPermissionChange(
  database: Database,
  actor: Actor,
  subject: { userId: number; username: string },
  summary: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(database, actor, {
    action: 'permission.change',
    subjectType: 'user',
    subjectId: String(subject.userId),
    details: { username: subject.username, ...details },
  });
  await sql`
    INSERT INTO ks_notification (user_id, message, link)
    SELECT user_id, ${`Permission change for ${subject.username} by ${actor.username ?? 'single sign-on'}: ${summary}`}, '/audit?action=permission.change'
    FROM ks_user WHERE active AND 'information_governance' = ANY (roles)`.execute(database.db);
}

export interface PendingRequest {
  request_id: number;
  user_id: number;
  username: string;
  requested_by: number;
  requested_by_name: string;
  requested_at: string;
  proposed: UserAccess;
  current: AccessBefore;
}

/** Records the change for approval (replacing any earlier one still waiting for the same account). */
export async function requestAccess(database: Database, userId: number, proposed: UserAccess, requestedBy: number): Promise<number> {
  return database.db.transaction().execute(async (trx) => {
    await sql`UPDATE ks_access_request SET outcome = 'withdrawn', decided_at = now(), decided_by = ${requestedBy} WHERE user_id = ${userId} AND decided_at IS NULL`.execute(
      trx,
    );
    const row = await sql<{ request_id: number }>`
      INSERT INTO ks_access_request (user_id, proposed, requested_by) VALUES (${userId}, ${JSON.stringify(proposed)}::jsonb, ${requestedBy}) RETURNING request_id`.execute(
      trx,
    );
    return Number(row.rows[0]!.request_id);
  });
}

export async function pendingRequests(database: Database): Promise<PendingRequest[]> {
  const rows = await sql<Omit<PendingRequest, 'current'> & { roles: string[]; professional_id: string | null; team_id: string | null; active: boolean }>`
    SELECT r.request_id, r.user_id, u.username, r.requested_by, b.username AS requested_by_name,
           r.requested_at, r.proposed,
           u.roles, u.professional_id, u.team_id, u.active
    FROM ks_access_request r JOIN ks_user u ON u.user_id = r.user_id JOIN ks_user b ON b.user_id = r.requested_by
    WHERE r.decided_at IS NULL ORDER BY r.requested_at, r.request_id`.execute(database.db);
  return rows.rows.map((row) => ({
    request_id: Number(row.request_id),
    user_id: Number(row.user_id),
    username: row.username,
    requested_by: Number(row.requested_by),
    requested_by_name: row.requested_by_name,
    requested_at: row.requested_at,
    proposed: (typeof row.proposed === 'string' ? JSON.parse(row.proposed) : row.proposed) as UserAccess,
    current: { roles: row.roles as Role[], professionalId: row.professional_id, teamId: row.team_id, active: row.active },
  }));
}

/** Marks a waiting request decided; false when it was already decided (or never existed). */
export async function decideRequest(database: Database, requestId: number, decidedBy: number, outcome: 'approved' | 'refused'): Promise<boolean> {
  const result = await sql`
    UPDATE ks_access_request SET decided_by = ${decidedBy}, decided_at = now(), outcome = ${outcome}
    WHERE request_id = ${requestId} AND decided_at IS NULL RETURNING request_id`.execute(database.db);
  return result.rows.length === 1;
}
