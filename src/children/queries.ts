import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { ALLOCATIONS, inEffect } from '../core/allocations.ts';

export interface ChildOnList {
  personId: string;
  name: string;
  dob: IsoDate | null;
  allocatedSince: IsoDate;
  status: string;
}

/**
 * A child's status on a date, from the most to the least intensive: looked after, child protection
 * plan, child in need plan, open referral (in need), care leaver (in the SSD's care leavers table and
 * out of care on the date), else closed.
 */
const statusSql = (asOf: IsoDate) => sql<string>`CASE
    WHEN EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = p.pers_person_id AND e.clae_cla_episode_start_date <= ${asOf}
                 AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > ${asOf})) THEN 'Looked after'
    WHEN EXISTS (SELECT 1 FROM ssd_cp_plans c WHERE c.cppl_person_id = p.pers_person_id AND c.cppl_cp_plan_start_date <= ${asOf}
                 AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date > ${asOf})) THEN 'Child protection plan'
    WHEN EXISTS (SELECT 1 FROM ssd_cin_plans c WHERE c.cinp_person_id = p.pers_person_id AND c.cinp_cin_plan_start_date <= ${asOf}
                 AND (c.cinp_cin_plan_end_date IS NULL OR c.cinp_cin_plan_end_date > ${asOf})) THEN 'Child in need plan'
    WHEN EXISTS (SELECT 1 FROM ssd_cin_episodes r WHERE r.cine_person_id = p.pers_person_id AND r.cine_referral_date <= ${asOf}
                 AND (r.cine_close_date IS NULL OR r.cine_close_date > ${asOf})) THEN 'Child in need (open referral)'
    WHEN EXISTS (SELECT 1 FROM ssd_care_leavers l WHERE l.clea_person_id = p.pers_person_id)
     AND EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = p.pers_person_id AND e.clae_cla_episode_ceased_date <= ${asOf}) THEN 'Care leaver'
    ELSE 'Case closed' END`;

/** The children allocated to a worker as case holder on a date (their caseload, as src/caseloads counts it). */
export async function childrenOfWorker(database: Database, professionalId: string, asOf: IsoDate): Promise<ChildOnList[]> {
  const rows = await sql<{ person_id: string; name: string; dob: IsoDate | null; allocated_since: IsoDate; status: string }>`
    SELECT p.pers_person_id AS person_id, concat_ws(' ', p.pers_forename, p.pers_surname) AS name, p.pers_dob AS dob,
           min(i.invo_involvement_start_date) AS allocated_since, ${statusSql(asOf)} AS status
    FROM ${ALLOCATIONS} i JOIN ssd_person p ON p.pers_person_id = i.invo_person_id
    WHERE i.invo_professional_id = ${professionalId} AND ${inEffect('i', asOf)}
    GROUP BY p.pers_person_id
    ORDER BY p.pers_surname, p.pers_forename, p.pers_person_id`.execute(database.db);
  return rows.rows.map((row) => ({ personId: row.person_id, name: row.name, dob: row.dob, allocatedSince: row.allocated_since, status: row.status }));
}

export async function workerOn(database: Database, professionalId: string, asOf: IsoDate) {
  const rows = await sql<{ name: string; team_id: string | null; team_name: string | null }>`
    SELECT p.prof_professional_name AS name, m.memb_team_id AS team_id, d.dept_team_name AS team_name
    FROM ssd_professionals p
    LEFT JOIN ks_team_membership m ON m.memb_professional_id = p.prof_professional_id
     AND m.memb_start_date <= ${asOf} AND (m.memb_end_date IS NULL OR m.memb_end_date > ${asOf})
    LEFT JOIN ssd_department d ON d.dept_team_id = m.memb_team_id
    WHERE p.prof_professional_id = ${professionalId}
    ORDER BY m.memb_start_date DESC NULLS LAST LIMIT 1`.execute(database.db);
  return rows.rows[0];
}

