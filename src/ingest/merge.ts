/**
 * Writing staged rows: each staging table (staging.ts) is compared with the stored table in SQL,
 * new rows inserted, changed rows updated, equal rows left alone, provenance recorded. Table and
 * column names travel as quoted identifiers (sql.id / sql.ref), never as raw SQL text.
 */
import { sql, type RawBuilder } from 'kysely';
import { insertRows } from '../core/db/bulk.ts';
import { createStage, stageName, type Executor } from './staging.ts';
import type { Lookup, LookupResults, StreamedTable, TableCounts, TableWrite } from './types.ts';

/**
 * Writes one table's rows: stage them in a temporary table, then compare and write (mergeStage).
 */
export async function applyWrite(trx: Executor, write: TableWrite, importId: number): Promise<{ counts: TableCounts; children: string[] }> {
  const { table, columns } = write;
  if (write.rows.length === 0) return { counts: { table, new: 0, updated: 0, unchanged: 0 }, children: [] };
  await createStage(trx, write);
  await insertRows(trx, stageName(table), columns, write.rows);
  const { counts, changedKeys } = await mergeStage(trx, write, write.rows.length, importId, !!write.childOf);
  const children = new Set<string>();
  if (write.childOf && changedKeys.size) {
    const keyIndex = columns.indexOf(write.key);
    for (const row of write.rows) {
      if (!changedKeys.has(String(row[keyIndex]))) continue;
      const child = write.childOf(row);
      if (child) children.add(child);
    }
  }
  return { counts, children: [...children] };
}

/**
 * Compares one staging table (`ks_stage_<table>`, `staged` rows) with the stored table in SQL:
 * counts new / changed / unchanged by comparing typed values, records provenance for new and
 * changed rows, then updates and inserts; drops the staging table. Returns, when asked, the changed
 * keys (the children whose rows changed are found from the provenance: `childrenChangedBy`). A `partial` table's rows keep the
 * stored value of each column they lack (see StreamedTable).
 */
export async function mergeStage(
  trx: Executor,
  write: StreamedTable & { insertOnly?: boolean | undefined },
  staged: number,
  importId: number,
  wantKeys = false,
): Promise<{ counts: TableCounts; changedKeys: Set<string> }> {
  const { table, key, columns } = write;
  const stage = sql.id(stageName(table));
  const target = sql.table(table);
  const tKey = sql.ref(`t.${key}`);
  const sKey = sql.ref(`s.${key}`);
  /** The value a row gives a column: the staged one, or for a column the row lacks, the stored one. */
  const given = (column: string): RawBuilder<unknown> =>
    write.partial
      ? sql`CASE WHEN (s.ks_absent >> ${sql.lit(columns.indexOf(column))}) & 1 = 1 THEN ${sql.ref(`t.${column}`)} ELSE ${sql.ref(`s.${column}`)} END`
      : sql.ref(`s.${column}`);
  const counts: TableCounts = { table, new: 0, updated: 0, unchanged: 0 };
  let changedKeys = new Set<string>();
  if (staged > 0) {
    const others = columns.filter((column) => column !== key);
    const differs: RawBuilder<unknown> =
      write.insertOnly || others.length === 0
        ? sql`false`
        : sql`ROW(${sql.join(others.map((column) => sql.ref(`t.${column}`)))}) IS DISTINCT FROM ROW(${sql.join(others.map(given))})`;
    await sql`DROP TABLE IF EXISTS ks_stage_changed`.execute(trx);
    await sql`
      CREATE TEMP TABLE ks_stage_changed AS SELECT ${sKey}::text AS pk, (${tKey} IS NULL) AS is_new FROM ${stage} s LEFT JOIN ${target} t ON ${tKey} = ${sKey}
      WHERE ${tKey} IS NULL OR ${differs}`.execute(trx);
    const tally = await sql<{
      added: number;
      changed: number;
    }>`SELECT count(*) FILTER (WHERE is_new)::int AS added, count(*)::int AS changed FROM ks_stage_changed`.execute(trx);
    const { added, changed } = tally.rows[0]!;
    counts.new = Number(added);
    counts.updated = Number(changed) - counts.new;
    counts.unchanged = staged - Number(changed);
    if (Number(changed) > 0) {
      await sql`
        INSERT INTO ks_row_source (table_name, row_pk, import_id)
        SELECT ${table}, pk, ${importId} FROM ks_stage_changed
        ON CONFLICT (table_name, row_pk) DO UPDATE SET import_id = excluded.import_id`.execute(trx);
      if (wantKeys) changedKeys = new Set((await sql<{ pk: string }>`SELECT pk FROM ks_stage_changed`.execute(trx)).rows.map((row) => row.pk));
      // New rows are those found new above: the insert never reads the table it writes, whose pages it would otherwise
      // scan again for every row when the planner picks a sequential scan (a fresh table, no statistics yet).
      // A partial table's rows are inserted in groups with the same columns given, the others taking their defaults.
      const insert = async () => {
        if (counts.new === 0) return;
        const groups = write.partial
          ? (
              await sql<{
                absent: string;
              }>`SELECT DISTINCT s.ks_absent::text AS absent FROM ${stage} s JOIN ks_stage_changed c ON c.pk = ${sKey}::text WHERE c.is_new`.execute(trx)
            ).rows.map((row) => Number(row.absent))
          : [0];
        for (const absent of groups) {
          const given = columns.filter((_, index) => Math.floor(absent / 2 ** index) % 2 === 0);
          await sql`
            INSERT INTO ${target} (${sql.join(given.map((column) => sql.id(column)))})
            SELECT ${sql.join(given.map((column) => sql.ref(`s.${column}`)))} FROM ${stage} s JOIN ks_stage_changed c ON c.pk = ${sKey}::text
            WHERE c.is_new${write.partial ? sql` AND s.ks_absent = ${absent}` : sql``}`.execute(trx);
        }
      };
      if (write.selfReferencing) await insert();
      if (!write.insertOnly && others.length) {
        const assignments = sql.join(others.map((column) => sql`${sql.id(column)} = ${given(column)}`));
        await sql`UPDATE ${target} t SET ${assignments} FROM ${stage} s WHERE ${tKey} = ${sKey} AND ${differs}`.execute(trx);
      }
      if (!write.selfReferencing) await insert();
    }
    await sql`DROP TABLE ks_stage_changed`.execute(trx);
  }
  await sql`DROP TABLE ${stage}`.execute(trx);
  return { counts, changedKeys };
}

