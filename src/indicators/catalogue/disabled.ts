/**
 * Disabled children: who they are, how long they wait, the short breaks they get, EHC plans on
 * time and young people approaching adulthood. The SQL blocks here are shared with the disabled
 * children's page (src/disabled), so a page, the CLI and a report read one definition.
 *
 * Readings (each stated in the entry's definition too):
 * - A disabled child: a child with at least one ssd_disability row whose code is not NONE (the CIN
 *   census <Disabilities> codes; a child with two disabilities is one child). The SSD holds no dates
 *   for a disability, so it counts on every date.
 * - Waits are in working days (weekends and English bank holidays excluded, ks_calendar from
 *   src/core/dates.ts): working days after the start up to and including the end.
 * - Referral → completed assessment: from the referral date to the authorisation date of the
 *   assessment recorded against that referral (cina_referral_id).
 * - Assessment → service: an assessment authorised and not "no further action" decided a service;
 *   the service starts on the first day on or after the referral when one is in effect: a child in
 *   need plan, a child protection plan, a period looked after or a short break. One that began
 *   before the assessment was completed is a wait of 0. A care package outside these records is not
 *   in the SSD: such a child shows as waiting.
 * - Short breaks: stays under legal status V3 (single short break) or V4 (one of a series; a case
 *   system's own legal status codes are read through the council's local codes), from
 *   looked-after episodes (the SSDA903 records each break as an episode: rules 365 and 367) and
 *   from legal status rows with no such episode. Nights: each night from the start date up to the
 *   day before the end; a night counts in the month it begins, so a break across a month end is
 *   split between the months. A stay still open counts its nights up to the as-of date.
 * - A short-break arrangement: a child's stays with gaps of under 90 days between them. It starts
 *   with its first stay and is taken to have ended 90 days after its last one ends.
 * - EHC plans within 20 weeks (SEND Regulations 2014, reg. 13; DfE SEN2): from the request's
 *   received date to the plan's start (issue) date, at most 140 days. Exceptions recorded on the
 *   assessment (ehca_ehcp_assessment_exceptions Y) are left out of the measure that excludes them.
 */
import { sql, type RawBuilder } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { cinChildrenOn, inEffectOn, inMonthOf, inMonthOfColumn, shared } from '../sql.ts';
import { mappedCode } from '../../core/allocations.ts';

const CIN_CENSUS = 'DfE Children in need census (CIN): Disabilities; local measure';
const SHORT_BREAKS = 'DfE SSDA903 return (legal status V3 / V4: short breaks); Breaks for Carers of Disabled Children Regulations 2011';
const SEN2 = 'DfE SEN2 return, "Education, health and care plans" (20-week timescale); SEND Regulations 2014';

/** Children with a recorded disability (any code but NONE), one row each. */
export const disabledChildrenSql = sql`
  SELECT DISTINCT disa_person_id AS child_id FROM ssd_disability WHERE upper(trim(disa_disability_code)) <> 'NONE'`;

/** The child is disabled (alias.column names the child). */
const isDisabled = (column: string) =>
  sql.raw(`EXISTS (SELECT 1 FROM ssd_disability dis WHERE dis.disa_person_id = ${column} AND upper(trim(dis.disa_disability_code)) <> 'NONE')`);

const SHORT_BREAK_CODES = sql.raw(`('V3', 'V4')`);
/** A legal status column's SSDA903 code, read through the council's local codes (src/core/allocations.ts mappedCode). */
const legalStatus = (column: string) => sql`upper(trim(${mappedCode('legal_status', sql.raw(column))}))`;

/**
 * Short-break stays: child_id, stay_id, start_date, end_date (null while open), status (V3 / V4).
 * From episodes under V3/V4, and legal status rows under V3/V4 with no such episode starting that day.
 */
