import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { isRole, ROLES, type Role } from '../core/auth/access.ts';
import { hashPassword } from '../core/auth/passwords.ts';
import { endAllSessions } from '../core/auth/sessions.ts';
import { clearSignInFailures } from '../core/auth/throttle.ts';
import { MIN_PASSWORD_LENGTH } from '../core/auth/users.ts';

export interface UserAccess {
  displayName: string;
  roles: Role[];
  professionalId: string | null;
  teamId: string | null;
  active: boolean;
}

export interface UserRow {
  user_id: number;
  username: string;
  display_name: string;
  roles: string[];
  professional_id: string | null;
  professional_name: string | null;
  team_id: string | null;
  team_name: string | null;
  active: boolean;
  oidc: boolean;
  two_factor: boolean;
  locked: boolean;
  last_sign_in: string | null;
}

export async function listUsers(database: Database): Promise<UserRow[]> {
  const rows = await sql<UserRow>`
    SELECT u.user_id, u.username, u.display_name, u.roles, u.professional_id, p.prof_professional_name AS professional_name,
           u.team_id, d.dept_team_name AS team_name, u.active, u.oidc_subject IS NOT NULL AS oidc, u.totp_enabled_at IS NOT NULL AS two_factor,
           coalesce(u.locked_until > now(), false) AS locked,
           u.last_sign_in_at AS last_sign_in
    FROM ks_user u
    LEFT JOIN ssd_professionals p ON p.prof_professional_id = u.professional_id
    LEFT JOIN ssd_department d ON d.dept_team_id = u.team_id
    ORDER BY u.active DESC, u.username`.execute(database.db);
  return rows.rows.map((row) => ({ ...row, user_id: Number(row.user_id) }));
}

export type FieldErrors = { field: string; text: string }[];

/** Checks an account's access settings against the data: known roles, an existing worker record and team. */
export async function validateAccess(database: Database, access: UserAccess): Promise<FieldErrors> {
  const errors: FieldErrors = [];
  if (!access.displayName.trim()) errors.push({ field: 'displayName', text: 'Enter the person’s name' });
  if (access.roles.length === 0) errors.push({ field: 'roles', text: 'Select at least one role' });
  if (access.professionalId) {
    const found = await sql`SELECT 1 FROM ssd_professionals WHERE prof_professional_id = ${access.professionalId}`.execute(database.db);
    if (found.rows.length === 0) errors.push({ field: 'professionalId', text: 'There is no worker with that ID in the case data' });
  }
  if (access.teamId) {
    const found = await sql`SELECT 1 FROM ssd_department WHERE dept_team_id = ${access.teamId}`.execute(database.db);
    if (found.rows.length === 0) errors.push({ field: 'teamId', text: 'There is no team or service area with that ID' });
  }
  return errors;
}

export function readAccess(body: Record<string, unknown>): UserAccess {
  const roles = [body.roles ?? []].flat().map(String).filter(isRole);
  const text = (value: unknown) => String(value ?? '').trim();
  return {
    displayName: text(body.displayName),
    roles: ROLES.filter((role) => roles.includes(role)),
    professionalId: text(body.professionalId) || null,
    teamId: text(body.teamId) || null,
    active: body.active !== 'no',
  };
}

/** Saves an account's access; ending its sessions when it is deactivated or loses a role. Returns what it was. */
export async function saveAccess(database: Database, userId: number, access: UserAccess) {
  const before = await database.db
    .selectFrom('ks_user')
    .select(['display_name', 'roles', 'professional_id', 'team_id', 'active'])
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  await database.db
    .updateTable('ks_user')
    .set({ display_name: access.displayName, roles: access.roles, professional_id: access.professionalId, team_id: access.teamId, active: access.active })
    .where('user_id', '=', userId)
    .execute();
  const lostRole = before.roles.some((role) => !access.roles.includes(role as Role));
  if (!access.active || lostRole) await endAllSessions(database, userId);
  return before;
}

export function passwordProblem(password: string): string | undefined {
  return password.length < MIN_PASSWORD_LENGTH ? `The password must be at least ${MIN_PASSWORD_LENGTH} characters` : undefined;
}

/** Sets a new password, unlocks the account and signs it out everywhere. */
export async function resetPassword(database: Database, userId: number, password: string): Promise<void> {
  await database.db
    .updateTable('ks_user')
    .set({ password_hash: await hashPassword(password), failed_attempts: 0, locked_until: null })
    .where('user_id', '=', userId)
    .execute();
  const { username } = await database.db.selectFrom('ks_user').select('username').where('user_id', '=', userId).executeTakeFirstOrThrow();
  await clearSignInFailures(database, username);
  await endAllSessions(database, userId);
}
