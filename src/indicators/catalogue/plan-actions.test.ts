/**
 * "Plans with every action dated" on a hand-made county, on 29 February, 31 March and 30 April 2024.
 * Plans: CPa (dated actions), CPb (an undated action recorded only on 5 April), CINc (an undated
 * action recorded on 10 March), CINd (undated action; ends 31 March, so out on that date: periods are
 * half-open), CINe (no actions: left out), L6 (a care plan, dated). An undated action filed under
 * the wrong plan type ('CIN' for CP plan CPa) belongs to no plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const ID = 'plans.actions_dated_pct';

async function load(database: Database) {
  await insertPeople(database, [
    ['P1', '2015-01-01'],
    ['P2', '2015-01-01'],
    ['P3', '2015-01-01'],
    ['P4', '2015-01-01'],
    ['P5', '2015-01-01'],
    ['P6', '2015-01-01'],
  ]);
  await insert(
    database,
    'ssd_cp_plans',
    ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    [
      ['CPa', 'P1', '2024-01-01', null],
      ['CPb', 'P2', '2023-06-01', null],
    ],
  );
  await insert(
    database,
    'ssd_cin_plans',
    ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_cin_plan_start_date', 'cinp_cin_plan_end_date', 'cinp_cin_plan_team'],
    [
      ['CINc', 'P3', '2024-02-01', null, 'T1'],
      ['CINd', 'P4', '2023-01-01', '2024-03-31', 'T1'],
      ['CINe', 'P5', '2024-03-01', null, 'T1'],
    ],
  );
  await insert(
    database,
    'ssd_cla_care_plan',
    ['lacp_table_id', 'lacp_person_id', 'lacp_cla_care_plan_start_date', 'lacp_cla_care_plan_end_date'],
    [['L6', 'P6', '2024-01-10', null]],
  );
  await insert(
    database,
    'ks_child_plan_action',
    ['plac_action_id', 'plac_person_id', 'plac_plan_type', 'plac_plan_id', 'plac_action_recorded_date', 'plac_action_due_date'],
    [
      ['A1', 'P1', 'CP', 'CPa', '2024-01-01', '2024-02-01'],
      ['A2', 'P1', 'CP', 'CPa', '2024-01-01', '2024-03-01'],
      ['AX', 'P1', 'CIN', 'CPa', '2024-01-01', null],
      ['B1', 'P2', 'CP', 'CPb', '2023-06-01', '2023-09-01'],
      ['B2', 'P2', 'CP', 'CPb', '2024-04-05', null],
      ['C1', 'P3', 'CIN', 'CINc', '2024-02-01', '2024-04-01'],
      ['C2', 'P3', 'CIN', 'CINc', '2024-03-10', null],
      ['D1', 'P4', 'CIN', 'CINd', '2023-01-01', null],
      ['L1', 'P6', 'CLA', 'L6', '2024-01-10', '2024-06-30'],
    ],
  );
}

describe.each(engines)('plans with every action dated on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
  });
  afterAll(async () => database?.drop());

  it('counts plans in effect with actions recorded by the date, passing those whose every action is dated', async () => {
    const values = (await measure(database, [ID], ['2024-02-29', '2024-03-31', '2024-04-30']))[ID]!;
    // February: CPa, CPb, CINc (C2 not yet recorded), L6 pass; CINd fails → 4 / 5.
    expect(values['2024-02-29']).toMatchObject({ numerator: 4, denominator: 5, value: 80 });
    // March: CINd has ended; CINc now has an undated action → CPa, CPb, L6 of CPa, CPb, CINc, L6.
    expect(values['2024-03-31']).toMatchObject({ numerator: 3, denominator: 4, value: 75 });
    // April: CPb's undated action B2 (recorded 5 April) now counts against it.
    expect(values['2024-04-30']).toMatchObject({ numerator: 2, denominator: 4, value: 50 });
  });
});
