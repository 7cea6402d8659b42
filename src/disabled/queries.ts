/**
 * The disabled children's figures the indicator engine cannot give (its units are summed): who is
 * waiting now and for how long, median and 90th-percentile waits by month, children by disability,
 * short breaks by kind, and what the data hold (EHCP tables, transition assessments). Every query
 * reads the catalogue's SQL blocks (src/indicators/catalogue/disabled.ts), so the figures agree with
 * the indicators.
 *
 * Team: the team of the child's allocated case worker on the date (as recorded on the allocation, read
 * through the council's local codes: ks_allocation, src/core/allocations.ts),
 * else the team on the record (referral or assessment), else "Team not recorded". A user whose scope
 * is some teams sees only those teams' children in these figures.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { fillCalendar } from '../indicators/calendar.ts';
import { ALLOCATIONS } from '../core/allocations.ts';
import {
  disabledAssessmentsSql,
  disabledChildrenSql,
  shortBreaksInMonthSql,
  shortBreakStaysSql,
  waitingForAssessmentSql,
  waitingForServiceSql,
} from '../indicators/catalogue/disabled.ts';

/** CIN census disability codes and their meaning (DfE CIN census guidance). */
export const DISABILITY_NAMES: Record<string, string> = {
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism or Asperger syndrome',
  DDA: 'Other disability (Equality Act 2010)',
};

/** The CTE the catalogue's blocks read, for one as-of date. */
const oneDay = (asOf: IsoDate) => sql`
  days AS (SELECT ${asOf}::date AS as_of, (${asOf}::date + 1 - interval '1 month')::date AS month_from,
                  (${asOf}::date + 1 - interval '12 months')::date AS year_from,
                  extract(year FROM ${asOf}::date)::int * 12 + extract(month FROM ${asOf}::date)::int AS month_index)`;

/** The team a child counts for on a date (see the file comment), given the record's own team. */
const teamOf = (child: string, day: string, hint: string) =>
  sql.raw(`coalesce((SELECT i.invo_professional_team FROM ks_allocation i
     WHERE i.invo_person_id = ${child}
       AND i.invo_involvement_start_date <= ${day} AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > ${day})
     ORDER BY i.invo_involvement_start_date DESC, i.invo_involvements_id DESC LIMIT 1), ${hint}, 'unknown')`);

function inScope(scope: TeamScope, column: string): RawBuilder<unknown> {
  if (scope.kind === 'all') return sql`true`;
  return scope.teamIds.length ? sql`${sql.ref(column)} IN (${sql.join(scope.teamIds)})` : sql`false`;
}

export interface WaitingChild {
  childId: string;
  name: string;
  dateOfBirth: IsoDate | null;
  waitingFor: 'assessment' | 'service';
  since: IsoDate;
  workingDays: number | null;
  overTarget: boolean;
  teamId: string;
  teamName: string;
  workerName: string | null;
}

/** Disabled children waiting on a date, for an assessment or for a service, longest wait first. */
export async function waitingChildren(
  database: Database,
  asOf: IsoDate,
  scope: TeamScope,
  targets: { assessment: number; service: number },
): Promise<WaitingChild[]> {
  await fillCalendar(database);
  const rows = await sql<{
    child_id: string;
    forename: string | null;
    surname: string | null;
    dob: IsoDate | null;
    waiting_for: 'assessment' | 'service';
    since: IsoDate;
    waited: number | null;
    team_id: string;
    team_name: string | null;
    worker_name: string | null;
  }>`
    WITH ${oneDay(asOf)},
    waiting AS (
      SELECT child_id, 'assessment' AS waiting_for, since, waited, team_hint FROM (${waitingForAssessmentSql}) a
      UNION ALL
      SELECT child_id, 'service', since, waited, team_hint FROM (${waitingForServiceSql}) s
    ),
    placed AS (SELECT w.*, ${teamOf('w.child_id', `'${asOf}'::date`, 'w.team_hint')} AS team_id FROM waiting w)
    SELECT w.child_id, p.pers_forename AS forename, p.pers_surname AS surname, p.pers_dob AS dob, w.waiting_for, w.since, w.waited,
           w.team_id, t.dept_team_name AS team_name,
           (SELECT pr.prof_professional_name FROM ${ALLOCATIONS} i JOIN ssd_professionals pr ON pr.prof_professional_id = i.invo_professional_id
            WHERE i.invo_person_id = w.child_id
              AND i.invo_involvement_start_date <= ${asOf}::date AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > ${asOf}::date)
            ORDER BY i.invo_involvement_start_date DESC LIMIT 1) AS worker_name
    FROM placed w
    LEFT JOIN ssd_person p ON p.pers_person_id = w.child_id
    LEFT JOIN ssd_department t ON t.dept_team_id = w.team_id
    WHERE ${inScope(scope, 'w.team_id')}
    ORDER BY w.waited DESC NULLS LAST, w.since, w.child_id`.execute(database.db);
  return rows.rows.map((row) => ({
    childId: row.child_id,
    name: [row.forename, row.surname].filter(Boolean).join(' ') || 'Name not recorded',
    dateOfBirth: row.dob,
    waitingFor: row.waiting_for,
    since: row.since,
    workingDays: row.waited,
    overTarget: row.waited !== null && row.waited > (row.waiting_for === 'assessment' ? targets.assessment : targets.service),
    teamId: row.team_id,
    teamName: row.team_name ?? (row.team_id === 'unknown' ? 'Team not recorded' : row.team_id),
    workerName: row.worker_name,
  }));
}

