import { sql } from 'kysely';
import type { Database } from './database.ts';

const PARENT_TABLES = ['ssd_person', 'ssd_professionals', 'ssd_department'];

/**
 * Deletes every child's record and the team structure (all ssd_ tables and Keystone's team tables)
 * in one transaction. Accounts stay, unlinked from the professionals and teams that go.
 * Used before re-seeding a demo database.
 */
export async function clearCaseData(database: Database): Promise<void> {
  const tables = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
      AND (table_name LIKE 'ssd\\_%' OR table_name IN ('ks_team_membership', 'ks_team_closure'))`.execute(database.db);
  const names = tables.rows.map((row) => row.table_name);
  // Children of children first, parents last, so no foreign key is ever left dangling.
  const order = [
    ...names.filter((name) => name === 'ssd_assessment_factors'),
    ...names.filter((name) => name !== 'ssd_assessment_factors' && !PARENT_TABLES.includes(name)),
    ...PARENT_TABLES.filter((name) => names.includes(name)),
  ];
  await database.db.transaction().execute(async (trx) => {
    await trx.updateTable('ks_user').set({ professional_id: null, team_id: null }).execute();
    for (const table of order) await sql.raw(`DELETE FROM ${table}`).execute(trx);
  });
}
