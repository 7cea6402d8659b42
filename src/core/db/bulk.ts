import { CompiledQuery, sql } from 'kysely';
import type { Database } from './database.ts';

export type Cell = string | number | boolean | null;

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const CHUNK_ROWS = 5_000;

/**
 * Inserts many rows with one statement per chunk: every column travels as one text[] parameter
 * and is cast back to its column type, so the statement has as many parameters as columns
 * (far below PostgreSQL's 65,535 limit) whatever the row count. Runs on the caller's connection
 * when given a transaction.
 */
export async function insertRows(executor: Database['db'], table: string, columns: readonly string[], rows: readonly (readonly Cell[])[]): Promise<void> {
  if (!IDENTIFIER.test(table) || !columns.every((column) => IDENTIFIER.test(column))) {
    throw new Error(`insertRows: invalid identifier in ${table}(${columns.join(', ')})`);
  }
  if (rows.length === 0) return;
  const types = await columnTypes(executor, table);
  const casts = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`insertRows: ${table} has no column ${column}`);
    return `u.${column}::${type}`;
  });
  const text = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${casts.join(', ')} FROM unnest(${columns
    .map((_, index) => `$${index + 1}::text[]`)
    .join(', ')}) AS u(${columns.join(', ')})`;
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const chunk = rows.slice(start, start + CHUNK_ROWS);
    const params = columns.map((_, columnIndex) =>
      chunk.map((row) => {
        const cell = row[columnIndex];
        return cell === null || cell === undefined ? null : String(cell);
      }),
    );
    await executor.executeQuery(CompiledQuery.raw(text, params));
  }
}

async function columnTypes(executor: Database['db'], table: string): Promise<Map<string, string>> {
  const result = await sql<{ column_name: string; data_type: string }>`
    SELECT a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS data_type
    FROM pg_attribute a
    WHERE a.attrelid = to_regclass(${table}) AND a.attnum > 0 AND NOT a.attisdropped`.execute(executor);
  return new Map(result.rows.map((row) => [row.column_name, row.data_type]));
}
