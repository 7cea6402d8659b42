/**
 * Hand-made workforce for the tests, answers worked by hand in workforce.test.ts. As-of 2024-03-31.
 *
 * | who | membership                                         | FTE | agency | cases on 31 Mar 2024        |
 * | A   | T1 social_worker from 2023-01-01                   | 1   | no     | 10                          |
 * | B   | T1 senior_social_worker from 2023-01-01            | 0.5 | no     | 6                           |
 * | C   | T1 social_worker from 2024-01-01                   | 1   | yes    | 12 (11 + child W)           |
 * | D   | T1 social_worker 2022-01-01 → 2024-02-01 (left)     | 1   | no     | –                           |
 * | E   | T1 asye_social_worker from 2023-09-01              | 1   | no     | 8                           |
 * | F   | T2 2022-01-01 → 2024-03-01, then T1 (a move)        | 1   | no     | 1 (child Y)                 |
 * Posts: T1 five 1.0 posts from 2023-01-01 and a 0.5 post ended 2024-01-01; T2 two 1.0 posts.
 * Child W: A (2023-01-01 → 2023-06-01, LEFTRL), B (→ 2024-01-01, MANAGE), then C; referral 2022-12-01 open.
 * Child X: referral 2024-03-01 open, never allocated. Child Y: referral 2024-03-10, allocated to F 2024-03-15.
 * Child Z: referral 2024-03-05 closed NFA. Team T1 closed to new cases 2024-02-01 → 2024-03-15.
 */
import { insertRows, type Cell } from '../../src/core/db/bulk.ts';
import type { Database } from '../../src/core/db/database.ts';

export const AS_OF = '2024-03-31';

export async function loadWorkforceFixture(database: Database): Promise<void> {
  const { db } = database;
  await insertRows(
    db,
    'ssd_department',
    ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_type', 'dept_valid_from', 'dept_valid_to'],
    [
      ['S1', 'Safeguarding service', null, 'service', '2020-01-01', null],
      ['T1', 'Team One', 'S1', 'team', '2020-01-01', null],
      ['T2', 'Team Two', 'S1', 'team', '2020-01-01', null],
    ],
  );
  await insertRows(
    db,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name', 'prof_full_time_equivalency', 'prof_agency_worker_flag'],
    [
      ['A', 'Ann A', 1, 'N'],
      ['B', 'Bob B', 0.5, 'N'],
      ['C', 'Cat C', 1, 'Y'],
      ['D', 'Dan D', 1, 'N'],
      ['E', 'Eve E', 1, 'N'],
      ['F', 'Fin F', 1, 'N'],
      ['M', 'Max M', 1, 'N'],
    ],
  );
  await insertRows(
    db,
    'ks_team_membership',
    ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date', 'memb_end_date', 'memb_end_reason'],
    [
      ['A', 'T1', 'social_worker', '2023-01-01', null, null],
      ['B', 'T1', 'senior_social_worker', '2023-01-01', null, null],
      ['C', 'T1', 'social_worker', '2024-01-01', null, null],
      ['D', 'T1', 'social_worker', '2022-01-01', '2024-02-01', 'Resigned'],
      ['E', 'T1', 'asye_social_worker', '2023-09-01', null, null],
      ['F', 'T2', 'social_worker', '2022-01-01', '2024-03-01', 'Moved team'],
      ['F', 'T1', 'social_worker', '2024-03-01', null, null],
    ],
  );
  await insertRows(
    db,
    'ks_post',
    ['post_id', 'post_team_id', 'post_role', 'post_fte', 'post_funded_from', 'post_funded_to', 'post_funding_source'],
    [
      ...[1, 2, 3, 4, 5].map((n): Cell[] => [
        `T1-${n}`,
        'T1',
        n === 5 ? 'asye_social_worker' : 'social_worker',
        1,
        n === 5 ? '2023-09-01' : '2023-01-01',
        null,
        'Base budget',
      ]),
      ['T1-6', 'T1', 'social_worker', 0.5, '2023-01-01', '2024-01-01', 'Base budget'],
      ['T2-1', 'T2', 'social_worker', 1, '2020-01-01', null, 'Base budget'],
      ['T2-2', 'T2', 'social_worker', 1, '2020-01-01', null, 'Base budget'],
    ],
  );
  const people = ['W', 'X', 'Y', 'Z'];
  const involvements: Cell[][] = [];
  const allocate = (worker: string, child: string, start: string, end: string | null = null, reason: string | null = null) =>
    involvements.push([`I${involvements.length + 1}`, worker, 'ALLOCATED_CASE_WORKER', start, end, reason, child]);
  for (const [worker, count] of [
    ['A', 10],
    ['B', 6],
    ['C', 11],
    ['E', 8],
  ] as const) {
    for (let n = 1; n <= count; n++) {
      people.push(`${worker}${n}`);
      allocate(worker, `${worker}${n}`, '2024-01-15');
    }
  }
  allocate('A', 'W', '2023-01-01', '2023-06-01', 'LEFTRL');
  allocate('B', 'W', '2023-06-01', '2024-01-01', 'MANAGE');
  allocate('C', 'W', '2024-01-01');
  allocate('F', 'Y', '2024-03-15');
  await insertRows(
    db,
    'ssd_person',
    ['pers_person_id'],
    people.map((id) => [id]),
  );
  await insertRows(
    db,
    'ssd_involvements',
    [
      'invo_involvements_id',
      'invo_professional_id',
      'invo_professional_role_id',
      'invo_involvement_start_date',
      'invo_involvement_end_date',
      'invo_worker_change_reason',
      'invo_person_id',
    ],
    involvements,
  );
  await insertRows(
    db,
    'ssd_cin_episodes',
    ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_close_date', 'cine_referral_nfa', 'cine_referral_team'],
    [
      ['R-W', 'W', '2022-12-01', null, 'N', 'T1'],
      ['R-X', 'X', '2024-03-01', null, 'N', 'T1'],
      ['R-Y', 'Y', '2024-03-10', null, 'N', 'T1'],
      ['R-Z', 'Z', '2024-03-05', '2024-03-06', 'Y', 'T1'],
    ],
  );
  await insertRows(
    db,
    'ks_team_closure',
    ['clos_team_id', 'clos_start_date', 'clos_end_date', 'clos_reason'],
    [['T1', '2024-02-01', '2024-03-15', 'Staff shortage']],
  );
}
