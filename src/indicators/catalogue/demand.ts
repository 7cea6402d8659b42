/** Demand: how many children come to and are held by children's social care. */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import {
  allocatedOn,
  carePeriods,
  cinChildrenOn,
  inCareOn,
  inMonthOf,
  lookedAfterOn,
  onCpPlan,
  inMonthOfColumn,
  isShortBreak,
  SHORT_BREAK_LEGAL_STATUSES,
} from '../sql.ts';
import { DFE } from './dfe.ts';

const CIN_CENSUS = 'DfE Children in need census (CIN), "Characteristics of children in need"';
const SSDA903 = 'DfE SSDA903 return, "Children looked after in England including adoptions"';

const contactsInMonth = sql`
  SELECT d.as_of, c.cont_person_id AS child_id, c.cont_contact_date::date AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
  FROM ssd_contacts c ${inMonthOfColumn('c.cont_contact_date', true)}`;

/** Referrals received in the month (one row each), with whether it is a re-referral and an NFA. */
const referralsInMonth = sql`
  SELECT d.as_of, r.cine_person_id AS child_id, r.cine_referral_date AS ref_date, r.cine_referral_team AS team_hint,
         r.cine_referral_nfa,
         EXISTS (SELECT 1 FROM ssd_cin_episodes earlier
                 WHERE earlier.cine_person_id = r.cine_person_id
                   AND earlier.cine_referral_date < r.cine_referral_date
                   AND earlier.cine_referral_date >= (r.cine_referral_date - interval '12 months')::date) AS is_re_referral
  FROM ssd_cin_episodes r ${inMonthOfColumn('r.cine_referral_date')}`;

/**
 * Children in need on the date as DfE counts them: an episode open on the date (referral on or before
 * it, not closed by it) that is not a referral with no further action, for a child not recorded as
 * having died on or before the date.
 */
const childrenInNeed = sql`
  SELECT c.as_of, c.child_id, c.as_of AS ref_date, c.not_nfa_team_hint AS team_hint, 1 AS numerator, 1 AS denominator
  FROM (${cinChildrenOn}) c
  JOIN ssd_person p ON p.pers_person_id = c.child_id
  WHERE c.not_nfa AND (p.pers_death_date IS NULL OR p.pers_death_date > c.as_of)`;

const childrenOnCpPlans = sql`
  SELECT as_of, child_id, as_of AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator FROM (${onCpPlan}) cp`;

const childrenLookedAfter = sql`
  SELECT as_of, child_id, as_of AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator FROM (${lookedAfterOn}) la`;

const shortBreaks = sql.join([...SHORT_BREAK_LEGAL_STATUSES]);

const common = { family: 'demand', target: null, trajectory: undefined } as const;

const CHILDREN_IN_NEED: SqlIndicator = {
  ...common,
  kind: 'sql',
  id: 'demand.children_in_need',
  serviceArea: 'help_and_protection',
  title: 'Children in need',
  definition:
    'Children with an open child in need episode on the date: referred on or before the date and the episode not closed by it. As in the CIN census, this includes children on child protection plans and looked after. A child recorded as having died on or before the date is not counted, nor is an episode that is a referral with no further action.',
  dfe: DFE.childrenInNeed,
  numerator: 'Children with an open child in need episode on the date (not a no-further-action referral; child not recorded as dead)',
  denominator: null,
  unit: 'count',
  polarity: 'neutral',
  window: 'on the date',
  breakdowns: ['team', 'worker', 'age_band'],
  source: CIN_CENSUS,
  units: () => childrenInNeed,
};

const CP_PLANS: SqlIndicator = {
  ...common,
  kind: 'sql',
  id: 'demand.cp_plans',
  serviceArea: 'help_and_protection',
  title: 'Children on child protection plans',
  definition: 'Children with a child protection plan in effect on the date (started on or before it, not ended by it).',
  numerator: 'Children on a child protection plan on the date',
  denominator: null,
  unit: 'count',
  polarity: 'neutral',
  window: 'on the date',
  breakdowns: ['team', 'worker', 'age_band'],
  source: CIN_CENSUS,
  units: () => childrenOnCpPlans,
};

const LOOKED_AFTER: SqlIndicator = {
  ...common,
  kind: 'sql',
  id: 'demand.looked_after',
  serviceArea: 'children_in_care',
  title: 'Children looked after',
  definition:
    'Children looked after on the date as DfE counts them: in a period of care that started on or before the date and had not ended by it, leaving out children on an agreed series of short-term placements (legal status V3 or V4, short breaks) on the date.',
  dfe: DFE.lookedAfter,
  numerator: 'Children looked after on the date, short breaks (V3, V4) excluded',
  denominator: null,
  unit: 'count',
  polarity: 'neutral',
  window: 'on the date',
  breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
  source: SSDA903,
  units: () => childrenLookedAfter,
};