export const shortBreakStaysSql = sql`
  SELECT e.clae_person_id AS child_id, e.clae_cla_episode_id AS stay_id, e.clae_cla_episode_start_date AS start_date,
         e.clae_cla_episode_ceased_date AS end_date, ${legalStatus('e.clae_legal_status')} AS status
  FROM ssd_cla_episodes e WHERE ${legalStatus('e.clae_legal_status')} IN ${SHORT_BREAK_CODES}
  UNION ALL
  SELECT l.lega_person_id, l.lega_legal_status_id, l.lega_legal_status_start_date, l.lega_legal_status_end_date, ${legalStatus('l.lega_legal_status')}
  FROM ssd_legal_status l
  WHERE ${legalStatus('l.lega_legal_status')} IN ${SHORT_BREAK_CODES}
    AND NOT EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = l.lega_person_id
                    AND e.clae_cla_episode_start_date = l.lega_legal_status_start_date AND ${legalStatus('e.clae_legal_status')} IN ${SHORT_BREAK_CODES})`;

const monthIndex = (date: string) => `(extract(year FROM ${date})::int * 12 + extract(month FROM ${date})::int)`;

/**
 * Joins each as-of date d whose month window (month_from to as_of) a stay [start, end) touches: a
 * night begun in the window (start <= as_of and end after month_from), or a day-only stay (start =
 * end) on a day in it. Visits only the months the stay spans (as sql.ts's inEffectOn).
 */
function overlapsMonthOf(start: string, end: string) {
  return sql.raw(`
    CROSS JOIN LATERAL generate_series(greatest(${monthIndex(start)}, (SELECT min(month_index) FROM days)),
                                       least(coalesce(${monthIndex(end)} + 1, 2147483647), (SELECT max(month_index) FROM days))) AS touched(month_index)
    JOIN days d ON d.month_index = touched.month_index AND ${start} <= d.as_of
     AND (coalesce(${end}, 'infinity'::date) > d.month_from OR ${start} >= d.month_from)`);
}

/** Nights of a stay (alias s) in the month window of d: nights begun from month_from to as_of. */
const NIGHTS_IN_MONTH = `greatest(0, least(coalesce(s.end_date, d.as_of + 1), d.as_of + 1) - greatest(s.start_date, d.month_from))`;

/** Per as-of date and child with a short break in the month: nights, stays, and whether any was V4. */
export const shortBreaksInMonthSql = sql`
  SELECT d.as_of, s.child_id, d.as_of AS ref_date, NULL::text AS team_hint,
         sum(${sql.raw(NIGHTS_IN_MONTH)})::int AS nights, count(*)::int AS stays, bool_or(s.status = 'V4') AS series
  FROM (${shortBreakStaysSql}) s
  ${overlapsMonthOf('s.start_date', 's.end_date')}
  GROUP BY d.as_of, s.child_id`;

/** shortBreaksInMonthSql as a shared block (sql.ts): the three figures per child with a short break read it, so their one query computes it once. */
const shortBreaksInMonth = shared('short_breaks_in_month', shortBreaksInMonthSql);

/** Short-break arrangements: child_id, arrangement_start, ended_on (90 days after the last stay ends; null while a stay is open). */
export const shortBreakArrangementsSql = sql`
  SELECT child_id, min(start_date) AS arrangement_start,
         CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) + 90 END AS ended_on
  FROM (
    SELECT child_id, start_date, end_date, sum(starts) OVER (PARTITION BY child_id ORDER BY start_date, stay_id) AS arrangement_no
    FROM (
      SELECT s.*, CASE WHEN max(coalesce(s.end_date, 'infinity'::date)) OVER (
                             PARTITION BY s.child_id ORDER BY s.start_date, s.stay_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) > s.start_date - 90
                       THEN 0 ELSE 1 END AS starts
      FROM (${shortBreakStaysSql}) s
    ) flagged
  ) numbered
  GROUP BY child_id, arrangement_no`;
/** shortBreakArrangementsSql as a shared block (sql.ts): arrangements started and ended read it, so their one query computes it once. */
const shortBreakArrangements = shared('short_break_arrangements', shortBreakArrangementsSql);

