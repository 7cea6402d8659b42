import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { append } from '../core/arrays.ts';

/**
 * How long a child's record is kept, by the most serious involvement the child ever had
 * (common local-authority schedules; each period is configurable):
 * - looked after at any time: until the 75th birthday;
 * - otherwise, a child protection plan at any time: 35 years after the last contact
 *   (the latest referral, closure or plan end);
 * - otherwise (children in need): until 3 years after the 18th birthday.
 * A record with an open referral, plan or period of care is never due. A record with no date of
 * birth is never due by an age rule and is listed as needing its date of birth checked.
 */
export interface RetentionPolicy {
  lookedAfterUntilAge: number;
  childProtectionYearsAfterLastContact: number;
  childInNeedYearsAfter18: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { lookedAfterUntilAge: 75, childProtectionYearsAfterLastContact: 35, childInNeedYearsAfter18: 3 };

export interface RetentionDue {
  personId: string;
  rule: 'looked_after' | 'child_protection' | 'child_in_need';
  dueDate: IsoDate;
}

export async function recordsDueForReview(database: Database, today: IsoDate, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<RetentionDue[]> {
  const rows = await sql<{ person_id: string; rule: RetentionDue['rule']; due_date: IsoDate }>`
    WITH facts AS (
      SELECT p.pers_person_id AS person_id, p.pers_dob AS dob,
             EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = p.pers_person_id) AS looked_after,
             EXISTS (SELECT 1 FROM ssd_cp_plans c WHERE c.cppl_person_id = p.pers_person_id) AS child_protection,
             greatest(
               (SELECT max(greatest(cine_referral_date, cine_close_date)) FROM ssd_cin_episodes WHERE cine_person_id = p.pers_person_id),
               (SELECT max(cppl_cp_plan_end_date) FROM ssd_cp_plans WHERE cppl_person_id = p.pers_person_id)) AS last_contact,
             EXISTS (SELECT 1 FROM ssd_cin_episodes WHERE cine_person_id = p.pers_person_id AND cine_close_date IS NULL)
               OR EXISTS (SELECT 1 FROM ssd_cp_plans WHERE cppl_person_id = p.pers_person_id AND cppl_cp_plan_end_date IS NULL)
               OR EXISTS (SELECT 1 FROM ssd_cla_episodes WHERE clae_person_id = p.pers_person_id AND clae_cla_episode_ceased_date IS NULL) AS open
      FROM ssd_person p
    ),
    due AS (
      SELECT person_id,
             CASE WHEN looked_after THEN 'looked_after' WHEN child_protection THEN 'child_protection' ELSE 'child_in_need' END AS rule,
             CASE WHEN looked_after THEN (dob + make_interval(years => ${policy.lookedAfterUntilAge}))::date
                  WHEN child_protection THEN (last_contact + make_interval(years => ${policy.childProtectionYearsAfterLastContact}))::date
                  ELSE (dob + make_interval(years => 18 + ${policy.childInNeedYearsAfter18}))::date END AS due_date
      FROM facts WHERE NOT open
    )
    SELECT person_id, rule, due_date FROM due WHERE due_date <= ${today}::date ORDER BY due_date, person_id`.execute(database.db);
  return rows.rows.map((row) => ({ personId: row.person_id, rule: row.rule, dueDate: row.due_date }));
}

/**
 * Deletes one child's record from every case table in one transaction, with the provenance rows,
 * import findings and quarantined rows that name the child. The audit trail keeps that it happened (it is
 * append-only by design). Returns the number of rows deleted per table.
 */
export async function deleteChildRecord(database: Database, personId: string): Promise<Record<string, number>> {
  return database.db.transaction().execute(async (trx) => {
    const columns = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND (table_name LIKE 'ssd\\_%' OR table_name IN ('ks_child_plan_action', 'ks_903_oc2', 'ks_903_dolo')) AND column_name LIKE '%\\_person\\_id'
        AND table_name <> 'ssd_person'
      ORDER BY table_name`.execute(trx);
    const deleted: Record<string, number> = {};
    const keys = await sql<{ table_name: string; pk: string }>`
      SELECT 'ssd_assessment_factors' AS table_name, cinf_table_id AS pk FROM ssd_assessment_factors
      WHERE cinf_assessment_id IN (SELECT cina_assessment_id FROM ssd_cin_assessments WHERE cina_person_id = ${personId})`.execute(trx);
    const factors = await sql`DELETE FROM ssd_assessment_factors
      WHERE cinf_assessment_id IN (SELECT cina_assessment_id FROM ssd_cin_assessments WHERE cina_person_id = ${personId})`.execute(trx);
    deleted.ssd_assessment_factors = Number(factors.numAffectedRows ?? 0);
    const removedKeys = [...keys.rows];
    // The SSD's EHCP tables name the child only through ssd_send (migration 0018): plans, assessments
    // and requests of the child's SEND records go first, children of children before their parents.
    const requests = sql`SELECT ehcr_ehcp_request_id FROM ssd_ehcp_requests WHERE ehcr_send_table_id IN (SELECT send_table_id FROM ssd_send WHERE send_person_id = ${personId})`;
    const assessments = sql`SELECT ehca_ehcp_assessment_id FROM ssd_ehcp_assessment WHERE ehca_ehcp_request_id IN (${requests})`;
    for (const [table, key, where] of [
      ['ssd_ehcp_named_plan', 'ehcn_named_plan_id', sql`ehcn_ehcp_asmt_id IN (${assessments})`],
      ['ssd_ehcp_active_plans', 'ehcp_active_ehcp_id', sql`ehcp_ehcp_request_id IN (${requests})`],
      ['ssd_ehcp_assessment', 'ehca_ehcp_assessment_id', sql`ehca_ehcp_request_id IN (${requests})`],
      ['ssd_ehcp_requests', 'ehcr_ehcp_request_id', sql`ehcr_send_table_id IN (SELECT send_table_id FROM ssd_send WHERE send_person_id = ${personId})`],
    ] as const) {
      const result = await sql<{ pk: string }>`DELETE FROM ${sql.table(table)} WHERE ${where} RETURNING ${sql.ref(key)}::text AS pk`.execute(trx);
      deleted[table] = result.rows.length;
      removedKeys.push(...result.rows.map((row) => ({ table_name: table, pk: row.pk })));
    }
    for (const { table_name: table, column_name: column } of columns.rows) {
      const primaryKey = await sql<{ column_name: string }>`
        SELECT a.attname AS column_name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass(${table}) AND i.indisprimary LIMIT 1`.execute(trx);
      const pk = primaryKey.rows[0]?.column_name ?? column;
      const result = await sql<{
        pk: string;
      }>`DELETE FROM ${sql.table(table)} WHERE ${sql.ref(column)} = ${personId} RETURNING ${sql.ref(pk)}::text AS pk`.execute(trx);
      deleted[table] = result.rows.length;
      append(
        removedKeys,
        result.rows.map((row) => ({ table_name: table, pk: row.pk })),
      );
    }
    const person = await sql`DELETE FROM ssd_person WHERE pers_person_id = ${personId}`.execute(trx);
    deleted.ssd_person = Number(person.numAffectedRows ?? 0);
    removedKeys.push({ table_name: 'ssd_person', pk: personId });
    if (await tableExists(trx, 'ks_row_source')) {
      for (const key of removedKeys) await sql`DELETE FROM ks_row_source WHERE table_name = ${key.table_name} AND row_pk = ${key.pk}`.execute(trx);
    }
    for (const table of ['ks_import_quarantine', 'ks_import_issue']) {
      if (!(await tableExists(trx, table))) continue;
      const result = await sql`DELETE FROM ${sql.table(table)} WHERE child_id = ${personId}`.execute(trx);
      deleted[table] = Number(result.numAffectedRows ?? 0);
    }
    return deleted;
  });
}

async function tableExists(executor: Database['db'], table: string): Promise<boolean> {
  const row = await sql<{ found: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS found`.execute(executor);
  return row.rows[0]?.found ?? false;
}