/** Everything the record page shows about one child. */
export async function childRecord(database: Database, personId: string, asOf: IsoDate) {
  const run = <R>(query: ReturnType<typeof sql<R>>) => query.execute(database.db).then((result) => result.rows);
  const [person] = await run(sql<{ person_id: string; name: string; dob: IsoDate | null; sex: string | null; ethnicity: string | null; status: string }>`
    SELECT p.pers_person_id AS person_id, concat_ws(' ', p.pers_forename, p.pers_surname) AS name, p.pers_dob AS dob,
           p.pers_sex AS sex, p.pers_ethnicity AS ethnicity, ${statusSql(asOf)} AS status
    FROM ssd_person p WHERE p.pers_person_id = ${personId}`);
  if (!person) return undefined;
  const [allocations, referrals, assessments, cpPlans, clEpisodes, missing] = await Promise.all([
    run(sql<{ worker: string; team: string | null; start_date: IsoDate; end_date: IsoDate | null; change_reason: string | null }>`
      SELECT w.prof_professional_name AS worker, d.dept_team_name AS team, i.invo_involvement_start_date AS start_date,
             i.invo_involvement_end_date AS end_date, i.invo_worker_change_reason AS change_reason
      FROM ${ALLOCATIONS} i JOIN ssd_professionals w ON w.prof_professional_id = i.invo_professional_id
      LEFT JOIN ssd_department d ON d.dept_team_id = i.invo_professional_team
      WHERE i.invo_person_id = ${personId}
      ORDER BY i.invo_involvement_start_date DESC, i.invo_involvements_id DESC`),
    run(sql<{ referral_date: IsoDate; source: string | null; need: string | null; close_date: IsoDate | null; close_reason: string | null }>`
      SELECT cine_referral_date AS referral_date, coalesce(cine_referral_source_desc, cine_referral_source_code) AS source,
             cine_cin_primary_need_code AS need, cine_close_date AS close_date, cine_close_reason AS close_reason
      FROM ssd_cin_episodes WHERE cine_person_id = ${personId} ORDER BY cine_referral_date DESC`),
    run(sql<{ start_date: IsoDate; auth_date: IsoDate | null; child_seen: string | null }>`
      SELECT cina_assessment_start_date AS start_date, cina_assessment_auth_date AS auth_date, cina_assessment_child_seen AS child_seen
      FROM ssd_cin_assessments WHERE cina_person_id = ${personId} ORDER BY cina_assessment_start_date DESC`),
    run(sql<{ start_date: IsoDate; end_date: IsoDate | null; category: string | null }>`
      SELECT cppl_cp_plan_start_date AS start_date, cppl_cp_plan_end_date AS end_date, coalesce(cppl_cp_plan_latest_category, cppl_cp_plan_initial_category) AS category
      FROM ssd_cp_plans WHERE cppl_person_id = ${personId} ORDER BY cppl_cp_plan_start_date DESC`),
    run(sql<{
      start_date: IsoDate;
      end_date: IsoDate | null;
      start_reason: string | null;
      legal_status: string | null;
      reason_ceased: string | null;
      placement_type: string | null;
    }>`
      SELECT e.clae_cla_episode_start_date AS start_date, e.clae_cla_episode_ceased_date AS end_date, e.clae_cla_episode_start_reason AS start_reason, e.clae_legal_status AS legal_status,
             e.clae_cla_episode_ceased_reason AS reason_ceased, pl.clap_cla_placement_type AS placement_type
      FROM ssd_cla_episodes e LEFT JOIN ssd_cla_placement pl ON pl.clap_cla_placement_id = e.clae_cla_placement_id
      WHERE e.clae_person_id = ${personId} ORDER BY e.clae_cla_episode_start_date DESC`),
    run(sql<{ start_at: string; end_at: string | null; rhi_offered: string | null; rhi_accepted: string | null }>`
      SELECT miss_missing_episode_start_date AS start_at, miss_missing_episode_end_date AS end_at,
             miss_missing_rhi_offered AS rhi_offered, miss_missing_rhi_accepted AS rhi_accepted
      FROM ssd_missing WHERE miss_person_id = ${personId} ORDER BY miss_missing_episode_start_date DESC`),
  ]);
  return { person, allocations, referrals, assessments, cpPlans, clEpisodes, missing };
}