export interface MonthlyWaits {
  month: string;
  /** The month's end: waits completed in the month. */
  monthEnd: IsoDate;
  assessment: WaitStatistics;
  service: WaitStatistics;
}
export interface WaitStatistics {
  /** Waits completed in the month. */
  count: number;
  median: number | null;
  p90: number | null;
}

/**
 * Median and 90th percentile of completed waits, in working days, for each of the `months` months
 * ending with the as-of date's month: referral → completed assessment (by the month the assessment
 * was authorised) and assessment → service start (by the month the service started). Percentiles
 * are PostgreSQL's percentile_cont: linear interpolation between the nearest ranks, to 1 decimal.
 */
export async function waitsByMonth(database: Database, asOf: IsoDate, scope: TeamScope, months = 12): Promise<MonthlyWaits[]> {
  await fillCalendar(database);
  const from = `${addMonths(`${asOf.slice(0, 8)}01`, -(months - 1))}`;
  const rows = await sql<{ kind: 'assessment' | 'service'; month: string; n: number; median: number | null; p90: number | null }>`
    WITH waits AS (
      SELECT 'assessment' AS kind, x.auth_date AS completed, x.assessment_wait AS wait, ${teamOf('x.child_id', 'x.auth_date', 'x.team_hint')} AS team_id
      FROM (${disabledAssessmentsSql}) x WHERE x.auth_date BETWEEN ${from}::date AND ${asOf}::date AND x.assessment_wait IS NOT NULL
      UNION ALL
      SELECT 'service', x.service_start, started.working_day_number - authorised.working_day_number, ${teamOf('x.child_id', 'x.service_start', 'x.team_hint')}
      FROM (${disabledAssessmentsSql}) x
      JOIN ks_calendar authorised ON authorised.day = x.auth_date
      JOIN ks_calendar started ON started.day = x.service_start
      WHERE x.service_start BETWEEN ${from}::date AND ${asOf}::date
    )
    SELECT kind, to_char(completed, 'YYYY-MM') AS month, count(*)::int AS n,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY wait)::numeric, 1)::float8 AS median,
           round(percentile_cont(0.9) WITHIN GROUP (ORDER BY wait)::numeric, 1)::float8 AS p90
    FROM waits WHERE ${inScope(scope, 'team_id')}
    GROUP BY kind, to_char(completed, 'YYYY-MM')`.execute(database.db);
  const byKey = new Map(rows.rows.map((row) => [`${row.kind} ${row.month}`, row]));
  const stats = (kind: string, month: string): WaitStatistics => {
    const row = byKey.get(`${kind} ${month}`);
    return row ? { count: row.n, median: row.median, p90: row.p90 } : { count: 0, median: null, p90: null };
  };
  const result: MonthlyWaits[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const first = addMonths(`${asOf.slice(0, 8)}01`, -back);
    const month = first.slice(0, 7);
    result.push({ month, monthEnd: back === 0 ? asOf : monthEnd(first), assessment: stats('assessment', month), service: stats('service', month) });
  }
  return result;
}

export interface DisabilityRow {
  code: string;
  label: string;
  children: number;
}

/**
 * Disabled children in need on the date by disability: a child with two disabilities is in both
 * rows, once in the total. Codes are read case-insensitively; a code outside the CIN census list is
 * shown as it is written.
 */
