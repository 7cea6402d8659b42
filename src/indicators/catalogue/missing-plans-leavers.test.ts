/**
 * Missing, plans, care leaver and workforce indicators on a hand-made county, as at 31 March 2024
 * (month window March 2024, 12-month window 1 April 2023 to 31 March 2024) and 29 February 2024.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { breakdownOn, WHOLE_COUNCIL } from '../engine.ts';
import { findIndicator } from './index.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const MAR = '2024-03-31';
const FEB = '2024-02-29';

async function load(database: Database) {
  await insertPeople(database, [
    ['G1', '2009-01-01'],
    ['G2', '2009-01-01'],
    ['G3', '2009-01-01'],
    ['G4', '2009-01-01'],
    ['G5', '2009-01-01'],
    ['Q1', '2015-01-01'],
    ['Q2', '2015-01-01'],
    ['Q3', '2015-01-01'],
    ['Q4', '2015-01-01'],
    ['Q5', '2015-01-01'],
    ['Q6', '2015-01-01'],
    ['N1', '2015-01-01'],
    ['N2', '2015-01-01'],
    ['N3', '2015-01-01'],
    ['N4', '2015-01-01'],
    ['CL1', '2004-06-01'],
    ['CL2', '2003-01-01'],
    ['CL3', '2002-04-01'],
    ['CL4', '2005-04-01'],
    ['CL5', '2004-01-01'],
  ]);
  // Missing. G1, G2 and G5 are looked after on 31 March.
  await insert(
    database,
    'ssd_cla_episodes',
    ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date'],
    [
      ['EG1', 'G1', '2023-01-01', null],
      ['EG2', 'G2', '2023-01-01', null],
      ['EG5', 'G5', '2023-01-01', null],
      ['EC1', 'CL1', '2015-01-01', '2022-06-01'],
      ['EC2', 'CL2', '2015-01-01', '2021-01-01'],
      ['EC3', 'CL3', '2015-01-01', '2020-04-01'],
      ['EC4', 'CL4', '2015-01-01', '2023-04-01'],
      ['EC5', 'CL5', '2015-01-01', '2024-04-15'],
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
      'miss_missing_rhi_accepted',
      'miss_missing_rhi_offered_date',
    ],
    [
      ['M1', 'G1', 'M', '2023-05-01 20:00', '2023-05-02 08:00', 'Y', 'N', '2023-05-03 10:00'],
      ['M2', 'G1', 'M', '2023-12-01 20:00', '2023-12-02 08:00', 'Y', 'N', '2023-12-03 10:00'],
      ['M3', 'G1', 'M', '2024-03-05 10:00', '2024-03-06 10:00', 'Y', 'Y', '2024-03-07 10:00'],
      ['M4', 'G1', 'M', '2024-03-20 18:00', '2024-03-21 08:00', 'N', null, null],
      ['M5', 'G2', 'M', '2024-03-31 23:30', null, null, null, null], // still missing at the month end
      ['M6', 'G3', 'A', '2024-03-15 18:00', '2024-03-15 22:00', null, null, null], // away: not counted
      ['M7', 'G4', 'M', '2024-02-28 20:00', '2024-03-01 09:00', 'Y', 'N', '2024-03-02 10:00'], // starts in Feb, ends in March
      ['M8', 'G4', 'M', '2023-03-31 23:00', '2023-04-01 02:00', 'Y', 'N', '2023-04-02 10:00'], // before the 12 months
    ],
  );
  // Child protection plans.
  await insert(
    database,
    'ssd_cp_plans',
    ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    [
      ['K1', 'Q1', '2022-03-01', '2024-03-01'], // exactly 2 years
      ['K2', 'Q2', '2022-03-02', '2024-03-01'], // a day short
      ['K3', 'Q3', '2023-10-01', MAR], // ends on the as-of date: ended in March
      ['K4old', 'Q4', '2020-01-01', '2021-01-01'],
      ['K4', 'Q4', '2024-03-10', null], // repeat, but not within 2 years
      ['K5old', 'Q5', '2022-01-01', '2022-03-10'],
      ['K5', 'Q5', '2024-03-10', null], // repeat, previous ended exactly 2 years before
      ['K6', 'Q6', '2024-03-12', null], // first plan
    ],
  );
  // Child in need plans and visits (standard 20 working days: 29 Feb is 20 before 31 Mar; 28 Feb is 21).
  await insert(
    database,
    'ssd_cin_plans',
    ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_cin_plan_start_date', 'cinp_cin_plan_end_date'],
    [
      ['N1p', 'N1', '2024-01-01', null],
      ['N2p', 'N2', '2024-01-01', MAR],
      ['N3p', 'N3', '2024-03-25', null],
      ['N4p', 'N4', '2023-06-01', null],
    ],
  );
  await insert(
    database,
    'ssd_cin_visits',
    ['cinv_cin_visit_id', 'cinv_person_id', 'cinv_cin_visit_date', 'cinv_cin_visit_seen'],
    [
      ['NV1', 'N1', '2024-02-29', 'Y'],
      ['NV4', 'N4', '2024-02-28', 'Y'],
    ],
  );
  // Care leavers (records hold the latest information).
  await insert(
    database,
    'ssd_care_leavers',
    [
      'clea_table_id',
      'clea_person_id',
      'clea_care_leaver_in_touch',
      'clea_care_leaver_accom_suitable',
      'clea_care_leaver_activity',
      'clea_pathway_plan_review_date',
    ],
    [
      ['L1', 'CL1', 'YES', '1', 'F2', '2024-01-15'], // 19
      ['L2', 'CL2', 'NO', '2', 'G5', '2023-09-30'], // 21; review exactly 6 months before: outside
      ['L3', 'CL3', 'REFU', '1', 'P4', null], // 21 until 1 April 2024
      ['L4', 'CL4', 'YES', '1', 'F1', '2024-03-01'], // 18: not in the 19–21 group
      ['L5', 'CL5', 'YES', '1', 'F1', '2024-03-01'], // still in care on 31 March
    ],
  );
  // Workforce.
  await insert(
    database,
    'ssd_department',
    ['dept_team_id', 'dept_team_name', 'dept_team_type'],
    [
      ['T1', 'Team One', 'team'],
      ['T2', 'Team Two', 'team'],
    ],
  );
  await insert(
    database,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name', 'prof_agency_worker_flag'],
    [
      ['P1', 'P One', 'N'],
      ['P2', 'P Two', 'Y'],
      ['P3', 'P Three', 'N'],
      ['P4', 'P Four', 'N'],
      ['P5', 'P Five', 'N'],
      ['P6', 'P Six', 'N'],
      ['P7', 'P Seven', 'N'],
      ['P8', 'P Eight', 'Y'],
    ],
  );
  await insert(
    database,
    'ks_team_membership',
    ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date', 'memb_end_date'],
    [
      ['P1', 'T1', 'social_worker', '2022-01-01', null],
      ['P2', 'T1', 'social_worker', '2022-01-01', null],
      ['P3', 'T2', 'senior_social_worker', '2022-01-01', null],
      ['P4', 'T2', 'team_manager', '2022-01-01', null], // not case-holding
      ['P5', 'T1', 'social_worker', '2022-01-01', '2023-10-01'], // leaver
      ['P6', 'T1', 'social_worker', '2022-01-01', '2023-06-01'], // moves team: not a leaver
      ['P6', 'T2', 'social_worker', '2023-06-01', null],
      ['P7', 'T2', 'social_worker', '2020-01-01', '2023-03-31'], // left before the 12 months
      ['P8', 'T2', 'asye_social_worker', '2023-09-01', MAR], // leaves on the as-of date
    ],
  );
}

describe.each(engines)('missing, plans, care leaver and workforce indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
    values = await measure(
      database,
      [
        'missing.children',
        'missing.episodes',
        'missing.repeat_pct',
        'missing.rhi_offered_pct',
        'missing.rhi_accepted_pct',
        'missing.looked_after_pct',
        'plans.cp_two_years_pct',
        'plans.cp_repeat_pct',
        'plans.cp_repeat_2y_pct',
        'plans.cin_plans',
        'plans.cin_visits_pct',
        'care_leavers.in_touch_pct',
        'care_leavers.suitable_accommodation_pct',
        'care_leavers.eet_pct',
        'care_leavers.pathway_plan_reviewed_pct',
        'workforce.agency_pct',
        'workforce.turnover_pct',
      ],
      [FEB, MAR],
    );
  });
  afterAll(async () => database?.drop());
  const at = (id: string, date = MAR) => values[id]![date]!;

  it('missing children, episodes and repeats', () => {
    // Starting in March (not "away"): M3, M4 (G1), M5 (G2, still missing).
    expect(at('missing.children').value).toBe(2);
    expect(at('missing.episodes').value).toBe(3);
    expect(at('missing.children', FEB).value).toBe(1); // G4's M7
    // G1 has M1, M2, M3, M4 in the 12 months (3 or more); G2 one.
    expect(at('missing.repeat_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
    // Looked after on 31 March: G1, G2 (missing in March), G5 and CL5 (in care until 15 April).
    expect(at('missing.looked_after_pct')).toEqual({ numerator: 2, denominator: 4, value: 50 });
  });

  it('return home interviews offered and accepted', () => {
    // Ended in March: M3 (offered, accepted), M4 (not offered), M7 (offered, declined). M5 has not ended.
    expect(at('missing.rhi_offered_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(at('missing.rhi_accepted_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('child protection plan length and repeats', () => {
    // Ended in March: K1 (exactly 2 years), K2 (a day short), K3 (ended on 31 March).
    expect(at('plans.cp_two_years_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    // Started in March: K4 (repeat), K5 (repeat within 2 years: previous ended 10 March 2022), K6 (first).
    expect(at('plans.cp_repeat_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(at('plans.cp_repeat_2y_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
  });

  it('child in need plans and visits', () => {
    // On a plan on 31 March: N1, N3, N4 (N2's ended that day).
    expect(at('plans.cin_plans').value).toBe(3);
    // Visits due: N1 (seen 29 Feb, 20 working days before) and N4 (28 Feb, 21); N3's plan is 3 working days old.
    expect(at('plans.cin_visits_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('care leavers aged 19 to 21', () => {
    // CL1 (19), CL2 (21), CL3 (21 until 1 April). CL4 is 18; CL5 is still in care.
    expect(at('care_leavers.in_touch_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    expect(at('care_leavers.suitable_accommodation_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 });
    expect(at('care_leavers.eet_pct')).toEqual({ numerator: 2, denominator: 3, value: 66.7 }); // F2, P4
    expect(at('care_leavers.pathway_plan_reviewed_pct')).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
  });

  it('agency workers and turnover, by team', async () => {
    // Case-holding members on 31 March: P1, P2 (agency) in T1; P3, P6 in T2. P8 left that day.
    expect(at('workforce.agency_pct')).toEqual({ numerator: 1, denominator: 4, value: 25 });
    // Leavers in the 12 months: P5 (1 Oct 2023) and P8 (31 March 2024); P6 moved team; P7 left before.
    expect(at('workforce.turnover_pct')).toEqual({ numerator: 2, denominator: 4, value: 50 });
    const byTeam = await breakdownOn(database, findIndicator('workforce.agency_pct')!, MAR, 'team', { selection: WHOLE_COUNCIL, threshold: 20 });
    expect(byTeam.map((row) => [row.label, row.numerator, row.denominator, row.value])).toEqual([
      ['Team One', 1, 2, 50],
      ['Team Two', 0, 2, 0],
    ]);
  });
});