/** Periods in which a service is in effect for a child: child_id, start_date, end_date, kind. */
export const servicesSql = sql`
  SELECT cinp_person_id AS child_id, cinp_cin_plan_start_date AS start_date, cinp_cin_plan_end_date AS end_date, 'Child in need plan' AS kind FROM ssd_cin_plans
  UNION ALL SELECT cppl_person_id, cppl_cp_plan_start_date, cppl_cp_plan_end_date, 'Child protection plan' FROM ssd_cp_plans
  UNION ALL SELECT clae_person_id, clae_cla_episode_start_date, clae_cla_episode_ceased_date,
                   CASE WHEN ${legalStatus('clae_legal_status')} IN ${SHORT_BREAK_CODES} THEN 'Short break' ELSE 'Looked after' END FROM ssd_cla_episodes
  UNION ALL SELECT lega_person_id, lega_legal_status_start_date, lega_legal_status_end_date, 'Short break' FROM ssd_legal_status
            WHERE ${legalStatus('lega_legal_status')} IN ${SHORT_BREAK_CODES}`;

/**
 * Disabled children's assessments: one row per assessment recorded against a referral, with the
 * referral and authorisation dates, the working days between them, and (for an assessment
 * authorised and not NFA) the start of the service: the first day on or after the referral with a
 * service in effect, not before the authorisation date. The disabled children are joined first, so
 * the services are looked up for their assessments only (an EXISTS filter was applied after them).
 */
export const disabledAssessmentsSql = sql`
  SELECT a.cina_assessment_id AS assessment_id, a.cina_person_id AS child_id, a.cina_assessment_team AS team_hint,
         r.cine_referral_id AS referral_id, r.cine_referral_date AS referral_date, r.cine_close_date AS close_date,
         a.cina_assessment_auth_date AS auth_date, coalesce(a.cina_assessment_outcome_nfa, 'N') = 'Y' AS nfa,
         authorised.working_day_number - referred.working_day_number AS assessment_wait,
         CASE WHEN a.cina_assessment_auth_date IS NOT NULL AND coalesce(a.cina_assessment_outcome_nfa, 'N') <> 'Y' AND first.service_from IS NOT NULL
              THEN greatest(a.cina_assessment_auth_date, first.service_from) END AS service_start
  FROM ssd_cin_assessments a
  JOIN (${disabledChildrenSql}) disabled ON disabled.child_id = a.cina_person_id
  JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
  LEFT JOIN LATERAL (
    SELECT min(greatest(s.start_date, r.cine_referral_date)) AS service_from FROM (${servicesSql}) s
    WHERE s.child_id = a.cina_person_id AND (s.end_date IS NULL OR s.end_date > r.cine_referral_date)
      AND (r.cine_close_date IS NULL OR s.start_date < r.cine_close_date)
  ) first ON true
  LEFT JOIN ks_calendar referred ON referred.day = r.cine_referral_date
  LEFT JOIN ks_calendar authorised ON authorised.day = a.cina_assessment_auth_date`;

/** disabledAssessmentsSql as a shared block (sql.ts): the four figures on assessments and services read it, so their one query computes it once. */
const disabledAssessments = shared('disabled_assessments', disabledAssessmentsSql);

/** Assessments with the working days from authorisation to the service's start. */
const withServiceWait = sql`
  SELECT x.*, started.working_day_number - authorised.working_day_number AS service_wait
  FROM (${disabledAssessments}) x
  LEFT JOIN ks_calendar authorised ON authorised.day = x.auth_date
  LEFT JOIN ks_calendar started ON started.day = x.service_start`;

/** Disabled children waiting for an assessment on each as-of date (one row per child: the longest wait). */
export const waitingForAssessmentSql = sql`
  SELECT DISTINCT ON (d.as_of, r.cine_person_id) d.as_of, r.cine_person_id AS child_id, d.as_of AS ref_date, r.cine_referral_team AS team_hint,
         r.cine_referral_id AS referral_id, r.cine_referral_date AS since, cal_to.working_day_number - cal_from.working_day_number AS waited
  FROM ssd_cin_episodes r ${inEffectOn('r.cine_referral_date', 'r.cine_close_date')}
  LEFT JOIN ks_calendar cal_from ON cal_from.day = r.cine_referral_date
  LEFT JOIN ks_calendar cal_to ON cal_to.day = d.as_of
  WHERE coalesce(r.cine_referral_nfa, 'N') <> 'Y' AND ${isDisabled('r.cine_person_id')}
    AND NOT EXISTS (SELECT 1 FROM ssd_cin_assessments a WHERE a.cina_referral_id = r.cine_referral_id AND a.cina_assessment_auth_date <= d.as_of)
  ORDER BY d.as_of, r.cine_person_id, r.cine_referral_date`;

