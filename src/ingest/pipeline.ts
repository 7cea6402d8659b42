/**
 * The import pipeline, the same for every format:
 *   parse → validate (importer.prepare) → quarantine → commit, in ONE transaction.
 * - Lenient mode: rows with a rejecting finding are quarantined with their reasons; the rest commit.
 * - Strict mode: any error and nothing is written (the import is recorded as rejected).
 * - Dry run: everything runs, counts included, then the transaction is rolled back.
 * - A failure part-way rolls everything back; the failure itself is then recorded.
 * Writes compare each row with what is stored: new rows are inserted, changed rows updated, equal
 * rows left alone; so re-importing the same files changes nothing and reports every row unchanged.
 * Provenance: ks_row_source(table, primary key) → the import that last created or changed the row.
 */
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { Schema } from '../core/db/schema.ts';
import { insertRows } from '../core/db/bulk.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import { annexAImporter } from './annex-a/importer.ts';
import { cinImporter } from './cin/importer.ts';
import { ssdImporter } from './ssd/importer.ts';
import { ssda903Importer } from './ssda903/importer.ts';
import type { AsyncFormatImporter, Counts, Finding, FormatImporter, ImportFormat, ImportMode, InputFile, Lookup, LookupResults, PreparedImport, SourceRow, TableCounts, TableWrite } from './types.ts';

/** The importers, by the format name the CLI and upload page use. */
export const IMPORTERS: Partial<Record<ImportFormat, FormatImporter | AsyncFormatImporter>> = { '903': ssda903Importer, cin: cinImporter, ssd: ssdImporter, 'annex-a': annexAImporter };

export interface ImportRequest {
  format: ImportFormat;
  files: InputFile[];
  mode: ImportMode;
  dryRun: boolean;
  actor: Actor;
  collectionYear?: number | undefined;
  /** Tests only: fail after writing this table, to prove the transaction leaves nothing behind. */
  failAfterTable?: string;
  /** Told as the import moves on: the terminal shows it as a progress bar. */
  onProgress?: (progress: ImportProgress) => void;
}

/** Where an import has got to: checking the files, then writing each table. */
export interface ImportProgress {
  stage: 'checking' | 'writing';
  done: number;
  total: number;
  detail: string;
}

export type ImportStatus = 'committed' | 'rejected' | 'failed' | 'checked';

export interface ImportResult {
  importId: number;
  format: ImportFormat;
  status: ImportStatus;
  mode: ImportMode;
  dryRun: boolean;
  counts: Counts;
  tables: TableCounts[];
  files: Array<{ name: string; sha256: string; bytes: number; table: string | null; rows: number }>;
  sha256: string;
  summary: Record<string, unknown>;
  findings: Finding[];
  errors: number;
  warnings: number;
  /** The last committed import of exactly these files, if there was one. */
  previousImportId: number | null;
  /** One sentence saying what happened. */
  message: string;
  errorMessage?: string;
}

type Executor = Transaction<Schema> | Database['db'];
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

class Rollback extends Error {}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function runImport(database: Database, request: ImportRequest): Promise<ImportResult> {
  const importer = IMPORTERS[request.format];
  if (!importer) throw new Error(`Importing ${request.format} is not available yet`);
  const startedAt = new Date().toISOString();
  const hashes = request.files.map((file) => ({ name: file.name, sha256: sha256(file.bytes), bytes: file.bytes.length }));
  const setHash = sha256(hashes.map((file) => file.sha256).sort().join('\n'));
  const previous = await sql<{ import_id: number }>`
    SELECT import_id FROM ks_import WHERE sha256 = ${setHash} AND format = ${request.format} AND status = 'committed'
    ORDER BY import_id DESC LIMIT 1`.execute(database.db);
  const previousImportId = previous.rows[0] ? Number(previous.rows[0].import_id) : null;

  const result: ImportResult = {
    importId: 0,
    format: request.format,
    status: 'failed',
    mode: request.mode,
    dryRun: request.dryRun,
    counts: { new: 0, updated: 0, unchanged: 0, rejected: 0 },
    tables: [],
    files: hashes.map((file) => ({ ...file, table: null, rows: 0 })),
    sha256: setHash,
    summary: {},
    findings: [],
    errors: 0,
    warnings: 0,
    previousImportId,
    message: '',
  };
  let rejectedRows: PreparedImport['rejectedRows'] = [];
  let changedChildren = new Set<string>();

