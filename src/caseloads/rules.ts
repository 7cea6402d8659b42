import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import type { IsoDate } from '../core/dates.ts';
import { ratio } from '../core/numbers.ts';
import { ALLOCATIONS, caseHoldingMembership, inEffect } from '../core/allocations.ts';

/** Team id given to a case holder with neither a case-holding team membership nor a team on their allocation. */
export const UNKNOWN_TEAM_ID = 'unknown';

export const MEMBERSHIP_ROLE_NAMES: Readonly<Record<string, string>> = {
  social_worker: 'Social worker',
  senior_social_worker: 'Senior social worker',
  asye_social_worker: 'Newly qualified social worker (ASYE)',
};

export interface CaseloadOptions {
  /** A caseload above this many children is "over the threshold". */
  threshold: number;
  /** Teams whose workers are counted; a worker belongs to the team they are in on the date. */
  scope: TeamScope;
}

export interface WorkerCaseload {
  professionalId: string;
  name: string;
  teamId: string;
  teamName: string;
  /** Case-holding membership role (see MEMBERSHIP_ROLE_NAMES); null for a case holder without one. */
  role: string | null;
  agency: boolean | null;
  fte: number | null;
  caseload: number;
}

export interface TeamCaseloads {
  teamId: string;
  teamName: string;
  serviceName: string | null;
  workers: number;
  cases: number;
  average: number | null;
  overThreshold: number;
  overThresholdPct: number | null;
}

export interface CaseloadBand {
  id: string;
  label: string;
  min: number;
  /** null: no upper limit. */
  max: number | null;
}

export interface CaseloadSnapshot {
  asOf: IsoDate;
  threshold: number;
  workers: WorkerCaseload[];
  teams: TeamCaseloads[];
  county: {
    workers: number;
    /** Sum of the workers' caseloads: a co-allocated child counts once for each worker. */
    cases: number;
    /** Distinct children allocated to the workers counted. */
    children: number;
    average: number | null;
    overThreshold: number;
    overThresholdPct: number | null;
    bands: (CaseloadBand & { workers: number; pct: number | null })[];
  };
}

export interface TrendPoint {
  monthEnd: IsoDate;
  workers: number;
  cases: number;
  average: number | null;
  overThresholdPct: number | null;
}

export interface Indicator {
  id: string;
  title: string;
  value: number | null;
  unit: string;
}

/**
 * THE caseload definition, as SQL common table expressions over a list of dates `days(as_of)`.
 *
 * - A case for a worker on date D is a distinct child with a case-holding involvement
 *   (an allocation, src/core/allocations.ts: its worker role mapped as case-holding) for that worker in effect on D:
 *   start <= D and (end is null or end > D). Several overlapping involvements for the same child
 *   and worker (say, two referrals) are one case. So an allocation that starts and ends on D does
 *   not count on D, and a child whose worker changes on D counts for the new worker only.
 *   A child co-allocated to two workers is a case for each of them.
 * - The workers counted on D are the professionals with a case-holding team membership in effect
 *   on D (memb_role social_worker, senior_social_worker or asye_social_worker; their team on D is
 *   that membership's team), with or without cases, plus any other professional holding at least
 *   one case on D (their team is then the team recorded on the latest-started of their allocations
 *   that records one, else 'unknown'). Team and service managers holding no case are not counted.
 * - The scope keeps the workers whose team on D is one of the scope's teams.
 *
 * Defines `days`, `case_holding` (one row per involvement in effect), `caseloads`, `memberships`,
 * `recorded_teams`, `all_workers` and, kept to the scope, `workers(as_of, professional_id, team_id, role, caseload)`.
 */
