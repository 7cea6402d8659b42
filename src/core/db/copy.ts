/**
 * Copies every table of one Keystone database into another of the same schema version, row for row:
 * used by `keystone migrate --from-pglite` to bring a data folder of an earlier Keystone (PGlite) into
 * PostgreSQL. Rows travel as JSON (`row_to_json` → `json_populate_recordset`), which keeps every
 * type exactly (dates, timestamps with their microseconds, arrays, jsonb, bytea). Inside the target's
 * transaction triggers and foreign keys are set aside (`session_replication_role = replica`, which
 * needs a superuser — the embedded PostgreSQL's user is one), so the audit trail's rows keep their
 * ids and hashes exactly as they were and the chain stays intact; sequences are set to where the
 * source's were.
 */
export interface SqlSide {
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
}

export interface CopiedTable {
  table: string;
  rows: number;
}

const BATCH_ROWS = 2_000;
const SKIPPED = new Set(['ks_schema_migrations']);

async function tablesOf(side: SqlSide): Promise<string[]> {
  const rows = await side.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  return rows.map((row) => row.name).filter((name) => !SKIPPED.has(name));
}

async function columnsOf(side: SqlSide, table: string): Promise<string[]> {
  const rows = await side.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
    [table],
  );
  return rows.map((row) => row.name);
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Both sides must be inside a transaction (the source's cursor and the target's settings live there). */
export async function copyTables(source: SqlSide, target: SqlSide, onTable: (copied: CopiedTable) => void = () => undefined): Promise<CopiedTable[]> {
  const tables = await tablesOf(target);
  const sourceTables = new Set(await tablesOf(source));
  const absent = tables.filter((table) => !sourceTables.has(table));
  if (absent.length) throw new Error(`The source has no table ${absent.join(', ')}: it is not at the same schema version`);
  await target.exec('SET LOCAL session_replication_role = replica');
  for (const table of tables) await target.exec(`DELETE FROM ${quoted(table)}`);
  const copied: CopiedTable[] = [];
  for (const table of tables) {
    const columns = (await columnsOf(target, table)).map(quoted).join(', ');
    await source.exec(`DECLARE keystone_copy NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS row FROM (SELECT ${columns} FROM ${quoted(table)}) x`);
    let rows = 0;
    for (;;) {
      const batch = await source.query<{ row: string }>(`FETCH ${BATCH_ROWS} FROM keystone_copy`);
      if (batch.length === 0) break;
      await target.query(
        `INSERT INTO ${quoted(table)} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM json_populate_recordset(NULL::${quoted(table)}, $1::json)`,
        [`[${batch.map((entry) => entry.row).join(',')}]`],
      );
      rows += batch.length;
    }
    await source.exec('CLOSE keystone_copy');
    const [counted] = await target.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted(table)}`);
    const [expected] = await source.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted(table)}`);
    if (Number(counted!.n) !== Number(expected!.n)) throw new Error(`${table}: ${expected!.n} rows in the source, ${counted!.n} copied`);
    copied.push({ table, rows });
    onTable({ table, rows });
  }
  const sequences = await source.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text AS last_value FROM pg_sequences WHERE schemaname = current_schema()`,
  );
  for (const sequence of sequences) {
    await target.query('SELECT setval($1::regclass, $2::bigint, $3)', [quoted(sequence.name), sequence.last_value ?? '1', sequence.last_value !== null]);
  }
  return copied;
}
