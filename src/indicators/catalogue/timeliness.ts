/**
 * Timeliness: statutory and local timescales, in working days (weekends and English bank holidays
 * excluded; the DfE convention: working days after the start up to and including the end) via the
 * ks_calendar table: working days from A to B = working_day_number(B) − working_day_number(A).
 */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { DFE } from './dfe.ts';
import {
  carePeriods,
  inMonthOf,
  inEffectOn,
  isMissingEpisode,
  lookedAfterOn,
  lookedAfter12Months,
  onCpPlan,
  placementOn,
  inMonthOfColumn,
  visitedWithinWorkingDays,
  shared,
} from '../sql.ts';

const CIN_CENSUS = 'DfE Children in need census (CIN); Working Together to Safeguard Children';
const CARE_PLANNING = 'Care Planning, Placement and Case Review (England) Regulations 2010; IRO handbook';
const SSDA903 = 'DfE SSDA903 return (OC2: health of children looked after 12 months or more)';
const common = { family: 'timeliness', target: null } as const;

/** Reviews of a period of care held (not cancelled), numbered within the period, with their due dates. */
const claReviewsWithDue = sql`
  SELECT r.clar_person_id AS child_id, r.clar_cla_review_date AS review_date,
         CASE row_number() OVER w
           WHEN 1 THEN first_due.day
           WHEN 2 THEN (lag(r.clar_cla_review_date) OVER w + interval '3 months')::date
           ELSE (lag(r.clar_cla_review_date) OVER w + interval '6 months')::date END AS due_date
  FROM ssd_cla_reviews r
  JOIN (${carePeriods}) p
    ON p.child_id = r.clar_person_id AND r.clar_cla_review_date >= p.period_start
   AND (p.period_end IS NULL OR r.clar_cla_review_date <= p.period_end)
  JOIN ks_calendar entry ON entry.day = p.period_start
  JOIN ks_calendar first_due ON first_due.is_working_day AND first_due.working_day_number = entry.working_day_number + 20
  WHERE r.clar_cla_review_date IS NOT NULL AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
  WINDOW w AS (PARTITION BY p.child_id, p.period_no ORDER BY r.clar_cla_review_date, r.clar_cla_review_id)`;

/**
 * Periods of care whose 20th working day after entry falls in the month, still open on that day
 * (entry known: begun in the data). A shared block (sql.ts): the first review and the initial health
 * assessment read it, computed once in their query.
 */
const entriesDueIn20WorkingDays = shared(
  'entries_due_in_20_working_days',
  sql`
  SELECT d.as_of, p.child_id, p.period_start, due.day AS due_date
  FROM (${carePeriods}) p
  JOIN ks_calendar entry ON entry.day = p.period_start
  JOIN ks_calendar due ON due.is_working_day AND due.working_day_number = entry.working_day_number + 20
  ${inMonthOf('due.day')}
  WHERE p.start_known AND (p.period_end IS NULL OR p.period_end > due.day)`,
);

/**
 * An OC2 outcome of the OC2 cohort on a 31 March whose return carried OC2 (code 1 = yes; a child with
 * no row counts as no), else the health records' answer (recordSql, reading c).
 */
const oc2OrRecords = (oc2Column: string, recordSql: ReturnType<typeof sql>) => sql`
  SELECT c.as_of, c.child_id, c.as_of AS ref_date, NULL::text AS team_hint,
         CASE WHEN c.oc2_held THEN (CASE WHEN trim(o.${sql.raw(oc2Column)}) = '1' THEN 1 ELSE 0 END)
              WHEN ${recordSql} THEN 1 ELSE 0 END AS numerator, 1 AS denominator
  FROM (${lookedAfter12Months}) c
  LEFT JOIN ks_903_oc2 o ON c.oc2_held AND o.oc2_person_id = c.child_id AND o.oc2_year_end = c.as_of`;

