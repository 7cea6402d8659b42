/**
 * The SSD checks that need every row, run in SQL once every file is staged (stream.ts), against
 * the staging tables (`ks_stage_<table>`, with each row's file, line and raw values) and the
 * stored tables — so an extract of any size is checked without holding it:
 * - keys: the same key twice is refused the second time (first by file, then line);
 * - enforced references (a person, professional, assessment, parent team): the value must be in a
 *   staged row still standing or already stored, else the row is refused — tables are settled
 *   parents first, so refusing a person refuses the rows that name only that person, and a team
 *   whose parent team was refused is refused in turn;
 * - other SSD links leading nowhere are warnings.
 * Every reason a row is refused is reported with it; refused rows leave the staging tables.
 */
import { sql } from 'kysely';
import { stageName, type Executor } from '../staging.ts';
import type { Finding, SourceRow } from '../types.ts';
import { SSD_TABLES, type SsdReference } from './tables.ts';

/** Refused rows (or links found broken) read back at most this many at a time. */
const PAGE = 5_000;

type Report = (findings: Finding[], rejectedRows: Array<{ row: SourceRow; child: string | null }>) => void;

const describeTarget = (table: string) => table.replace(/^ssd_/, '');

/** Checks the staged rows across rows and tables; returns how many rows of each table were duplicates. */
export async function settleSsd(trx: Executor, staged: Map<string, number>, fileNames: readonly string[], report: Report): Promise<Map<string, number>> {
  const names = sql`(${sql.val(fileNames)}::text[])`;
  await sql`DROP TABLE IF EXISTS ks_ssd_refused`.execute(trx);
  await sql`CREATE TEMP TABLE ks_ssd_refused (table_name text, file integer, line integer, field text, rule text, message text, child text, raw text)`.execute(
    trx,
  );
  await sql`DROP TABLE IF EXISTS ks_ssd_link`.execute(trx);
  await sql`CREATE TEMP TABLE ks_ssd_link (table_name text, file integer, line integer, field text, message text, child text)`.execute(trx);
  for (const table of SSD_TABLES) if (staged.get(table.name)) await sql`ANALYZE ${sql.id(stageName(table.name))}`.execute(trx);

  const duplicates = new Map<string, number>();
  /** Takes the rows refused so far out of the table's staging table. */
  const remove = async (table: string) => {
    const deleted = await sql`
      DELETE FROM ${sql.id(stageName(table))} s USING ks_ssd_refused r
      WHERE r.table_name = ${table} AND r.file = s.ks_file AND r.line = s.ks_line`.execute(trx);
    const count = Number(deleted.numAffectedRows ?? 0);
    staged.set(table, (staged.get(table) ?? 0) - count);
    return count;
  };
  /** Whether a value names a staged row still standing or a stored row. */
  const missing = (reference: SsdReference, value: ReturnType<typeof sql.ref>) => sql`
    NOT EXISTS (SELECT 1 FROM ${sql.id(stageName(reference.table))} x WHERE ${sql.ref(`x.${reference.target}`)} = ${value})
    AND NOT EXISTS (SELECT 1 FROM ${sql.table(reference.table)} t WHERE ${sql.ref(`t.${reference.target}`)} = ${value})`;

  for (const table of SSD_TABLES) {
    if (!staged.get(table.name)) continue;
    const stage = sql.id(stageName(table.name));
    const key = sql.ref(`s.${table.key}`);
    const child = table.person ? sql`${sql.ref(`s.${table.person}`)}::text` : sql`NULL::text`;
    await sql`
      INSERT INTO ks_ssd_refused
      SELECT ${table.name}, d.ks_file, d.ks_line, ${table.key}, 'KS-DUPLICATE',
             format('%s %s appears again (first at %s line %s); only the first is stored.', ${table.key}::text, d.k, ${names}[d.first_file + 1], d.first_line), d.child, d.ks_raw
      FROM (SELECT ${key}::text AS k, s.ks_file, s.ks_line, s.ks_raw, ${child} AS child,
                   first_value(s.ks_file) OVER w AS first_file, first_value(s.ks_line) OVER w AS first_line, row_number() OVER w AS n
            FROM ${stage} s WINDOW w AS (PARTITION BY ${key} ORDER BY s.ks_file, s.ks_line)) d
      WHERE d.n > 1`.execute(trx);
    duplicates.set(table.name, await remove(table.name));

    const enforced = table.references.filter((reference) => reference.enforced);
    const refuse = async (reference: SsdReference) => {
      const value = sql.ref(`s.${reference.column}`);
      const inserted = await sql`
        INSERT INTO ks_ssd_refused
        SELECT ${table.name}, s.ks_file, s.ks_line, ${reference.column}, 'KS-REFERENCE',
               format('%s names %s %s, which is neither in the files (or was refused there) nor already in Keystone: the row cannot be stored.', ${reference.column}::text, ${describeTarget(reference.table)}::text, ${value}),
               ${child}, s.ks_raw
        FROM ${stage} s WHERE ${value} IS NOT NULL AND ${missing(reference, value)}`.execute(trx);
      return Number(inserted.numAffectedRows ?? 0);
    };
    // Every broken reference to another table is a reason; then a team whose parent team is not there is
    // refused, and again, until no more fall away.
    for (const reference of enforced.filter((reference) => reference.table !== table.name)) await refuse(reference);
    await remove(table.name);
    for (const reference of enforced.filter((reference) => reference.table === table.name)) {
      while ((await refuse(reference)) > 0) await remove(table.name);
    }
  }

  for (const table of SSD_TABLES) {
    if (!staged.get(table.name)) continue;
    const child = table.person ? sql`${sql.ref(`s.${table.person}`)}::text` : sql`NULL::text`;
    for (const reference of table.references.filter((reference) => !reference.enforced)) {
      const value = sql.ref(`s.${reference.column}`);
      await sql`
        INSERT INTO ks_ssd_link
        SELECT ${table.name}, s.ks_file, s.ks_line, ${reference.column},
               format('%s names %s %s, which is neither in the files nor already in Keystone: the row is stored, the link leads nowhere.', ${reference.column}::text, ${describeTarget(reference.table)}::text, ${value}),
               ${child}
        FROM ${sql.id(stageName(table.name))} s WHERE ${value} IS NOT NULL AND ${missing(reference, value)}`.execute(trx);
    }
  }

  await reportRefused(trx, fileNames, report);
  await reportLinks(trx, fileNames, report);
  await sql`DROP TABLE ks_ssd_refused`.execute(trx);
  await sql`DROP TABLE ks_ssd_link`.execute(trx);
  return duplicates;
}

