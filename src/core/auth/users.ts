import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { hashPassword } from './passwords.ts';
import { isRole, type Role } from './access.ts';

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  professionalId?: string | null;
  teamId?: string | null;
}

export class InvalidUserError extends Error {}

export const MIN_PASSWORD_LENGTH = 12;

/** Creates a local account, or replaces the password, roles and scope of an existing one. */
export async function upsertUser(database: Database, user: NewUser): Promise<number> {
  const username = user.username.trim().toLowerCase();
  if (!/^[a-z0-9._@-]{3,100}$/.test(username)) throw new InvalidUserError(`Username "${user.username}" must be 3–100 letters, digits, dots, dashes or @`);
  if (user.password.length < MIN_PASSWORD_LENGTH) throw new InvalidUserError(`Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  // No role at all is allowed: an account waiting for approval of a role that sees children.
  if (!user.roles.every(isRole)) throw new InvalidUserError(`Unknown role in ${(user.roles as string[]).join(', ')}`);
  const values = {
    username,
    display_name: user.displayName,
    password_hash: await hashPassword(user.password),
    roles: user.roles,
    professional_id: user.professionalId ?? null,
    team_id: user.teamId ?? null,
  };
  const row = await database.db
    .insertInto('ks_user')
    .values(values)
    .onConflict((conflict) => conflict.column('username').doUpdateSet(values))
    .returning('user_id')
    .executeTakeFirstOrThrow();
  return Number(row.user_id);
}

export async function findUserForSignIn(database: Database, username: string) {
  return database.db
    .selectFrom('ks_user')
    .select(['user_id', 'username', 'password_hash', 'active', 'totp_enabled_at'])
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
}

export async function recordSuccessfulSignIn(database: Database, userId: number): Promise<void> {
  await sql`UPDATE ks_user SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = now() WHERE user_id = ${userId}`.execute(database.db);
}
