/**
 * Teams closed to new cases (ks_team_closure, half-open: closed on day d when start <= d and
 * (end is null or end > d)), the children waiting for allocation, and where new work went.
 *
 * - Awaiting allocation on D: a child with a referral open on D (cine_referral_date <= D and
 *   (cine_close_date is null or > D), not NFA) and no case-holding allocation in effect on D.
 *   Waiting days: D − referral date (the child's earliest open referral).
 * - Time to allocation: for referrals in the 12 months up to D, days from the referral to the first
 *   case-holding allocation starting on or after it (referrals still waiting are counted apart).
 * - Where work went during a closure: new case-holding allocations (start inside the closure, to
 *   its end or D) by the team of the worker on the start date (their team membership, else the
 *   team recorded on the allocation), against the same number of days just before it.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { addDays, daysBetween, longDate, parseIsoDate, type IsoDate } from '../core/dates.ts';
import { ratio } from '../core/numbers.ts';
import { ALLOCATIONS, allocatedOnDay } from '../core/allocations.ts';

export interface Closure {
  id: number;
  teamId: string;
  teamName: string;
  start: IsoDate;
  end: IsoDate | null;
  reason: string;
}

export async function listClosures(database: Database, scope: TeamScope = { kind: 'all' }): Promise<Closure[]> {
  if (scope.kind === 'teams' && scope.teamIds.length === 0) return [];
  const rows = await sql<{ id: string | number; team_id: string; team_name: string; start: IsoDate; end: IsoDate | null; reason: string }>`
    SELECT c.clos_id AS id, c.clos_team_id AS team_id, coalesce(d.dept_team_name, c.clos_team_id) AS team_name,
           c.clos_start_date::text AS start, c.clos_end_date::text AS "end", c.clos_reason AS reason
    FROM ks_team_closure c LEFT JOIN ssd_department d ON d.dept_team_id = c.clos_team_id
    WHERE ${scope.kind === 'all' ? sql`true` : sql`c.clos_team_id IN (${sql.join(scope.teamIds)})`}
    ORDER BY c.clos_start_date DESC, team_name`.execute(database.db);
  return rows.rows.map((row) => ({ id: Number(row.id), teamId: row.team_id, teamName: row.team_name, start: row.start, end: row.end, reason: row.reason }));
}

export const closedOn = (closure: Pick<Closure, 'start' | 'end'>, day: IsoDate) => closure.start <= day && (closure.end === null || closure.end > day);
/** Days closed up to (not including) `day`, or to the end when it has ended. */
export const daysClosed = (closure: Pick<Closure, 'start' | 'end'>, day: IsoDate) =>
  Math.max(0, daysBetween(closure.start, closure.end !== null && closure.end < day ? closure.end : day));

export type ClosureField = 'team' | 'start' | 'end' | 'reason';
export interface ClosureInput {
  teamId: string;
  start: IsoDate;
  end: IsoDate | null;
  reason: string;
}

/** Validates a closure from the form; overlapping closures of the same team are refused. */
export async function validateClosure(
  database: Database,
  raw: Partial<Record<ClosureField, unknown>>,
  options: { teamIds: ReadonlySet<string>; ignoreId?: number },
): Promise<{ closure?: ClosureInput; errors: { field: ClosureField; message: string }[] }> {
  const text = (field: ClosureField) => (typeof raw[field] === 'string' ? (raw[field] as string).trim() : '');
  const errors: { field: ClosureField; message: string }[] = [];
  const teamId = text('team');
  if (!options.teamIds.has(teamId)) errors.push({ field: 'team', message: 'Select the team that closed to new cases' });
  const start = parseIsoDate(text('start'));
  if (!start) errors.push({ field: 'start', message: 'Enter the date the team closed to new cases, YYYY-MM-DD' });
  const end = text('end') ? parseIsoDate(text('end')) : null;
  if (end === undefined) errors.push({ field: 'end', message: 'Enter the date it reopened as YYYY-MM-DD, or leave it blank while closed' });
  else if (end && start && end <= start) errors.push({ field: 'end', message: 'The reopening date must be after the closing date' });
  const reason = text('reason');
  if (!reason) errors.push({ field: 'reason', message: 'Enter the reason the team closed to new cases' });
  else if (reason.length > 500) errors.push({ field: 'reason', message: 'The reason must be 500 characters or fewer' });
  if (errors.length) return { errors };
  const overlapping = (await listClosures(database, { kind: 'teams', teamIds: [teamId] })).find(
    (other) => other.id !== options.ignoreId && other.start < (end ?? '9999-12-31') && (other.end === null || other.end > start!),
  );
  if (overlapping)
    errors.push({
      field: 'start',
      message: `This overlaps the closure from ${longDate(overlapping.start)}${overlapping.end ? ` to ${longDate(overlapping.end)}` : ' (still closed)'}`,
    });
  return errors.length ? { errors } : { closure: { teamId, start: start!, end: end ?? null, reason }, errors };
}

