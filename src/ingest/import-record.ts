/**
 * The record of an import (ks_import with its issues and quarantine): the row written when the
 * import starts writing, completed with its counts, findings and refused rows; and the sentence
 * and totals that describe it.
 */
import { sql } from 'kysely';
import { insertRows } from '../core/db/bulk.ts';
import type { IssueLog } from './issues.ts';
import { collectGarbage } from './memory.ts';
import type { ImportRequest, ImportResult } from './pipeline.ts';
import type { Executor } from './staging.ts';
import type { Counts, TableCounts } from './types.ts';

export async function insertImportRow(trx: Executor, request: ImportRequest, result: ImportResult, startedAt: string): Promise<number> {
  const row = await sql<{ import_id: number }>`
    INSERT INTO ks_import (format, file_names, sha256, files, started_at, user_id, username, mode, dry_run, status, summary, error_message)
    VALUES (${request.format}, ${sql.val(result.files.map((file) => file.name))}::text[], ${result.sha256}, ${JSON.stringify(result.files)}::jsonb,
            ${startedAt}::timestamptz, ${request.actor.userId}, ${request.actor.username}, ${request.mode}, ${request.dryRun}, ${result.status},
            ${JSON.stringify(result.summary)}::jsonb, ${result.errorMessage ?? null})
    RETURNING import_id`.execute(trx);
  return Number(row.rows[0]!.import_id);
}

/** Writes the counts, every finding and every quarantined row of an import. */
export async function finishImportRow(trx: Executor, result: ImportResult, log: IssueLog): Promise<void> {
  const summary = { ...result.summary, tables: result.tables, previousImportId: result.previousImportId };
  await sql`
    UPDATE ks_import SET finished_at = now(), status = ${result.status}, new_rows = ${result.counts.new}, updated_rows = ${result.counts.updated},
      unchanged_rows = ${result.counts.unchanged}, rejected_rows = ${result.counts.rejected}, error_count = ${log.errors},
      warning_count = ${log.warnings}, summary = ${JSON.stringify(summary)}::jsonb, error_message = ${result.errorMessage ?? null}
    WHERE import_id = ${result.importId}`.execute(trx);
  for await (const { issues, quarantine } of log.chunks(result.importId)) {
    await insertRows(
      trx,
      'ks_import_issue',
      ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_code', 'field', 'message', 'severity', 'rejected'],
      issues,
    );
    await insertRows(
      trx,
      'ks_import_quarantine',
      ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_codes', 'fields', 'messages', 'raw_row'],
      quarantine,
    );
    // A huge import's findings pass through in chunks: collected after each, V8 would otherwise let the dead chunks pile up (memory.ts).
    collectGarbage();
  }
}

/** Errors and warnings among the findings held (an in-memory import holds them all). */
export function tally(result: ImportResult): void {
  result.errors = result.findings.filter((finding) => finding.severity === 'error').length;
  result.warnings = result.findings.length - result.errors;
}

export function totals(tables: TableCounts[], rejected: number): Counts {
  return tables.reduce(
    (sum, table) => ({ new: sum.new + table.new, updated: sum.updated + table.updated, unchanged: sum.unchanged + table.unchanged, rejected }),
    {
      new: 0,
      updated: 0,
      unchanged: 0,
      rejected,
    },
  );
}

/** One sentence saying what happened. */
export function describe(result: ImportResult): string {
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