/** Disabled children assessed as needing a service that had not started by each as-of date (one row per child), from these assessments. */
const waitingForService = (assessments: RawBuilder<unknown>) => sql`
  SELECT DISTINCT ON (d.as_of, x.child_id) d.as_of, x.child_id, d.as_of AS ref_date, x.team_hint, x.referral_id,
         x.auth_date AS since, cal_to.working_day_number - cal_from.working_day_number AS waited
  FROM (${assessments}) x
  ${inEffectOn('x.auth_date', 'x.close_date')}
  LEFT JOIN ks_calendar cal_from ON cal_from.day = x.auth_date
  LEFT JOIN ks_calendar cal_to ON cal_to.day = d.as_of
  WHERE NOT x.nfa AND (x.service_start IS NULL OR x.service_start > d.as_of)
  ORDER BY d.as_of, x.child_id, x.auth_date`;
export const waitingForServiceSql = waitingForService(disabledAssessmentsSql);

/** Disabled children with an open child in need episode on each as-of date. */
const disabledInNeed = sql`
  SELECT c.as_of, c.child_id, c.as_of AS ref_date, c.team_hint, 1 AS numerator, 1 AS denominator
  FROM (${cinChildrenOn}) c
  WHERE ${isDisabled('c.child_id')}`;

/** EHC plans: the first plan named after each assessment, with the request and the child (through ssd_send). */
export const ehcPlansSql = sql`
  SELECT DISTINCT ON (a.ehca_ehcp_assessment_id) n.ehcn_named_plan_id AS plan_id, s.send_person_id AS child_id,
         q.ehcr_ehcp_req_date AS request_date, n.ehcn_named_plan_start_date AS issued,
         upper(trim(coalesce(a.ehca_ehcp_assessment_exceptions, ''))) IN ('Y', 'YES', '1', 'TRUE') AS exception,
         EXISTS (SELECT 1 FROM ssd_cin_episodes e WHERE e.cine_person_id = s.send_person_id AND e.cine_referral_date <= n.ehcn_named_plan_start_date
                   AND (e.cine_close_date IS NULL OR e.cine_close_date > (n.ehcn_named_plan_start_date - interval '12 months')::date)) AS known_to_social_care
  FROM ssd_ehcp_named_plan n
  JOIN ssd_ehcp_assessment a ON a.ehca_ehcp_assessment_id = n.ehcn_ehcp_asmt_id
  JOIN ssd_ehcp_requests q ON q.ehcr_ehcp_request_id = a.ehca_ehcp_request_id
  JOIN ssd_send s ON s.send_table_id = q.ehcr_send_table_id
  WHERE n.ehcn_named_plan_start_date IS NOT NULL AND q.ehcr_ehcp_req_date IS NOT NULL
  ORDER BY a.ehca_ehcp_assessment_id, n.ehcn_named_plan_start_date, n.ehcn_named_plan_id`;

const plansIssuedInMonth = sql`
  SELECT d.as_of, p.child_id, p.issued AS ref_date, NULL::text AS team_hint, p.exception, p.known_to_social_care,
         (p.issued - p.request_date) <= 140 AS within_20_weeks
  FROM (${ehcPlansSql}) p ${inMonthOf('p.issued')}`;

/** Requests whose outcome (decision whether to assess) was recorded in the month, with whether within 6 weeks. */
const requestsDecidedInMonth = sql`
  SELECT d.as_of, s.send_person_id AS child_id, q.ehcr_ehcp_req_outcome_date AS ref_date, NULL::text AS team_hint,
         (q.ehcr_ehcp_req_outcome_date - q.ehcr_ehcp_req_date) <= 42 AS within_6_weeks
  FROM ssd_ehcp_requests q JOIN ssd_send s ON s.send_table_id = q.ehcr_send_table_id
  ${inMonthOfColumn('q.ehcr_ehcp_req_outcome_date')}
  WHERE q.ehcr_ehcp_req_date IS NOT NULL`;

