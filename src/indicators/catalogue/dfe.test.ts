/**
 * DfE's definitions, rule by rule, on hand-made children (shared/domain/dfe-definitions.md;
 * catalogue/dfe.ts). Each expected value is worked out in the comments from the rule, not from the SQL.
 * As at 31 March 2024 (the month window March 2024, the 12 months from 1 April 2023) unless named.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { findIndicator } from './index.ts';
import { childrenBehind, WHOLE_COUNCIL } from '../engine.ts';
import type { SqlIndicator } from '../types.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const MAR = '2024-03-31';
const MAR_2018 = '2018-03-31';
const FEB_2018 = '2018-02-28';

type Episode = [id: string, child: string, start: string, rne: string | null, ls: string, end: string | null, rec: string | null, place: string];

/** Episodes, with one placement per episode that changes placement (RNE other than L), as the 903 importer stores them. */
async function episodes(database: Database, rows: Episode[]) {
  await insert(
    database,
    'ssd_cla_episodes',
    [
      'clae_cla_episode_id',
      'clae_person_id',
      'clae_cla_episode_start_date',
      'clae_cla_episode_start_reason',
      'clae_legal_status',
      'clae_cla_episode_ceased_date',
      'clae_cla_episode_ceased_reason',
      'clae_cla_placement_id',
    ],
    rows.map(([id, child, start, rne, ls, end, rec]) => [id, child, start, rne, ls, end, rec, `P-${id}`]),
  );
  await insert(
    database,
    'ssd_cla_placement',
    ['clap_cla_placement_id', 'clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_end_date', 'clap_cla_placement_type'],
    rows.map(([id, child, start, , , end, , place]) => [`P-${id}`, child, start, end, place]),
  );
}

