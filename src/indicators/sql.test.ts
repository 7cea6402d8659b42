/**
 * The shared blocks built one row per child and date (sql.ts onePerChildOn) give what grouping, or
 * picking the latest of, every row in effect gives, on episodes, allocations and plans that overlap,
 * nest, tie on their start, start and end on one day, follow on and stay open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { insertRows } from '../core/db/bulk.ts';
import { ALLOCATIONS } from '../core/allocations.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';
import { allocatedOn, cinChildrenOn, inEffectOn, SHARED_BLOCKS } from './sql.ts';

const OPEN = null;
/** [child, start, end, team, NFA] */
const EPISODES: [string, string, string | null, string | null, string | null][] = [
  ['A', '2024-01-05', '2024-02-20', 'T2', 'N'],
  ['A', '2024-03-01', OPEN, 'T1', null],
  ['B', '2024-01-01', '2024-05-31', 'T3', 'N'],
  ['B', '2024-02-10', '2024-03-10', 'T1', 'Y'],
  ['C', '2024-01-15', '2024-04-15', 'T2', 'Y'],
  ['C', '2024-01-15', '2024-03-01', 'T1', 'N'],
  ['C', '2024-02-29', '2024-02-29', 'T0', 'N'],
  ['D', '2023-12-20', OPEN, null, 'N'],
  ['D', '2024-01-02', '2024-01-31', 'T1', 'Y'],
  ['D', '2024-01-31', '2024-04-30', 'T2', 'N'],
  ['E', '2024-01-31', '2024-01-31', 'T1', 'N'],
];

