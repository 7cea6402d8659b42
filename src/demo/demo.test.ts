import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthEnds, workingDaysBetween } from '../core/dates.ts';
import { freshDatabase } from '../../test/support/engines.ts';
import { generateCounty, loadCounty, type County, type DemoSummary } from './index.ts';

const CASE_HOLDING_ROLES = sql`('social_worker', 'senior_social_worker', 'asye_social_worker')`;

function fingerprint(county: County): string {
  const hash = createHash('sha256');
  for (const table of county.tables) {
    hash.update(`${table.name}(${table.columns.join(',')})`);
    for (const row of table.rows) hash.update(JSON.stringify(row));
  }
  hash.update(JSON.stringify(county.accounts));
  return hash.digest('hex');
}

describe('generateCounty', () => {
  it('gives identical data for the same options and different data for another seed', () => {
    const first = fingerprint(generateCounty({ children: 400, seed: 7 }));
    expect(fingerprint(generateCounty({ children: 400, seed: 7 }))).toBe(first);
    expect(fingerprint(generateCounty({ children: 400, seed: 8 }))).not.toBe(first);
  });

  it('makes exactly the requested number of children, and nothing after the extract date but the dates plan actions are due', () => {
    const county = generateCounty({ children: 500, seed: 3, from: '2018-01-01', to: '2021-12-31' });
    expect(county.tables.find((table) => table.name === 'ssd_person')!.rows).toHaveLength(500);
    const late = county.tables.flatMap((table) =>
      table.rows.flatMap((row) =>
        row.filter(
          (cell, index) =>
            table.columns[index] !== 'plac_action_due_date' && typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}/.test(cell) && cell.slice(0, 10) > '2021-12-31',
        ),
      ),
    );
    expect(late).toEqual([]);
    const actions = county.tables.find((table) => table.name === 'ks_child_plan_action')!;
    expect(actions.rows.length).toBeGreaterThan(0);
    expect(actions.rows.some((row) => row[actions.columns.indexOf('plac_action_due_date')] === null)).toBe(true);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateCounty({ children: 0, seed: 1 })).toThrow(/children/);
    expect(() => generateCounty({ children: 10, seed: 1.5 })).toThrow(/seed/);
    expect(() => generateCounty({ children: 10, seed: 1, from: '2024-01-01', to: '2024-06-30' })).toThrow(/two years/);
  });
});