  try {
    const megabytes = (hashes.reduce((sum, file) => sum + file.bytes, 0) / 1_048_576).toFixed(1);
    request.onProgress?.({ stage: 'checking', done: 0, total: request.files.length, detail: `${request.files.length} file${request.files.length === 1 ? '' : 's'}, ${megabytes} MB` });
    const prepared = await importer.prepare(request.files, { collectionYear: request.collectionYear });
    request.onProgress?.({ stage: 'checking', done: request.files.length, total: request.files.length, detail: `${prepared.findings.length} findings` });
    result.summary = prepared.summary;
    result.files = hashes.map((file, index) => ({ ...file, table: prepared.files[index]?.table ?? null, rows: prepared.files[index]?.rows ?? 0 }));
    result.findings = prepared.findings;
    rejectedRows = [...prepared.rejectedRows];
    tally(result);

    if (request.mode === 'strict' && result.errors > 0) {
      result.status = 'rejected';
    } else {
      try {
        await database.db.transaction().execute(async (trx) => {
          const existing = await existingPeople(trx, prepared.childIds);
          const planned = prepared.writes(existing, await runLookups(trx, prepared.lookups ?? []));
          result.findings.push(...planned.lateRejections);
          rejectedRows.push(...planned.lateRejectedRows);
          tally(result);
          if (request.mode === 'strict' && result.errors > 0) {
            result.status = 'rejected';
            throw new Rollback();
          }
          result.importId = await insertImportRow(trx, request, result, startedAt);
          for (const [index, write] of planned.writes.entries()) {
            request.onProgress?.({ stage: 'writing', done: index, total: planned.writes.length, detail: write.table });
            const counted = await applyWrite(trx, write, result.importId);
            // A table may be written in several parts (rows with different columns): one count per table.
            const same = result.tables.find((entry) => entry.table === counted.counts.table);
            if (same) {
              same.new += counted.counts.new;
              same.updated += counted.counts.updated;
              same.unchanged += counted.counts.unchanged;
            } else result.tables.push(counted.counts);
            for (const child of counted.children) changedChildren.add(child);
            if (request.failAfterTable === write.table) throw new Error(`Injected failure after writing ${write.table}`);
          }
          result.counts = totals(result.tables, rejectedRows.length);
          result.status = request.dryRun ? 'checked' : 'committed';
          if (request.dryRun) throw new Rollback();
          await finishImportRow(trx, result, rejectedRows);
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
    }
  } catch (error) {
    result.status = 'failed';
    result.errorMessage = error instanceof Error ? error.message : String(error);
    result.tables = [];
    changedChildren = new Set();
  }

  if (result.status !== 'committed') {
    changedChildren = new Set();
    // Nothing was written: record the attempt, its findings and its quarantine on their own.
    result.counts = { ...(result.status === 'checked' ? result.counts : { new: 0, updated: 0, unchanged: 0 }), rejected: rejectedRows.length };
    await database.db.transaction().execute(async (trx) => {
      result.importId = await insertImportRow(trx, request, result, startedAt);
      await finishImportRow(trx, result, rejectedRows);
    });
  }
  result.message = describe(result);
  await recordAudit(database, request.actor, {
    action: 'import',
    subjectType: 'import',
    subjectId: String(result.importId),
    childIds: [...changedChildren],
    details: {
      format: request.format,
      files: result.files.map((file) => ({ name: file.name, sha256: file.sha256 })),
      status: result.status,
      mode: request.mode,
      dryRun: request.dryRun,
      counts: result.counts,
    },
  });
  return result;
}

function tally(result: ImportResult) {
  result.errors = result.findings.filter((finding) => finding.severity === 'error').length;
  result.warnings = result.findings.length - result.errors;
}

function totals(tables: TableCounts[], rejected: number): Counts {
  return tables.reduce((sum, table) => ({ new: sum.new + table.new, updated: sum.updated + table.updated, unchanged: sum.unchanged + table.unchanged, rejected }), {
    new: 0,
    updated: 0,
    unchanged: 0,
    rejected,
  });
}

function describe(result: ImportResult): string {
  const { counts } = result;
  const figures = `${counts.new} new, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.rejected} rejected`;
  switch (result.status) {
    case 'committed':
      return counts.new === 0 && counts.updated === 0
        ? `Nothing changed: every row was already stored (${figures})${result.previousImportId ? `; these files were imported before as import ${result.previousImportId}` : ''}.`
        : `Imported: ${figures}.`;
    case 'checked':
      return `Dry run, nothing written. Importing would give: ${figures}.`;
    case 'rejected':
      return `Strict mode: ${result.errors} error${result.errors === 1 ? '' : 's'} found, so nothing was written.`;
    default:
      return `The import failed and nothing was written: ${result.errorMessage ?? 'unknown error'}.`;
  }
}

async function existingPeople(trx: Executor, childIds: ReadonlySet<string>): Promise<Set<string>> {
  if (childIds.size === 0) return new Set();
  const rows = await sql<{ id: string }>`SELECT pers_person_id AS id FROM ssd_person WHERE pers_person_id = ANY(${sql.val([...childIds])}::text[])`.execute(trx);
  return new Set(rows.rows.map((row) => row.id));
}

/** Runs an importer's lookups (see `Lookup`): one query per lookup, values passed as one array. */
async function runLookups(trx: Executor, lookups: readonly Lookup[]): Promise<LookupResults> {
  const results: Array<Map<string, string[]>> = [];
  for (const lookup of lookups) {
    const { table, column } = lookup;
    const returning = lookup.returning ?? column;
    if (![table, column, returning].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in lookup on ${table}`);
    const found = new Map<string, string[]>();
    results.push(found);
    if (lookup.values.size === 0) continue;
    const compared = lookup.ignoreCase ? `lower(btrim(${column}::text))` : `${column}::text`;
    const values = [...lookup.values].map((value) => (lookup.ignoreCase ? value.trim().toLowerCase() : value));
    const rows = await sql<{ v: string; r: string | null }>`
      SELECT ${sql.raw(compared)} AS v, ${sql.raw(`${returning}::text`)} AS r FROM ${sql.table(table)}
      WHERE ${sql.raw(compared)} = ANY(${sql.val(values)}::text[])`.execute(trx);
    for (const row of rows.rows) {
      const list = found.get(row.v) ?? [];
      if (row.r !== null && !list.includes(row.r)) list.push(row.r);
      found.set(row.v, list);
    }
  }
  return results;
}

async function insertImportRow(trx: Executor, request: ImportRequest, result: ImportResult, startedAt: string): Promise<number> {
  const row = await sql<{ import_id: number }>`
    INSERT INTO ks_import (format, file_names, sha256, files, started_at, user_id, username, mode, dry_run, status, summary, error_message)
    VALUES (${request.format}, ${sql.val(result.files.map((file) => file.name))}::text[], ${result.sha256}, ${JSON.stringify(result.files)}::jsonb,
            ${startedAt}::timestamptz, ${request.actor.userId}, ${request.actor.username}, ${request.mode}, ${request.dryRun}, ${result.status},
            ${JSON.stringify(result.summary)}::jsonb, ${result.errorMessage ?? null})
    RETURNING import_id`.execute(trx);
  return Number(row.rows[0]!.import_id);
}

/** Writes the counts, every finding and every quarantined row of an import. */
async function finishImportRow(trx: Executor, result: ImportResult, rejectedRows: Array<{ row: SourceRow; child: string | null }>): Promise<void> {
  const summary = { ...result.summary, tables: result.tables, previousImportId: result.previousImportId };
  await sql`
    UPDATE ks_import SET finished_at = now(), status = ${result.status}, new_rows = ${result.counts.new}, updated_rows = ${result.counts.updated},
      unchanged_rows = ${result.counts.unchanged}, rejected_rows = ${result.counts.rejected}, error_count = ${result.errors},
      warning_count = ${result.warnings}, summary = ${JSON.stringify(summary)}::jsonb, error_message = ${result.errorMessage ?? null}
    WHERE import_id = ${result.importId}`.execute(trx);
  const rejectingRows = new Set(rejectedRows.map(({ row }) => `${row.file}\u0000${row.line}`));
  await insertRows(
    trx,
    'ks_import_issue',
    ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_code', 'field', 'message', 'severity', 'rejected'],
    result.findings.map((finding) => [
      result.importId,
      finding.file,
      finding.table,
      finding.row,
      finding.child,
      finding.rule,
      finding.field,
      finding.message,
      finding.severity,
      finding.rejects && (finding.row === null || rejectingRows.has(`${finding.file}\u0000${finding.row}`)),
    ]),
  );
  const reasons = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    if (finding.row === null) continue;
    const key = `${finding.file}\u0000${finding.row}`;
    reasons.set(key, [...(reasons.get(key) ?? []), finding]);
  }
  const seen = new Set<string>();
  const quarantine = [];
  for (const { row, child } of rejectedRows) {
    const key = `${row.file}\u0000${row.line}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const why = (reasons.get(key) ?? []).filter((finding) => finding.rejects);
    const list = why.length ? why : (reasons.get(key) ?? []);
    quarantine.push([
      result.importId,
      row.file,
      row.table || null,
      row.line,
      child,
      `{${list.map((finding) => JSON.stringify(finding.rule)).join(',')}}`,
      `{${list.map((finding) => JSON.stringify(finding.field ?? '')).join(',')}}`,
      `{${list.map((finding) => JSON.stringify(finding.message)).join(',')}}`,
      JSON.stringify(row.values),
    ]);
  }
  await insertRows(trx, 'ks_import_quarantine', ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_codes', 'fields', 'messages', 'raw_row'], quarantine);
}

/**
 * Writes one table's rows: stage them in a temporary table, count new / changed / unchanged by
 * comparing typed values, record provenance for new and changed rows, then update and insert.
 */
async function applyWrite(trx: Executor, write: TableWrite, importId: number): Promise<{ counts: TableCounts; children: string[] }> {
  const { table, key, columns } = write;
  if (![table, key, ...columns].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in write to ${table}`);
  const counts: TableCounts = { table, new: 0, updated: 0, unchanged: 0 };
  if (write.rows.length === 0) return { counts, children: [] };
  const stage = `ks_stage_${table}`;
  await sql.raw(`DROP TABLE IF EXISTS ${stage}`).execute(trx);
  await sql.raw(`CREATE TEMP TABLE ${stage} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`).execute(trx);
  await insertRows(trx, stage, columns, write.rows);
  const others = columns.filter((column) => column !== key);
  const differs = write.insertOnly || others.length === 0 ? 'false' : `ROW(${others.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM ROW(${others.map((c) => `s.${c}`).join(', ')})`;
  const changed = await sql.raw<{ pk: string; is_new: boolean }>(
    `SELECT s.${key}::text AS pk, (t.${key} IS NULL) AS is_new FROM ${stage} s LEFT JOIN ${table} t ON t.${key} = s.${key}
     WHERE t.${key} IS NULL OR ${differs}`,
  ).execute(trx);
  const keys = changed.rows.map((row) => row.pk);
  counts.new = changed.rows.filter((row) => row.is_new).length;
  counts.updated = keys.length - counts.new;
  counts.unchanged = write.rows.length - keys.length;
  if (keys.length) {
    await sql`
      INSERT INTO ks_row_source (table_name, row_pk, import_id)
      SELECT ${table}, pk, ${importId} FROM unnest(${sql.val(keys)}::text[]) AS pk
      ON CONFLICT (table_name, row_pk) DO UPDATE SET import_id = excluded.import_id`.execute(trx);
    if (!write.insertOnly && others.length) {
      await sql.raw(`UPDATE ${table} t SET ${others.map((c) => `${c} = s.${c}`).join(', ')} FROM ${stage} s WHERE t.${key} = s.${key} AND ${differs}`).execute(trx);
    }
    await sql.raw(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => `s.${c}`).join(', ')} FROM ${stage} s WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.${key} = s.${key})`).execute(trx);
  }
  await sql.raw(`DROP TABLE ${stage}`).execute(trx);
  const children: string[] = [];
  if (write.childOf && keys.length) {
    const changedKeys = new Set(keys);
    const keyIndex = columns.indexOf(key);
    for (const row of write.rows) {
      if (!changedKeys.has(String(row[keyIndex]))) continue;
      const child = write.childOf(row);
      if (child) children.push(child);
    }
  }
  return { counts, children: [...new Set(children)] };
}