describe.each(engines)('one row per child and date on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    const { db } = database;
    await insertRows(
      db,
      'ssd_person',
      ['pers_person_id'],
      ['A', 'B', 'C', 'D', 'E'].map((child) => [child]),
    );
    await insertRows(
      db,
      'ssd_cin_episodes',
      ['cine_referral_id', 'cine_person_id', 'cine_referral_date', 'cine_close_date', 'cine_referral_team', 'cine_referral_nfa'],
      EPISODES.map(([child, start, end, team, nfa], index) => [`R${index}`, child, start, end, team, nfa]),
    );
    await insertRows(db, 'ssd_professionals', ['prof_professional_id', 'prof_professional_name'], [['P1', 'P1']]);
    await insertRows(
      db,
      'ssd_involvements',
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_person_id',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_professional_team',
      ],
      EPISODES.map(([child, start, end, team], index) => [`I${index}`, 'P1', 'ALLOCATED_CASE_WORKER', child, start, end, team]),
    );
    // The same periods as plans.
    await insertRows(
      db,
      'ssd_cin_plans',
      ['cinp_cin_plan_id', 'cinp_person_id', 'cinp_cin_plan_start_date', 'cinp_cin_plan_end_date', 'cinp_cin_plan_team'],
      EPISODES.map(([child, start, end, team], index) => [`N${index}`, child, start, end, team]),
    );
    await insertRows(
      db,
      'ssd_cp_plans',
      ['cppl_cp_plan_id', 'cppl_person_id', 'cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
      EPISODES.map(([child, start, end], index) => [`C${index}`, child, start, end]),
    );
  });
  afterAll(async () => database?.drop());

  const block = (name: string) => SHARED_BLOCKS.find((each) => each.name === name)!.definition;
  const days = sql`
      SELECT d::date AS as_of, (d::date + 1 - interval '1 month')::date AS month_from, (d::date + 1 - interval '12 months')::date AS year_from,
             extract(year FROM d::date)::int * 12 + extract(month FROM d::date)::int AS month_index
      FROM unnest(${sql.val(['2023-12-31', '2024-01-31', '2024-02-29', '2024-03-15', '2024-04-30', '2024-05-31', '2024-06-30'])}::text[]) AS d`;

  it('gives each child’s grouped columns on every month-end and mid-month', async () => {
    const cin = await sql<{ as_of: string; rows: string }>`
      WITH days AS (${days}), cin_children_on AS (${block('cin_children_on')}),
      grouped AS (
        SELECT d.as_of, e.cine_person_id AS child_id, min(e.cine_referral_team) AS team_hint,
               bool_or(NOT e.nfa) AS not_nfa, min(e.cine_referral_team) FILTER (WHERE NOT e.nfa) AS not_nfa_team_hint
        FROM (SELECT *, coalesce(upper(cine_referral_nfa), 'N') IN ('Y', '1', 'TRUE') AS nfa FROM ssd_cin_episodes) e
        ${inEffectOn('e.cine_referral_date', 'e.cine_close_date')}
        GROUP BY d.as_of, e.cine_person_id)
      SELECT 'block' AS source, as_of::text, string_agg(concat_ws('/', child_id, team_hint, not_nfa, not_nfa_team_hint), ' ' ORDER BY child_id) AS rows
      FROM (${cinChildrenOn}) c GROUP BY as_of
      UNION ALL
      SELECT 'grouped', as_of::text, string_agg(concat_ws('/', child_id, team_hint, not_nfa, not_nfa_team_hint), ' ' ORDER BY child_id)
      FROM grouped GROUP BY as_of
      ORDER BY 2, 1`.execute(database.db);
    const allocated = await sql<{ as_of: string; rows: string }>`
      WITH days AS (${days}), allocated_on AS (${block('allocated_on')}),
      grouped AS (
        SELECT d.as_of, d.year_from, i.invo_person_id AS child_id, min(i.invo_professional_team) AS team_hint
        FROM ${ALLOCATIONS} i ${inEffectOn('i.invo_involvement_start_date', 'i.invo_involvement_end_date')}
        GROUP BY d.as_of, d.year_from, i.invo_person_id)
      SELECT 'block' AS source, as_of::text, string_agg(concat_ws('/', year_from, child_id, team_hint), ' ' ORDER BY child_id) AS rows
      FROM (${allocatedOn}) a GROUP BY as_of
      UNION ALL
      SELECT 'grouped', as_of::text, string_agg(concat_ws('/', year_from, child_id, team_hint), ' ' ORDER BY child_id)
      FROM grouped GROUP BY as_of
      ORDER BY 2, 1`.execute(database.db);
    for (const rows of [cin.rows, allocated.rows]) {
      expect(rows).toHaveLength(14);
      for (let at = 0; at < rows.length; at += 2) expect(rows[at]!.rows, rows[at]!.as_of).toBe(rows[at + 1]!.rows);
    }
    // The overlaps were there to get wrong: B's two episodes, one NFA; C's three from one start; D's chain.
    expect(cin.rows.find((row) => row.as_of === '2024-02-29')!.rows).toBe('B/T1/t/T3 C/T1/t/T1 D/T2/t/T2');
    expect(cin.rows.find((row) => row.as_of === '2024-01-31')!.rows).toBe('A/T2/t/T2 B/T3/t/T3 C/T1/t/T1 D/T2/t/T2');
  });

  it('gives each child’s latest plan on every month-end and mid-month', async () => {
    /** Each date's rows from the block and from DISTINCT ON over every row in effect (the blocks before onePerChildOn). */
    const compare = async (name: string, latest: ReturnType<typeof sql>, row: string) => {
      const { rows } = await sql<{ source: string; as_of: string; rows: string }>`
        WITH days AS (${days}), ${sql.raw(name)} AS (${block(name)}), latest AS (${latest})
        SELECT 'block' AS source, as_of::text, string_agg(${sql.raw(row)}, ' ' ORDER BY child_id) AS rows FROM ${sql.raw(name)} GROUP BY as_of
        UNION ALL
        SELECT 'latest', as_of::text, string_agg(${sql.raw(row)}, ' ' ORDER BY child_id) FROM latest GROUP BY as_of
        ORDER BY 2, 1`.execute(database.db);
      expect(rows).toHaveLength(14);
      for (let at = 0; at < rows.length; at += 2) expect(rows[at]!.rows, `${name} ${rows[at]!.as_of}`).toBe(rows[at + 1]!.rows);
      return Object.fromEntries(rows.filter((each) => each.source === 'block').map((each) => [each.as_of, each.rows]));
    };
    const cin = await compare(
      'on_cin_plan',
      sql`SELECT DISTINCT ON (d.as_of, p.cinp_person_id) d.as_of, p.cinp_person_id AS child_id, p.cinp_cin_plan_start_date AS plan_start,
                 p.cinp_cin_plan_team AS team_hint
          FROM ssd_cin_plans p ${inEffectOn('p.cinp_cin_plan_start_date', 'p.cinp_cin_plan_end_date')}
          ORDER BY d.as_of, p.cinp_person_id, p.cinp_cin_plan_start_date DESC, p.cinp_cin_plan_id DESC`,
      "concat_ws('/', child_id, plan_start, team_hint)",
    );
    const cp = await compare(
      'on_cp_plan',
      sql`SELECT DISTINCT ON (d.as_of, p.cppl_person_id) d.as_of, d.month_from, d.year_from, p.cppl_person_id AS child_id,
                 p.cppl_cp_plan_id AS plan_id, p.cppl_cp_plan_start_date AS plan_start
          FROM ssd_cp_plans p ${inEffectOn('p.cppl_cp_plan_start_date', 'p.cppl_cp_plan_end_date')}
          ORDER BY d.as_of, p.cppl_person_id, p.cppl_cp_plan_start_date DESC, p.cppl_cp_plan_id DESC`,
      "concat_ws('/', month_from, year_from, child_id, plan_id, plan_start)",
    );
    // The overlaps were there to get wrong: B's nested plan; C's two from one day (the later id); D's chain inside an open one.
    expect(cin['2024-02-29']).toBe('B/2024-02-10/T1 C/2024-01-15/T1 D/2024-01-31/T2');
    expect(cp['2024-02-29']).toBe(['B/C3/2024-02-10', 'C/C5/2024-01-15', 'D/C9/2024-01-31'].map((row) => `2024-02-01/2023-03-01/${row}`).join(' '));
  });
});

