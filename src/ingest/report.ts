/**
 * The validation report of an import, the same data three ways: JSON, CSV (safe to open in a
 * spreadsheet: cells that would run as formulas are prefixed with an apostrophe) and the page.
 */
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { ReportLine, RuleNotRunLine } from './report-lines.ts';

export { linesFromFindings, rulesNotRunOf, type ReportLine, type RuleNotRunLine } from './report-lines.ts';

export const REPORT_COLUMNS = ['rule', 'child', 'file', 'table', 'row', 'field', 'severity', 'rejected', 'message'] as const;

/** A cell a spreadsheet would treat as a formula gets a leading apostrophe. */
export function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The findings, then one line per rule not run (severity “not run” or “run in part”), so the CSV never reads as cleaner than the checks made. */
export function reportCsv(lines: readonly ReportLine[], notRun: readonly RuleNotRunLine[] = []): string {
  const notRunLines = notRun.map((entry): Record<(typeof REPORT_COLUMNS)[number], unknown> => ({
    rule: entry.code,
    child: null,
    file: '',
    table: null,
    row: null,
    field: null,
    severity: entry.partly ? 'run in part' : 'not run',
    rejected: false,
    message: entry.reason,
  }));
  return stringify(
    [...lines, ...notRunLines].map((line: Record<(typeof REPORT_COLUMNS)[number], unknown>) => REPORT_COLUMNS.map((column) => safeCell(line[column]))),
    { header: true, columns: [...REPORT_COLUMNS] },
  );
}

export interface ImportRecord {
  import_id: number;
  format: string;
  file_names: string[];
  sha256: string;
  files: Array<{ name: string; sha256: string; bytes: number; table: string | null; rows: number }>;
  started_at: string;
  finished_at: string | null;
  username: string | null;
  mode: string;
  dry_run: boolean;
  status: string;
  new_rows: number;
  updated_rows: number;
  unchanged_rows: number;
  rejected_rows: number;
  error_count: number;
  warning_count: number;
  summary: Record<string, unknown>;
  error_message: string | null;
}

export async function listImports(database: Database, limit = 50): Promise<ImportRecord[]> {
  const rows = await sql<ImportRecord>`SELECT * FROM ks_import ORDER BY import_id DESC LIMIT ${limit}`.execute(database.db);
  return rows.rows.map(normalise);
}

export async function getImport(database: Database, importId: number): Promise<ImportRecord | undefined> {
  const rows = await sql<ImportRecord>`SELECT * FROM ks_import WHERE import_id = ${importId}`.execute(database.db);
  return rows.rows[0] ? normalise(rows.rows[0]) : undefined;
}

function normalise(row: ImportRecord): ImportRecord {
  const parse = <T>(value: unknown): T => (typeof value === 'string' ? (JSON.parse(value) as T) : (value as T));
  return { ...row, import_id: Number(row.import_id), files: parse(row.files), summary: parse(row.summary) };
}

export async function importLines(database: Database, importId: number, limit?: number): Promise<ReportLine[]> {
  const rows = await sql<{
    rule_code: string;
    child_id: string | null;
    file_name: string;
    table_name: string | null;
    row_number: number | null;
    field: string | null;
    severity: 'error' | 'warning';
    rejected: boolean;
    message: string;
  }>`SELECT rule_code, child_id, file_name, table_name, row_number, field, severity, rejected, message
     FROM ks_import_issue WHERE import_id = ${importId}
     ORDER BY file_name, row_number NULLS FIRST, rule_code
     ${limit ? sql`LIMIT ${limit}` : sql``}`.execute(database.db);
  return rows.rows.map((row) => ({
    rule: row.rule_code,
    child: row.child_id,
    file: row.file_name,
    table: row.table_name,
    row: row.row_number,
    field: row.field,
    severity: row.severity,
    rejected: row.rejected,
    message: row.message,
  }));
}

/** Findings counted by rule, most frequent first. */
export async function ruleCounts(database: Database, importId: number) {
  const rows = await sql<{ rule_code: string; message: string; severity: string; findings: number; rejected: number }>`
    SELECT rule_code, min(message) AS message, min(severity) AS severity, count(*)::int AS findings, count(*) FILTER (WHERE rejected)::int AS rejected
    FROM ks_import_issue WHERE import_id = ${importId}
    GROUP BY rule_code ORDER BY count(*) DESC, rule_code`.execute(database.db);
  return rows.rows;
}

export async function quarantined(database: Database, importId: number, limit = 200) {
  const rows = await sql<{
    file_name: string;
    table_name: string | null;
    row_number: number | null;
    child_id: string | null;
    rule_codes: string[];
    messages: string[];
    raw_row: unknown;
  }>`
    SELECT file_name, table_name, row_number, child_id, rule_codes, messages, raw_row
    FROM ks_import_quarantine WHERE import_id = ${importId} ORDER BY file_name, row_number LIMIT ${limit}`.execute(database.db);
  return rows.rows;
}
