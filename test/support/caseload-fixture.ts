/**
 * Hand-made county for the caseload tests, with the answers worked by hand (see the tests).
 * As-of date 2024-03-31. Team T1 and T2 sit in service S1, T3 in S2; T0 closed in the 2022 reorganisation.
 *
 * | worker | membership on 31 Mar 2024      | cases on 31 Mar 2024                                            |
 * | P01    | T1 social_worker               | 20 (a 21st child moves to P02 on 31 Mar)                        |
 * | P02    | T1 senior_social_worker        | 21 (20 + the child moved from P01 on 31 Mar)                    |
 * | P03    | T1 asye_social_worker          | 24 (23 + a child co-allocated with P04)                         |
 * | P04    | T2 social_worker               | 25 (24 + the co-allocated child)                                |
 * | P05    | T2 social_worker               | 30 (29 + a child with two overlapping involvements)             |
 * | P06    | T2 social_worker               | 31 (30 since Dec 2023, one more from 10 Feb 2024)               |
 * | P07    | T2 social_worker               | 0 (one allocation started and ended on 31 Mar)                  |
 * | P08    | none (agency)                  | 2 from 1 Mar 2024, team T3 recorded on the allocations          |
 * | P09    | none                           | 1 from 1 Mar 2024, no team recorded                             |
 * | P10    | T1 team_manager                | 0: not counted                                                  |
 * | P11    | T1 until 15 Mar, then T2       | 3                                                               |
 */
import { insertRows, type Cell } from '../../src/core/db/bulk.ts';
import type { Database } from '../../src/core/db/database.ts';

export const AS_OF = '2024-03-31';

const OPEN = null;

export async function loadCaseloadFixture(database: Database): Promise<void> {
  const { db } = database;
  await insertRows(
    db,
    'ssd_department',
    ['dept_team_id', 'dept_team_name', 'dept_team_parent_id', 'dept_team_type', 'dept_valid_from', 'dept_valid_to'],
    [
      ['S1', 'Children in need service', null, 'service', '2018-01-01', OPEN],
      ['S2', 'Children in care service', null, 'service', '2018-01-01', OPEN],
      ['T0', 'Old assessment team', 'S1', 'team', '2018-01-01', '2022-06-01'],
      ['T1', 'Assessment team North', 'S1', 'team', '2022-06-01', OPEN],
      ['T2', 'Child protection team South', 'S1', 'team', '2022-06-01', OPEN],
      ['T3', 'Children in care team', 'S2', 'team', '2022-06-01', OPEN],
    ],
  );
  const names = ['Ada Adams', 'Ben Brown', 'Cara Clark', 'Dev Doshi', 'Eve Evans', 'Fay Fox', 'Gus Green', 'Hal Hughes', 'Ivy Irwin', 'Jo Jones', 'Kit King'];
  await insertRows(
    db,
    'ssd_professionals',
    ['prof_professional_id', 'prof_professional_name', 'prof_agency_worker_flag', 'prof_full_time_equivalency'],
    names.map((name, index) => [`P${String(index + 1).padStart(2, '0')}`, name, index === 7 ? 'Y' : 'N', index === 2 ? 0.8 : 1]),
  );
  await insertRows(
    db,
    'ks_team_membership',
    ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date', 'memb_end_date'],
    [
      ['P01', 'T1', 'social_worker', '2022-06-01', OPEN],
      ['P02', 'T1', 'senior_social_worker', '2022-06-01', OPEN],
      ['P03', 'T1', 'asye_social_worker', '2023-09-01', OPEN],
      ['P04', 'T2', 'social_worker', '2022-06-01', OPEN],
      ['P05', 'T2', 'social_worker', '2022-06-01', OPEN],
      ['P06', 'T2', 'social_worker', '2022-06-01', OPEN],
      ['P07', 'T2', 'social_worker', '2023-01-01', OPEN],
      ['P10', 'T1', 'team_manager', '2020-01-01', OPEN],
      ['P11', 'T1', 'social_worker', '2023-01-01', '2024-03-15'],
      ['P11', 'T2', 'social_worker', '2024-03-15', OPEN],
    ],
  );

  const involvements: Cell[][] = [];
  const children = new Set<string>();
  const allocate = (worker: string, child: string, start: string, end: string | null, team: string | null = null) => {
    children.add(child);
    involvements.push([`I${involvements.length + 1}`, worker, 'ALLOCATED_CASE_WORKER', team, start, end, child]);
  };
  const allocateMany = (worker: string, count: number, start: string, team: string | null = null) => {
    for (let n = 1; n <= count; n++) allocate(worker, `C-${worker}-${start}-${n}`, start, OPEN, team);
  };
  allocateMany('P01', 20, '2023-12-01');
  allocate('P01', 'C-MOVED', '2023-06-01', AS_OF);
  allocate('P02', 'C-MOVED', AS_OF, OPEN);
  allocateMany('P02', 20, '2023-12-01');
  allocateMany('P03', 23, '2023-12-01');
  allocate('P03', 'C-SHARED', '2023-12-01', OPEN);
  allocate('P04', 'C-SHARED', '2023-12-01', OPEN);
  allocateMany('P04', 24, '2023-12-01');
  allocateMany('P05', 29, '2023-12-01');
  allocate('P05', 'C-TWO-REFERRALS', '2023-12-01', OPEN);
  allocate('P05', 'C-TWO-REFERRALS', '2024-02-01', OPEN);
  allocateMany('P06', 30, '2023-12-01');
  allocateMany('P06', 1, '2024-02-10');
  allocate('P07', 'C-SAME-DAY', AS_OF, AS_OF);
  allocateMany('P08', 2, '2024-03-01', 'T3');
  allocateMany('P09', 1, '2024-03-01');
  allocateMany('P11', 3, '2023-12-01');
  // Not case-holding: an independent reviewing officer's involvement never makes a caseload.
  involvements.push([`I${involvements.length + 1}`, 'P10', 'IRO', 'T1', '2023-12-01', OPEN, 'C-SHARED']);

  await insertRows(
    db,
    'ssd_person',
    ['pers_person_id'],
    [...children].map((child) => [child]),
  );
  await insertRows(
    db,
    'ssd_involvements',
    [
      'invo_involvements_id',
      'invo_professional_id',
      'invo_professional_role_id',
      'invo_professional_team',
      'invo_involvement_start_date',
      'invo_involvement_end_date',
      'invo_person_id',
    ],
    involvements,
  );
}