function caseloadDefinition(days: RawBuilder<unknown>, scope: TeamScope, monthly = false): RawBuilder<unknown> {
  // The trend's days are every month-end from the first to the last, with their month_number. An
  // allocation is in effect on a month-end exactly when it starts in that month or earlier and ends in a
  // later month (or is open): so each allocation gives those months, as whole numbers, rather than
  // every date being compared with every allocation.
  const allocationsInEffect = monthly
    ? sql`${ALLOCATIONS} i
      CROSS JOIN LATERAL generate_series(
        greatest(${monthNumber(sql`i.invo_involvement_start_date`)}, (SELECT min(month_number) FROM days)),
        least(coalesce(${monthNumber(sql`i.invo_involvement_end_date`)} - 1, (SELECT max(month_number) FROM days)), (SELECT max(month_number) FROM days))
      ) AS spanned(month_number)
      JOIN days d ON d.month_number = spanned.month_number`
    : sql`days d
      JOIN ${ALLOCATIONS} i ON ${inEffect('i', sql`d.as_of`)}`;
  return sql`
    -- (MATERIALIZED / NOT MATERIALIZED only guide the planner.)
    days AS MATERIALIZED (${days}),
    -- Every case-holding allocation in effect on each date: start <= D and (end is null or end > D).
    case_holding AS NOT MATERIALIZED (
      SELECT d.as_of, i.invo_involvements_id AS involvement_id, i.invo_professional_id AS professional_id,
             i.invo_person_id AS child_id, i.invo_professional_team AS recorded_team_id,
             i.invo_involvement_start_date AS start_date
      FROM ${allocationsInEffect}
    ),
    -- A case is a distinct child: overlapping allocations of one child to one worker count once.
    caseloads AS (
      SELECT as_of, professional_id, count(DISTINCT child_id)::int AS caseload
      FROM case_holding
      GROUP BY as_of, professional_id
    ),
    -- Each professional's case-holding team on each date (should memberships overlap, the latest-started).
    memberships AS (
      SELECT DISTINCT ON (d.as_of, m.memb_professional_id)
             d.as_of, m.memb_professional_id AS professional_id, m.memb_team_id AS team_id, m.memb_role AS role
      FROM days d
      JOIN ks_team_membership m
        ON m.memb_start_date <= d.as_of
       AND (m.memb_end_date IS NULL OR m.memb_end_date > d.as_of)
      WHERE ${caseHoldingMembership('m.memb_role')}
      ORDER BY d.as_of, m.memb_professional_id, m.memb_start_date DESC, m.memb_id DESC
    ),
    -- For a case holder without such a membership: the team on their latest allocation that records one.
    recorded_teams AS (
      SELECT DISTINCT ON (as_of, professional_id) as_of, professional_id, recorded_team_id AS team_id
      FROM case_holding
      ORDER BY as_of, professional_id, recorded_team_id IS NULL, start_date DESC, involvement_id DESC
    ),
    -- Workers counted: case-holding members, with or without cases, and anyone else holding a case.
    all_workers AS (
      SELECT coalesce(m.as_of, c.as_of) AS as_of,
             coalesce(m.professional_id, c.professional_id) AS professional_id,
             coalesce(m.team_id, r.team_id, ${UNKNOWN_TEAM_ID}) AS team_id,
             m.role,
             coalesce(c.caseload, 0) AS caseload
      FROM memberships m
      FULL JOIN caseloads c ON c.as_of = m.as_of AND c.professional_id = m.professional_id
      LEFT JOIN recorded_teams r ON r.as_of = c.as_of AND r.professional_id = c.professional_id
    ),
    workers AS (
      SELECT * FROM all_workers WHERE ${scopeCondition(scope)}
    )`;
}

function scopeCondition(scope: TeamScope): RawBuilder<unknown> {
  if (scope.kind === 'all') return sql`true`;
  if (scope.teamIds.length === 0) return sql`false`;
  return sql`team_id IN (${sql.join(scope.teamIds)})`;
}

/** The date's month as a whole number (year × 12 + month), so that consecutive months are consecutive numbers. */
function monthNumber(date: RawBuilder<unknown>): RawBuilder<number> {
  return sql`(date_part('year', ${date})::int * 12 + date_part('month', ${date})::int)`;
}