async function load(database: Database) {
  await insertPeople(database, [
    ['LA1', '2012-01-01'],
    ['SB1', '2012-01-01'],
    ['SB2', '2012-01-01'],
    ['SB3', '2012-01-01'],
    ['ST1', '2012-01-01'],
    ['ST2', '2012-01-01'],
    ['ST3', '2012-01-01'],
    ['ST4', '2012-01-01'],
    ['ST5', '2012-01-01'],
    ['ST6', '2012-01-01'],
    ['BD1', '2012-01-01'],
    ['NS1', '2012-01-01'],
    ['H1', '2008-01-01'],
    ['H2', '2008-01-01'],
    ['H3', '2008-01-01'],
    ['H4', '2008-01-01'],
    ['CL1', '1998-05-01'],
    ['CL2', '1997-01-01'],
    ['CL3', '1999-06-01'],
    ['CL4', '1998-01-01'],
    ['CP1', '2015-01-01'],
    ['CP2', '2015-01-01'],
    ['AS1', '2015-01-01'],
    ['AS2', '2015-01-01'],
    ['DC1', '2015-01-01'],
    ['NFA1', '2015-01-01'],
    ['OK1', '2015-01-01'],
  ]);
  await episodes(database, [
    ['LA1', 'LA1', '2023-01-01', 'S', 'C2', null, null, 'U6'],
    // Short breaks: SB1 on V3 throughout; SB2 looked after, then on a V4 short break on 31 March.
    ['SB1', 'SB1', '2024-01-01', 'S', 'V3', null, null, 'U6'],
    ['SB2a', 'SB2', '2023-06-01', 'S', 'C2', '2024-02-01', 'X1', 'U6'],
    ['SB2b', 'SB2', '2024-02-01', 'L', 'V4', null, null, 'U6'],
    ['SB3', 'SB3', '2024-03-01', 'S', 'V3', '2024-03-15', 'E8', 'U6'],
    // ST1: foster carers since 2020; on 1 June 2023 the placement changes with the same carers (RNE T).
    ['ST1a', 'ST1', '2020-01-01', 'S', 'C2', '2023-06-01', 'X1', 'U4'],
    ['ST1b', 'ST1', '2023-06-01', 'T', 'C2', null, null, 'U1'],
    // ST2: the same, but new carers (RNE P).
    ['ST2a', 'ST2', '2020-01-01', 'S', 'C2', '2023-06-01', 'X1', 'U4'],
    ['ST2b', 'ST2', '2023-06-01', 'P', 'C2', null, null, 'U1'],
    // ST3: placed for adoption on 1 January 2023 after a placement from 1 January 2021: together over 2 years.
    ['ST3a', 'ST3', '2020-01-01', 'S', 'C2', '2021-01-01', 'X1', 'U4'],
    ['ST3b', 'ST3', '2021-01-01', 'P', 'C2', '2023-01-01', 'X1', 'U6'],
    ['ST3c', 'ST3', '2023-01-01', 'P', 'E1', null, null, 'A4'],
    // ST4: placed for adoption on 1 January 2023 after a placement from 1 June 2022: together under 2 years.
    ['ST4a', 'ST4', '2020-01-01', 'S', 'C2', '2022-06-01', 'X1', 'U4'],
    ['ST4b', 'ST4', '2022-06-01', 'P', 'C2', '2023-01-01', 'X1', 'U6'],
    ['ST4c', 'ST4', '2023-01-01', 'P', 'E1', null, null, 'A4'],
    // ST5: three placements in the year, one of them temporary (T1: a holiday).
    ['ST5a', 'ST5', '2023-01-01', 'S', 'C2', '2023-05-01', 'X1', 'U6'],
    ['ST5b', 'ST5', '2023-05-01', 'P', 'C2', '2023-05-10', 'X1', 'T1'],
    ['ST5c', 'ST5', '2023-05-10', 'P', 'C2', null, null, 'U4'],
    // ST6: three carers in the year.
    ['ST6a', 'ST6', '2023-01-01', 'S', 'C2', '2023-05-01', 'X1', 'U6'],
    ['ST6b', 'ST6', '2023-05-01', 'P', 'C2', '2023-09-01', 'X1', 'U4'],
    ['ST6c', 'ST6', '2023-09-01', 'B', 'C1', null, null, 'U5'],
    // BD1: the data begin part-way through BD1's care (first episode RNE P); care ends in March (E11).
    ['BD1', 'BD1', '2024-03-05', 'P', 'C2', '2024-03-20', 'E11', 'U6'],
    // NS1: starts in March (S); the episode ends X1 but no next episode is in the data: not a ceasing.
    ['NS1', 'NS1', '2024-03-10', 'S', 'C2', '2024-03-25', 'X1', 'U6'],
    // OC2 cohort on 31 March 2018: H1 and H2 (12 months or more); H3 too recent; H4 on a short break.
    ['H1', 'H1', '2016-01-01', 'S', 'C2', '2019-01-01', 'E11', 'U6'],
    ['H2', 'H2', '2016-06-01', 'S', 'C2', '2019-01-01', 'E11', 'U6'],
    ['H3', 'H3', '2017-10-01', 'S', 'C2', '2019-01-01', 'E11', 'U6'],
    ['H4', 'H4', '2016-01-01', 'S', 'V4', '2019-01-01', 'E11', 'U6'],
  ]);
  const oc2 = (child: string, health: string, teeth: string) => [`OC2/${child}`, child, MAR_2018, health, teeth];
  await insert(
    database,
    'ks_903_oc2',
    ['oc2_id', 'oc2_person_id', 'oc2_year_end', 'oc2_health_check', 'oc2_teeth_check'],
    [oc2('H1', '1', '0'), oc2('H3', '1', '1'), oc2('H4', '1', '1')],
  );
  // H2 has no OC2 row; a dental check in the health records must not stand in for it on 31 March.
  await insert(
    database,
    'ssd_cla_health',
    ['clah_health_check_id', 'clah_person_id', 'clah_health_check_type', 'clah_health_check_date', 'clah_health_check_status'],
    [['HC1', 'H2', 'Dental Check', '2018-01-10', 'Completed']],
  );
  await insert(
    database,
    'ssd_care_leavers',
    ['clea_table_id', 'clea_person_id', 'clea_care_leaver_in_touch', 'clea_care_leaver_activity', 'clea_care_leaver_accom_suitable', 'clea_oc3_year_end'],
    [
      ['CL1', 'CL1', 'YES', 'F1', '1', MAR_2018],
      ['CL1-2017', 'CL1', 'NO', 'G4', '2', '2017-03-31'], // last year's row: not this year's cohort
      ['CL2', 'CL2', 'NO', 'G4', '2', MAR_2018],
      ['CL3', 'CL3', 'YES', 'F1', '1', MAR_2018], // 18 on 31 March 2018
      ['CL4', 'CL4', 'DIED', null, null, MAR_2018],
    ],
  );
  await insert(
    database,
    'ssd_cp_plans',
    ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_previous_cp_plans'],
    [
      ['CP1', 'CP1', '2024-03-05', 10], // the census says 10 previous plans, none of them in this council's data
      ['CP2', 'CP2', '2024-03-06', 0],
    ],
  );
  await insert(
    database,
    'ssd_cin_assessments',
    ['cina_assessment_id', 'cina_person_id', 'cina_assessment_start_date', 'cina_assessment_auth_date'],
    [
      ['AS1', 'AS1', '2024-03-10', '2024-03-05'], // authorised before it started
      ['AS2', 'AS2', '2024-03-01', '2024-03-20'],
    ],
  );
  await insert(
    database,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_referral_nfa', 'cine_close_date'],
    [
      ['R-DC1', 'DC1', '2023-01-01', 'N', null],
      ['R-NFA1', 'NFA1', '2024-03-10', 'Y', null],
      ['R-OK1', 'OK1', '2023-06-01', 'N', null],
    ],
  );
  await sql`UPDATE ssd_person SET pers_death_date = '2024-02-01' WHERE pers_person_id = 'DC1'`.execute(database.db);
}

