/**
 * The lines of an import's validation report, shared by the report (report.ts) and the command
 * line, which prints them without loading the database layer.
 */
import type { Finding } from './types.ts';

export interface ReportLine {
  rule: string;
  child: string | null;
  file: string;
  table: string | null;
  row: number | null;
  field: string | null;
  severity: 'error' | 'warning';
  rejected: boolean;
  message: string;
}

export function linesFromFindings(findings: readonly Finding[]): ReportLine[] {
  return findings.map((finding) => ({
    rule: finding.rule,
    child: finding.child,
    file: finding.file,
    table: finding.table,
    row: finding.row,
    field: finding.field,
    severity: finding.severity,
    rejected: finding.rejects,
    message: finding.message,
  }));
}

/** A DfE rule the import did not run, or ran in part, and why (the importer's `summary.rulesNotRun`). */
export interface RuleNotRunLine {
  code: string;
  reason: string;
  partly?: boolean;
}

/** The rules an import's summary says were not run (none for formats that do not say). */
export function rulesNotRunOf(summary: Record<string, unknown>): RuleNotRunLine[] {
  return Array.isArray(summary.rulesNotRun) ? (summary.rulesNotRun as RuleNotRunLine[]) : [];
}
