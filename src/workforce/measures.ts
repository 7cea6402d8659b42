/**
 * Workforce measures by team and month, with the DfE children's social work workforce census
 * definitions (https://explore-education-statistics.service.gov.uk/find-statistics/children-s-social-work-workforce),
 * taken at any date rather than only 30 September:
 *
 * - Workforce on date D: professionals with a team membership in a social-work role (POST_ROLES)
 *   in effect on D (start <= D and (end is null or end > D)); one team each (the latest-started).
 *   FTE is ssd_professionals.prof_full_time_equivalency (1 when not recorded).
 * - FTE in post: employed (not agency) FTE. Agency FTE: FTE of those flagged prof_agency_worker_flag = 'Y'.
 * - Funded FTE: posts (ks_post) funded on D. Vacancies: funded FTE − FTE in post, never below 0
 *   (a post covered by an agency worker is a vacancy, as in the census), counted post by post
 *   where posts name their holder and team by team for the rest: a post linked to a professional
 *   is filled on D, up to its FTE, by that holder when they are employed (not agency) and in a
 *   social-work membership of the post's team on D, else it is vacant; the team's unlinked funded
 *   FTE is then set against the employed FTE of its members who hold no linked post there. With no
 *   links this is the team-by-team count; a holder's FTE beyond their post fills no other post.
 * - Vacancy rate = vacancies / (vacancies + FTE in post). Agency rate = agency FTE / (agency FTE + FTE in post).
 * - Leavers: employed professionals whose social-work membership ended in the 12 months up to D
 *   (end date after D − 12 months and on or before D) with no social-work membership continuing
 *   on the end date (a move between teams is not a leaver), counted in the team left, as FTE.
 *   Turnover rate = leavers FTE / FTE in post on D. Starters likewise: a membership starting in
 *   the 12 months with none in effect the day before.
 * - Caseload per FTE (Keystone): the cases held by the team's case-holding workers (caseloadsOn,
 *   src/caseloads/rules.ts — never recounted here) divided by their caseload FTE, where a worker in
 *   their ASYE year counts as `asyeCaseloadPct`% of their FTE (the protected caseload; ks_setting
 *   `asye_caseload_pct`, default 80). Share over the threshold is caseloadsOn's own figure.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { caseloadsOn, type CaseloadSnapshot } from '../caseloads/rules.ts';
import { ratio } from '../core/numbers.ts';
import { POST_ROLES } from './establishment.ts';

export const DEFAULT_ASYE_CASELOAD_PCT = 80;

export interface TeamMeasures {
  teamId: string;
  teamName: string;
  fundedFte: number;
  posts: number;
  fteInPost: number;
  agencyFte: number;
  headcount: number;
  vacancyFte: number;
  vacancyRatePct: number | null;
  agencyRatePct: number | null;
  leavers: number;
  leaverFte: number;
  turnoverRatePct: number | null;
  starters: number;
  caseHoldingWorkers: number;
  cases: number;
  caseloadFte: number;
  caseloadPerFte: number | null;
  overThreshold: number;
  overThresholdPct: number | null;
}

export interface WorkforceMeasures {
  asOf: IsoDate;
  threshold: number;
  asyeCaseloadPct: number;
  teams: TeamMeasures[];
  total: TeamMeasures;
}

export interface MeasureOptions {
  threshold: number;
  scope: TeamScope;
  asyeCaseloadPct: number;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const SOCIAL_WORK_ROLES = sql.join(Object.keys(POST_ROLES));

export async function asyeCaseloadPct(database: Database): Promise<number> {
  const row = await database.db.selectFrom('ks_setting').select('setting_value').where('setting_key', '=', 'asye_caseload_pct').executeTakeFirst();
  const value = Number(row?.setting_value);
  return row && Number.isFinite(value) && value > 0 && value <= 100 ? value : DEFAULT_ASYE_CASELOAD_PCT;
}

interface StaffingRow {
  as_of: IsoDate;
  team_id: string;
  team_name: string;
  funded_fte: number;
  posts: number;
  fte_in_post: number;
  vacancy_fte: number;
  agency_fte: number;
  headcount: number;
  leavers: number;
  leaver_fte: number;
  starters: number;
}

/** Posts, people in post, leavers and starters for each date and unit, in one query. */
async function staffing(database: Database, dates: readonly IsoDate[]): Promise<StaffingRow[]> {
  const rows = await sql<StaffingRow>`
    WITH days AS (SELECT DISTINCT unnest(${[...dates]}::date[]) AS as_of),
    members AS (
      SELECT DISTINCT ON (d.as_of, m.memb_professional_id)
             d.as_of, m.memb_professional_id AS professional_id, m.memb_team_id AS team_id, coalesce(p.prof_full_time_equivalency, 1)::float8 AS fte,
             p.prof_agency_worker_flag = 'Y' AS agency
      FROM days d
      JOIN ks_team_membership m ON m.memb_start_date <= d.as_of AND (m.memb_end_date IS NULL OR m.memb_end_date > d.as_of)
      JOIN ssd_professionals p ON p.prof_professional_id = m.memb_professional_id
      WHERE m.memb_role IN (${SOCIAL_WORK_ROLES})
      ORDER BY d.as_of, m.memb_professional_id, m.memb_start_date DESC, m.memb_id DESC
    ),
    in_post AS (
      SELECT as_of, team_id,
             coalesce(sum(fte) FILTER (WHERE NOT agency), 0)::float8 AS fte_in_post,
             coalesce(sum(fte) FILTER (WHERE agency), 0)::float8 AS agency_fte,
             count(*)::int AS headcount
      FROM members GROUP BY as_of, team_id
    ),
    funded AS (
      SELECT d.as_of, k.post_team_id AS team_id, sum(k.post_fte)::float8 AS funded_fte, count(*)::int AS posts
      FROM days d JOIN ks_post k ON k.post_funded_from <= d.as_of AND (k.post_funded_to IS NULL OR k.post_funded_to > d.as_of)
      GROUP BY d.as_of, k.post_team_id
    ),
    linked AS (
      SELECT d.as_of, k.post_team_id AS team_id, sum(k.post_fte)::float8 AS funded_fte,
             sum(k.post_fte - CASE WHEN h.agency IS FALSE THEN least(k.post_fte::float8, h.fte) ELSE 0 END)::float8 AS vacancy_fte,
             coalesce(sum(h.fte) FILTER (WHERE h.agency IS FALSE), 0)::float8 AS holder_fte
      FROM days d
      JOIN ks_post k ON k.post_holder_id IS NOT NULL AND k.post_funded_from <= d.as_of AND (k.post_funded_to IS NULL OR k.post_funded_to > d.as_of)
      LEFT JOIN members h ON h.as_of = d.as_of AND h.professional_id = k.post_holder_id AND h.team_id = k.post_team_id
      GROUP BY d.as_of, k.post_team_id
    ),
    leavers AS (
      SELECT d.as_of, m.memb_team_id AS team_id, count(DISTINCT m.memb_professional_id)::int AS leavers,
             sum(coalesce(p.prof_full_time_equivalency, 1))::float8 AS leaver_fte
      FROM days d
      JOIN ks_team_membership m ON m.memb_end_date > (d.as_of - interval '12 months')::date AND m.memb_end_date <= d.as_of
      JOIN ssd_professionals p ON p.prof_professional_id = m.memb_professional_id
      WHERE m.memb_role IN (${SOCIAL_WORK_ROLES}) AND coalesce(p.prof_agency_worker_flag, 'N') <> 'Y'
        AND NOT EXISTS (SELECT 1 FROM ks_team_membership n
                        WHERE n.memb_professional_id = m.memb_professional_id AND n.memb_id <> m.memb_id AND n.memb_role IN (${SOCIAL_WORK_ROLES})
                          AND n.memb_start_date <= m.memb_end_date AND (n.memb_end_date IS NULL OR n.memb_end_date > m.memb_end_date))
      GROUP BY d.as_of, m.memb_team_id
    ),
    starters AS (
      SELECT d.as_of, m.memb_team_id AS team_id, count(DISTINCT m.memb_professional_id)::int AS starters
      FROM days d
      JOIN ks_team_membership m ON m.memb_start_date > (d.as_of - interval '12 months')::date AND m.memb_start_date <= d.as_of
      WHERE m.memb_role IN (${SOCIAL_WORK_ROLES})
        AND NOT EXISTS (SELECT 1 FROM ks_team_membership n
                        WHERE n.memb_professional_id = m.memb_professional_id AND n.memb_id <> m.memb_id AND n.memb_role IN (${SOCIAL_WORK_ROLES})
                          AND n.memb_start_date < m.memb_start_date AND (n.memb_end_date IS NULL OR n.memb_end_date >= m.memb_start_date))
      GROUP BY d.as_of, m.memb_team_id
    ),
    keys AS (
      SELECT as_of, team_id FROM in_post UNION SELECT as_of, team_id FROM funded
      UNION SELECT as_of, team_id FROM leavers UNION SELECT as_of, team_id FROM starters
    )
    SELECT k.as_of::text AS as_of, k.team_id, coalesce(t.dept_team_name, k.team_id) AS team_name,
           coalesce(f.funded_fte, 0)::float8 AS funded_fte, coalesce(f.posts, 0)::int AS posts,
           coalesce(i.fte_in_post, 0)::float8 AS fte_in_post, coalesce(i.agency_fte, 0)::float8 AS agency_fte,
           (coalesce(ln.vacancy_fte, 0) + greatest(0, coalesce(f.funded_fte, 0) - coalesce(ln.funded_fte, 0) - (coalesce(i.fte_in_post, 0) - coalesce(ln.holder_fte, 0))))::float8 AS vacancy_fte,
           coalesce(i.headcount, 0)::int AS headcount, coalesce(l.leavers, 0)::int AS leavers,
           coalesce(l.leaver_fte, 0)::float8 AS leaver_fte, coalesce(s.starters, 0)::int AS starters
    FROM keys k
    LEFT JOIN ssd_department t ON t.dept_team_id = k.team_id
    LEFT JOIN in_post i ON i.as_of = k.as_of AND i.team_id = k.team_id
    LEFT JOIN funded f ON f.as_of = k.as_of AND f.team_id = k.team_id
    LEFT JOIN linked ln ON ln.as_of = k.as_of AND ln.team_id = k.team_id
    LEFT JOIN leavers l ON l.as_of = k.as_of AND l.team_id = k.team_id
    LEFT JOIN starters s ON s.as_of = k.as_of AND s.team_id = k.team_id
    ORDER BY k.as_of, team_name`.execute(database.db);
  return rows.rows.map((row) => ({
    ...row,
    funded_fte: Number(row.funded_fte),
    fte_in_post: Number(row.fte_in_post),
    vacancy_fte: Number(row.vacancy_fte),
    agency_fte: Number(row.agency_fte),
    leaver_fte: Number(row.leaver_fte),
  }));
}

