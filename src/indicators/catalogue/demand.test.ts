/**
 * Demand indicators on a hand-made county. As-of dates 31 March 2024 (month window 1–31 March) and
 * 29 February 2024 (1–29 February). Child population 1,000, so a rate per 10,000 is count × 10.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const MAR = '2024-03-31';
const FEB = '2024-02-29';

async function load(database: Database) {
  await insert(database, 'ks_setting', ['setting_key', 'setting_value'], [['child_population', '1000']]);
  await insertPeople(database, [
    ['D1', '2015-01-01'],
    ['D2', '2016-01-01'],
    ['D3', '2017-01-01'],
    ['D4', '2012-01-01'],
    ['D5', '2013-01-01'],
    ['D6', '2020-01-01'],
    ['D7', '2010-01-01'],
    ['D8', '2021-01-01'],
    ['D9', '2005-06-15'],
    ['D10', '2002-03-31'],
    ['D11', '2006-04-01'],
  ]);
  await insert(
    database,
    'ssd_contacts',
    ['cont_contact_id', 'cont_person_id', 'cont_contact_date'],
    [
      ['CT1', 'D1', '2024-03-01 09:00'],
      ['CT2', 'D1', '2024-03-31 23:30'], // the last minute of the month still counts
      ['CT3', 'D2', '2024-02-29 10:00'],
      ['CT4', 'D3', '2024-04-01 00:00'], // April
    ],
  );
  await insert(
    database,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_referral_nfa', 'cine_close_date'],
    [
      ['R1', 'D1', '2023-05-10', 'N', '2023-08-01'],
      ['R2', 'D1', '2024-03-05', 'N', null], // re-referral: R1 within 12 months
      ['R3', 'D2', '2023-03-04', 'N', '2023-04-01'],
      ['R4', 'D2', '2024-03-04', 'N', null], // re-referral: R3 exactly 12 months before counts
      ['R5', 'D3', '2024-03-10', 'Y', '2024-03-10'], // two referrals the same day: neither is a re-referral;
      ['R6', 'D3', '2024-03-10', 'Y', '2024-03-10'], // closed the day they opened, never open on a date
      ['R7', 'D4', '2022-01-10', 'N', '2022-06-01'],
      ['R8', 'D4', '2024-03-20', 'N', null], // earlier referral over 12 months before: not a re-referral
      ['R9', 'D5', '2024-02-15', 'N', null],
      ['R10', 'D6', '2023-11-01', 'N', null],
      ['R11', 'D7', '2023-06-01', 'N', null],
    ],
  );
  await insert(
    database,
    'ssd_cp_plans',
    ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    [
      ['CP1', 'D6', '2023-12-01', null],
      ['CP2', 'D2', '2023-01-01', '2024-03-31'], // ends on the as-of date: not on a plan that day
      ['CP3', 'D8', '2024-03-15', null],
    ],
  );
  await insert(
    database,
    'ssd_cla_episodes',
    ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_cla_episode_ceased_reason'],
    [
      ['E1', 'D7', '2023-06-01', '2023-09-01', 'X1'], // two episodes, one period of care
      ['E2', 'D7', '2023-09-01', null, null],
      ['E3', 'D4', '2022-02-01', '2023-01-01', 'E4A'], // D4 leaves care…
      ['E4', 'D4', '2024-03-01', null, null], // …and re-enters in March: a new period
      ['E5', 'D5', '2024-01-10', '2024-03-31', 'E4A'], // leaves care on the as-of date
      ['E6', 'D9', '2015-01-01', '2023-06-15', 'E17'],
      ['E7', 'D10', '2010-01-01', '2020-03-31', 'E17'],
      ['E8', 'D11', '2020-01-01', '2024-01-01', 'E17'],
    ],
  );
  await insert(
    database,
    'ssd_care_leavers',
    ['clea_table_id', 'clea_person_id'],
    [
      ['CL9', 'D9'],
      ['CL10', 'D10'],
      ['CL11', 'D11'],
    ],
  );
  await insert(
    database,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name'],
    [
      ['W1', 'Worker One'],
      ['W2', 'Worker Two'],
    ],
  );
  await insert(
    database,
    'ssd_involvements',
    ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date'],
    [
      ['I1', 'W1', 'ALLOCATED_CASE_WORKER', 'D1', '2024-03-05', null],
      ['I2', 'W1', 'ALLOCATED_CASE_WORKER', 'D2', '2023-03-04', null],
      ['I3', 'W2', 'ALLOCATED_CASE_WORKER', 'D2', '2024-01-01', null], // co-allocated: one open case
      ['I4', 'W2', 'ALLOCATED_CASE_WORKER', 'D4', MAR, null], // starts on the as-of date: counts
      ['I5', 'W1', 'ALLOCATED_CASE_WORKER', 'D5', '2024-02-15', MAR], // ends on the as-of date: does not
      ['I6', 'W1', 'IRO', 'D6', '2023-01-01', null], // not case-holding
    ],
  );
  await insert(
    database,
    'ssd_s47_enquiry',
    ['s47e_s47_enquiry_id', 's47e_person_id', 's47e_s47_start_date'],
    [
      ['S1', 'D6', MAR],
      ['S2', 'D6', FEB],
    ],
  );
  await insert(
    database,
    'ssd_cin_assessments',
    ['cina_assessment_id', 'cina_person_id', 'cina_assessment_start_date', 'cina_assessment_auth_date'],
    [
      ['A1', 'D1', '2024-03-06', '2024-03-28'],
      ['A2', 'D2', '2024-03-05', '2024-04-01'],
      ['A3', 'D4', '2024-03-21', null],
    ],
  );
}

describe.each(engines)('demand indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
    values = await measure(
      database,
      [
        'demand.contacts',
        'demand.referrals',
        'demand.re_referrals_pct',
        'demand.referrals_nfa_pct',
        'demand.open_cases',
        'demand.children_in_need',
        'demand.children_in_need_per_10k',
        'demand.cp_plans',
        'demand.cp_plans_per_10k',
        'demand.looked_after',
        'demand.looked_after_per_10k',
        'demand.care_leavers',
        'demand.care_starts',
        'demand.care_ends',
        'demand.s47_enquiries',
        'demand.cp_plans_started',
        'demand.assessments_completed',
      ],
      [FEB, MAR],
    );
  });
  afterAll(async () => database?.drop());

  const value = (id: string, date: string) => values[id]![date]!.value;

  it('counts contacts in the month, to the last minute of its last day', () => {
    // March: CT1 (1 Mar) and CT2 (31 Mar 23:30); CT4 is 1 April. February: CT3.
    expect(value('demand.contacts', MAR)).toBe(2);
    expect(value('demand.contacts', FEB)).toBe(1);
  });

  it('counts referrals, re-referrals within 12 months and no further action', () => {
    // March referrals: R2, R4, R5, R6, R8 = 5. Re-referrals: R2 (R1 ten months before) and R4 (R3 exactly
    // 12 months before); R5 and R6 are the same day, R8's earlier referral is over two years before: 2/5.
    expect(values['demand.referrals']![MAR]).toMatchObject({ value: 5 });
    expect(values['demand.re_referrals_pct']![MAR]).toEqual({ numerator: 2, denominator: 5, value: 40 });
    expect(values['demand.referrals_nfa_pct']![MAR]).toEqual({ numerator: 2, denominator: 5, value: 40 });
    // February: R9 only, not a re-referral.
    expect(values['demand.re_referrals_pct']![FEB]).toEqual({ numerator: 0, denominator: 1, value: 0 });
  });

  it('counts open cases once per child, by half-open allocations', () => {
    // 31 March: D1, D2 (two workers, one case), D4 (starts that day); D5's allocation ends that day.
    expect(value('demand.open_cases', MAR)).toBe(3);
    // 29 February: D2 and D5.
    expect(value('demand.open_cases', FEB)).toBe(2);
  });

  it('counts children in need, on plans and looked after, with rates per 10,000', () => {
    // CIN 31 March: D1 (R2), D2 (R4), D4 (R8), D5 (R9), D6 (R10), D7 (R11) = 6; R5/R6 closed the day they opened.
    expect(value('demand.children_in_need', MAR)).toBe(6);
    expect(values['demand.children_in_need_per_10k']![MAR]).toEqual({ numerator: 6, denominator: 1000, value: 60 });
    // 29 February: D5, D6, D7.
    expect(value('demand.children_in_need', FEB)).toBe(3);
    // CP 31 March: D6 and D8 (CP2 ended that day); 29 February: D6 and D2.
    expect(value('demand.cp_plans', MAR)).toBe(2);
    expect(value('demand.cp_plans', FEB)).toBe(2);
    expect(value('demand.cp_plans_per_10k', MAR)).toBe(20);
    // Looked after 31 March: D7 (two episodes, one period) and D4 (re-entered 1 March); D5 left that day.
    expect(value('demand.looked_after', MAR)).toBe(2);
    // 29 February: D7 and D5.
    expect(value('demand.looked_after', FEB)).toBe(2);
    expect(value('demand.looked_after_per_10k', MAR)).toBe(20);
  });

  it('counts care leavers aged 18 to 21 by their birthdays', () => {
    // 31 March: D9 (18). D10's 22nd birthday is that day; D11 turns 18 on 1 April.
    expect(value('demand.care_leavers', MAR)).toBe(1);
    // 29 February: D9 and D10 (21).
    expect(value('demand.care_leavers', FEB)).toBe(2);
  });

  it('counts starts and ends of periods of care, and other events in the month', () => {
    // D4 re-enters care on 1 March (a new period: the earlier one ended in 2023); D5 leaves on 31 March.
    // D7's second episode (1 Sept 2023) continues a period, so it is not a start.
    expect(value('demand.care_starts', MAR)).toBe(1);
    expect(value('demand.care_ends', MAR)).toBe(1);
    expect(value('demand.care_starts', FEB)).toBe(0);
    expect(value('demand.s47_enquiries', MAR)).toBe(1);
    expect(value('demand.s47_enquiries', FEB)).toBe(1);
    expect(value('demand.cp_plans_started', MAR)).toBe(1);
    expect(value('demand.cp_plans_started', FEB)).toBe(0);
    // A1 authorised 28 March; A2 on 1 April; A3 not authorised.
    expect(value('demand.assessments_completed', MAR)).toBe(1);
  });
});
