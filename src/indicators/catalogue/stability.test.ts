/**
 * Stability indicators on a hand-made county, as at 31 March 2024: the 12-month window is
 * 1 April 2023 to 31 March 2024 and the month window March 2024.
 * Looked after on 31 March: S1–S6 and S12. S7–S11 enter (and leave) care in March.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/support/engines.ts';
import type { Database } from '../../core/db/database.ts';
import { indicatorDatabase, insert, insertPeople, measure } from '../../../test/support/indicators.ts';

const MAR = '2024-03-31';
const ACA = 'ALLOCATED_CASE_WORKER';

async function load(database: Database) {
  await insertPeople(database, [
    ['S1', '2010-01-01'],
    ['S2', '2010-01-01'],
    ['S3', '2010-01-01'],
    ['S4', '2010-01-01'],
    ['S5', '2012-01-01'],
    ['S6', '2008-02-01'],
    ['S7', '2010-01-01'],
    ['S8', '2010-01-01'],
    ['S9', '2010-01-01'],
    ['S10', '2010-01-01'],
    ['S11', '2010-01-01'],
    ['S12', '2015-01-01'],
  ]);
  await insert(
    database,
    'ssd_cla_episodes',
    ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
    [
      ['E1', 'S1', '2023-01-01', null, 'C2'],
      ['E2', 'S2', '2023-01-01', null, 'C2'],
      ['E3', 'S3', '2020-01-01', null, 'C2'],
      ['E4a', 'S4', '2023-05-01', '2023-08-01', 'V2'], // leaves care…
      ['E4b', 'S4', '2023-12-01', null, 'C2'], // …and comes back
      ['E5', 'S5', '2021-01-01', null, 'C2'],
      ['E6', 'S6', '2019-01-01', null, 'C2'],
      ['E7', 'S7', '2024-03-01', '2024-03-05', 'L1'], // emergency, Friday
      ['E8', 'S8', '2024-03-04', '2024-03-10', 'V2'], // emergency by the legal status history (L2), Monday
      ['E9', 'S9', '2024-03-09', '2024-03-12', 'V2'], // Saturday, not an emergency
      ['E10a', 'S10', '2023-01-01', '2023-03-31', 'V2'],
      ['E10b', 'S10', '2024-03-20', '2024-03-25', 'V2'], // back within 12 months
      ['E11a', 'S11', '2023-01-01', '2023-03-19', 'V2'],
      ['E11b', 'S11', '2024-03-20', '2024-03-25', 'V2'], // 12 months and a day
      ['E12', 'S12', '2022-01-01', null, 'C2'],
    ],
  );
  await insert(
    database,
    'ssd_legal_status',
    ['lega_legal_status_id', 'lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date', 'lega_legal_status_end_date'],
    [['LS8', 'S8', 'L2', '2024-03-04', '2024-03-06']],
  );
  await insert(
    database,
    'ssd_cla_placement',
    [
      'clap_cla_placement_id',
      'clap_person_id',
      'clap_cla_placement_start_date',
      'clap_cla_placement_end_date',
      'clap_cla_placement_type',
      'clap_cla_placement_distance',
    ],
    [
      ['P1a', 'S1', '2023-01-01', '2023-04-01', 'U3', null], // ended the day the year starts: not in the year
      ['P1b', 'S1', '2023-04-01', '2023-10-01', 'U3', null],
      ['P1c', 'S1', '2023-10-01', null, 'U3', null], // no distance recorded
      ['P2a', 'S2', '2023-01-01', '2023-04-02', 'U6', 5], // in effect on 1 April 2023: in the year
      ['P2b', 'S2', '2023-04-02', '2023-10-01', 'U6', 5],
      ['P2c', 'S2', '2023-10-01', null, 'U6', 5],
      ['P3', 'S3', '2020-01-01', null, 'U4', 20], // exactly 20 miles: not over
      ['P4a', 'S4', '2023-05-01', '2023-08-01', 'U6', 25], // placements in both periods of care count
      ['P4b', 'S4', '2023-12-01', '2024-02-01', 'U6', 25],
      ['P4c', 'S4', '2024-02-01', null, 'K2', 25],
      ['P5a', 'S5', '2021-01-01', '2022-06-01', 'U3', 30],
      ['P5b', 'S5', '2022-06-01', null, 'K2', 30], // under 2 years on 31 March 2024
      ['P6', 'S6', '2019-01-01', null, 'R1', null],
      ['P12a', 'S12', '2022-01-01', '2024-03-15', 'U6', null],
      ['P12b', 'S12', '2024-03-15', null, 'U6', null], // a move in March
    ],
  );
  await insert(
    database,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name'],
    ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'].map((id) => [id, id]),
  );
  await insert(
    database,
    'ssd_involvements',
    ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_person_id', 'invo_involvement_start_date', 'invo_involvement_end_date'],
    [
      ['I1a', 'W1', ACA, 'S1', '2023-01-01', '2023-04-01'], // ended the day the year starts
      ['I1b', 'W2', ACA, 'S1', '2023-04-01', '2023-09-01'],
      ['I1c', 'W3', ACA, 'S1', '2023-09-01', null],
      ['I2a', 'W1', ACA, 'S2', '2023-01-01', '2023-04-02'],
      ['I2b', 'W2', ACA, 'S2', '2023-04-02', '2023-09-01'],
      ['I2c', 'W3', ACA, 'S2', '2023-09-01', null],
      ['I3', 'W1', ACA, 'S3', '2020-01-01', null],
      ['I4', 'W4', ACA, 'S4', '2023-05-01', null],
      ['I5', 'W5', ACA, 'S5', '2021-01-01', null],
      ['I6', 'W6', ACA, 'S6', '2019-01-01', null],
      ['I12', 'W7', ACA, 'S12', '2022-01-01', null],
    ],
  );
}

describe.each(engines)('stability indicators on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await load(database);
    values = await measure(
      database,
      [
        'stability.three_placements_pct',
        'stability.long_term_pct',
        'stability.three_social_workers_pct',
        'stability.worker_changes_per_child',
        'stability.placed_over_20_miles_pct',
        'stability.residential_pct',
        'stability.emergency_weekend_pct',
        'stability.care_reentry_12m_pct',
        'stability.placement_moves',
      ],
      [MAR],
    );
  });
  afterAll(async () => database?.drop());
  const at = (id: string) => values[id]![MAR]!;

  it('3 or more placements in the year, across a return to care', () => {
    // S2 (P2a was in effect on 1 April 2023) and S4 (one placement in her first period, two in her second)
    // of S1–S6 and S12. S1's first placement ended on 1 April 2023, so it is not in the year.
    expect(at('stability.three_placements_pct')).toEqual({ numerator: 2, denominator: 7, value: 28.6 });
  });

  it('long-term stability', () => {
    // Under 16, in care since 30 Sept 2021 or before: S3 (same placement since 2020) and S5 (since June 2022).
    // S6 turned 16 on 1 Feb 2024; S12's care began in 2022.
    expect(at('stability.long_term_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
  });

  it('social worker stability', () => {
    // S2 had W1, W2 and W3 in the year; S1's W1 allocation ended on 1 April 2023.
    expect(at('stability.three_social_workers_pct')).toEqual({ numerator: 1, denominator: 7, value: 14.3 });
    // Changes (different workers − 1) for the children allocated on 31 March: S1 1, S2 2, others 0 → 3 / 7.
    expect(at('stability.worker_changes_per_child')).toEqual({ numerator: 3, denominator: 7, value: 0.43 });
  });

  it('distance and residential placements', () => {
    // Distance recorded: S2 (5), S3 (20, not over), S4 (25), S5 (30).
    expect(at('stability.placed_over_20_miles_pct')).toEqual({ numerator: 2, denominator: 4, value: 50 });
    // Residential: S4 and S5 (K2), S6 (R1) of 7.
    expect(at('stability.residential_pct')).toEqual({ numerator: 3, denominator: 7, value: 42.9 });
  });

  it('emergency entries at weekends, re-entry to care and placement moves', () => {
    // Emergency entries in March: S7 (L1, Friday) and S8 (L2 in the history, Monday); S9 is V2.
    expect(at('stability.emergency_weekend_pct')).toEqual({ numerator: 1, denominator: 2, value: 50 });
    // Periods starting in March: S7, S8, S9, S10 (previous period ended 31 March 2023: within 12 months of
    // 20 March 2024) and S11 (ended 19 March 2023: one day too early).
    expect(at('stability.care_reentry_12m_pct')).toEqual({ numerator: 1, denominator: 5, value: 20 });
    // Moves in March: S12's P12b. First placements on entering care are not moves.
    expect(at('stability.placement_moves').value).toBe(1);
  });
});

describe.each(engines)('social workers counted once however often allocated, on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  let values: Awaited<ReturnType<typeof measure>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await insertPeople(database, [
      ['R1', '2010-01-01'],
      ['R2', '2010-01-01'],
      ['R3', '2010-01-01'],
    ]);
    await insert(
      database,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_ceased_date', 'clae_legal_status'],
      [
        ['F1', 'R1', '2022-01-01', null, 'C2'],
        ['F2', 'R2', '2020-01-01', null, 'C2'],
        ['F3', 'R3', '2022-01-01', null, 'C2'],
      ],
    );
    await insert(
      database,
      'ssd_professionals',
      ['prof_professional_id', 'prof_professional_name'],
      ['W1', 'W2', 'W3'].map((id) => [id, id]),
    );
    await insert(
      database,
      'ssd_involvements',
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_person_id',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
      ],
      [
        // R1: W1 twice at once (two allocations recorded), then W2: 2 workers in the year.
        ['J1a', 'W1', ACA, 'R1', '2022-01-01', '2023-10-01'],
        ['J1b', 'W1', ACA, 'R1', '2023-06-01', '2023-10-01'],
        ['J1c', 'W2', ACA, 'R1', '2023-10-01', null],
        // R2: W1 years before (not in the year), then W2, W1 again and W3: 3 workers in the year.
        ['J2a', 'W1', ACA, 'R2', '2020-01-01', '2021-01-01'],
        ['J2b', 'W2', ACA, 'R2', '2021-01-01', '2023-06-01'],
        ['J2c', 'W1', ACA, 'R2', '2023-06-01', '2023-11-01'],
        ['J2d', 'W3', ACA, 'R2', '2023-11-01', null],
        // R3: W1, W2, then W1 again: 2 workers in the year.
        ['J3a', 'W1', ACA, 'R3', '2023-02-01', '2023-07-01'],
        ['J3b', 'W2', ACA, 'R3', '2023-07-01', '2023-09-01'],
        ['J3c', 'W1', ACA, 'R3', '2023-09-01', null],
      ],
    );
    values = await measure(database, ['stability.three_social_workers_pct', 'stability.worker_changes_per_child'], [MAR]);
  });
  afterAll(async () => database?.drop());

  it('counts the different workers of the 12 months, not their allocations', () => {
    expect(values['stability.three_social_workers_pct']![MAR]).toEqual({ numerator: 1, denominator: 3, value: 33.3 });
    // Changes: R1 1, R2 2, R3 1.
    expect(values['stability.worker_changes_per_child']![MAR]).toEqual({ numerator: 4, denominator: 3, value: 1.33 });
  });
});