describe.each(engines)('looked-after blocks on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase(url);
    const { db } = database;
    await insertRows(
      db,
      'ssd_person',
      ['pers_person_id', 'pers_dob'],
      ['X', 'Y', 'Z'].map((child) => [child, '2010-01-01']),
    );
    await insertRows(
      db,
      'ssd_cla_episodes',
      ['clae_cla_episode_id', 'clae_person_id', 'clae_cla_episode_start_date', 'clae_cla_episode_start_reason'],
      [
        // X and Y each begin two episodes on 2024-03-01: the first by id gives the placement's reason (T: the same carers).
        ['XE1', 'X', '2022-01-01', 'S'],
        ['XE2', 'X', '2024-03-01', 'T'],
        ['XE3', 'X', '2024-03-01', 'P'],
        ['YE1', 'Y', '2022-01-01', 'S'],
        ['YE2', 'Y', '2024-03-01', 'P'],
        ['YE3', 'Y', '2024-03-01', 'T'],
        // Z's second placement begins with a U episode, its first with none (no reason: new carers).
        ['ZE1', 'Z', '2024-02-01', 'U'],
      ],
    );
    await insertRows(
      db,
      'ssd_cla_placement',
      ['clap_cla_placement_id', 'clap_person_id', 'clap_cla_placement_start_date', 'clap_cla_placement_end_date'],
      [
        ['XP1', 'X', '2022-01-01', '2024-03-01'],
        ['XP2', 'X', '2024-03-01', null],
        ['YP1', 'Y', '2022-01-01', '2024-03-01'],
        ['YP2', 'Y', '2024-03-01', null],
        ['ZP1', 'Z', '2023-12-01', '2024-02-01'],
        ['ZP2', 'Z', '2024-02-01', null],
      ],
    );
    await insertRows(db, 'ks_903_oc2', ['oc2_id', 'oc2_person_id', 'oc2_year_end'], [['O1', 'Z', '2024-03-31']]);
  });
  afterAll(async () => database?.drop());

  const blocks = sql.join(
    SHARED_BLOCKS.map((block) => sql`, ${sql.raw(block.name)} AS (${block.definition})`),
    sql``,
  );
  const days = sql`
      SELECT d::date AS as_of, (d::date + 1 - interval '1 month')::date AS month_from, (d::date + 1 - interval '12 months')::date AS year_from,
             extract(year FROM d::date)::int * 12 + extract(month FROM d::date)::int AS month_index
      FROM unnest(ARRAY['2024-03-31', '2024-04-30']) AS d`;

  it('continues a carer run from the first episode (by id) that begins with the placement', async () => {
    const { rows } = await sql<{ row: string }>`
      WITH days AS (${days}) ${blocks}
      SELECT concat_ws('/', placement_id, carer_no, carer_start) AS row FROM carer_placements ORDER BY placement_id`.execute(database.db);
    expect(rows.map((each) => each.row)).toEqual([
      'XP1/1/2022-01-01',
      'XP2/1/2022-01-01',
      'YP1/1/2022-01-01',
      'YP2/2/2024-03-01',
      'ZP1/1/2023-12-01',
      'ZP2/1/2023-12-01',
    ]);
  });

  it('says on which dates the council’s return carried OC2', async () => {
    const { rows } = await sql<{ row: string }>`
      WITH days AS (${days}) ${blocks}
      SELECT concat_ws('/', as_of, child_id, oc2_held) AS row FROM looked_after_12_months ORDER BY as_of, child_id`.execute(database.db);
    // X and Y, in care since 2022 (Z only since 2024-02-01), are in the 12-month cohort; only 2024-03-31 has an OC2 return.
    expect(rows.map((each) => each.row)).toEqual(['2024-03-31/X/t', '2024-03-31/Y/t', '2024-04-30/X/f', '2024-04-30/Y/f']);
  });
});