/**
 * The children whose rows an import created or changed, as a query (a text column `child`): the rows
 * of each table whose provenance is that import, by the column naming their child. Run once the
 * import is committed, so that a million children need not be held in memory (audit: recordAudit's
 * `childIdsFrom`).
 */
export function childrenChangedBy(tables: readonly StreamedTable[], importId: number): RawBuilder<{ child: string }> | null {
  const parts = tables
    .filter((table) => table.childColumn)
    .map(
      (table) => sql`
        SELECT ${sql.ref(`t.${table.childColumn!}`)}::text AS child FROM ${sql.table(table.table)} t
        JOIN ks_row_source r ON r.table_name = ${table.table} AND r.row_pk = ${sql.ref(`t.${table.key}`)}::text
        WHERE r.import_id = ${importId}`,
    );
  return parts.length ? sql<{ child: string }>`${sql.join(parts, sql` UNION `)}` : null;
}

/** Runs an importer's lookups (see `Lookup`): one query per lookup, values passed as one array. */
export async function runLookups(trx: Executor, lookups: readonly Lookup[]): Promise<LookupResults> {
  const results: Array<Map<string, string[]>> = [];
  for (const lookup of lookups) {
    const found = new Map<string, string[]>();
    results.push(found);
    if (lookup.values.size === 0) continue;
    const column = sql.ref(lookup.column);
    const compared = lookup.ignoreCase ? sql`lower(btrim(${column}::text))` : sql`${column}::text`;
    const values = [...lookup.values].map((value) => (lookup.ignoreCase ? value.trim().toLowerCase() : value));
    const rows = await sql<{ v: string; r: string | null }>`
      SELECT ${compared} AS v, ${sql.ref(lookup.returning ?? lookup.column)}::text AS r FROM ${sql.table(lookup.table)}
      WHERE ${compared} = ANY(${sql.val(values)}::text[])`.execute(trx);
    for (const row of rows.rows) {
      const list = found.get(row.v) ?? [];
      if (row.r !== null && !list.includes(row.r)) list.push(row.r);
      found.set(row.v, list);
    }
  }
  return results;
}