/** Bands of caseload: 0 to T, then up to 24, 25 to 30 and over 30, dropping bands the threshold swallows. */
export function caseloadBands(threshold: number): CaseloadBand[] {
  if (!Number.isInteger(threshold) || threshold < 0) throw new Error(`Caseload threshold must be a whole number, got ${threshold}`);
  const upperLimits = [threshold, ...[24, 30].filter((limit) => limit > threshold)];
  const bands: CaseloadBand[] = upperLimits.map((max, index) => {
    const min = index === 0 ? 0 : upperLimits[index - 1]! + 1;
    return { id: `${min}_${max}`, label: min === max ? `${min}` : `${min} to ${max}`, min, max };
  });
  const last = upperLimits[upperLimits.length - 1]!;
  bands.push({ id: `over_${last}`, label: `More than ${last}`, min: last + 1, max: null });
  return bands;
}

/** Every worker's caseload on a date, with team and county totals and the distribution by band. */
export async function caseloadsOn(database: Database, asOf: IsoDate, { threshold, scope }: CaseloadOptions): Promise<CaseloadSnapshot> {
  const definition = caseloadDefinition(sql`SELECT ${asOf}::date AS as_of`, scope);
  const workerRows = await sql<{
    professional_id: string;
    name: string;
    team_id: string;
    team_name: string;
    service_name: string | null;
    role: string | null;
    agency_flag: string | null;
    fte: number | null;
    caseload: number;
  }>`
    WITH ${definition}
    SELECT w.professional_id, p.prof_professional_name AS name, w.team_id,
           coalesce(t.dept_team_name, CASE WHEN w.team_id = ${UNKNOWN_TEAM_ID} THEN 'Team not recorded' ELSE w.team_id END) AS team_name,
           coalesce(s.dept_team_name, t.dept_team_parent_name) AS service_name,
           w.role, p.prof_agency_worker_flag AS agency_flag, p.prof_full_time_equivalency AS fte, w.caseload
    FROM workers w
    JOIN ssd_professionals p ON p.prof_professional_id = w.professional_id
    LEFT JOIN ssd_department t ON t.dept_team_id = w.team_id
    LEFT JOIN ssd_department s ON s.dept_team_id = t.dept_team_parent_id
    ORDER BY service_name NULLS LAST, team_name, w.caseload DESC, name, w.professional_id`.execute(database.db);
  const childRows = await sql<{ children: number }>`
    WITH ${definition}
    SELECT count(DISTINCT c.child_id)::int AS children
    FROM case_holding c
    JOIN workers w ON w.as_of = c.as_of AND w.professional_id = c.professional_id`.execute(database.db);

  const workers: WorkerCaseload[] = workerRows.rows.map((row) => ({
    professionalId: row.professional_id,
    name: row.name,
    teamId: row.team_id,
    teamName: row.team_name,
    role: row.role,
    agency: row.agency_flag === null ? null : row.agency_flag === 'Y',
    fte: row.fte,
    caseload: row.caseload,
  }));
  const overThreshold = (list: { caseload: number }[]) => list.filter((worker) => worker.caseload > threshold).length;
  const totalCases = (list: { caseload: number }[]) => list.reduce((sum, worker) => sum + worker.caseload, 0);

  const teams = new Map<string, TeamCaseloads & { members: WorkerCaseload[] }>();
  workerRows.rows.forEach((row, index) => {
    const team = teams.get(row.team_id) ?? {
      teamId: row.team_id,
      teamName: row.team_name,
      serviceName: row.service_name,
      workers: 0,
      cases: 0,
      average: null,
      overThreshold: 0,
      overThresholdPct: null,
      members: [],
    };
    team.members.push(workers[index]!);
    teams.set(row.team_id, team);
  });

  const county = { workers: workers.length, cases: totalCases(workers), over: overThreshold(workers) };
  return {
    asOf,
    threshold,
    workers,
    teams: [...teams.values()].map(({ members, ...team }) => {
      const cases = totalCases(members);
      const over = overThreshold(members);
      return {
        ...team,
        workers: members.length,
        cases,
        average: ratio(cases, members.length),
        overThreshold: over,
        overThresholdPct: ratio(over, members.length, 100),
      };
    }),
    county: {
      workers: county.workers,
      cases: county.cases,
      children: childRows.rows[0]?.children ?? 0,
      average: ratio(county.cases, county.workers),
      overThreshold: county.over,
      overThresholdPct: ratio(county.over, county.workers, 100),
      bands: caseloadBands(threshold).map((band) => {
        const count = workers.filter((worker) => worker.caseload >= band.min && (band.max === null || worker.caseload <= band.max)).length;
        return { ...band, workers: count, pct: ratio(count, county.workers, 100) };
      }),
    },
  };
}

