/**
 * Timeliness indicators on a hand-made county, as at 31 March 2024 (month window: March 2024).
 * Working days exclude weekends and English bank holidays: in this period 25 and 26 December 2023,
 * 1 January 2024, Good Friday 29 March 2024 and Easter Monday 1 April 2024. Working days from A to B
 * are those after A up to and including B. Useful counts: January 2024 has 22 working days, February
 * 21, March 20; the 31st (a Sunday) is worth the same as Thursday 28 March.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const MAR = '2024-03-31';
const FEB = '2024-02-29';
const ACA = 'ALLOCATED_CASE_WORKER';

async function load(database: Database) {
  const people = [
    'T1',
    'T2',
    'T3',
    'T4',
    'T5',
    'TA',
    'TB',
    'C1',
    'C2',
    'C3',
    'C4',
    'C5',
    'C6',
    'L1',
    'L2',
    'L3',
    'L4',
    'L5',
    'L6',
    'L7',
    'L9',
    'G1',
    'G2',
    'G4',
  ];
  await insertPeople(database, [...people.map((id): [string, string] => [id, '2012-01-01']), ['L8', '2020-01-01'], ['L9X', '2010-05-05']]);
  await insert(
    database,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_decision_date'],
    [
      ['RT1', 'T1', '2024-03-28', '2024-04-02'], // Thu → Tue over Easter: 1 working day
      ['RT2', 'T2', '2024-03-27', '2024-04-02'], // Wed → Tue: 2
      ['RT3', 'T3', '2024-03-15', '2024-03-15'], // same day: 0
      ['RT4', 'T4', '2024-03-08', null], // no decision recorded: not within
      ['RT5', 'T5', '2024-03-09', '2024-03-11'], // Saturday → Monday: 1
      ['RA', 'TA', '2023-12-20', '2023-12-20'],
      ['RB', 'TB', '2024-01-02', '2024-01-02'],
    ],
  );
  await insert(
    database,
    'ssd_cin_assessments',
    ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_auth_date'],
    [
      ['AS1', 'TA', 'RA', '2024-01-02', '2024-03-05'], // 21 (Jan 3–31) + 21 (Feb) + 3 (1, 4, 5 Mar) = 45: on time
      ['AS2', 'TB', 'RB', '2024-01-02', '2024-03-06'], // 46: late
      ['AS3', 'T3', null, '2024-03-01', '2024-03-31'], // on time, no referral linked
      ['AS6', 'T4', null, '2023-12-01', '2024-03-31'], // authorised on the as-of date: complete, and late (81)
      ['AS4', 'T5', null, '2024-01-02', null], // open 62 working days on 31 March
      ['AS5', 'T1', null, '2024-03-01', null], // open 20
    ],
  );
  await insert(
    database,
    'ssd_s47_enquiry',
    ['s47e_s47_enquiry_id', 's47e_person_id', 's47e_s47_start_date'],
    [
      ['S1', 'C1', '2024-03-08'],
      ['S2', 'C2', '2024-03-07'],
      ['S3', 'C3', '2024-03-06'],
    ],
  );
  await insert(
    database,
    'ssd_initial_cp_conference',
    ['icpc_icpc_id', 'icpc_person_id', 'icpc_s47_enquiry_id', 'icpc_icpc_date', 'icpc_icpc_transfer_in'],
    [
      ['IC1', 'C1', 'S1', '2024-03-28', 'N'], // 14 working days
      ['IC2', 'C2', 'S2', '2024-03-28', 'N'], // 15: on time
      ['IC3', 'C3', 'S3', '2024-03-28', 'N'], // 16: late
      ['IC4', 'C4', null, '2024-03-20', 'N'], // no enquiry linked: cannot be timed (a data gap, not late)
      ['IC5', 'C5', null, '2024-03-20', 'Y'], // transfer-in: not counted
    ],
  );
  await insert(
    database,
    'ssd_cp_plans',
    ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    [
      ['P1', 'C1', '2023-12-15', null],
      ['P2', 'C2', '2023-09-01', null],
      ['P3', 'C3', '2023-12-01', null],
      ['P4', 'C4', '2023-12-20', null],
      ['P5', 'C5', '2024-01-10', null],
      ['P6', 'C6', '2024-03-20', null],
    ],
  );
  await insert(
    database,
    'ssd_cp_reviews',
    ['cppr_cp_review_id', 'cppr_person_id', 'cppr_cp_plan_id', 'cppr_cp_review_date'],
    [
      ['CR1', 'C1', 'P1', '2024-03-15'], // first review, due 15 March (3 months): on time
      ['CR2a', 'C2', 'P2', '2023-12-01'],
      ['CR2b', 'C2', 'P2', '2024-03-02'], // second, due 1 June (6 months after the first): on time
      ['CR3', 'C3', 'P3', '2024-03-04'], // first, due 1 March: late
    ],
  );
  await insert(
    database,
    'ssd_cp_visits',
    ['cppv_cp_visit_id', 'cppv_person_id', 'cppv_cp_plan_id', 'cppv_cp_visit_date', 'cppv_cp_visit_seen'],
    [
      ['V1', 'C1', 'P1', '2024-03-14', 'Y'], // 10 working days before 31 March: within
      ['V2', 'C2', 'P2', '2024-03-13', 'Y'], // 11: outside
      ['V2b', 'C2', 'P2', '2024-03-20', 'N'], // child not seen: does not count
      ['V3', 'C3', 'P3', '2024-03-28', 'Y'],
      ['V5', 'C5', 'P5', '2024-03-25', 'Y'],
    ],
  );

  // Looked after. L9X is the child with the long-term health checks (aged 13).
  await insert(
    database,
    'ssd_cla_episodes',
    ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date'],
    [
      ['EL1', 'L1', '2024-02-19', null], // first review due 18 March (20 working days)
      ['EL2', 'L2', '2024-03-01', null], // due 2 April: Easter moves it out of March
      ['EL3', 'L3', '2024-02-16', null], // due 15 March
      ['EL4', 'L4', '2024-02-20', '2024-03-10'], // due 19 March, but left care before: not counted
      ['EL5a', 'L5', '2023-01-01', '2023-06-01'], // re-enters care: the new period needs its own first review
      ['EL5b', 'L5', '2024-02-19', null],
      ['EL6', 'L6', '2023-06-01', null],
      ['EL7', 'L7', '2023-06-01', null],
      ['EL8', 'L8', '2022-06-01', null],
      ['EL9', 'L9X', '2023-01-01', null],
    ],
  );
  await insert(
    database,
    'ssd_cla_reviews',
    ['clar_cla_review_id', 'clar_person_id', 'clar_cla_review_date', 'clar_cla_review_cancelled'],
    [
      ['LR1', 'L1', '2024-03-18', 'N'], // first, due 18 March: on time
      ['LR3', 'L3', '2024-03-18', 'N'], // first, due 15 March: late
      ['LR5', 'L5', '2023-02-01', 'N'], // in the earlier period only
      ['LR6a', 'L6', '2023-06-20', 'N'],
      ['LR6b', 'L6', '2023-09-15', 'N'],
      ['LR6c', 'L6', '2024-03-14', 'N'], // third, due 15 March: on time
      ['LR7a', 'L7', '2023-06-20', 'N'],
      ['LR7b', 'L7', '2023-09-15', 'N'],
      ['LR7c', 'L7', '2024-03-20', 'N'], // due 15 March: late
      ['LR7x', 'L7', '2024-03-10', 'Y'], // cancelled: not a review
      ['LR8a', 'L8', '2022-06-20', 'N'],
      ['LR8b', 'L8', '2022-09-15', 'N'],
      ['LR8c', 'L8', '2023-03-10', 'N'],
      ['LR8d', 'L8', '2023-09-05', 'N'],
      ['LR8e', 'L8', '2024-03-01', 'N'], // due 5 March: on time
      ['LR9a', 'L9X', '2023-01-25', 'N'],
      ['LR9b', 'L9X', '2023-04-20', 'N'],
      ['LR9c', 'L9X', '2023-10-10', 'N'], // next due 10 April
    ],
  );
  await insert(
    database,
    'ssd_cla_placement',
    ['clap_cla_placement_id', 'clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_end_date', 'clap_cla_placement_type'],
    [
      ['PL2', 'L2', '2024-03-01', null, 'U3'],
      ['PL3', 'L3', '2024-02-16', null, 'U3'],
      ['PL6', 'L6', '2023-06-01', null, 'U4'], // long-term type but under a year: 6-weekly
      ['PL8', 'L8', '2022-06-01', null, 'U4'], // long-term for over a year: 3-monthly
      ['PL9a', 'L9X', '2023-01-01', '2024-03-20', 'U3'],
      ['PL9b', 'L9X', '2024-03-20', null, 'U3'],
    ],
  );
  await insert(
    database,
    'ssd_cla_visits',
    ['clav_cla_visit_id', 'clav_person_id', 'clav_cla_visit_date', 'clav_cla_visit_seen'],
    [
      ['LV2', 'L2', '2024-03-08', 'Y'], // 7 days after placement: within the week
      ['LV3', 'L3', '2024-02-20', 'Y'], // within 42 days of 31 March (after 18 February)
      ['LV6', 'L6', '2024-02-18', 'Y'], // exactly 42 days before: outside
      ['LV8', 'L8', '2024-01-15', 'Y'], // within 3 months
      ['LV9', 'L9X', '2024-03-28', 'Y'], // 8 days after the new placement: outside the week, within 42 days
    ],
  );
  await insert(
    database,
    'ssd_cla_health',
    ['clah_health_check_id', 'clah_person_id', 'clah_health_check_type', 'clah_health_check_date', 'clah_health_check_status'],
    [
      ['H1', 'L1', 'Initial Health Assessment', '2024-03-18', 'Completed'], // on the 20th working day
      ['H3', 'L3', 'Initial Health Assessment', '2024-03-20', 'Completed'], // late
      ['H5', 'L5', 'Initial Health Assessment', '2024-03-01', 'Refused'], // refused: not done
      ['H8', 'L8', 'Review Health Assessment', '2023-11-01', 'Completed'], // under 5: within 6 months
      ['H9', 'L9X', 'Review Health Assessment', '2023-03-30', 'Completed'], // 13: over 12 months ago
      ['D8', 'L8', 'Dental Check', '2023-04-15', 'Completed'],
      ['D9', 'L9X', 'Dental Check', '2024-01-10', 'Not completed'],
    ],
  );
  await insert(
    database,
    'ssd_missing',
    [
      'miss_table_id',
      'miss_person_id',
      'miss_missing_episode_type',
      'miss_missing_episode_start_date',
      'miss_missing_episode_end_date',
      'miss_missing_rhi_offered',
      'miss_missing_rhi_offered_date',
    ],
    [
      ['M1', 'G1', 'M', '2024-03-09 20:00', '2024-03-10 12:00', 'Y', '2024-03-13 12:00'], // exactly 72 hours
      ['M2', 'G2', 'M', '2024-03-09 20:00', '2024-03-10 12:00', 'Y', '2024-03-13 12:01'], // a minute over
      ['M3', 'G4', 'M', '2024-03-31 20:00', '2024-03-31 23:00', null, null], // not offered (yet)
      ['M4', 'G4', 'A', '2024-03-20 20:00', '2024-03-21 08:00', null, null], // away, not missing
    ],
  );
  void ACA;
}

describe.each(engines)('timeliness indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
    values = await measure(
      database,
      [
        'timeliness.referral_decision_1wd_pct',
        'timeliness.assessments_45wd_pct',
        'timeliness.assessments_45wd_from_referral_pct',
        'timeliness.assessments_open_over_45wd',
        'timeliness.icpc_15wd_pct',
        'timeliness.icpc_untimed',
        'timeliness.cp_reviews_on_time_pct',
        'timeliness.cp_reviews_overdue',
        'timeliness.cp_visits_pct',
        'timeliness.cla_first_review_20wd_pct',
        'timeliness.cla_reviews_on_time_pct',
        'timeliness.cla_reviews_overdue',
        'timeliness.cla_visits_pct',
        'timeliness.cla_placement_visit_1wk_pct',
        'timeliness.initial_health_assessment_20wd_pct',
        'timeliness.health_assessments_pct',
        'timeliness.dental_checks_pct',
        'timeliness.rhi_offered_72h_pct',
      ],
      [FEB, MAR],
    );
  });
  afterAll(async () => database?.drop());
  const at = (id: string, date = MAR) => values[id]![date]!;

  it('referral decisions within 1 working day, across Easter', () => {
    // RT1 (1, Good Friday and Easter Monday skipped), RT3 (0), RT5 (Saturday to Monday, 1) of RT1–RT5.
    expect(at('timeliness.referral_decision_1wd_pct')).toEqual({ numerator: 3, denominator: 5, value: 60 });
  });

  it('assessments within 45 working days, from start and from referral', () => {
    // Authorised in March: AS1 (45) and AS3 on time; AS2 (46) and AS6 late.
    expect(at('timeliness.assessments_45wd_pct')).toEqual({ numerator: 2, denominator: 4, value: 50 });
    // From referral: AS1 from RA on 20 Dec 2023 = 5 (21, 22, 27, 28, 29 Dec) + 22 + 21 + 3 = 51; AS2 from RB = 46.
    // AS3 and AS6 have no referral: not counted.
    expect(at('timeliness.assessments_45wd_from_referral_pct')).toEqual({ numerator: 0, denominator: 2, value: 0 });
    // Open on 31 March: AS4 (62) and AS5 (20): one over 45. On 29 February: AS1, AS2, AS4 at 42, and
    // AS6 open since 1 Dec 2023 at 18 + 22 + 21 = 61.
    expect(at('timeliness.assessments_open_over_45wd').value).toBe(1);
    expect(at('timeliness.assessments_open_over_45wd', FEB).value).toBe(1);
  });

  it('initial conferences within 15 working days of the section 47 enquiry', () => {
    // IC1 (14) and IC2 (15) of IC1–IC3; IC4 has no enquiry (a data gap, counted apart); IC5 is a transfer-in.
    expect(at('timeliness.icpc_15wd_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(at('timeliness.icpc_untimed').value).toBe(1);
  });

  it('child protection reviews and visits', () => {
    // Reviews in March: CR1 on time, CR2b on time, CR3 late.
    expect(at('timeliness.cp_reviews_on_time_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    // Overdue on 31 March: P4 (started 20 Dec, no review, due 20 March). P5 is due 10 April.
    expect(at('timeliness.cp_reviews_overdue')).toMatchObject({ numerator: 1, value: 1 });
    // Visits: C1 (10 working days), C3, C5 seen; C2's last seen visit is 11 working days back; C4 never
    // visited; C6's plan started 6 working days before, so no visit is due yet.
    expect(at('timeliness.cp_visits_pct')).toEqual({ numerator: 3, denominator: 5, value: 60 });
  });

  it('looked-after reviews: first within 20 working days, on time, overdue', () => {
    // First reviews due in March: L1 (18th, held 18th), L3 (15th, held 18th), L5 (18th, none in the new
    // period). L2's falls on 2 April because of Easter; L4 left care before hers.
    expect(at('timeliness.cla_first_review_20wd_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    // Held in March: LR1 on time, LR3 late, LR6c on time, LR7c late, LR8e on time (the cancelled LR7x is no review).
    expect(at('timeliness.cla_reviews_on_time_pct')).toEqual({ numerator: 3, denominator: 5, value: 60 });
    // Overdue on 31 March: L5 only (first review was due 18 March).
    expect(at('timeliness.cla_reviews_overdue')).toMatchObject({ numerator: 1, value: 1 });
  });

  it('looked-after visits', () => {
    // In care over 42 days on 31 March: L3 (visited 20 Feb, within), L6 (18 Feb: exactly 42 days, outside),
    // L7 (never), L8 (long-term placement over a year: 15 Jan within 3 months), L9X (28 Mar).
    expect(at('timeliness.cla_visits_pct')).toEqual({ numerator: 3, denominator: 5, value: 60 });
    // Placements starting in March: PL2 (visited on day 7) and PL9b (day 8).
    expect(at('timeliness.cla_placement_visit_1wk_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('health assessments', () => {
    // Initial assessment due in March: L1 on the day, L3 late, L5 refused.
    expect(at('timeliness.initial_health_assessment_20wd_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    // Looked after 12 months or more: L8 (under 5, assessed within 6 months) and L9X (13, last over 12 months ago).
    expect(at('timeliness.health_assessments_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(at('timeliness.dental_checks_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('return home interviews offered within 72 hours', () => {
    // M1 exactly 72 hours; M2 72 hours and a minute; M3 not offered; M4 is "away", not missing.
    expect(at('timeliness.rhi_offered_72h_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
  });
});