/**
 * A count's rate per 10,000 children aged 0 to 17: the count's own units SQL (so the engine
 * computes both in one), over the council's child population (engine.ts valueOf).
 */
const per10k = (count: SqlIndicator, rate: Pick<SqlIndicator, 'id' | 'title' | 'definition' | 'numerator'>): SqlIndicator => ({
  ...count,
  ...rate,
  denominator: 'Child population aged 0–17 ÷ 10,000',
  unit: 'per 10,000',
  breakdowns: [],
});

export const DEMAND: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'demand.contacts',
    serviceArea: 'front_door',
    title: 'Contacts received',
    definition: 'Contacts about a child received in the month (each contact counts, so a child contacted about twice counts twice).',
    numerator: 'Contacts with a contact date in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['age_band'],
    source: 'Local measure (SSD ssd_contacts); Ofsted Annex A list 1',
    units: () => contactsInMonth,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.referrals',
    serviceArea: 'front_door',
    title: 'Referrals received',
    definition: 'Referrals to children’s social care received in the month: child in need episodes whose referral date is in the month.',
    numerator: 'Referrals with a referral date in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`SELECT as_of, child_id, ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${referralsInMonth}) r`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.re_referrals_pct',
    serviceArea: 'front_door',
    title: 'Re-referrals within 12 months',
    definition:
      'Of the referrals received in the month, the share about a child who had an earlier referral in the 12 months before this one (DfE CIN census definition: a referral on the same day is not an earlier referral; any earlier referral counts, whatever its outcome).',
    dfe: DFE.reReferrals,
    numerator: 'Referrals in the month with an earlier referral of the same child dated within the 12 months before it',
    denominator: 'Referrals in the month',
    unit: '%',
    polarity: 'lower_better',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () =>
      sql`SELECT as_of, child_id, ref_date, team_hint, CASE WHEN is_re_referral THEN 1 ELSE 0 END AS numerator, 1 AS denominator FROM (${referralsInMonth}) r`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.referrals_nfa_pct',
    serviceArea: 'front_door',
    title: 'Referrals with no further action',
    definition: 'Of the referrals received in the month, the share recorded as no further action (cine_referral_nfa = Y).',
    dfe: DFE.referralsNfa,
    numerator: 'Referrals in the month recorded as no further action',
    denominator: 'Referrals in the month',
    unit: '%',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () =>
      sql`SELECT as_of, child_id, ref_date, team_hint, CASE WHEN cine_referral_nfa = 'Y' THEN 1 ELSE 0 END AS numerator, 1 AS denominator FROM (${referralsInMonth}) r`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.open_cases',
    serviceArea: 'help_and_protection',
    title: 'Open cases (children allocated to a worker)',
    definition:
      'Children allocated to a case-holding worker on the date (the same allocations the caseload figures count; a child allocated to two workers counts once).',
    numerator: 'Children with an allocated case worker involvement in effect on the date',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local measure (SSD ssd_involvements), as on the Caseloads page',
    units: () => sql`SELECT as_of, child_id, as_of AS ref_date, team_hint, 1 AS numerator, 1 AS denominator FROM (${allocatedOn}) a`,
  },
  CHILDREN_IN_NEED,
  per10k(CHILDREN_IN_NEED, {
    id: 'demand.children_in_need_per_10k',
    title: 'Children in need per 10,000 children',
    definition:
      'Children in need on the date (as counted for “Children in need”: no-further-action referrals and children recorded as dead left out) per 10,000 children aged 0 to 17 living in the area (population from the council’s setting child_population).',
    numerator: 'Children with an open child in need episode on the date',
  }),
  CP_PLANS,
  per10k(CP_PLANS, {
    id: 'demand.cp_plans_per_10k',
    title: 'Children on child protection plans per 10,000 children',
    definition: 'Children on a child protection plan on the date per 10,000 children aged 0 to 17.',
    numerator: 'Children on a child protection plan on the date',
  }),
  LOOKED_AFTER,
  per10k(LOOKED_AFTER, {
    id: 'demand.looked_after_per_10k',
    title: 'Children looked after per 10,000 children',
    definition: 'Children looked after on the date (short breaks, V3 and V4, excluded) per 10,000 children aged 0 to 17 (DfE publishes this at 31 March).',
    numerator: 'Children looked after on the date',
  }),
  {
    ...common,
    kind: 'sql',
    id: 'demand.looked_after_including_short_breaks',
    serviceArea: 'children_in_care',
    title: 'Children in care including short breaks (council’s count)',
    definition:
      'Every child in a period of care on the date, including children on an agreed series of short-term placements (legal status V3 or V4). The council’s own count of the children its services care for; not comparable with DfE’s “children looked after”, which leaves short breaks out.',
    numerator: 'Children in a period of care on the date, short breaks included',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: 'Local measure (SSDA903 episodes, short breaks included)',
    units: () => sql`SELECT as_of, child_id, as_of AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator FROM (${inCareOn}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.care_leavers',
    serviceArea: 'care_leavers',
    title: 'Care leavers aged 18 to 21',
    definition:
      'Young people with a care-leaver record who had left care by the date and were aged 18, 19, 20 or 21 on it (from their 18th birthday up to the day before their 22nd).',
    numerator: 'Care leavers aged 18–21 on the date',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'on the date',
    breakdowns: ['team', 'worker'],
    source: `${SSDA903} (care leavers)`,
    units: () => sql`
      SELECT DISTINCT ON (d.as_of, cl.clea_person_id) d.as_of, cl.clea_person_id AS child_id, d.as_of AS ref_date,
             cl.clea_care_leaver_allocated_team AS team_hint, 1 AS numerator, 1 AS denominator
      FROM days d
      JOIN ssd_care_leavers cl ON true
      JOIN ssd_person p ON p.pers_person_id = cl.clea_person_id
      WHERE d.as_of >= (p.pers_dob + interval '18 years')::date AND d.as_of < (p.pers_dob + interval '22 years')::date
        AND EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = cl.clea_person_id AND e.clae_cla_episode_ceased_date <= d.as_of)
      ORDER BY d.as_of, cl.clea_person_id`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.care_starts',
    serviceArea: 'children_in_care',
    title: 'Children starting to be looked after',
    definition:
      'Periods of care that started in the month, by DfE’s rule: a period starts with an episode whose reason for new episode is S (or, in data without reasons, an episode that does not follow on from another). A child who left care and came back starts a new period (and counts again). A period whose first episode in the data is not S began before the data: it is not a start. Periods begun on a short break (V3, V4) are left out.',
    dfe: DFE.startedCeased,
    numerator: 'Periods of care starting in the month (RNE S; not short breaks)',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SSDA903,
    units: () => sql`
      SELECT d.as_of, p.child_id, p.period_start AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM (${carePeriods}) p ${inMonthOf('p.period_start')}
      WHERE p.start_known AND coalesce(p.first_legal_status, '') NOT IN (${shortBreaks})`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.care_ends',
    serviceArea: 'children_in_care',
    title: 'Children ceasing to be looked after',
    definition:
      'Periods of care that ended in the month, by DfE’s rule: an episode with a ceased date in the month and a reason episode ceased other than X1 (X1: another episode follows the same day, so care goes on); in data without reasons, an episode that no other follows the same day. Episodes on a short break (V3, V4) are left out.',
    dfe: DFE.startedCeased,
    numerator: 'Episodes ending care in the month (reason not X1; not short breaks)',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SSDA903,
    units: () => sql`
      SELECT d.as_of, e.clae_person_id AS child_id, (e.clae_cla_episode_ceased_date - 1) AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cla_episodes e ${inMonthOf('e.clae_cla_episode_ceased_date')}
      WHERE NOT ${isShortBreak('e.clae_legal_status')}
        AND CASE WHEN e.clae_cla_episode_ceased_reason IS NOT NULL THEN upper(e.clae_cla_episode_ceased_reason) <> 'X1'
                 ELSE NOT EXISTS (SELECT 1 FROM ssd_cla_episodes n
                                  WHERE n.clae_person_id = e.clae_person_id AND n.clae_cla_episode_start_date = e.clae_cla_episode_ceased_date) END`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.s47_enquiries',
    serviceArea: 'help_and_protection',
    title: 'Section 47 enquiries started',
    definition: 'Section 47 enquiries whose start date is in the month.',
    numerator: 'Section 47 enquiries started in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, s.s47e_person_id AS child_id, s.s47e_s47_start_date AS ref_date, s.s47e_s47_completed_by_team AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_s47_enquiry s ${inMonthOfColumn('s.s47e_s47_start_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.cp_plans_started',
    serviceArea: 'help_and_protection',
    title: 'Child protection plans started',
    definition: 'Child protection plans whose start date is in the month.',
    numerator: 'Child protection plans started in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, p.cppl_person_id AS child_id, p.cppl_cp_plan_start_date AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cp_plans p ${inMonthOfColumn('p.cppl_cp_plan_start_date')}`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'demand.assessments_completed',
    serviceArea: 'front_door',
    title: 'Assessments completed',
    definition: 'Child and family assessments authorised (completed) in the month.',
    numerator: 'Assessments with an authorisation date in the month',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    source: CIN_CENSUS,
    units: () => sql`
      SELECT d.as_of, a.cina_person_id AS child_id, a.cina_assessment_auth_date AS ref_date, a.cina_assessment_team AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cin_assessments a ${inMonthOfColumn('a.cina_assessment_auth_date')}`,
  },
];
