import { sql } from 'kysely';
import type { Database } from '../../src/core/db/database.ts';

/** Row count and checksum of each base table whose name `keep` accepts: equal snapshots, equal rows. */
export async function tableChecksums(database: Database, keep: (table: string) => boolean): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(database.db);
  const out: Record<string, string> = {};
  for (const { name } of tables.rows.filter((table) => keep(table.name))) {
    const { rows } = await sql<{ n: number; sum: string }>`
      SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') AS sum FROM ${sql.table(name)} t`.execute(database.db);
    out[name] = `${rows[0]!.n} rows, md5 ${rows[0]!.sum}`;
  }
  return out;
}
