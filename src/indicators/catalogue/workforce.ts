/**
 * Workforce and caseloads. The caseload figures are computed by src/caseloads/rules.ts
 * (caseloadsOn / caseloadTrend): the catalogue only describes them.
 */
import { sql } from 'kysely';
import type { CaseloadIndicator, SqlIndicator } from '../types.ts';
import { inEffectOn } from '../sql.ts';
import { CASE_HOLDING_MEMBERSHIP_ROLES } from '../../core/allocations.ts';

const CASE_HOLDING_ROLES = sql`(${sql.join([...CASE_HOLDING_MEMBERSHIP_ROLES])})`;
const WORKFORCE_CENSUS = 'DfE Children’s social work workforce census';
const CASELOAD_DEFINITION =
  'A case is a child allocated to a case-holding worker on the date; workers counted are everyone in a case-holding role in a team on the date plus anyone else holding a case (as on the Caseloads page).';

const caseload = {
  family: 'workforce',
  serviceArea: 'workforce',
  kind: 'caseload',
  window: 'on the date',
  breakdowns: ['team'],
  source: 'Local measure; DfE workforce census (average caseload at 30 September)',
} as const;

export const CASELOADS: CaseloadIndicator[] = [
  {
    ...caseload,
    id: 'caseload.average',
    measure: 'average',
    title: 'Average caseload',
    definition: `Cases held divided by the case-holding workers counted, on the date. ${CASELOAD_DEFINITION}`,
    numerator: 'Cases held (a co-allocated child counts for each worker)',
    denominator: 'Case-holding workers',
    unit: 'ratio',
    polarity: 'lower_better',
    target: 18,
  },
  {
    ...caseload,
    id: 'caseload.over_threshold_pct',
    measure: 'over_threshold_pct',
    title: 'Workers over the caseload threshold',
    definition: `Of the case-holding workers on the date, the share holding more cases than the threshold (KEYSTONE_CASELOAD_THRESHOLD, default 20). ${CASELOAD_DEFINITION}`,
    numerator: 'Workers holding more cases than the threshold',
    denominator: 'Case-holding workers',
    unit: '%',
    polarity: 'lower_better',
    target: 10,
  },
  {
    ...caseload,
    id: 'caseload.workers',
    measure: 'workers',
    title: 'Case-holding workers',
    definition: `Case-holding workers counted on the date. ${CASELOAD_DEFINITION}`,
    numerator: 'Case-holding workers',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    target: null,
  },
  {
    ...caseload,
    id: 'caseload.cases',
    measure: 'cases',
    title: 'Cases held',
    definition: `Cases held on the date, a child allocated to two workers counting for each. ${CASELOAD_DEFINITION}`,
    numerator: 'Cases held',
    denominator: null,
    unit: 'count',
    polarity: 'neutral',
    target: null,
  },
];

/** Case-holding members on each date, one row per professional (their latest-started membership). */
const members = sql`
  SELECT DISTINCT ON (d.as_of, m.memb_professional_id) d.as_of, m.memb_professional_id AS professional_id, m.memb_team_id AS team_id
  FROM ks_team_membership m ${inEffectOn('m.memb_start_date', 'm.memb_end_date')}
  WHERE m.memb_role IN ${CASE_HOLDING_ROLES}
  ORDER BY d.as_of, m.memb_professional_id, m.memb_start_date DESC, m.memb_id DESC`;

export const WORKFORCE: SqlIndicator[] = [
  {
    family: 'workforce',
    serviceArea: 'workforce',
    kind: 'sql',
    id: 'workforce.agency_pct',
    title: 'Agency social workers (headcount)',
    definition:
      'Of the professionals in a case-holding role (social worker, senior social worker, ASYE) in a team on the date, the share recorded as agency workers (headcount, not FTE; the agency flag is the professional’s current one). The Workforce pages give the DfE workforce-census rate, by FTE.',
    numerator: 'Case-holding members flagged as agency workers',
    denominator: 'Case-holding members on the date',
    unit: '%',
    polarity: 'lower_better',
    target: 15,
    window: 'on the date',
    breakdowns: ['team'],
    source: WORKFORCE_CENSUS,
    units: () => sql`
      SELECT w.as_of, NULL::text AS child_id, w.as_of AS ref_date, w.team_id AS team_hint,
             CASE WHEN p.prof_agency_worker_flag = 'Y' THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${members}) w JOIN ssd_professionals p ON p.prof_professional_id = w.professional_id`,
  },
  {
    family: 'workforce',
    serviceArea: 'workforce',
    kind: 'sql',
    id: 'workforce.turnover_pct',
    title: 'Social worker turnover, headcount (12 months)',
    definition:
      'Leavers in the 12 months up to the date as a share of the case-holding members on the date (headcount). A leaver is a professional whose case-holding membership ended in those 12 months with no case-holding membership continuing that day (a move between teams is not a leaver); counted in the team they left. The Workforce pages give the DfE workforce-census rate, by FTE.',
    numerator: 'Case-holding leavers in the 12 months',
    denominator: 'Case-holding members on the date',
    unit: '%',
    polarity: 'lower_better',
    target: 15,
    window: '12 months',
    breakdowns: ['team'],
    source: WORKFORCE_CENSUS,
    units: () => sql`
      SELECT d.as_of, NULL::text AS child_id, (m.memb_end_date - 1) AS ref_date, m.memb_team_id AS team_hint, 1 AS numerator, 0 AS denominator
      FROM days d
      JOIN ks_team_membership m ON m.memb_end_date BETWEEN d.year_from AND d.as_of AND m.memb_role IN ${CASE_HOLDING_ROLES}
      WHERE NOT EXISTS (SELECT 1 FROM ks_team_membership n
                        WHERE n.memb_professional_id = m.memb_professional_id AND n.memb_role IN ${CASE_HOLDING_ROLES}
                          AND n.memb_id <> m.memb_id AND n.memb_start_date <= m.memb_end_date
                          AND (n.memb_end_date IS NULL OR n.memb_end_date > m.memb_end_date))
      UNION ALL
      SELECT as_of, NULL::text, as_of, team_id, 0, 1 FROM (${members}) w`,
  },
];