describe('a generated county loaded into the database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let county: County;
  let summary: DemoSummary;
  const query = async <R>(text: ReturnType<typeof sql<R>>) => (await text.execute(database.db)).rows;

  beforeAll(async () => {
    database = await freshDatabase(undefined);
    county = generateCounty({ children: 3000, seed: 11 });
    summary = await loadCounty(database, county);
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('loads every table with sensible volumes', async () => {
    expect(summary.children).toBe(3000);
    for (const table of county.tables) {
      expect(summary.rows[table.name], table.name).toBeGreaterThan(0);
      const [row] = await query(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table.name)}`);
      expect(row!.n, table.name).toBe(table.rows.length);
    }
  });

  it('never gives a child two case-holding workers at once', async () => {
    const [overlaps] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements a JOIN ssd_involvements b
        ON a.invo_person_id = b.invo_person_id AND a.invo_involvements_id < b.invo_involvements_id
       AND a.invo_involvement_start_date < coalesce(b.invo_involvement_end_date, 'infinity')
       AND b.invo_involvement_start_date < coalesce(a.invo_involvement_end_date, 'infinity')`);
    const [empty] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements WHERE invo_involvement_end_date <= invo_involvement_start_date`);
    expect(overlaps!.n).toBe(0);
    expect(empty!.n).toBe(0);
  });

  it('allocates only to case-holding members of a live team on the start date', async () => {
    const [outsiders] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements i
      WHERE i.invo_professional_role_id <> 'Allocated Case Worker'
         OR NOT EXISTS (SELECT 1 FROM ks_allocation a WHERE a.invo_involvements_id = i.invo_involvements_id) OR NOT EXISTS (
        SELECT 1 FROM ks_team_membership m JOIN ssd_department d ON d.dept_team_id = m.memb_team_id
        WHERE m.memb_professional_id = i.invo_professional_id AND m.memb_team_id = i.invo_professional_team
          AND m.memb_role IN ${CASE_HOLDING_ROLES}
          AND m.memb_start_date <= i.invo_involvement_start_date
          AND (m.memb_end_date IS NULL OR m.memb_end_date > i.invo_involvement_start_date)
          AND d.dept_valid_from <= i.invo_involvement_start_date
          AND (d.dept_valid_to IS NULL OR d.dept_valid_to > i.invo_involvement_start_date))`);
    expect(outsiders!.n).toBe(0);
  });

  it('looks after about 70 per 10,000 children', async () => {
    const [population] = await query(sql<{ value: string }>`SELECT setting_value AS value FROM ks_setting WHERE setting_key = 'child_population'`);
    const [lookedAfter] = await query(sql<{ n: number }>`
      SELECT count(DISTINCT clae_person_id)::int AS n FROM ssd_cla_episodes
      WHERE clae_cla_episode_start_date <= '2024-03-31' AND (clae_cla_episode_ceased_date IS NULL OR clae_cla_episode_ceased_date > '2024-03-31')`);
    const rate = (lookedAfter!.n * 10_000) / Number(population!.value);
    expect(rate).toBeGreaterThan(50);
    expect(rate).toBeLessThan(90);
  });

  it('authorises about 85% of assessments within 45 working days of referral', async () => {
    const rows = await query(sql<{ referral: string; authorised: string }>`
      SELECT e.cine_referral_date AS referral, a.cina_assessment_auth_date AS authorised
      FROM ssd_cin_assessments a JOIN ssd_cin_episodes e ON e.cine_referral_id = a.cina_referral_id
      WHERE a.cina_assessment_auth_date >= '2020-04-01'`);
    const onTime = rows.filter((row) => workingDaysBetween(row.referral, row.authorised) <= 45).length / rows.length;
    expect(onTime).toBeGreaterThan(0.75);
    expect(onTime).toBeLessThan(0.95);
  });

  it('has a county caseload around 16 with some teams over 20 at month-ends', async () => {
    const ends = monthEnds('2020-04-01', '2026-10-31');
    const rows = await query(sql<{ day: string; team: string; workers: number; cases: number }>`
      WITH ends AS (SELECT unnest(${ends}::date[]) AS day),
      workers AS (
        SELECT e.day, m.memb_team_id AS team, count(DISTINCT m.memb_professional_id)::int AS workers
        FROM ends e JOIN ks_team_membership m ON m.memb_start_date <= e.day AND (m.memb_end_date IS NULL OR m.memb_end_date > e.day)
        WHERE m.memb_role IN ${CASE_HOLDING_ROLES} GROUP BY 1, 2),
      cases AS (
        SELECT e.day, i.invo_professional_team AS team, count(*)::int AS cases
        FROM ends e JOIN ssd_involvements i ON i.invo_involvement_start_date <= e.day AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > e.day)
        GROUP BY 1, 2)
      SELECT w.day::text AS day, w.team, w.workers, coalesce(c.cases, 0)::int AS cases FROM workers w LEFT JOIN cases c USING (day, team)`);
    const totalCases = rows.reduce((sum, row) => sum + row.cases, 0);
    const totalWorkers = rows.reduce((sum, row) => sum + row.workers, 0);
    expect(totalCases / totalWorkers).toBeGreaterThan(13);
    expect(totalCases / totalWorkers).toBeLessThan(19);
    expect(rows.filter((row) => row.cases / row.workers > 20).length).toBeGreaterThan(3);
  });

  it('reorganises on 2022-06-01 and closes one team to new cases for a while', async () => {
    const closed = await query(sql<{ id: string }>`SELECT dept_team_id AS id FROM ssd_department WHERE dept_valid_to = '2022-06-01'`);
    const opened = await query(sql<{ id: string }>`SELECT dept_team_id AS id FROM ssd_department WHERE dept_valid_from = '2022-06-01'`);
    expect(closed.length).toBeGreaterThan(0);
    expect(opened.length).toBeGreaterThan(closed.length);
    const [moves] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ks_team_membership WHERE memb_end_date = '2022-06-01' AND memb_end_reason = 'Restructure'`);
    const [reallocations] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements WHERE invo_involvement_end_date = '2022-06-01' AND invo_worker_change_reason = 'ORGRST'`);
    expect(moves!.n).toBeGreaterThan(0);
    expect(reallocations!.n).toBeGreaterThan(0);

    const [closure] = await query(sql<{ team: string; start: string; end: string; reason: string }>`
      SELECT clos_team_id AS team, clos_start_date::text AS start, clos_end_date::text AS end, clos_reason AS reason FROM ks_team_closure`);
    expect(closure).toMatchObject({ start: '2023-10-01', end: '2024-05-01' });
    const [newCases] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements i
      WHERE i.invo_professional_team = ${closure!.team} AND i.invo_involvement_start_date >= ${closure!.start} AND i.invo_involvement_start_date < ${closure!.end}
        AND NOT EXISTS (SELECT 1 FROM ssd_involvements p WHERE p.invo_person_id = i.invo_person_id
          AND p.invo_professional_team = i.invo_professional_team AND p.invo_involvement_end_date = i.invo_involvement_start_date)`);
    expect(newCases!.n).toBe(0);
  });

  it('records worker changes for turnover, and transfers between teams', async () => {
    const reasons = await query(
      sql<{ reason: string }>`SELECT DISTINCT invo_worker_change_reason AS reason FROM ssd_involvements WHERE invo_worker_change_reason IS NOT NULL`,
    );
    expect(reasons.map((row) => row.reason)).toEqual(expect.arrayContaining(['LEFTRL', 'ORGRST', 'TSPROC', 'MANAGE', 'ABSENC', 'FCONTA']));
  });

  it('picks sign-in accounts that are current at the extract date', async () => {
    const { teamManager, socialWorker, serviceManager } = summary.accounts;
    const current = async (professionalId: string, teamId: string, role: string) => {
      const rows = await query(sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ks_team_membership
        WHERE memb_professional_id = ${professionalId} AND memb_team_id = ${teamId} AND memb_role = ${role} AND memb_end_date IS NULL`);
      return rows[0]!.n;
    };
    expect(await current(teamManager.professionalId, teamManager.teamId, 'team_manager')).toBe(1);
    expect(socialWorker.teamId).toBe(teamManager.teamId);
    const [caseload] = await query(sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ssd_involvements WHERE invo_professional_id = ${socialWorker.professionalId} AND invo_involvement_end_date IS NULL`);
    expect(caseload!.n).toBeGreaterThan(0);
    expect(await current(serviceManager.professionalId, serviceManager.serviceId, 'service_manager')).toBe(1);
  });
});