export const TIMELINESS: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.referral_decision_1wd_pct',
    serviceArea: 'front_door',
    title: 'Referral decisions within 1 working day',
    definition:
      'Of the referrals received in the month, the share whose decision on the response was recorded within 1 working day of the referral (the same or the next working day). A referral with no decision date recorded counts as not within 1 working day.',
    numerator: 'Referrals in the month decided 0 or 1 working days after the referral date',
    denominator: 'Referrals in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: 'Working Together to Safeguard Children (decision within one working day)',
    units: () => sql`
      SELECT d.as_of, r.cine_person_id AS child_id, r.cine_referral_date AS ref_date, r.cine_referral_team AS team_hint,
             CASE WHEN r.cine_decision_date >= r.cine_referral_date
                   AND decided.working_day_number - referred.working_day_number <= 1 THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM ssd_cin_episodes r ${inMonthOfColumn('r.cine_referral_date')}
      LEFT JOIN ks_calendar referred ON referred.day = r.cine_referral_date
      LEFT JOIN ks_calendar decided ON decided.day = r.cine_decision_date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.assessments_45wd_pct',
    serviceArea: 'front_door',
    title: 'Assessments completed within 45 working days',
    definition:
      'Of the child and family assessments authorised in the month, the share authorised within 45 working days of the assessment start date (DfE’s published measure, from the CIN census: start date to authorisation date). An assessment authorised before it started is a data error, neither on time nor late: it is left out here and counted in “Assessments authorised before they started”.',
    dfe: DFE.assessments45,
    numerator: 'Assessments authorised in the month at most 45 working days after they started',
    denominator: 'Assessments authorised in the month, on or after their start',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, a.cina_person_id AS child_id, a.cina_assessment_auth_date AS ref_date, a.cina_assessment_team AS team_hint,
             CASE WHEN authorised.working_day_number - started.working_day_number <= 45 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cin_assessments a ${inMonthOfColumn('a.cina_assessment_auth_date')}
      JOIN ks_calendar started ON started.day = a.cina_assessment_start_date
      JOIN ks_calendar authorised ON authorised.day = a.cina_assessment_auth_date
      WHERE a.cina_assessment_auth_date >= a.cina_assessment_start_date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.assessments_negative_duration',
    serviceArea: 'front_door',
    title: 'Assessments authorised before they started (data errors)',
    definition:
      'Assessments whose authorisation date in the month is before their start date (or, for the timescale from referral, before the referral date). A negative duration is a recording error to correct: the timeliness figures leave these assessments out rather than count them as on time.',
    numerator: 'Assessments authorised in the month with an authorisation date before the start or referral date',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: 0,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Keystone data check (DfE CIN census validation: an assessment cannot be authorised before it starts)',
    units: () => sql`
      SELECT d.as_of, a.cina_person_id AS child_id, a.cina_assessment_auth_date AS ref_date, a.cina_assessment_team AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cin_assessments a ${inMonthOfColumn('a.cina_assessment_auth_date')}
      LEFT JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
      WHERE a.cina_assessment_auth_date < a.cina_assessment_start_date OR a.cina_assessment_auth_date < r.cine_referral_date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.assessments_45wd_from_referral_pct',
    serviceArea: 'front_door',
    title: 'Assessments completed within 45 working days of referral',
    definition:
      'Of the assessments authorised in the month that are linked to a referral, the share authorised within 45 working days of the referral date (Working Together’s maximum timescale “from the point of referral”; stricter than the DfE measure when an assessment starts after the referral).',
    numerator: 'Linked assessments authorised in the month at most 45 working days after the referral date',
    denominator: 'Assessments authorised in the month whose referral is recorded, authorised on or after it (an earlier authorisation is a data error)',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Working Together to Safeguard Children (assessment within 45 working days of referral)',
    units: () => sql`
      SELECT d.as_of, a.cina_person_id AS child_id, a.cina_assessment_auth_date AS ref_date, a.cina_assessment_team AS team_hint,
             CASE WHEN authorised.working_day_number - referred.working_day_number <= 45 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cin_assessments a ${inMonthOfColumn('a.cina_assessment_auth_date')}
      JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
      JOIN ks_calendar referred ON referred.day = r.cine_referral_date
      JOIN ks_calendar authorised ON authorised.day = a.cina_assessment_auth_date
      WHERE a.cina_assessment_auth_date >= r.cine_referral_date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.assessments_open_over_45wd',
    serviceArea: 'front_door',
    title: 'Assessments open more than 45 working days',
    definition:
      'Assessments started on or before the date and not authorised by it (an assessment authorised on the date is complete) that had been open more than 45 working days on the date.',
    numerator: 'Open assessments more than 45 working days after their start date',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: 0,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, a.cina_person_id AS child_id, d.as_of AS ref_date, a.cina_assessment_team AS team_hint,
             CASE WHEN on_date.working_day_number - started.working_day_number > 45 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cin_assessments a ${inEffectOn('a.cina_assessment_start_date', 'a.cina_assessment_auth_date')}
      JOIN ks_calendar started ON started.day = a.cina_assessment_start_date
      JOIN ks_calendar on_date ON on_date.day = d.as_of`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.icpc_15wd_pct',
    serviceArea: 'help_and_protection',
    title: 'Initial child protection conferences within 15 working days',
    definition:
      'Of the initial child protection conferences held in the month (transfer-in conferences excluded), the share held within 15 working days of the start of the section 47 enquiry that led to it (DfE CIN census measure: the strategy discussion starts the enquiry). A conference with no linked section 47 enquiry, or held before its enquiry started, cannot be timed: it is a data gap, not a late conference, left out here and counted in “Initial conferences that cannot be timed”.',
    dfe: DFE.icpc15,
    numerator: 'Conferences in the month at most 15 working days after their section 47 enquiry started',
    denominator: 'Initial child protection conferences in the month (not transfer-ins) with a linked section 47 enquiry that started on or before them',
    unit: '%',
    polarity: 'higher_better',
    target: 85,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, i.icpc_person_id AS child_id, i.icpc_icpc_date AS ref_date, i.icpc_icpc_team AS team_hint,
             CASE WHEN held.working_day_number - started.working_day_number <= 15 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_initial_cp_conference i ${inMonthOfColumn('i.icpc_icpc_date')}
      JOIN ks_calendar held ON held.day = i.icpc_icpc_date
      JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id AND s.s47e_s47_start_date <= i.icpc_icpc_date
      JOIN ks_calendar started ON started.day = s.s47e_s47_start_date
      WHERE coalesce(i.icpc_icpc_transfer_in, 'N') <> 'Y'`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.icpc_untimed',
    serviceArea: 'help_and_protection',
    title: 'Initial conferences that cannot be timed (data gaps)',
    definition:
      'Initial child protection conferences held in the month (transfer-ins excluded) with no linked section 47 enquiry, or held before the enquiry they are linked to started. The 15-working-day measure cannot time them: a recording gap to correct, not a late conference.',
    numerator: 'Conferences in the month without a linked enquiry that started on or before them',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: 0,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Keystone data check (DfE CIN census: an ICPC is timed from its section 47 enquiry)',
    units: () => sql`
      SELECT d.as_of, i.icpc_person_id AS child_id, i.icpc_icpc_date AS ref_date, i.icpc_icpc_team AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_initial_cp_conference i ${inMonthOfColumn('i.icpc_icpc_date')}
      LEFT JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
      WHERE coalesce(i.icpc_icpc_transfer_in, 'N') <> 'Y' AND (s.s47e_s47_start_date IS NULL OR s.s47e_s47_start_date > i.icpc_icpc_date)`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cp_reviews_on_time_pct',
    serviceArea: 'help_and_protection',
    title: 'Child protection reviews on time',
    definition:
      'Of the child protection review conferences held in the month, the share held on or before their due date: the first within 3 months of the plan starting (the initial conference), each later one within 6 months of the previous review. Reviews not linked to a plan are not counted.',
    numerator: 'Review conferences in the month held by their due date',
    denominator: 'Review conferences held in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Working Together to Safeguard Children; CIN census',
    units: () => sql`
      SELECT d.as_of, rv.child_id, rv.review_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN rv.review_date <= rv.due_date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (
        SELECT r.cppr_person_id AS child_id, r.cppr_cp_review_date AS review_date,
               coalesce((lag(r.cppr_cp_review_date) OVER w + interval '6 months')::date, (p.cppl_cp_plan_start_date + interval '3 months')::date) AS due_date
        FROM ssd_cp_reviews r JOIN ssd_cp_plans p ON p.cppl_cp_plan_id = r.cppr_cp_plan_id
        WHERE r.cppr_cp_review_date IS NOT NULL
        WINDOW w AS (PARTITION BY r.cppr_cp_plan_id ORDER BY r.cppr_cp_review_date, r.cppr_cp_review_id)
      ) rv ${inMonthOf('rv.review_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cp_reviews_overdue',
    serviceArea: 'help_and_protection',
    title: 'Children on child protection plans with a review overdue',
    definition:
      'Children on a child protection plan on the date whose next review was due before the date: 3 months after the plan started if no review has been held, else 6 months after the latest review held on or before the date.',
    numerator: 'Children on a plan whose next review due date is before the date',
    denominator: 'Children on a child protection plan on the date',
    unit: 'count',
    polarity: 'lower_better',
    target: 0,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Working Together to Safeguard Children',
    units: () => sql`
      SELECT cp.as_of, cp.child_id, cp.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN coalesce((max(r.cppr_cp_review_date) + interval '6 months')::date, (cp.plan_start + interval '3 months')::date) < cp.as_of
                  THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${onCpPlan}) cp
      LEFT JOIN ssd_cp_reviews r ON r.cppr_cp_plan_id = cp.plan_id AND r.cppr_cp_review_date <= cp.as_of
      GROUP BY cp.as_of, cp.child_id, cp.plan_start`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cp_visits_pct',
    serviceArea: 'help_and_protection',
    title: 'Children on child protection plans visited to the local standard',
    definition:
      'Of the children on a child protection plan on the date whose first visit was already due (the plan started more than the local standard’s working days before), the share seen on a visit within that many working days up to the date. The local standard is the setting cp_visit_working_days (default 10 working days; there is no national rule). A visit counts only when the child was seen.',
    numerator: 'Children on a plan seen on a visit at most the standard’s working days before the date',
    denominator: 'Children on a plan that started more than the standard’s working days before the date',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local standard (Working Together leaves visit frequency to the plan)',
    units: ({ cpVisitWorkingDays: n }) =>
      visitedWithinWorkingDays(
        sql`SELECT as_of, child_id, plan_start, NULL::text AS team_hint FROM (${onCpPlan}) cp`,
        { table: 'ssd_cp_visits', child: 'cppv_person_id', date: 'cppv_cp_visit_date', seen: 'cppv_cp_visit_seen' },
        n,
      ),
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cla_first_review_20wd_pct',
    serviceArea: 'children_in_care',
    title: 'First looked-after reviews within 20 working days',
    definition:
      'Of the periods of care whose first review fell due in the month (20 working days after the child entered care) and that were still open on that day, the share with a review held on or before it. A child who leaves and re-enters care has a new first review for the new period.',
    numerator: 'Those periods with a review held from entry up to the 20th working day',
    denominator: 'Periods of care whose 20th working day after entry is in the month, still open that day',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CARE_PLANNING,
    units: () => sql`
      SELECT e.as_of, e.child_id, e.due_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_reviews r
                               WHERE r.clar_person_id = e.child_id AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
                                 AND r.clar_cla_review_date BETWEEN e.period_start AND e.due_date) THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (${entriesDueIn20WorkingDays}) e`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cla_reviews_on_time_pct',
    serviceArea: 'children_in_care',
    title: 'Looked-after reviews on time',
    definition:
      'Of the looked-after reviews held in the month (cancelled reviews excluded), the share held by their due date: the first within 20 working days of entering care, the second within 3 months of the first, later ones within 6 months of the previous review, counted within each period of care.',
    numerator: 'Reviews in the month held by their due date',
    denominator: 'Reviews held in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: CARE_PLANNING,
    units: () => sql`
      SELECT d.as_of, rv.child_id, rv.review_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN rv.review_date <= rv.due_date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${claReviewsWithDue}) rv ${inMonthOf('rv.review_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cla_reviews_overdue',
    serviceArea: 'children_in_care',
    title: 'Children looked after with a review overdue',
    definition:
      'Children looked after on the date whose next review was due before the date: 20 working days after entering care if no review has been held in this period of care, 3 months after the first review, else 6 months after the latest review held on or before the date.',
    numerator: 'Children looked after whose next review due date is before the date',
    denominator: 'Children looked after on the date',
    unit: 'count',
    polarity: 'lower_better',
    target: 0,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: CARE_PLANNING,
    units: () => sql`
      SELECT l.as_of, l.child_id, l.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN (CASE count(r.clar_cla_review_id)
                          WHEN 0 THEN min(first_due.day)
                          WHEN 1 THEN (max(r.clar_cla_review_date) + interval '3 months')::date
                          ELSE (max(r.clar_cla_review_date) + interval '6 months')::date END) < l.as_of THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (${lookedAfterOn}) l
      JOIN ks_calendar entry ON entry.day = l.period_start
      JOIN ks_calendar first_due ON first_due.is_working_day AND first_due.working_day_number = entry.working_day_number + 20
      LEFT JOIN ssd_cla_reviews r
        ON r.clar_person_id = l.child_id AND coalesce(r.clar_cla_review_cancelled, 'N') <> 'Y'
       AND r.clar_cla_review_date >= l.period_start AND r.clar_cla_review_date <= l.as_of
      GROUP BY l.as_of, l.child_id`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cla_visits_pct',
    serviceArea: 'children_in_care',
    title: 'Children looked after visited on time',
    definition:
      'Of the children looked after on the date who had been in care more than 6 weeks, the share seen on a visit within the allowed interval up to the date: 3 months when the current placement is long-term (U1, U4 or placed for adoption, A3–A6) and has lasted a year or more, otherwise 6 weeks (42 days). A visit counts only when the child was seen.',
    numerator: 'Children seen on a visit within the allowed interval before the date',
    denominator: 'Children looked after on the date, in care more than 42 days',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: CARE_PLANNING,
    units: () => sql`
      SELECT pl.as_of, pl.child_id, pl.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_visits v
                               WHERE v.clav_person_id = pl.child_id AND v.clav_cla_visit_seen = 'Y'
                                 AND v.clav_cla_visit_date <= pl.as_of AND v.clav_cla_visit_date > pl.allowed_from) THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (
        SELECT po.*, CASE WHEN (po.placement_type IN ('U1', 'U4', 'A3', 'A4', 'A5', 'A6') AND po.placement_start <= (po.as_of - interval '1 year')::date)
                          THEN (po.as_of - interval '3 months')::date ELSE po.as_of - 42 END AS allowed_from
        FROM (${placementOn}) po
      ) pl
      WHERE pl.period_start < pl.as_of - 42`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.cla_placement_visit_1wk_pct',
    serviceArea: 'children_in_care',
    title: 'Children visited within a week of a new placement',
    definition:
      'Of the placements that started in the month, the share where the child was seen on a visit within 7 days of the placement starting (the start day to 7 days after).',
    numerator: 'Placements started in the month with a visit seeing the child within 7 days',
    denominator: 'Placements started in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CARE_PLANNING,
    units: () => sql`
      SELECT d.as_of, pl.clap_person_id AS child_id, pl.clap_cla_placement_start_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_visits v
                               WHERE v.clav_person_id = pl.clap_person_id AND v.clav_cla_visit_seen = 'Y'
                                 AND v.clav_cla_visit_date BETWEEN pl.clap_cla_placement_start_date AND pl.clap_cla_placement_start_date + 7)
                  THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cla_placement pl ${inMonthOfColumn('pl.clap_cla_placement_start_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.initial_health_assessment_20wd_pct',
    serviceArea: 'children_in_care',
    title: 'Initial health assessments within 20 working days',
    definition:
      'Of the periods of care whose 20th working day after entry fell in the month and that were still open that day, the share with an initial health assessment dated from entry up to that day (and not recorded as refused or not completed).',
    numerator: 'Those periods with an initial health assessment by the 20th working day',
    denominator: 'Periods of care whose 20th working day after entry is in the month, still open that day',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Statutory guidance “Promoting the health and well-being of looked-after children” (assessment before the first review)',
    units: () => sql`
      SELECT e.as_of, e.child_id, e.due_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_health h
                               WHERE h.clah_person_id = e.child_id AND h.clah_health_check_type ILIKE 'initial health%'
                                 AND coalesce(h.clah_health_check_status, '') NOT IN ('Refused', 'Not completed')
                                 AND h.clah_health_check_date BETWEEN e.period_start AND e.due_date) THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (${entriesDueIn20WorkingDays}) e`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.health_assessments_pct',
    serviceArea: 'children_in_care',
    title: 'Health assessments up to date',
    definition:
      'Of the children looked after continuously for 12 months or more on the date (in care since the first day of the 12 months, with no short break, V3 or V4, in them), the share whose health assessment is up to date. On 31 March of a year whose SSDA903 return carried OC2, read from OC2 (HEALTH_CHECK = 1), as DfE counts it; on other dates, or years without OC2, a completed health assessment (initial or review) in the health records within the last 6 months if under 5, else the last 12 months.',
    dfe: DFE.oc2Health,
    numerator: 'Those children with a health assessment up to date (OC2 HEALTH_CHECK on 31 March when held)',
    denominator: 'Children looked after continuously for the 12 months up to the date (period of care begun by their first day; no short break in them)',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: SSDA903,
    units: () =>
      oc2OrRecords(
        'oc2_health_check',
        sql`EXISTS (SELECT 1 FROM ssd_cla_health h
                    WHERE h.clah_person_id = c.child_id AND h.clah_health_check_type ILIKE '%health assessment%'
                      AND coalesce(h.clah_health_check_status, '') NOT IN ('Refused', 'Not completed')
                      AND h.clah_health_check_date <= c.as_of
                      AND h.clah_health_check_date > (c.as_of - CASE WHEN c.age_years < 5 THEN interval '6 months' ELSE interval '12 months' END)::date)`,
      ),
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.dental_checks_pct',
    serviceArea: 'children_in_care',
    title: 'Dental checks up to date',
    definition:
      'Of the children looked after continuously for 12 months or more on the date (in care since the first day of the 12 months, with no short break, V3 or V4, in them), the share whose teeth were checked by a dentist. On 31 March of a year whose SSDA903 return carried OC2, read from OC2 (TEETH_CHECK = 1), as DfE counts it; on other dates, or years without OC2, a completed dental check in the health records in the 12 months up to the date.',
    dfe: DFE.oc2Health,
    numerator: 'Those children with a dental check (OC2 TEETH_CHECK on 31 March when held)',
    denominator: 'Children looked after continuously for the 12 months up to the date (period of care begun by their first day; no short break in them)',
    unit: '%',
    polarity: 'higher_better',
    target: 85,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: SSDA903,
    units: () =>
      oc2OrRecords(
        'oc2_teeth_check',
        sql`EXISTS (SELECT 1 FROM ssd_cla_health h
                    WHERE h.clah_person_id = c.child_id AND h.clah_health_check_type ILIKE 'dental%'
                      AND coalesce(h.clah_health_check_status, '') NOT IN ('Refused', 'Not completed')
                      AND h.clah_health_check_date <= c.as_of AND h.clah_health_check_date > (c.as_of - interval '12 months')::date)`,
      ),
  },
  {
    ...common,
    kind: 'sql',
    id: 'timeliness.rhi_offered_72h_pct',
    serviceArea: 'children_in_care',
    title: 'Return home interviews offered within 72 hours',
    definition:
      'Of the missing episodes (not “away”) that ended (the child returned) in the month, the share where a return home interview was offered within 72 hours of the return (by the recorded offer time).',
    numerator: 'Episodes ended in the month with an interview offered at most 72 hours after the return',
    denominator: 'Missing episodes ended in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Statutory guidance on children who run away or go missing from home or care (2014)',
    units: () => sql`
      SELECT d.as_of, m.miss_person_id AS child_id, m.miss_missing_episode_end_date::date AS ref_date, NULL::text AS team_hint,
             CASE WHEN m.miss_missing_rhi_offered_date <= m.miss_missing_episode_end_date + interval '72 hours' THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM ssd_missing m ${inMonthOfColumn('m.miss_missing_episode_end_date', true)}
      WHERE ${isMissingEpisode('m')}`,
  },
];
