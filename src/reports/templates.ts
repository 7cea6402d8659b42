/**
 * Report templates: which committee a report is for and which catalogue indicators it carries, in
 * the order the committee reads them. A "custom" report takes the author's own choice of indicators.
 */
import { findIndicator } from '../indicators/catalogue/index.ts';

export interface ReportTemplate {
  id: string;
  title: string;
  /** Who reads it and why: shown under the title. */
  purpose: string;
  indicatorIds: readonly string[];
}

export const CUSTOM_TEMPLATE = 'custom';

export const TEMPLATES: readonly ReportTemplate[] = [
  {
    id: 'scrutiny',
    title: 'Overview and scrutiny: children’s social care performance',
    purpose:
      'For the overview and scrutiny committee: the front door, help and protection, children in care and care leavers, and the workforce that serves them.',
    indicatorIds: [
      'demand.referrals',
      'demand.re_referrals_pct',
      'timeliness.assessments_45wd_pct',
      'timeliness.icpc_15wd_pct',
      'demand.cp_plans_per_10k',
      'plans.cp_repeat_pct',
      'timeliness.cp_visits_pct',
      'demand.looked_after_per_10k',
      'stability.three_placements_pct',
      'stability.long_term_pct',
      'care_leavers.suitable_accommodation_pct',
      'care_leavers.eet_pct',
      'caseload.average',
      'workforce.agency_pct',
    ],
  },
  {
    id: 'corporate-parenting',
    title: 'Corporate parenting board',
    purpose: 'For the corporate parenting board: how well the council, as corporate parent, looks after its children in care and care leavers.',
    indicatorIds: [
      'demand.looked_after',
      'demand.care_starts',
      'timeliness.cla_reviews_on_time_pct',
      'timeliness.cla_visits_pct',
      'timeliness.health_assessments_pct',
      'timeliness.dental_checks_pct',
      'stability.three_placements_pct',
      'stability.long_term_pct',
      'stability.placed_over_20_miles_pct',
      'missing.looked_after_pct',
      'missing.rhi_offered_pct',
      'care_leavers.in_touch_pct',
      'care_leavers.suitable_accommodation_pct',
      'care_leavers.eet_pct',
      'care_leavers.pathway_plan_reviewed_pct',
    ],
  },
  {
    id: 'improvement-board',
    title: 'Improvement board',
    purpose: 'For the improvement board: the practice and workforce measures an improvement plan is judged by.',
    indicatorIds: [
      'timeliness.referral_decision_1wd_pct',
      'demand.re_referrals_pct',
      'timeliness.assessments_45wd_pct',
      'timeliness.icpc_15wd_pct',
      'timeliness.cp_visits_pct',
      'timeliness.cp_reviews_on_time_pct',
      'timeliness.cla_visits_pct',
      'stability.three_social_workers_pct',
      'caseload.average',
      'caseload.over_threshold_pct',
      'workforce.agency_pct',
      'workforce.turnover_pct',
    ],
  },
  {
    id: 'cabinet',
    title: 'Cabinet: children’s services performance',
    purpose: 'For the cabinet member and cabinet: the headline measures of demand, timeliness and stability.',
    indicatorIds: [
      'demand.referrals',
      'timeliness.assessments_45wd_pct',
      'demand.cp_plans',
      'demand.looked_after',
      'stability.three_placements_pct',
      'care_leavers.eet_pct',
      'caseload.average',
    ],
  },
];

export function findTemplate(id: string): ReportTemplate | undefined {
  return TEMPLATES.find((template) => template.id === id);
}

/** The custom report's title, given the indicators the author chose. */
export const CUSTOM_TITLE = 'Children’s social care performance';

/** Indicator ids that are in the catalogue, in the given order, without repeats. */
export function knownIndicatorIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => findIndicator(id) !== undefined);
}
