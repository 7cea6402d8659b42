/**
 * How a self-evaluation (SEF) for the annual Ofsted engagement meeting is organised: one section per
 * ILACS judgement area, each with the evidence Keystone holds and four headings where leaders write.
 *
 * Which indicators are evidence for which area (a catalogue id appears in one area only):
 *
 * | area                               | indicators                                                                 |
 * |------------------------------------|----------------------------------------------------------------------------|
 * | children who need help and protection | the front door (referrals, re-referrals, decisions, assessments) and help and protection (children in need, child protection: rate, conferences, visits, reviews, repeat and long plans, CIN visits) |
 * | children in care                   | rate in care, visits, reviews, health and dental checks, placement stability, distance, social worker stability, missing and return home interviews |
 * | care leavers                       | number of care leavers; in touch, suitable accommodation, education, employment or training, pathway plans reviewed |
 * | impact of leaders on practice      | caseloads, workers over the threshold, agency use, turnover, changes of social worker |
 *
 * Further evidence is added to the leaders' area: casework audit results, improvement plan progress
 * and the workforce (the report's section providers, src/reports/sections.ts), because knowing the
 * quality of practice and acting on it is what that judgement weighs. Each area also gives the last
 * grade an inspection gave it: the area's ILACS judgement, or its predecessor in older frameworks
 * (LAST_JUDGED_BY, first match wins).
 */
import type { OfstedJudgement } from '../../inspections/ofsted-report/parse.ts';

export const SEF_AREA_IDS = ['help_and_protection', 'children_in_care', 'care_leavers', 'impact_of_leaders'] as const;
export type SefAreaId = (typeof SEF_AREA_IDS)[number];
export const isSefArea = (value: string): value is SefAreaId => (SEF_AREA_IDS as readonly string[]).includes(value);

export interface SefArea {
  id: SefAreaId;
  title: string;
  indicatorIds: readonly string[];
  /** Register judgements that graded this area, newest framework first. */
  lastJudgedBy: readonly OfstedJudgement[];
  /** Whether the casework audit, improvement plan and workforce sections are evidence here. */
  practiceAndPlan: boolean;
}

export const SEF_AREAS: readonly SefArea[] = [
  {
    id: 'help_and_protection',
    title: 'The experiences and progress of children who need help and protection',
    indicatorIds: [
      'demand.referrals',
      'demand.re_referrals_pct',
      'timeliness.referral_decision_1wd_pct',
      'timeliness.assessments_45wd_pct',
      'demand.children_in_need_per_10k',
      'demand.cp_plans_per_10k',
      'timeliness.icpc_15wd_pct',
      'timeliness.cp_visits_pct',
      'timeliness.cp_reviews_on_time_pct',
      'plans.cp_repeat_pct',
      'plans.cp_two_years_pct',
      'plans.cin_visits_pct',
    ],
    lastJudgedBy: ['help_and_protection'],
    practiceAndPlan: false,
  },
  {
    id: 'children_in_care',
    title: 'The experiences and progress of children in care',
    indicatorIds: [
      'demand.looked_after_per_10k',
      'timeliness.cla_visits_pct',
      'timeliness.cla_reviews_on_time_pct',
      'timeliness.health_assessments_pct',
      'timeliness.dental_checks_pct',
      'stability.three_placements_pct',
      'stability.long_term_pct',
      'stability.placed_over_20_miles_pct',
      'stability.three_social_workers_pct',
      'missing.looked_after_pct',
      'missing.rhi_offered_pct',
    ],
    lastJudgedBy: ['children_in_care', 'looked_after_permanence'],
    practiceAndPlan: false,
  },
  {
    id: 'care_leavers',
    title: 'The experiences and progress of care leavers',
    indicatorIds: [
      'demand.care_leavers',
      'care_leavers.in_touch_pct',
      'care_leavers.suitable_accommodation_pct',
      'care_leavers.eet_pct',
      'care_leavers.pathway_plan_reviewed_pct',
    ],
    // Before January 2023 ILACS judged care leavers with children in care.
    lastJudgedBy: ['care_leavers', 'children_in_care'],
    practiceAndPlan: false,
  },
  {
    id: 'impact_of_leaders',
    title: 'The impact of leaders on social work practice with children and families',
    indicatorIds: ['caseload.average', 'caseload.over_threshold_pct', 'workforce.agency_pct', 'workforce.turnover_pct', 'stability.worker_changes_per_child'],
    lastJudgedBy: ['impact_of_leaders', 'leadership_management_governance'],
    practiceAndPlan: true,
  },
];

export function findSefArea(id: string): SefArea | undefined {
  return SEF_AREAS.find((area) => area.id === id);
}

/** The "what we know about ourselves" headings leaders write under, in each area. */
export const SEF_HEADINGS = [
  { id: 'what_we_know', title: 'What we know', hint: 'What the evidence tells you about children’s experiences and progress, strengths and weaknesses alike.' },
  { id: 'what_we_are_doing', title: 'What we are doing', hint: 'What is being done about it, by whom.' },
  { id: 'what_difference', title: 'What difference it makes', hint: 'The impact on children so far, and how you know.' },
  { id: 'what_next', title: 'What we will do next', hint: 'The next steps and when you expect to see a difference.' },
] as const;
export type SefHeadingId = (typeof SEF_HEADINGS)[number]['id'];
export const isSefHeading = (value: string): value is SefHeadingId => SEF_HEADINGS.some((heading) => heading.id === value);

/** Longest text a leader may write under one heading. */
export const SEF_TEXT_MAX = 10_000;
