/**
 * workerSpans and caseHoldingTeamSpans give, on every day, what workerOn and caseHoldingTeamOn give
 * for that day: on allocations and memberships that overlap, nest, tie on their start, start and end
 * on one day, follow on and leave gaps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { insertRows, type Cell } from './db/bulk.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { caseHoldingTeamOn, caseHoldingTeamSpans, workerOn, workerSpans } from './allocations.ts';

const OPEN = null;
/** [id, worker, child, start, end, team recorded]: ids order ties on the start date. */
const ALLOCATIONS: [string, string, string, string, string | null, string | null][] = [
  // A: one allocation, then another after a gap.
  ['I01', 'P1', 'A', '2024-01-05', '2024-01-20', 'T1'],
  ['I02', 'P2', 'A', '2024-02-01', OPEN, null],
  // B: a long allocation with a shorter one inside it (the outer one's worker again after it).
  ['I03', 'P1', 'B', '2024-01-01', '2024-03-31', 'T1'],
  ['I04', 'P2', 'B', '2024-01-10', '2024-02-10', 'T2'],
  // C: two starting the same day (the greater id wins), one ending first; then one that starts and ends on one day.
  ['I05', 'P1', 'C', '2024-01-15', '2024-02-15', null],
  ['I06', 'P3', 'C', '2024-01-15', '2024-03-01', 'T3'],
  ['I07', 'P2', 'C', '2024-02-20', '2024-02-20', 'T2'],
  // D: a chain of overlaps, each follows on from the last, and an open one under them all.
  ['I08', 'P4', 'D', '2023-12-20', OPEN, 'T1'],
  ['I09', 'P1', 'D', '2024-01-02', '2024-01-25', null],
  ['I10', 'P2', 'D', '2024-01-20', '2024-02-05', null],
  ['I11', 'P3', 'D', '2024-02-05', '2024-02-25', 'T3'],
  // E: the same dates twice (the greater id wins throughout).
  ['I12', 'P1', 'E', '2024-01-08', '2024-02-08', 'T1'],
  ['I13', 'P2', 'E', '2024-01-08', '2024-02-08', 'T2'],
];
/** [worker, team, role, start, end]: overlapping memberships, and a role that holds no cases. */
const MEMBERSHIPS: [string, string, string, string, string | null][] = [
  ['P1', 'T1', 'social_worker', '2023-01-01', '2024-02-01'],
  ['P1', 'T2', 'senior_social_worker', '2024-01-20', OPEN],
  ['P2', 'T2', 'social_worker', '2023-01-01', '2024-01-25'],
  ['P2', 'T3', 'team_manager', '2024-01-01', OPEN],
  ['P3', 'T3', 'social_worker', '2024-02-10', '2024-02-10'],
  ['P3', 'T1', 'asye_social_worker', '2024-02-10', OPEN],
  ['P4', 'T2', 'social_worker', '2023-06-01', '2024-01-31'],
  ['P4', 'T3', 'social_worker', '2024-01-15', '2024-02-20'],
];

describe.each(engines)('allocation spans on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    const { db } = database;
    await insertRows(
      db,
      'ssd_department',
      ['dept_team_id', 'dept_team_name', 'dept_team_type'],
      ['T1', 'T2', 'T3'].map((team) => [team, `Team ${team}`, 'team']),
    );
    await insertRows(
      db,
      'ssd_professionals',
      ['prof_professional_id', 'prof_professional_name'],
      ['P1', 'P2', 'P3', 'P4'].map((worker) => [worker, worker]),
    );
    await insertRows(
      db,
      'ssd_person',
      ['pers_person_id'],
      ['A', 'B', 'C', 'D', 'E'].map((child) => [child]),
    );
    await insertRows(
      db,
      'ssd_involvements',
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_person_id',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_professional_team',
        'invo_professional_role_id',
      ],
      ALLOCATIONS.map((row): Cell[] => [...row, 'ALLOCATED_CASE_WORKER']),
    );
    await insertRows(db, 'ks_team_membership', ['memb_professional_id', 'memb_team_id', 'memb_role', 'memb_start_date', 'memb_end_date'], MEMBERSHIPS);
  });
  afterAll(async () => database?.drop());

  it('give the worker, the team on the allocation and the worker’s team that the lookups give, every day and at noon', async () => {
    const result = await sql<{ day: string; child: string; looked_up: string; spanned: string }>`
      WITH worker_spans AS (${workerSpans(sql`SELECT pers_person_id FROM ssd_person`)}), team_spans AS (${caseHoldingTeamSpans()}),
      days AS (
        SELECT d::date AS day FROM generate_series('2023-12-15'::date, '2024-04-10'::date, interval '1 day') d
        UNION ALL SELECT d FROM generate_series('2023-12-15 12:00'::timestamp, '2024-04-10 12:00'::timestamp, interval '1 day') d),
      asked AS (SELECT d.day, c.child FROM days d CROSS JOIN (VALUES ('A'), ('B'), ('C'), ('D'), ('E'), ('none')) c(child))
      SELECT q.day::text AS day, q.child,
             concat_ws('/', a.worker_id, a.team_id, m.team_id) AS looked_up, concat_ws('/', s.worker_id, s.team_id, t.team_id) AS spanned
      FROM asked q
      LEFT JOIN LATERAL (${workerOn(sql`q.child`, sql`q.day`)}) a ON true
      LEFT JOIN LATERAL (${caseHoldingTeamOn(sql`a.worker_id`, sql`q.day`)}) m ON true
      LEFT JOIN worker_spans s ON s.key = q.child AND s.span_start <= q.day AND (s.span_end IS NULL OR s.span_end > q.day)
      LEFT JOIN team_spans t ON t.key = s.worker_id AND t.span_start <= q.day AND (t.span_end IS NULL OR t.span_end > q.day)
      ORDER BY q.child, q.day`.execute(database.db);
    const rows = result.rows;
    expect(rows).toHaveLength(2 * 118 * 6);
    expect(rows.filter((row) => row.looked_up !== row.spanned)).toEqual([]);
    // The cases the spans must get right were there to get wrong.
    const on = (child: string, day: string) => rows.find((row) => row.child === child && row.day.startsWith(day))!.looked_up;
    expect(on('B', '2024-01-15')).toBe('P2/T2/T2'); // inside the outer allocation
    expect(on('B', '2024-02-15')).toBe('P1/T1/T2'); // the outer one's worker again, now in T2
    expect(on('C', '2024-02-01')).toBe('P3/T3'); // tie on the start: greater id (P3 in no team yet)
    expect(on('C', '2024-02-20')).toBe('P3/T3/T1'); // the one-day allocation never counts
    expect(on('D', '2024-02-01')).toBe('P2'); // P2 now only a team_manager, no team on the allocation
    expect(on('D', '2024-03-01')).toBe('P4/T1'); // the open one under the chain, no case-holding membership left
    expect(on('E', '2024-01-10')).toBe('P2/T2/T2');
    expect(on('A', '2024-01-25')).toBe('');
    expect(rows.filter((row) => row.child === 'none' && row.looked_up !== '')).toEqual([]);
  });
});
