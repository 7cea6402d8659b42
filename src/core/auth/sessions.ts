import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export const SESSION_COOKIE = 'ks_session';

export interface SessionUser {
  userId: number;
  username: string;
  displayName: string;
  roles: string[];
  professionalId: string | null;
  teamId: string | null;
  csrfToken: string;
  /** True between the password and the second factor: such a session authorises nothing else. */
  secondFactorPending: boolean;
}

export interface SessionPolicy {
  idleMinutes: number;
  absoluteMinutes: number;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

/** Starts a new session (a fresh token on every sign-in) and returns the cookie value. */
export async function startSession(
  database: Database,
  userId: number,
  policy: SessionPolicy,
  options: { secondFactorPending?: boolean } = {},
): Promise<string> {
  const token = randomToken();
  await database.db
    .insertInto('ks_session')
    .values({
      session_hash: hashToken(token),
      user_id: userId,
      csrf_token: randomToken(),
      second_factor_pending: options.secondFactorPending ?? false,
      expires_at: sql<string>`now() + make_interval(mins => ${policy.absoluteMinutes})` as unknown as string,
    })
    .execute();
  return token;
}

/**
 * The signed-in user for a cookie token, or undefined when the session is unknown, past its
 * absolute lifetime, idle too long, or the user is no longer active. Touches last_seen_at.
 */
export async function readSession(database: Database, token: string | undefined, policy: SessionPolicy): Promise<SessionUser | undefined> {
  if (!token) return undefined;
  const sessionHash = hashToken(token);
  // last_seen_at moves at most once a minute: the idle timeout does not need more, and most
  // requests then only read.
  const result = await sql<{
    user_id: number;
    username: string;
    display_name: string;
    roles: string[];
    professional_id: string | null;
    team_id: string | null;
    csrf_token: string;
    second_factor_pending: boolean;
    stale: boolean;
  }>`
    SELECT u.user_id, u.username, u.display_name, u.roles, u.professional_id, u.team_id, s.csrf_token, s.second_factor_pending,
           s.last_seen_at < now() - interval '1 minute' AS stale
    FROM ks_session s JOIN ks_user u ON u.user_id = s.user_id
    WHERE s.session_hash = ${sessionHash} AND u.active
      AND s.expires_at > now()
      AND s.last_seen_at > now() - make_interval(mins => ${policy.idleMinutes})`.execute(database.db);
  if (result.rows[0]?.stale) await sql`UPDATE ks_session SET last_seen_at = now() WHERE session_hash = ${sessionHash}`.execute(database.db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    userId: Number(row.user_id),
    username: row.username,
    displayName: row.display_name,
    roles: row.roles,
    professionalId: row.professional_id,
    teamId: row.team_id,
    csrfToken: row.csrf_token,
    secondFactorPending: row.second_factor_pending,
  };
}

export async function endSession(database: Database, token: string | undefined): Promise<void> {
  if (!token) return;
  await database.db.deleteFrom('ks_session').where('session_hash', '=', hashToken(token)).execute();
}

/** Signs a user out on every device. */
export async function endAllSessions(database: Database, userId: number): Promise<number> {
  const result = await database.db.deleteFrom('ks_session').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function endExpiredSessions(database: Database, policy: SessionPolicy): Promise<void> {
  await sql`DELETE FROM ks_session
    WHERE expires_at <= now() OR last_seen_at <= now() - make_interval(mins => ${policy.idleMinutes})`.execute(database.db);
}

export function tokensMatch(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}