/**
 * The county's (or scope's) workers, cases, average caseload and share over the threshold at
 * every month-end from `from` to `to` inclusive, by the same definition as caseloadsOn, in one query.
 */
export async function caseloadTrend(
  database: Database,
  { from, to, threshold, scope }: CaseloadOptions & { from: IsoDate; to: IsoDate },
): Promise<TrendPoint[]> {
  if (from > to) throw new Error(`Trend period starts (${from}) after it ends (${to})`);
  const monthEnds = sql`
    SELECT (month_start + interval '1 month' - interval '1 day')::date AS as_of, ${monthNumber(sql`month_start`)} AS month_number
    FROM generate_series(${from.slice(0, 8) + '01'}::timestamp, ${to.slice(0, 8) + '01'}::timestamp, interval '1 month') AS month_start
    WHERE (month_start + interval '1 month' - interval '1 day')::date BETWEEN ${from}::date AND ${to}::date`;
  const rows = await sql<{ month_end: IsoDate; workers: number; cases: number; over_threshold: number }>`
    WITH ${caseloadDefinition(monthEnds, scope, true)}
    SELECT d.as_of AS month_end,
           count(w.professional_id)::int AS workers,
           coalesce(sum(w.caseload), 0)::int AS cases,
           count(*) FILTER (WHERE w.caseload > ${threshold})::int AS over_threshold
    FROM days d
    LEFT JOIN workers w ON w.as_of = d.as_of
    GROUP BY d.as_of
    ORDER BY d.as_of`.execute(database.db);
  return rows.rows.map((row) => ({
    monthEnd: row.month_end,
    workers: row.workers,
    cases: row.cases,
    average: ratio(row.cases, row.workers),
    overThresholdPct: ratio(row.over_threshold, row.workers, 100),
  }));
}

/** The published figures, flat, for the CLI and for comparison with the page. */
export function caseloadIndicators(result: CaseloadSnapshot): Indicator[] {
  const { county, threshold } = result;
  return [
    { id: 'caseload.workers', title: 'Case-holding workers', value: county.workers, unit: 'workers' },
    { id: 'caseload.cases', title: 'Cases held (children allocated, counted once per worker)', value: county.cases, unit: 'cases' },
    { id: 'caseload.average', title: 'Average caseload', value: county.average, unit: 'cases per worker' },
    { id: 'caseload.over_threshold_count', title: `Workers with more than ${threshold} cases`, value: county.overThreshold, unit: 'workers' },
    { id: 'caseload.over_threshold_pct', title: `Share of workers with more than ${threshold} cases`, value: county.overThresholdPct, unit: '%' },
    ...county.bands.flatMap((band) => [
      { id: `caseload.band.${band.id}`, title: `Workers with a caseload of ${band.label.toLowerCase()}`, value: band.workers, unit: 'workers' },
      { id: `caseload.band.${band.id}_pct`, title: `Share of workers with a caseload of ${band.label.toLowerCase()}`, value: band.pct, unit: '%' },
    ]),
  ];
}