const common = { family: 'disabled', serviceArea: 'disabled_children', target: null, trajectory: undefined } as const;

export const DISABLED: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'disabled.children_in_need',
    title: 'Disabled children in need',
    definition:
      'Children with a recorded disability (ssd_disability / CIN census Disabilities, any code but NONE) and an open child in need episode on the date. A child with two disabilities counts once. As in the CIN census, children on plans and looked after are included.',
    numerator: 'Disabled children with an open child in need episode on the date',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => disabledInNeed,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.share_of_children_in_need_pct',
    title: 'Disabled children as a share of children in need',
    definition: 'Of the children with an open child in need episode on the date, the share with a recorded disability (any code but NONE).',
    numerator: 'Children in need on the date with a recorded disability',
    denominator: 'Children with an open child in need episode on the date',
    unit: '%',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT c.as_of, c.child_id, c.as_of AS ref_date, c.team_hint,
             CASE WHEN ${isDisabled('c.child_id')} THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${cinChildrenOn}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.waiting_for_assessment',
    title: 'Disabled children waiting for an assessment',
    definition:
      'Disabled children with an open referral on the date (not no further action) and no assessment of that referral authorised by then. The list of who is waiting, and for how long in working days, is on the disabled children’s page.',
    numerator: 'Disabled children with an open referral and no completed assessment on the date',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local measure (SSD ssd_cin_episodes, ssd_cin_assessments, ssd_disability)',
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${waitingForAssessmentSql}) w`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.assessment_wait_within_target_pct',
    title: 'Disabled children assessed within the council’s target',
    definition:
      'Of disabled children’s assessments authorised in the month, the share authorised within the council’s target of working days from the referral (setting disabled_assessment_wait_working_days, default 45: the statutory timescale for a child and family assessment).',
    numerator: 'Assessments authorised in the month at most the target number of working days after the referral',
    denominator: 'Disabled children’s assessments authorised in the month',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: 'Working Together to Safeguard Children (45 working days); local target',
    units: ({ disabledAssessmentWaitWorkingDays: target }) => sql`
      SELECT d.as_of, x.child_id, x.auth_date AS ref_date, x.team_hint,
             CASE WHEN x.assessment_wait <= ${target} THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${disabledAssessments}) x ${inMonthOf('x.auth_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.assessment_wait_average_wd',
    title: 'Average wait from referral to completed assessment (working days)',
    definition:
      'For disabled children’s assessments authorised in the month, the average number of working days from the referral to the authorisation. The median and 90th percentile are on the disabled children’s page.',
    numerator: 'Working days from referral to authorisation, summed over the assessments authorised in the month',
    denominator: 'Disabled children’s assessments authorised in the month',
    unit: 'ratio',
    polarity: 'lower_better',
    window: 'month',
    breakdowns: ['team'],
    source: 'Local measure (SSD ssd_cin_episodes, ssd_cin_assessments)',
    units: () => sql`
      SELECT d.as_of, x.child_id, x.auth_date AS ref_date, x.team_hint, x.assessment_wait AS numerator, 1 AS denominator
      FROM (${disabledAssessments}) x ${inMonthOf('x.auth_date')}
      WHERE x.assessment_wait IS NOT NULL`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.waiting_for_service',
    title: 'Disabled children assessed and waiting for a service to start',
    definition:
      'Disabled children whose assessment was authorised (not no further action), whose case is still open on the date, and for whom no service has started by then: no child in need or child protection plan, period looked after or short break in effect since the referral. A care package recorded outside these SSD tables is not seen, so such a child counts as waiting.',
    numerator: 'Disabled children assessed as needing a service with none started by the date',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local measure (SSD assessments, plans, looked-after episodes, legal status)',
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${waitingForService(disabledAssessments)}) w`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.service_wait_within_target_pct',
    title: 'Services started within the council’s target after assessment',
    definition:
      'Of the services for disabled children that started in the month after an assessment, the share that started within the council’s target of working days after the assessment was authorised (setting disabled_service_wait_working_days, default 20). A service in place before the assessment was completed is a wait of 0.',
    numerator: 'Services started in the month within the target number of working days of the assessment',
    denominator: 'Services started in the month after a disabled child’s assessment',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: 'Local measure and target',
    units: ({ disabledServiceWaitWorkingDays: target }) => sql`
      SELECT d.as_of, x.child_id, x.service_start AS ref_date, x.team_hint,
             CASE WHEN x.service_wait <= ${target} THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${withServiceWait}) x ${inMonthOf('x.service_start')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.short_breaks_children',
    title: 'Children receiving short breaks',
    definition:
      'Children who had a short break (legal status V3 single or V4 series) in the month: a night begun in the month, or a day-only stay in it. Children on short breaks are disabled children by definition; they are counted whether or not a disability is recorded.',
    numerator: 'Children with a short-break night (or day) in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SHORT_BREAKS,
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${shortBreaksInMonth}) s`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.short_break_nights_per_child',
    title: 'Short-break nights per child',
    definition:
      'Nights of short breaks in the month, per child who had a short break in it. A night counts in the month it begins, so a break across a month end is split between the two months.',
    numerator: 'Short-break nights begun in the month',
    denominator: 'Children with a short break in the month',
    unit: 'ratio',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['age_band'],
    source: SHORT_BREAKS,
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, nights AS numerator, 1 AS denominator FROM (${shortBreaksInMonth}) s`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.short_break_stays_per_child',
    title: 'Short-break stays per child',
    definition: 'Short-break stays (episodes) in the month per child who had a short break in it; a stay across a month end counts in both months.',
    numerator: 'Short-break stays with a night or day in the month',
    denominator: 'Children with a short break in the month',
    unit: 'ratio',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['age_band'],
    source: SHORT_BREAKS,
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, stays AS numerator, 1 AS denominator FROM (${shortBreaksInMonth}) s`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.short_breaks_started',
    title: 'Children starting short breaks',
    definition: 'Short-break arrangements that began in the month: a first stay, or a stay after 90 days or more without one.',
    numerator: 'Short-break arrangements whose first stay began in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SHORT_BREAKS,
    units: () => sql`
      SELECT d.as_of, a.child_id, a.arrangement_start AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM (${shortBreakArrangements}) a ${inMonthOf('a.arrangement_start')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.short_breaks_ended',
    title: 'Children whose short breaks ended',
    definition: 'Short-break arrangements that ended in the month: 90 days passed in the month since the last stay ended with no further stay.',
    numerator: 'Short-break arrangements whose 90th day without a stay fell in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['age_band'],
    source: SHORT_BREAKS,
    units: () => sql`
      SELECT d.as_of, a.child_id, a.ended_on AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM (${shortBreakArrangements}) a ${inMonthOf('a.ended_on')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.series_became_looked_after',
    title: 'Children on a series of short breaks who became looked after full-time',
    definition:
      'Children who started to be looked after full-time in the month (an episode under a legal status other than V3/V4 with no such episode running the day before) after a V4 short break that began in the 12 months before.',
    numerator: 'Full-time care starts in the month of children with a V4 short break in the 12 months before',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SHORT_BREAKS,
    // V4 starts kept by FILTER and HAVING, not WHERE: a WHERE on status is pushed into both branches of the stays,
    // the planner then expects ~10 legal status rows and checks each against every episode starting that day
    // (400,000 children: 11 s, against 0.2 s at 40,000).
    units: () => sql`
      SELECT d.as_of, e.clae_person_id AS child_id, e.clae_cla_episode_start_date AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cla_episodes e
      JOIN (SELECT child_id, array_agg(start_date) FILTER (WHERE s.status = 'V4') AS starts FROM (${shortBreakStaysSql}) s
            GROUP BY child_id HAVING bool_or(s.status = 'V4')) series
        ON series.child_id = e.clae_person_id
      ${inMonthOfColumn('e.clae_cla_episode_start_date')}
      WHERE coalesce(${legalStatus('e.clae_legal_status')}, '') NOT IN ${SHORT_BREAK_CODES}
        AND NOT EXISTS (SELECT 1 FROM ssd_cla_episodes p WHERE p.clae_person_id = e.clae_person_id AND p.clae_cla_episode_id <> e.clae_cla_episode_id
                          AND coalesce(${legalStatus('p.clae_legal_status')}, '') NOT IN ${SHORT_BREAK_CODES}
                          AND p.clae_cla_episode_start_date < e.clae_cla_episode_start_date
                          AND coalesce(p.clae_cla_episode_ceased_date, 'infinity'::date) >= e.clae_cla_episode_start_date)
        AND EXISTS (SELECT 1 FROM unnest(series.starts) AS started(day)
                    WHERE started.day < e.clae_cla_episode_start_date AND started.day >= (e.clae_cla_episode_start_date - interval '12 months')::date)`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.ehcp_requests_decided_6_weeks_pct',
    title: 'EHC needs assessment requests decided within 6 weeks',
    definition:
      'Of the requests for an education, health and care needs assessment whose outcome (whether to assess) was recorded in the month, the share decided within 6 weeks (42 days) of the request being received. Needs the SSD’s ssd_ehcp_requests and ssd_send tables.',
    numerator: 'Requests decided in the month within 42 days of being received',
    denominator: 'Requests decided in the month',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: [],
    source: SEN2,
    units: () =>
      sql`SELECT as_of, child_id, ref_date, team_hint, CASE WHEN within_6_weeks THEN 1 ELSE 0 END AS numerator, 1 AS denominator FROM (${requestsDecidedInMonth}) r`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.ehcp_20_weeks_pct',
    title: 'EHC plans issued within 20 weeks (excluding exceptions)',
    definition:
      'Of the new education, health and care plans issued in the month, leaving out those where the assessment records that an exception to the 20-week time limit applies, the share issued within 20 weeks (140 days) of the request being received (DfE SEN2’s headline measure). Needs the SSD’s ssd_ehcp_* and ssd_send tables.',
    numerator: 'Plans issued in the month within 20 weeks of the request, exceptions left out',
    denominator: 'Plans issued in the month, exceptions left out',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: [],
    source: SEN2,
    units: () => sql`
      SELECT as_of, child_id, ref_date, team_hint, CASE WHEN within_20_weeks THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${plansIssuedInMonth}) p WHERE NOT exception`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.ehcp_20_weeks_with_exceptions_pct',
    title: 'EHC plans issued within 20 weeks (including exceptions)',
    definition:
      'Of all new education, health and care plans issued in the month, exceptions included, the share issued within 20 weeks (140 days) of the request.',
    numerator: 'Plans issued in the month within 20 weeks of the request',
    denominator: 'Plans issued in the month',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: [],
    source: SEN2,
    units: () => sql`
      SELECT as_of, child_id, ref_date, team_hint, CASE WHEN within_20_weeks THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${plansIssuedInMonth}) p`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.ehcp_20_weeks_known_to_social_care_pct',
    title: 'EHC plans within 20 weeks for children known to social care',
    definition:
      'As "EHC plans issued within 20 weeks (excluding exceptions)", for children known to children’s social care: a child in need episode open at some time in the 12 months up to the plan’s issue date.',
    numerator: 'Plans issued in the month within 20 weeks, exceptions left out, for children known to social care',
    denominator: 'Plans issued in the month, exceptions left out, for children known to social care',
    unit: '%',
    polarity: 'higher_better',
    window: 'month',
    breakdowns: [],
    source: SEN2,
    units: () => sql`
      SELECT as_of, child_id, ref_date, team_hint, CASE WHEN within_20_weeks THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${plansIssuedInMonth}) p WHERE NOT exception AND known_to_social_care`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'disabled.young_people_14_to_17',
    title: 'Disabled young people aged 14 to 17 (preparing for adulthood)',
    definition:
      'Disabled children in need on the date aged 14, 15, 16 or 17: the young people whose move to adult services should be planned. Whether a transition assessment is recorded is shown on the disabled children’s page when the data hold it.',
    numerator: 'Disabled children in need aged 14–17 on the date',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'worker'],
    source: 'Care Act 2014 s.58 (transition assessment); Children and Families Act 2014',
    units: () => sql`
      SELECT u.* FROM (${disabledInNeed}) u JOIN ssd_person p ON p.pers_person_id = u.child_id
      WHERE u.as_of >= (p.pers_dob + interval '14 years')::date AND u.as_of < (p.pers_dob + interval '18 years')::date`,
  },
];
