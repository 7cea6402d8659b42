/**
 * Disabled children's indicators on a hand-made county, worked by hand. As-of dates are month ends
 * in 2024 (month window: that calendar month). Easter 2024: Good Friday 29 March, Easter Monday 1 April.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../test-support.ts';

const JAN = '2024-01-31';
const FEB = '2024-02-29';
const MAR = '2024-03-31';
const APR = '2024-04-30';

export async function loadDisabledCounty(database: Database) {
  await insertPeople(database, [
    ['K1', '2010-05-01'], ['K2', '2015-01-01'], ['K3', '2008-06-01'], ['K4', '2012-01-01'], ['K5', '2009-01-01'], ['K6', '2011-01-01'], ['K7', '2013-01-01'],
  ]);
  await insert(database, 'ssd_disability', ['disa_table_id', 'disa_person_id', 'disa_disability_code'], [
    ['DI1', 'K1', 'AUT'], ['DI2', 'K1', 'LD'], // two disabilities: one child
    ['DI3', 'K2', 'NONE'], // recorded as no disability
    ['DI4', 'K3', 'HEAR'],
    ['DI5', 'K5', 'mob '], // spelt loosely: still a disability
  ]);
  await insert(database, 'ssd_cin_episodes', ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_referral_nfa', 'cine_close_date'], [
    ['R1', 'K1', '2024-02-01', 'N', null],
    ['R2', 'K2', '2024-03-05', 'N', null],
    ['R3', 'K3', '2024-03-27', 'N', null],
    ['R4', 'K4', '2023-01-01', 'N', null],
    ['R5', 'K5', '2023-06-01', 'N', null],
  ]);
  await insert(database, 'ssd_cin_assessments', ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_auth_date', 'cina_assessment_outcome_nfa'], [
    ['A1', 'K1', 'R1', '2024-02-02', '2024-03-28', 'N'], // 40 working days after the referral
    ['A3', 'K3', 'R3', '2024-03-28', '2024-04-03', 'N'], // 3 working days: Good Friday and Easter Monday skipped
    ['A5', 'K5', 'R5', '2023-06-02', '2023-07-03', 'N'],
  ]);
  // K1's service: a child in need plan from 10 April, 7 working days after the assessment (28 March).
  await insert(database, 'ssd_cin_plans', ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_referral_id', 'cinp_cin_plan_start_date'], [['P1', 'K1', 'R1', '2024-04-10']]);
  await insert(database, 'ssd_cla_episodes', ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'], [
    ['E1', 'K5', '2024-01-30', '2024-02-02', 'V4'], // across the month end: 2 nights in January, 1 in February
    ['E2', 'K5', '2024-03-08', '2024-03-10', 'V4'], // 2 nights in March
    ['E3', 'K5', '2024-03-25', null, 'C2'], // full-time care after a series of short breaks
    ['E7', 'K7', '2023-10-01', '2023-10-04', 'V3'], // a single short break; its arrangement ends 90 days on, 2 January
  ]);
  await insert(database, 'ssd_legal_status', ['lega_legal_status_id', 'lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date', 'lega_legal_status_end_date'], [
    ['L2', 'K5', 'V4', '2024-03-08', '2024-03-10'], // the same stay as E2: not counted twice
    ['L3', 'K5', 'V4', '2024-03-22', '2024-03-22'], // a day-only stay: a stay, no night
  ]);
  await insert(database, 'ssd_send', ['send_table_id', 'send_person_id'], [['SE2', 'K2'], ['SE4', 'K4'], ['SE5', 'K5'], ['SE6', 'K6']]);
  await insert(database, 'ssd_ehcp_requests', ['ehcr_ehcp_request_id', 'ehcr_send_table_id', 'ehcr_ehcp_req_date', 'ehcr_ehcp_req_outcome_date', 'ehcr_ehcp_req_outcome'], [
    ['Q2', 'SE2', '2023-11-01', '2023-12-20', 'Assess'], // 49 days: not within 6 weeks
    ['Q4', 'SE4', '2023-12-01', '2024-01-10', 'Assess'],
    ['Q5', 'SE5', '2023-10-02', '2023-11-01', 'Assess'],
    ['Q6', 'SE6', '2023-11-15', '2023-12-27', 'Assess'], // 42 days: within 6 weeks
  ]);
  await insert(database, 'ssd_ehcp_assessment', ['ehca_ehcp_assessment_id', 'ehca_ehcp_request_id', 'ehca_ehcp_assessment_outcome_date', 'ehca_ehcp_assessment_exceptions'], [
    ['EA2', 'Q2', '2024-03-01', 'Y'], // an exception to the 20-week limit applies
    ['EA4', 'Q4', '2024-03-01', null],
    ['EA5', 'Q5', '2024-03-01', 'N'],
    ['EA6', 'Q6', '2024-03-01', 'N'],
  ]);
  await insert(database, 'ssd_ehcp_named_plan', ['ehcn_named_plan_id', 'ehcn_ehcp_asmt_id', 'ehcn_named_plan_start_date'], [
    ['NP2', 'EA2', '2024-03-20'], // 140 days: within 20 weeks
    ['NP4', 'EA4', '2024-03-28'], // 118 days
    ['NP5', 'EA5', '2024-03-15'], // 165 days: late
    ['NP6', 'EA6', '2024-03-29'], // 135 days; K6 is not known to social care
  ]);
}

describe.each(engines)('disabled children indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await loadDisabledCounty(database);
    values = await measure(
      database,
      [
        'disabled.children_in_need', 'disabled.share_of_children_in_need_pct', 'disabled.waiting_for_assessment', 'disabled.assessment_wait_within_target_pct',
        'disabled.assessment_wait_average_wd', 'disabled.waiting_for_service', 'disabled.service_wait_within_target_pct', 'disabled.short_breaks_children',
        'disabled.short_break_nights_per_child', 'disabled.short_break_stays_per_child', 'disabled.short_breaks_started', 'disabled.short_breaks_ended',
        'disabled.series_became_looked_after', 'disabled.ehcp_requests_decided_6_weeks_pct', 'disabled.ehcp_20_weeks_pct',
        'disabled.ehcp_20_weeks_with_exceptions_pct', 'disabled.ehcp_20_weeks_known_to_social_care_pct', 'disabled.young_people_14_to_17',
      ],
      ['2023-12-31', JAN, FEB, MAR, APR],
    );
  });
  afterAll(async () => database?.drop());

  const point = (id: string, date: string) => values[id]![date]!;

  it('counts each disabled child in need once, and their share of children in need', () => {
    // 31 March: K1 (two disabilities), K3, K5; K2 is recorded NONE, K4 has no record. Children in need: K1–K5.
    expect(point('disabled.children_in_need', MAR).value).toBe(3);
    expect(point('disabled.share_of_children_in_need_pct', MAR)).toEqual({ numerator: 3, denominator: 5, value: 60 });
    // 14 to 17 on 31 March: K3 (15) and K5 (15); K1 is 13.
    expect(point('disabled.young_people_14_to_17', MAR).value).toBe(2);
  });

  it('measures waits for assessment in working days, across a bank holiday', () => {
    // 29 February: K1 referred 1 February, not yet assessed. 31 March: K3 (referred 27 March).
    expect(point('disabled.waiting_for_assessment', FEB).value).toBe(1);
    expect(point('disabled.waiting_for_assessment', MAR).value).toBe(1);
    // A1: 1 February → 28 March = 20 working days in February after the 1st + 20 in March = 40 (≤ 45).
    expect(point('disabled.assessment_wait_average_wd', MAR)).toEqual({ numerator: 40, denominator: 1, value: 40 });
    expect(point('disabled.assessment_wait_within_target_pct', MAR)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // A3: 27 March → 3 April = 28 March, 2 April, 3 April (Good Friday and Easter Monday are not working days).
    expect(point('disabled.assessment_wait_average_wd', APR)).toEqual({ numerator: 3, denominator: 1, value: 3 });
  });

  it('measures waits from assessment to the start of a service', () => {
    // 31 March: K1 assessed 28 March, plan from 10 April. K5's short breaks began after A5, so K5 is not waiting.
    expect(point('disabled.waiting_for_service', MAR).value).toBe(1);
    // 30 April: K1's plan has started; K3 (assessed 3 April) has no service yet.
    expect(point('disabled.waiting_for_service', APR).value).toBe(1);
    // April: K1's plan, 7 working days after 28 March (29 March and 1 April are bank holidays) ≤ 20.
    expect(point('disabled.service_wait_within_target_pct', APR)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // January: K5's first short break (30 January) after A5 (3 July 2023): well over 20 working days.
    expect(point('disabled.service_wait_within_target_pct', JAN)).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it('counts short breaks, nights split at a month end, stays and arrangements', () => {
    expect(point('disabled.short_breaks_children', JAN).value).toBe(1);
    expect(point('disabled.short_break_nights_per_child', JAN)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    expect(point('disabled.short_break_nights_per_child', FEB)).toEqual({ numerator: 1, denominator: 1, value: 1 });
    // March: E2 (2 nights; L2 is the same stay) and L3 (a day, no night): 2 stays, 2 nights, 1 child.
    expect(point('disabled.short_break_nights_per_child', MAR)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    expect(point('disabled.short_break_stays_per_child', MAR)).toEqual({ numerator: 2, denominator: 1, value: 2 });
    // K5's arrangement starts 30 January (the March stays follow within 90 days); K7's ended 2 January.
    expect(point('disabled.short_breaks_started', JAN).value).toBe(1);
    expect(point('disabled.short_breaks_started', MAR).value).toBe(0);
    expect(point('disabled.short_breaks_ended', JAN).value).toBe(1);
    expect(point('disabled.series_became_looked_after', MAR).value).toBe(1);
    expect(point('disabled.series_became_looked_after', FEB).value).toBe(0);
  });

  it('measures EHC plans within 20 weeks, with and without exceptions, and for children known to social care', () => {
    // March plans: NP2 (exception, in time), NP4 (in time), NP5 (late), NP6 (in time).
    expect(point('disabled.ehcp_20_weeks_pct', MAR)).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(point('disabled.ehcp_20_weeks_with_exceptions_pct', MAR)).toEqual({ numerator: 3, denominator: 4, value: 75 });
    // Known to social care, exceptions left out: NP4 (K4) and NP5 (K5); K6 has no referral.
    expect(point('disabled.ehcp_20_weeks_known_to_social_care_pct', MAR)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    // January: Q4, decided 40 days after it was received.
    expect(point('disabled.ehcp_requests_decided_6_weeks_pct', JAN)).toEqual({ numerator: 1, denominator: 1, value: 100 });
    // December: Q2 (49 days, late) and Q6 (42 days, in time).
    expect(point('disabled.ehcp_requests_decided_6_weeks_pct', '2023-12-31')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });
});