describe.each(engines)('DfE definitions on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
    values = await measure(
      database,
      [
        'demand.looked_after',
        'demand.looked_after_including_short_breaks',
        'demand.care_starts',
        'demand.care_ends',
        'demand.children_in_need',
        'stability.three_placements_pct',
        'stability.long_term_pct',
        'timeliness.health_assessments_pct',
        'timeliness.dental_checks_pct',
        'care_leavers.in_touch_pct',
        'care_leavers.eet_pct',
        'care_leavers.suitable_accommodation_pct',
        'plans.cp_repeat_pct',
        'timeliness.assessments_45wd_pct',
        'timeliness.assessments_negative_duration',
      ],
      [FEB_2018, MAR_2018, MAR],
    );
  });
  afterAll(async () => database?.drop());
  const at = (id: string, date = MAR) => values[id]![date]!;
  const children = async (id: string, date = MAR) =>
    (await childrenBehind(database, findIndicator(id) as SqlIndicator, date, { selection: WHOLE_COUNCIL, threshold: 20, noCache: true }))
      .map((row) => `${row.childId}:${row.numerator}/${row.denominator}`)
      .sort();

  it('a child on a V3/V4 short break on 31 March is not looked after; the council’s own count includes them', async () => {
    // Looked after: LA1, ST1–ST6. SB1 (V3) and SB2 (V4 since February) are on short breaks.
    expect(at('demand.looked_after').value).toBe(7);
    expect(at('demand.looked_after_including_short_breaks').value).toBe(9);
    expect(await children('demand.looked_after')).not.toContain('SB2:1/1');
  });

  it('periods of care start with RNE S and end with a reason other than X1; a start before the data is not a start', () => {
    // March 2024 starts: NS1 (S). BD1's first episode is P: its care began before the data. SB3 is a short break.
    expect(at('demand.care_starts').value).toBe(1);
    // March 2024 ends: BD1 (E11). NS1 ended X1 with nothing after it; SB3 is a short break.
    expect(at('demand.care_ends').value).toBe(1);
  });

  it('three or more placements: same-carer changes, temporary placements and short breaks are not placements', async () => {
    // Cohort LA1, ST1–ST6 (short breaks out). ST6: U6, U4, U5 with three carers. ST5's T1 holiday is not a
    // placement (U6, U4: 2). ST1: one carer throughout (RNE T). ST2: 2.
    expect(at('stability.three_placements_pct')).toEqual({ numerator: 1, denominator: 7, value: 14.3 });
    expect(await children('stability.three_placements_pct')).toContain('ST6:1/1');
  });

  it('long-term stability: a same-carer move keeps the 2 years; the adoption placement counts with the one before it', async () => {
    // Under 16, in care since 30 September 2021 or before: ST1–ST4.
    // ST1: same carers since 2020 (the RNE T change). ST2: new carers in June 2023.
    // ST3: adoption placement (2023) + previous placement from January 2021: over 2 years. ST4: previous from June 2022.
    expect(at('stability.long_term_pct')).toEqual({ numerator: 2, denominator: 4, value: 50 });
    expect(await children('stability.long_term_pct')).toEqual(['ST1:1/1', 'ST2:0/1', 'ST3:1/1', 'ST4:0/1']);
  });

  it('OC2 on 31 March: health assessments and dental checks read from OC2, never from other tables', async () => {
    // Cohort on 31 March 2018: H1 (OC2: health 1, teeth 0) and H2 (no OC2 row). H3 under 12 months; H4 V4.
    expect(at('timeliness.health_assessments_pct', MAR_2018)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(at('timeliness.dental_checks_pct', MAR_2018)).toEqual({ numerator: 0, denominator: 2, value: 0 });
    expect(await children('timeliness.health_assessments_pct', MAR_2018)).toEqual(['H1:1/1', 'H2:0/1']);
    // At the end of February no return holds OC2: the health records answer (H2's dental check in January).
    expect(at('timeliness.dental_checks_pct', FEB_2018)).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('OC3 care leavers: that year’s rows, aged 19–21 on 31 March, those who died left out', () => {
    // CL1 (19, YES, F1, suitable) and CL2 (21, NO, G4, not suitable). CL3 is 18; CL4 died; CL1's 2017 row is last year's.
    expect(at('care_leavers.in_touch_pct', MAR_2018)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(at('care_leavers.eet_pct', MAR_2018)).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(at('care_leavers.suitable_accommodation_pct', MAR_2018)).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('a child whose census says 10 previous plans is on a repeat plan', async () => {
    expect(at('plans.cp_repeat_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
    expect(await children('plans.cp_repeat_pct')).toEqual(['CP1:1/1', 'CP2:0/1']);
  });

  it('an assessment authorised before it started is a data error, not “on time”', async () => {
    expect(at('timeliness.assessments_45wd_pct')).toEqual({ numerator: 1, denominator: 1, value: 100 });
    expect(at('timeliness.assessments_negative_duration').value).toBe(1);
    expect(await children('timeliness.assessments_negative_duration')).toEqual(['AS1:1/1']);
  });

  it('children in need: not a child recorded as dead, not an open no-further-action referral', async () => {
    // DC1 died on 1 February 2024; NFA1's open episode is a referral with no further action. OK1 counts.
    expect(await children('demand.children_in_need')).toEqual(['OK1:1/1']);
  });
});
