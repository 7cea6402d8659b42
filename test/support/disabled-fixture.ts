/**
 * A hand-made county for the disabled children's figures (src/indicators/catalogue/disabled.test.ts,
 * src/disabled/disabled.test.ts). Easter 2024: Good Friday 29 March, Easter Monday 1 April; early May
 * bank holiday 6 May 2024.
 */
import type { Database } from '../../src/core/db/database.ts';
import { insert, insertPeople } from './indicators.ts';

export async function loadDisabledCounty(database: Database) {
  await insertPeople(database, [
    ['K1', '2010-05-01'],
    ['K2', '2015-01-01'],
    ['K3', '2008-06-01'],
    ['K4', '2012-01-01'],
    ['K5', '2009-01-01'],
    ['K6', '2011-01-01'],
    ['K7', '2013-01-01'],
    ['K8', '2016-01-01'],
    ['K9', '2016-02-01'],
    ['K10', '2016-03-01'],
    ['K11', '2016-04-01'],
  ]);
  // May: four disabled children referred 1 May, assessed 2, 4, 6 and 8 working days later (6 May is a bank holiday).
  await insert(
    database,
    'ssd_disability',
    ['disa_table_id', 'disa_person_id', 'disa_disability_code'],
    [
      ['DI8', 'K8', 'VIS'],
      ['DI9', 'K9', 'VIS'],
      ['DI10', 'K10', 'COMM'],
      ['DI11', 'K11', 'LD'],
    ],
  );
  await insert(
    database,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_referral_nfa', 'cine_close_date'],
    [
      ['R8', 'K8', '2024-05-01', 'N', '2024-05-31'],
      ['R9', 'K9', '2024-05-01', 'N', '2024-05-31'],
      ['R10', 'K10', '2024-05-01', 'N', '2024-05-31'],
      ['R11', 'K11', '2024-05-01', 'N', '2024-05-31'],
    ],
  );
  await insert(
    database,
    'ssd_cin_assessments',
    ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_auth_date', 'cina_assessment_outcome_nfa'],
    [
      ['A8', 'K8', 'R8', '2024-05-01', '2024-05-03', 'Y'],
      ['A9', 'K9', 'R9', '2024-05-01', '2024-05-08', 'Y'],
      ['A10', 'K10', 'R10', '2024-05-01', '2024-05-10', 'Y'],
      ['A11', 'K11', 'R11', '2024-05-01', '2024-05-14', 'Y'],
    ],
  );
  await insert(
    database,
    'ssd_disability',
    ['disa_table_id', 'disa_person_id', 'disa_disability_code'],
    [
      ['DI1', 'K1', 'AUT'],
      ['DI2', 'K1', 'LD'], // two disabilities: one child
      ['DI3', 'K2', 'NONE'], // recorded as no disability
      ['DI4', 'K3', 'HEAR'],
      ['DI5', 'K5', 'mob '], // spelt loosely: still a disability
    ],
  );
  await insert(
    database,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_referral_nfa', 'cine_close_date'],
    [
      ['R1', 'K1', '2024-02-01', 'N', null],
      ['R2', 'K2', '2024-03-05', 'N', null],
      ['R3', 'K3', '2024-03-27', 'N', null],
      ['R4', 'K4', '2023-01-01', 'N', null],
      ['R5', 'K5', '2023-06-01', 'N', null],
    ],
  );
  await insert(
    database,
    'ssd_cin_assessments',
    ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_auth_date', 'cina_assessment_outcome_nfa'],
    [
      ['A1', 'K1', 'R1', '2024-02-02', '2024-03-28', 'N'], // 40 working days after the referral
      ['A3', 'K3', 'R3', '2024-03-28', '2024-04-03', 'N'], // 3 working days: Good Friday and Easter Monday skipped
      ['A5', 'K5', 'R5', '2023-06-02', '2023-07-03', 'N'],
    ],
  );
  // K1's service: a child in need plan from 10 April, 7 working days after the assessment (28 March).
  await insert(
    database,
    'ssd_cin_plans',
    ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_referral_id', 'cinp_cin_plan_start_date'],
    [['P1', 'K1', 'R1', '2024-04-10']],
  );
  await insert(
    database,
    'ssd_cla_episodes',
    ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
    [
      ['E1', 'K5', '2024-01-30', '2024-02-02', 'V4'], // across the month end: 2 nights in January, 1 in February
      ['E2', 'K5', '2024-03-08', '2024-03-10', 'V4'], // 2 nights in March
      ['E3', 'K5', '2024-03-25', null, 'C2'], // full-time care after a series of short breaks
      ['E7', 'K7', '2023-10-01', '2023-10-04', 'V3'], // a single short break; its arrangement ends 90 days on, 2 January
    ],
  );
  await insert(
    database,
    'ssd_legal_status',
    ['lega_legal_status_id', 'lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date', 'lega_legal_status_end_date'],
    [
      ['L2', 'K5', 'V4', '2024-03-08', '2024-03-10'], // the same stay as E2: not counted twice
      ['L3', 'K5', 'V4', '2024-03-22', '2024-03-22'], // a day-only stay: a stay, no night
    ],
  );
  await insert(
    database,
    'ssd_send',
    ['send_table_id', 'send_person_id'],
    [
      ['SE2', 'K2'],
      ['SE4', 'K4'],
      ['SE5', 'K5'],
      ['SE6', 'K6'],
    ],
  );
  await insert(
    database,
    'ssd_ehcp_requests',
    ['ehcr_ehcp_request_id', 'ehcr_send_table_id', 'ehcr_ehcp_req_date', 'ehcr_ehcp_req_outcome_date', 'ehcr_ehcp_req_outcome'],
    [
      ['Q2', 'SE2', '2023-11-01', '2023-12-20', 'Assess'], // 49 days: not within 6 weeks
      ['Q4', 'SE4', '2023-12-01', '2024-01-10', 'Assess'],
      ['Q5', 'SE5', '2023-10-02', '2023-11-01', 'Assess'],
      ['Q6', 'SE6', '2023-11-15', '2023-12-27', 'Assess'], // 42 days: within 6 weeks
    ],
  );
  await insert(
    database,
    'ssd_ehcp_assessment',
    ['ehca_ehcp_assessment_id', 'ehca_ehcp_request_id', 'ehca_ehcp_assessment_outcome_date', 'ehca_ehcp_assessment_exceptions'],
    [
      ['EA2', 'Q2', '2024-03-01', 'Y'], // an exception to the 20-week limit applies
      ['EA4', 'Q4', '2024-03-01', null],
      ['EA5', 'Q5', '2024-03-01', 'N'],
      ['EA6', 'Q6', '2024-03-01', 'N'],
    ],
  );
  await insert(
    database,
    'ssd_ehcp_named_plan',
    ['ehcn_named_plan_id', 'ehcn_ehcp_asmt_id', 'ehcn_named_plan_start_date'],
    [
      ['NP2', 'EA2', '2024-03-20'], // 140 days: within 20 weeks
      ['NP4', 'EA4', '2024-03-28'], // 118 days
      ['NP5', 'EA5', '2024-03-15'], // 165 days: late
      ['NP6', 'EA6', '2024-03-29'], // 135 days; K6 is not known to social care
    ],
  );
}
