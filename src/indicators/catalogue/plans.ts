/** Plans: how long child protection plans last, repeat plans, child in need plans and visits. */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { DFE } from './dfe.ts';
import { inEffectOn, onCinPlan, inMonthOfColumn, visitedWithinWorkingDays } from '../sql.ts';

const CIN_CENSUS = 'DfE Children in need census (CIN), "Characteristics of children in need"';
const common = { family: 'plans', serviceArea: 'help_and_protection' } as const;

export const PLANS: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'plans.cp_two_years_pct',
    title: 'Child protection plans lasting 2 years or more',
    definition: 'Of the child protection plans that ended in the month, the share that had lasted 2 years or more (end date at least 2 years after start).',
    dfe: DFE.cpTwoYears,
    numerator: 'Plans ended in the month that lasted at least 2 years',
    denominator: 'Child protection plans ended in the month',
    unit: '%',
    polarity: 'lower_better',
    target: 4,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, p.cppl_person_id AS child_id, (p.cppl_cp_plan_end_date - 1) AS ref_date, NULL::text AS team_hint,
             CASE WHEN p.cppl_cp_plan_end_date >= (p.cppl_cp_plan_start_date + interval '2 years')::date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cp_plans p ${inMonthOfColumn('p.cppl_cp_plan_end_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'plans.cp_repeat_pct',
    title: 'Repeat child protection plans',
    definition:
      'Of the child protection plans that started in the month, the share that are the child’s second or later plan ever (DfE CIN census “second or subsequent plan”): the census’s NumberOfPreviousCPP (previous plans, in any council) is 1 or more, or the data hold an earlier plan for the child.',
    dfe: DFE.cpRepeat,
    numerator: 'Plans started in the month for a child who had an earlier plan (NumberOfPreviousCPP ≥ 1, or an earlier plan in the data)',
    denominator: 'Child protection plans started in the month',
    unit: '%',
    polarity: 'lower_better',
    target: 20,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, p.cppl_person_id AS child_id, p.cppl_cp_plan_start_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN p.cppl_previous_cp_plans >= 1
                    OR EXISTS (SELECT 1 FROM ssd_cp_plans e WHERE e.cppl_person_id = p.cppl_person_id AND e.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date)
                  THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cp_plans p ${inMonthOfColumn('p.cppl_cp_plan_start_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'plans.cp_repeat_2y_pct',
    title: 'Repeat child protection plans within 2 years',
    definition:
      'Of the child protection plans that started in the month, the share for a child whose previous plan ended in the 2 years before this one started.',
    numerator: 'Plans started in the month for a child whose earlier plan ended within the 2 years before',
    denominator: 'Child protection plans started in the month',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, p.cppl_person_id AS child_id, p.cppl_cp_plan_start_date AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_cp_plans e
                               WHERE e.cppl_person_id = p.cppl_person_id AND e.cppl_cp_plan_end_date <= p.cppl_cp_plan_start_date
                                 AND e.cppl_cp_plan_end_date >= (p.cppl_cp_plan_start_date - interval '2 years')::date)
                  THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM ssd_cp_plans p ${inMonthOfColumn('p.cppl_cp_plan_start_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'plans.cin_plans',
    title: 'Children on child in need plans',
    definition: 'Children with a child in need plan in effect on the date.',
    numerator: 'Children on a child in need plan on the date',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    target: null,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'SSD ssd_cin_plans',
    units: () => sql`SELECT as_of, child_id, as_of AS ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${onCinPlan}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'plans.cin_visits_pct',
    title: 'Children on child in need plans visited to the local standard',
    definition:
      'Of the children on a child in need plan on the date whose first visit was already due, the share seen on a visit within the local standard’s working days up to the date (setting cin_visit_working_days, default 20).',
    numerator: 'Children on a plan seen on a visit at most the standard’s working days before the date',
    denominator: 'Children on a plan that started more than the standard’s working days before the date',
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local standard',
    units: ({ cinVisitWorkingDays: n }) =>
      visitedWithinWorkingDays(
        sql`SELECT as_of, child_id, plan_start, team_hint FROM (${onCinPlan}) c`,
        { table: 'ssd_cin_visits', child: 'cinv_person_id', date: 'cinv_cin_visit_date', seen: 'cinv_cin_visit_seen' },
        n,
      ),
  },
  {
    ...common,
    kind: 'sql',
    id: 'plans.actions_dated_pct',
    title: 'Plans with every action dated',
    definition:
      'Of the child protection, child in need and care plans in effect on the date that have actions recorded by then (ks_child_plan_action), the share in which every action recorded by the date has a due date. Ofsted criticises plans “without clear timescales”; the SSD holds no plan actions, so this counts only plans whose actions the council’s case system exports. Plans with no recorded action are left out, not counted as failing.',
    numerator: 'Plans in effect on the date whose every recorded action has a due date',
    denominator: 'Plans in effect on the date with at least one action recorded by the date',
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Ofsted ILACS (plans with clear timescales); Keystone extension table ks_child_plan_action',
    // A plan counts from its first recorded action; it fails from the day an action without a due date is recorded.
    units: () => sql`
      SELECT d.as_of, p.child_id, d.as_of AS ref_date, p.team_hint,
             CASE WHEN a.first_undated IS NULL OR a.first_undated > d.as_of THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (
        SELECT 'CP' AS plan_type, cppl_cp_plan_id AS plan_id, cppl_person_id AS child_id, cppl_cp_plan_start_date AS start_date,
               cppl_cp_plan_end_date AS end_date, NULL::text AS team_hint FROM ssd_cp_plans
        UNION ALL
        SELECT 'CIN', cinp_cin_plan_id, cinp_person_id, cinp_cin_plan_start_date, cinp_cin_plan_end_date, cinp_cin_plan_team FROM ssd_cin_plans
        UNION ALL
        SELECT 'CLA', lacp_table_id, lacp_person_id, lacp_cla_care_plan_start_date, lacp_cla_care_plan_end_date, NULL FROM ssd_cla_care_plan
        WHERE lacp_cla_care_plan_start_date IS NOT NULL
      ) p
      JOIN (
        SELECT plac_plan_type, plac_plan_id, min(plac_action_recorded_date) AS first_recorded,
               min(plac_action_recorded_date) FILTER (WHERE plac_action_due_date IS NULL) AS first_undated
        FROM ks_child_plan_action
        GROUP BY plac_plan_type, plac_plan_id
      ) a ON a.plac_plan_type = p.plan_type AND a.plac_plan_id = p.plan_id
      ${inEffectOn('p.start_date', 'p.end_date')}
      WHERE a.first_recorded <= d.as_of`,
  },
];