/** The caseload FTE of a case-holding worker: their FTE (1 when not recorded), ASYE at the protected share. */
export function caseloadFteOf(worker: { fte: number | null; role: string | null }, asyePct: number): number {
  return (worker.fte ?? 1) * (worker.role === 'asye_social_worker' ? asyePct / 100 : 1);
}

/** Adds up staffing rows and caseload workers into one set of measures (a team, or a total). */
export function combine(
  teamId: string,
  teamName: string,
  rows: readonly StaffingRow[],
  workers: CaseloadSnapshot['workers'],
  threshold: number,
  asyePct: number,
): TeamMeasures {
  const sum = (pick: (row: StaffingRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const fundedFte = round2(sum((row) => row.funded_fte));
  const fteInPost = round2(sum((row) => row.fte_in_post));
  const agencyFte = round2(sum((row) => row.agency_fte));
  // Vacancies per unit (a surplus in one team does not fill another's vacancy; see the header for linked posts), then added up.
  const vacancyFte = round2(sum((row) => row.vacancy_fte));
  const leaverFte = round2(sum((row) => row.leaver_fte));
  const cases = workers.reduce((total, worker) => total + worker.caseload, 0);
  const caseloadFte = round2(workers.reduce((total, worker) => total + caseloadFteOf(worker, asyePct), 0));
  const over = workers.filter((worker) => worker.caseload > threshold).length;
  return {
    teamId,
    teamName,
    fundedFte,
    posts: sum((row) => row.posts),
    fteInPost,
    agencyFte,
    headcount: sum((row) => row.headcount),
    vacancyFte,
    vacancyRatePct: ratio(vacancyFte, vacancyFte + fteInPost, 100),
    agencyRatePct: ratio(agencyFte, agencyFte + fteInPost, 100),
    leavers: sum((row) => row.leavers),
    leaverFte,
    turnoverRatePct: ratio(leaverFte, fteInPost, 100),
    starters: sum((row) => row.starters),
    caseHoldingWorkers: workers.length,
    cases,
    caseloadFte,
    caseloadPerFte: caseloadFte === 0 ? null : ratio(cases, caseloadFte),
    overThreshold: over,
    overThresholdPct: ratio(over, workers.length, 100),
  };
}

const inScope = (scope: TeamScope, teamId: string) => scope.kind === 'all' || scope.teamIds.includes(teamId);

function measuresFrom(asOf: IsoDate, rows: StaffingRow[], snapshot: CaseloadSnapshot, options: MeasureOptions): WorkforceMeasures {
  const own = rows.filter((row) => row.as_of === asOf && inScope(options.scope, row.team_id));
  const teamIds = [...new Set([...own.map((row) => row.team_id), ...snapshot.workers.map((worker) => worker.teamId)])];
  const teams = teamIds
    .map((teamId) =>
      combine(
        teamId,
        own.find((row) => row.team_id === teamId)?.team_name ?? snapshot.workers.find((worker) => worker.teamId === teamId)!.teamName,
        own.filter((row) => row.team_id === teamId),
        snapshot.workers.filter((worker) => worker.teamId === teamId),
        options.threshold,
        options.asyeCaseloadPct,
      ),
    )
    .sort((a, b) => a.teamName.localeCompare(b.teamName));
  return {
    asOf,
    threshold: options.threshold,
    asyeCaseloadPct: options.asyeCaseloadPct,
    teams,
    total: combine('total', options.scope.kind === 'all' ? 'All teams' : 'Your teams', own, snapshot.workers, options.threshold, options.asyeCaseloadPct),
  };
}

/** Every measure on one date, by team and in total, for the teams in scope. */
export async function workforceMeasuresOn(database: Database, asOf: IsoDate, options: MeasureOptions): Promise<WorkforceMeasures> {
  const [rows, snapshot] = await Promise.all([staffing(database, [asOf]), caseloadsOn(database, asOf, { threshold: options.threshold, scope: options.scope })]);
  return measuresFrom(asOf, rows, snapshot, options);
}

/** The measures at each of the `months` month-ends up to `asOf` (a month-end), oldest first. */
export async function workforceTrend(database: Database, asOf: IsoDate, months: number, options: MeasureOptions): Promise<WorkforceMeasures[]> {
  const dates = monthEndsBack(asOf, months);
  const rows = await staffing(database, dates);
  const results: WorkforceMeasures[] = [];
  for (const date of dates) {
    const snapshot = await caseloadsOn(database, date, { threshold: options.threshold, scope: options.scope });
    results.push(measuresFrom(date, rows, snapshot, options));
  }
  return results;
}

/** `months` month-ends ending with the month-end of `asOf`'s month, oldest first. */
export function monthEndsBack(asOf: IsoDate, months: number): IsoDate[] {
  const first = `${asOf.slice(0, 8)}01`;
  return Array.from({ length: months }, (_, index) => monthEnd(addMonths(first, index - months + 1)));
}

export interface AsyeCohort {
  /** Social work year the cohort started in, September to August, e.g. "2023/24". */
  cohort: string;
  starters: number;
  /** Of them, in a social-work membership (any team, any role) 12 months after starting; null with no starters or while a starter's year is not over. */
  stayedAYear: number | null;
  stayedPct: number | null;
  /** ASYE posts whose funding started in that year. */
  fundedPosts: number;
}

/**
 * The Academy / ASYE pipeline: professionals starting an asye_social_worker membership (with no
 * ASYE membership before), by September-to-August year; who stayed a year later (null while the
 * year is not yet over on `asOf`).
 */
export async function asyePipeline(database: Database, asOf: IsoDate, scope: TeamScope): Promise<AsyeCohort[]> {
  if (scope.kind === 'teams' && scope.teamIds.length === 0) return [];
  const teamFilter = (column: ReturnType<typeof sql>) => (scope.kind === 'all' ? sql`true` : sql`${column} IN (${sql.join(scope.teamIds)})`);
  const rows = await sql<{ cohort_year: number; starters: number; matured: number; stayed: number; funded_posts: number }>`
    WITH firsts AS (
      SELECT DISTINCT ON (m.memb_professional_id) m.memb_professional_id AS professional_id, m.memb_start_date AS started, m.memb_team_id AS team_id
      FROM ks_team_membership m WHERE m.memb_role = 'asye_social_worker' AND m.memb_start_date <= ${asOf}
      ORDER BY m.memb_professional_id, m.memb_start_date
    ),
    starters AS (
      SELECT extract(year FROM (f.started - interval '8 months'))::int AS cohort_year, f.*,
             (f.started + interval '12 months')::date <= ${asOf}::date AS matured,
             EXISTS (SELECT 1 FROM ks_team_membership n WHERE n.memb_professional_id = f.professional_id AND n.memb_role IN (${SOCIAL_WORK_ROLES})
                       AND n.memb_start_date <= (f.started + interval '12 months')::date
                       AND (n.memb_end_date IS NULL OR n.memb_end_date > (f.started + interval '12 months')::date)) AS stayed
      FROM firsts f WHERE ${teamFilter(sql`f.team_id`)}
    ),
    posts AS (
      SELECT extract(year FROM (post_funded_from - interval '8 months'))::int AS cohort_year, count(*)::int AS funded_posts
      FROM ks_post WHERE post_role = 'asye_social_worker' AND post_funded_from <= ${asOf} AND ${teamFilter(sql`post_team_id`)}
      GROUP BY 1
    ),
    cohorts AS (SELECT cohort_year FROM starters UNION SELECT cohort_year FROM posts)
    SELECT c.cohort_year,
           (SELECT count(*) FROM starters s WHERE s.cohort_year = c.cohort_year)::int AS starters,
           (SELECT count(*) FROM starters s WHERE s.cohort_year = c.cohort_year AND s.matured)::int AS matured,
           (SELECT count(*) FROM starters s WHERE s.cohort_year = c.cohort_year AND s.matured AND s.stayed)::int AS stayed,
           coalesce((SELECT p.funded_posts FROM posts p WHERE p.cohort_year = c.cohort_year), 0)::int AS funded_posts
    FROM cohorts c ORDER BY c.cohort_year`.execute(database.db);
  return rows.rows.map((row) => {
    const complete = row.matured === row.starters && row.starters > 0;
    return {
      cohort: `${row.cohort_year}/${String((row.cohort_year + 1) % 100).padStart(2, '0')}`,
      starters: row.starters,
      stayedAYear: complete ? row.stayed : null,
      stayedPct: complete ? ratio(row.stayed, row.starters, 100) : null,
      fundedPosts: row.funded_posts,
    };
  });
}