/** Each refused row with every reason, a page at a time in file and line order. */
async function reportRefused(trx: Executor, fileNames: readonly string[], report: Report) {
  for (let after = { file: -1, line: -1 }; ;) {
    const page = await sql<{
      table_name: string;
      file: number;
      line: number;
      child: string | null;
      raw: string;
      fields: string[];
      rules: string[];
      messages: string[];
    }>`
      SELECT table_name, file, line, child, raw, array_agg(field ORDER BY rule, field) AS fields, array_agg(rule ORDER BY rule, field) AS rules, array_agg(message ORDER BY rule, field) AS messages
      FROM ks_ssd_refused WHERE (file, line) > (${after.file}, ${after.line})
      GROUP BY table_name, file, line, child, raw ORDER BY file, line LIMIT ${PAGE}`.execute(trx);
    if (!page.rows.length) return;
    const findings: Finding[] = [];
    const rejectedRows: Array<{ row: SourceRow; child: string | null }> = [];
    for (const row of page.rows) {
      const file = fileNames[row.file]!;
      row.rules.forEach((rule, index) => {
        findings.push({
          rule,
          message: row.messages[index]!,
          file,
          table: row.table_name,
          row: row.line,
          child: row.child,
          field: row.fields[index]!,
          severity: 'error',
          rejects: true,
        });
      });
      rejectedRows.push({ row: { file, table: row.table_name, line: row.line, values: JSON.parse(row.raw) as Record<string, string> }, child: row.child });
    }
    report(findings, rejectedRows);
    const last = page.rows[page.rows.length - 1]!;
    after = { file: last.file, line: last.line };
  }
}

/** The links that lead nowhere, as warnings, a page at a time. */
async function reportLinks(trx: Executor, fileNames: readonly string[], report: Report) {
  for (let offset = { file: -1, line: -1, field: '' }; ;) {
    const page = await sql<{ table_name: string; file: number; line: number; field: string; message: string; child: string | null }>`
      SELECT table_name, file, line, field, message, child FROM ks_ssd_link WHERE (file, line, field) > (${offset.file}, ${offset.line}, ${offset.field})
      ORDER BY file, line, field LIMIT ${PAGE}`.execute(trx);
    if (!page.rows.length) return;
    report(
      page.rows.map((row) => ({
        rule: 'KS-LINK',
        message: row.message,
        file: fileNames[row.file]!,
        table: row.table_name,
        row: row.line,
        child: row.child,
        field: row.field,
        severity: 'warning',
        rejects: false,
      })),
      [],
    );
    const last = page.rows[page.rows.length - 1]!;
    offset = { file: last.file, line: last.line, field: last.field };
  }
}
