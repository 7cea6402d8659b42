import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/**
 * How Keystone slows password guessing without letting anyone lock a person out for good. Only
 * failures count (a wrong password, a wrong second-factor code); a success clears the account's
 * failures. Failures are kept by username and by the client's address (behind a reverse proxy, the
 * address the proxy names: KEYSTONE_TRUST_PROXY), for a day.
 *
 * - One address guessing one account: the first SIGN_IN_FREE_FAILURES failures cost nothing; then
 *   the next attempt must wait 30 seconds, and each further failure doubles the wait (1, 2, 4,
 *   8 minutes) up to a lock of LOCK_MINUTES, which ends by itself. The account's owner, at another
 *   address, is not affected.
 * - Many addresses guessing one account: after ACCOUNT_FREE_FAILURES failures from anywhere, the
 *   same waits apply to every address, still ending by themselves (an administrator's new password
 *   ends them at once).
 * - One address guessing many accounts: at most ADDRESS_FAILURES_PER_MINUTE failures a minute.
 * An attempt made while a wait applies is refused unchecked and not counted, so hammering does not
 * lengthen the wait; unknown usernames are treated exactly like known ones.
 */
export const SIGN_IN_FREE_FAILURES = 3;
export const ACCOUNT_FREE_FAILURES = 20;
export const ADDRESS_FAILURES_PER_MINUTE = 10;
const FIRST_WAIT_SECONDS = 30;
export const LOCK_MINUTES = 15;

/** The wait after `failures` failures when the first `free` cost nothing. */
export function waitAfter(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(FIRST_WAIT_SECONDS * 2 ** (failures - free), LOCK_MINUTES * 60);
}

/** "30 seconds", "1 minute", "15 minutes". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Seconds the next attempt for `username` from `address` must still wait (0: it may go ahead). */
export async function signInWait(database: Database, username: string, address: string): Promise<number> {
  const result = await sql<{
    pair: number;
    pair_last: string | null;
    account: number;
    account_last: string | null;
    address_minute: number;
    address_first: string | null;
  }>`
    WITH since AS (
      SELECT greatest(now() - interval '1 day', coalesce((SELECT last_sign_in_at FROM ks_user WHERE username = ${username}), '-infinity')) AS t
    )
    SELECT count(*) FILTER (WHERE f.address = ${address})::int AS pair,
           max(f.failed_at) FILTER (WHERE f.address = ${address}) AS pair_last,
           count(*)::int AS account,
           max(f.failed_at) AS account_last,
           (SELECT count(*)::int FROM ks_sign_in_failure a WHERE a.address = ${address} AND a.failed_at > now() - interval '1 minute') AS address_minute,
           (SELECT min(a.failed_at) FROM ks_sign_in_failure a WHERE a.address = ${address} AND a.failed_at > now() - interval '1 minute') AS address_first
    FROM ks_sign_in_failure f, since
    WHERE f.username = ${username} AND f.failed_at > since.t`.execute(database.db);
  const row = result.rows[0]!;
  const now = Date.now();
  const left = (last: string | null, seconds: number) => (last && seconds > 0 ? Math.max(0, Math.ceil((Date.parse(last) + seconds * 1000 - now) / 1000)) : 0);
  return Math.max(
    left(row.pair_last, waitAfter(row.pair, SIGN_IN_FREE_FAILURES)),
    left(row.account_last, waitAfter(row.account, ACCOUNT_FREE_FAILURES)),
    row.address_minute >= ADDRESS_FAILURES_PER_MINUTE ? left(row.address_first, 60) : 0,
  );
}

/**
 * Records a failure and returns the wait it now imposes. An account slowed for every address is
 * shown as locked to administrators (ks_user.locked_until) until the wait ends.
 */
export async function recordSignInFailure(database: Database, username: string, address: string): Promise<number> {
  await sql`DELETE FROM ks_sign_in_failure WHERE failed_at < now() - interval '1 day'`.execute(database.db);
  await sql`INSERT INTO ks_sign_in_failure (username, address) VALUES (${username}, ${address})`.execute(database.db);
  const wait = await signInWait(database, username, address);
  const account = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM ks_sign_in_failure
    WHERE username = ${username} AND failed_at > greatest(now() - interval '1 day', coalesce((SELECT last_sign_in_at FROM ks_user WHERE username = ${username}), '-infinity'))`.execute(
    database.db,
  );
  const everywhere = waitAfter(account.rows[0]!.n, ACCOUNT_FREE_FAILURES);
  await sql`UPDATE ks_user SET failed_attempts = ${account.rows[0]!.n},
              locked_until = CASE WHEN ${everywhere}::int > 0 THEN now() + make_interval(secs => ${everywhere}) ELSE locked_until END
            WHERE username = ${username}`.execute(database.db);
  return wait;
}

/** Forgets an account's failures (an administrator set a new password). */
export async function clearSignInFailures(database: Database, username: string): Promise<void> {
  await sql`DELETE FROM ks_sign_in_failure WHERE username = ${username}`.execute(database.db);
}