export async function byDisability(database: Database, asOf: IsoDate, scope: TeamScope): Promise<{ total: number; rows: DisabilityRow[] }> {
  const result = await sql<{ code: string; children: number }>`
    WITH in_need AS (
      SELECT e.cine_person_id AS child_id, min(e.cine_referral_team) AS team_hint FROM ssd_cin_episodes e
      WHERE e.cine_referral_date <= ${asOf}::date AND (e.cine_close_date IS NULL OR e.cine_close_date > ${asOf}::date)
        AND e.cine_person_id IN (${disabledChildrenSql})
      GROUP BY e.cine_person_id
    ),
    placed AS (SELECT n.child_id, ${teamOf('n.child_id', `'${asOf}'::date`, 'n.team_hint')} AS team_id FROM in_need n)
    SELECT code, count(DISTINCT child_id)::int AS children FROM (
      SELECT p.child_id, upper(trim(d.disa_disability_code)) AS code FROM placed p
      JOIN ssd_disability d ON d.disa_person_id = p.child_id AND upper(trim(d.disa_disability_code)) <> 'NONE'
      WHERE ${inScope(scope, 'p.team_id')}
      UNION ALL
      SELECT p.child_id, '*' FROM placed p WHERE ${inScope(scope, 'p.team_id')}
    ) coded
    GROUP BY code`.execute(database.db);
  const total = result.rows.find((row) => row.code === '*')?.children ?? 0;
  const rows = result.rows
    .filter((row) => row.code !== '*')
    .map((row) => ({ code: row.code, label: DISABILITY_NAMES[row.code] ?? row.code, children: row.children }))
    .sort((a, b) => b.children - a.children || a.label.localeCompare(b.label));
  return { total, rows };
}

export interface ShortBreakKinds {
  single: { children: number; nights: number };
  series: { children: number; nights: number };
}

/** Children with a short break in the month to the date, and their nights, by V3 (single) or V4 (series): a child with both is in both. */
export async function shortBreaksByKind(database: Database, asOf: IsoDate, scope: TeamScope): Promise<ShortBreakKinds> {
  const rows = await sql<{ series: boolean; children: number; nights: number }>`
    WITH ${oneDay(asOf)},
    stays AS (SELECT s.*, ${teamOf('s.child_id', `'${asOf}'::date`, 'NULL')} AS team_id FROM (${shortBreaksInMonthSql}) s)
    SELECT series, count(*)::int AS children, coalesce(sum(nights), 0)::int AS nights FROM stays WHERE ${inScope(scope, 'team_id')} GROUP BY series`.execute(
    database.db,
  );
  const of = (series: boolean) => {
    const row = rows.rows.find((candidate) => candidate.series === series);
    return { children: row?.children ?? 0, nights: row?.nights ?? 0 };
  };
  return { single: of(false), series: of(true) };
}

export interface DataCoverage {
  disabilitiesRecorded: boolean;
  ehcpLoaded: boolean;
  shortBreaksRecorded: boolean;
  /** The SSD has no record of a transition (Preparing for Adulthood) assessment. */
  transitionAssessments: null;
}

/** What the data hold: a figure whose inputs are absent is "No data", not zero. */
export async function dataCoverage(database: Database): Promise<DataCoverage> {
  const row = await sql<{ disabilities: boolean; ehcp: boolean; short_breaks: boolean }>`
    SELECT EXISTS (SELECT 1 FROM ssd_disability) AS disabilities,
           EXISTS (SELECT 1 FROM ssd_ehcp_named_plan) AND EXISTS (SELECT 1 FROM ssd_ehcp_requests) AND EXISTS (SELECT 1 FROM ssd_send) AS ehcp,
           EXISTS (SELECT 1 FROM (${shortBreakStaysSql}) s) AS short_breaks`.execute(database.db);
  const found = row.rows[0]!;
  return { disabilitiesRecorded: found.disabilities, ehcpLoaded: found.ehcp, shortBreaksRecorded: found.short_breaks, transitionAssessments: null };
}

export const NO_DATA = {
  disabilities: 'No data: no disability is recorded (SSD ssd_disability or the CIN census <Disabilities>), so no child can be counted as disabled.',
  ehcp: 'No data: the SSD’s EHCP tables (ssd_send, ssd_ehcp_requests, ssd_ehcp_assessment, ssd_ehcp_named_plan) are not loaded.',
  shortBreaks: 'No data: no stay under legal status V3 or V4 is recorded (looked-after episodes or legal status).',
  transitions:
    'No data: the SSD and the statutory returns hold no record of a transition (Preparing for Adulthood) assessment, so whether one is recorded cannot be shown.',
} as const;
