/**
 * Care leavers aged 19 to 21. On 31 March of a year whose SSDA903 return carried OC3, DfE's cohort:
 * that year's OC3 rows (sql.ts careLeavers19to21). Otherwise the SSD holds one current record per
 * care leaver (in touch, accommodation, activity, latest pathway plan review), not their history:
 * other month-ends use that latest record for the young people aged 19–21 who had left care.
 */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { careLeavers19to21 } from '../sql.ts';
import { DFE } from './dfe.ts';

const SSDA903 = 'DfE SSDA903 return (care leavers aged 19 to 21)';
const common = { family: 'care_leavers', serviceArea: 'care_leavers', window: 'on the date', breakdowns: ['team', 'worker'], source: SSDA903 } as const;
const denominator = 'Care leavers aged 19, 20 or 21 on the date';

export const CARE_LEAVERS: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'care_leavers.in_touch_pct',
    dfe: DFE.careLeavers,
    title: 'Care leavers in touch',
    definition: 'Of the care leavers aged 19 to 21 on the date, the share the council is in touch with (in touch = YES).',
    numerator: 'Care leavers aged 19–21 recorded as in touch',
    denominator,
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    units: () => sql`
      SELECT as_of, child_id, as_of AS ref_date, team_hint,
             CASE WHEN upper(coalesce(in_touch, '')) IN ('YES', 'Y') THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${careLeavers19to21}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'care_leavers.suitable_accommodation_pct',
    dfe: DFE.careLeavers,
    title: 'Care leavers in suitable accommodation',
    definition: 'Of the care leavers aged 19 to 21 on the date, the share whose accommodation is recorded as suitable (SSDA903 code 1).',
    numerator: 'Care leavers aged 19–21 in accommodation recorded as suitable',
    denominator,
    unit: '%',
    polarity: 'higher_better',
    target: 90,
    units: () => sql`
      SELECT as_of, child_id, as_of AS ref_date, team_hint,
             CASE WHEN upper(coalesce(accommodation_suitable, '')) IN ('1', 'Y', 'YES') THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${careLeavers19to21}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'care_leavers.eet_pct',
    dfe: DFE.careLeavers,
    title: 'Care leavers in education, employment or training',
    definition:
      'Of the care leavers aged 19 to 21 on the date, the share in education, employment or training (SSDA903 activity codes beginning F, full time, or P, part time; G codes are not in education, employment or training).',
    numerator: 'Care leavers aged 19–21 with an activity code beginning F or P',
    denominator,
    unit: '%',
    polarity: 'higher_better',
    target: 60,
    units: () => sql`
      SELECT as_of, child_id, as_of AS ref_date, team_hint,
             CASE WHEN upper(coalesce(activity, '')) ~ '^[FP]' THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${careLeavers19to21}) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'care_leavers.pathway_plan_reviewed_pct',
    title: 'Care leavers with a pathway plan reviewed in 6 months',
    definition: 'Of the care leavers aged 19 to 21 on the date, the share whose latest pathway plan review is dated in the 6 months up to the date.',
    numerator: 'Care leavers aged 19–21 with a pathway plan review in the last 6 months',
    denominator,
    unit: '%',
    polarity: 'higher_better',
    target: 95,
    units: () => sql`
      SELECT as_of, child_id, as_of AS ref_date, team_hint,
             CASE WHEN pathway_review <= as_of AND pathway_review > (as_of - interval '6 months')::date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${careLeavers19to21}) c`,
  },
];