/**
 * Saves a closure, or returns null when it now overlaps another of the team's: the check is made
 * again under a lock on the team, so two requests that both passed validateClosure (a form sent
 * twice) cannot both save.
 */
export async function saveClosure(database: Database, closure: ClosureInput, id?: number): Promise<number | null> {
  return database.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`ks_team_closure:${closure.teamId}`}))`.execute(trx);
    const overlapping = await sql`
      SELECT 1 FROM ks_team_closure
      WHERE clos_team_id = ${closure.teamId} AND clos_id IS DISTINCT FROM ${id ?? null}::bigint
        AND clos_start_date < ${closure.end ?? '9999-12-31'}::date AND (clos_end_date IS NULL OR clos_end_date > ${closure.start}::date)`.execute(trx);
    if (overlapping.rows.length) return null;
    if (id !== undefined) {
      await sql`UPDATE ks_team_closure SET clos_team_id = ${closure.teamId}, clos_start_date = ${closure.start}, clos_end_date = ${closure.end}, clos_reason = ${closure.reason}
                WHERE clos_id = ${id}`.execute(trx);
      return id;
    }
    const row = await sql<{ id: string | number }>`
      INSERT INTO ks_team_closure (clos_team_id, clos_start_date, clos_end_date, clos_reason)
      VALUES (${closure.teamId}, ${closure.start}, ${closure.end}, ${closure.reason}) RETURNING clos_id AS id`.execute(trx);
    return Number(row.rows[0]!.id);
  });
}

export interface AwaitingChild {
  personId: string;
  referralDate: IsoDate;
  referralTeam: string | null;
  waitingDays: number;
}

/** Children awaiting allocation on a date, longest wait first. */
export async function childrenAwaitingAllocation(database: Database, asOf: IsoDate): Promise<AwaitingChild[]> {
  const rows = await sql<{ person_id: string; referral_date: IsoDate; referral_team: string | null }>`
    SELECT DISTINCT ON (e.cine_person_id) e.cine_person_id AS person_id, e.cine_referral_date::text AS referral_date,
           coalesce(d.dept_team_name, e.cine_referral_team) AS referral_team
    FROM ssd_cin_episodes e LEFT JOIN ssd_department d ON d.dept_team_id = e.cine_referral_team
    WHERE e.cine_referral_date <= ${asOf} AND (e.cine_close_date IS NULL OR e.cine_close_date > ${asOf})
      AND coalesce(e.cine_referral_nfa, 'N') <> 'Y'
      AND NOT ${allocatedOnDay(sql`e.cine_person_id`, sql`${asOf}::date`)}
    ORDER BY e.cine_person_id, e.cine_referral_date`.execute(database.db);
  return rows.rows
    .map((row) => ({
      personId: row.person_id,
      referralDate: row.referral_date,
      referralTeam: row.referral_team,
      waitingDays: daysBetween(row.referral_date, asOf),
    }))
    .sort((a, b) => b.waitingDays - a.waitingDays || a.referralDate.localeCompare(b.referralDate));
}

export const WAIT_BANDS = [
  { label: 'Same day', min: 0, max: 0 },
  { label: '1 to 5 days', min: 1, max: 5 },
  { label: '6 to 20 days', min: 6, max: 20 },
  { label: '21 to 60 days', min: 21, max: 60 },
  { label: 'More than 60 days', min: 61, max: null },
] as const;

export interface AllocationWaits {
  referrals: number;
  allocated: number;
  stillWaiting: number;
  medianDays: number | null;
  bands: { label: string; referrals: number; pct: number | null }[];
}

/** Time from referral to first allocation, for referrals in the 12 months up to the date. */
export async function allocationWaits(database: Database, asOf: IsoDate): Promise<AllocationWaits> {
  const rows = await sql<{ wait: number | null }>`
    SELECT (SELECT min(i.invo_involvement_start_date) FROM ${ALLOCATIONS} i
            WHERE i.invo_person_id = e.cine_person_id
              AND i.invo_involvement_start_date >= e.cine_referral_date AND i.invo_involvement_start_date <= ${asOf}) - e.cine_referral_date AS wait
    FROM ssd_cin_episodes e
    WHERE e.cine_referral_date > (${asOf}::date - interval '12 months')::date AND e.cine_referral_date <= ${asOf}
      AND coalesce(e.cine_referral_nfa, 'N') <> 'Y'`.execute(database.db);
  const waits = rows.rows.flatMap((row) => (row.wait === null ? [] : [Number(row.wait)])).sort((a, b) => a - b);
  const median = waits.length === 0 ? null : waits.length % 2 ? waits[(waits.length - 1) / 2]! : (waits[waits.length / 2 - 1]! + waits[waits.length / 2]!) / 2;
  return {
    referrals: rows.rows.length,
    allocated: waits.length,
    stillWaiting: rows.rows.length - waits.length,
    medianDays: median,
    bands: WAIT_BANDS.map((band) => {
      const count = waits.filter((wait) => wait >= band.min && (band.max === null || wait <= band.max)).length;
      return { label: band.label, referrals: count, pct: ratio(count, waits.length, 100) };
    }),
  };
}

/** Children awaiting allocation at each date (one query). */
export async function awaitingTrend(database: Database, dates: readonly IsoDate[]): Promise<{ date: IsoDate; children: number; closedTeams: number }[]> {
  const rows = await sql<{ as_of: IsoDate; children: number; closed_teams: number }>`
    WITH days AS (SELECT DISTINCT unnest(${[...dates]}::date[]) AS as_of)
    SELECT d.as_of::text AS as_of,
           (SELECT count(DISTINCT e.cine_person_id) FROM ssd_cin_episodes e
            WHERE e.cine_referral_date <= d.as_of AND (e.cine_close_date IS NULL OR e.cine_close_date > d.as_of)
              AND coalesce(e.cine_referral_nfa, 'N') <> 'Y'
              AND NOT ${allocatedOnDay(sql`e.cine_person_id`, sql`d.as_of`)})::int AS children,
           (SELECT count(DISTINCT c.clos_team_id) FROM ks_team_closure c
            WHERE c.clos_start_date <= d.as_of AND (c.clos_end_date IS NULL OR c.clos_end_date > d.as_of))::int AS closed_teams
    FROM days d ORDER BY d.as_of`.execute(database.db);
  return rows.rows.map((row) => ({ date: row.as_of, children: row.children, closedTeams: row.closed_teams }));
}

export interface WorkDestination {
  teamId: string;
  teamName: string;
  before: number;
  during: number;
  change: number;
}

/** New allocations by team during a closure against the same number of days before it. */
export async function whereWorkWent(
  database: Database,
  closure: Pick<Closure, 'start' | 'end'>,
  asOf: IsoDate,
): Promise<{ days: number; before: { from: IsoDate; to: IsoDate }; teams: WorkDestination[] }> {
  const to = closure.end !== null && closure.end < asOf ? closure.end : addDays(asOf, 1);
  const days = Math.max(1, daysBetween(closure.start, to));
  const before = { from: addDays(closure.start, -days), to: closure.start };
  const rows = await sql<{ team_id: string; team_name: string; before: number; during: number }>`
    WITH starts AS (
      SELECT i.invo_involvement_start_date AS started,
             coalesce((SELECT m.memb_team_id FROM ks_team_membership m
                       WHERE m.memb_professional_id = i.invo_professional_id AND m.memb_start_date <= i.invo_involvement_start_date
                         AND (m.memb_end_date IS NULL OR m.memb_end_date > i.invo_involvement_start_date)
                       ORDER BY m.memb_start_date DESC, m.memb_id DESC LIMIT 1), i.invo_professional_team, 'unknown') AS team_id
      FROM ${ALLOCATIONS} i
      WHERE i.invo_involvement_start_date >= ${before.from} AND i.invo_involvement_start_date < ${to}
    )
    SELECT s.team_id, coalesce(d.dept_team_name, CASE WHEN s.team_id = 'unknown' THEN 'Team not recorded' ELSE s.team_id END) AS team_name,
           count(*) FILTER (WHERE s.started < ${closure.start})::int AS before,
           count(*) FILTER (WHERE s.started >= ${closure.start})::int AS during
    FROM starts s LEFT JOIN ssd_department d ON d.dept_team_id = s.team_id
    GROUP BY s.team_id, d.dept_team_name`.execute(database.db);
  return {
    days,
    before,
    teams: rows.rows
      .map((row) => ({ teamId: row.team_id, teamName: row.team_name, before: row.before, during: row.during, change: row.during - row.before }))
      .sort((a, b) => b.change - a.change || a.teamName.localeCompare(b.teamName)),
  };
}
