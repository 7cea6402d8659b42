/**
 * `keystone import <format> <file or folder…>`: gathers the files, runs the pipeline, prints the
 * outcome (or JSON with --json). Files are size-checked before they are read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Database } from '../core/db/database.ts';
import { IMPORTERS, runImport, type ImportResult } from './pipeline.ts';
import { linesFromFindings } from './report.ts';
import type { ImportFormat, InputFile } from './types.ts';

export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const DATA_FILE = /\.(csv|xml)$/i;

export class ImportUsageError extends Error {}

/** Files named on the command line; a folder contributes its .csv and .xml files (not sub-folders). */
export function gatherFiles(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  for (const given of paths) {
    let stat;
    try {
      stat = statSync(given);
    } catch {
      throw new ImportUsageError(`${given}: no such file or folder`);
    }
    const names = stat.isDirectory()
      ? readdirSync(given)
          .filter((name) => DATA_FILE.test(name))
          .sort()
          .map((name) => path.join(given, name))
      : [given];
    if (stat.isDirectory() && names.length === 0) throw new ImportUsageError(`${given}: the folder holds no .csv or .xml files`);
    for (const name of names) {
      const size = statSync(name).size;
      if (size > MAX_FILE_BYTES) throw new ImportUsageError(`${name}: ${size.toLocaleString('en-GB')} bytes is more than the ${MAX_FILE_BYTES.toLocaleString('en-GB')} allowed for one file`);
      files.push({ name: path.basename(name), bytes: readFileSync(name) });
    }
  }
  return files;
}

export function isImportFormat(value: string | undefined): value is ImportFormat {
  return value === '903' || value === 'ssd' || value === 'cin' || value === 'annex-a';
}

export interface ImportCliOptions {
  format: string | undefined;
  paths: string[];
  dryRun: boolean;
  strict: boolean;
  json: boolean;
  year?: string | undefined;
}

export async function importCommand(database: Database, options: ImportCliOptions, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (!isImportFormat(options.format)) throw new ImportUsageError('give the format first: keystone import 903 <file or folder…>');
  if (!IMPORTERS[options.format]) throw new ImportUsageError(`importing ${options.format} is not available yet (available: ${Object.keys(IMPORTERS).join(', ')})`);
  if (options.paths.length === 0) throw new ImportUsageError(`give the files or folder to import, e.g. keystone import ${options.format} ./returns/2024`);
  let collectionYear: number | undefined;
  if (options.year !== undefined) {
    if (!/^\d{4}$/.test(options.year)) throw new ImportUsageError(`--year must be the year the collection ends, e.g. 2025 for 2024-25, got "${options.year}"`);
    collectionYear = Number(options.year);
  }
  const files = gatherFiles(options.paths);
  const result = await runImport(database, {
    format: options.format,
    files,
    mode: options.strict ? 'strict' : 'lenient',
    dryRun: options.dryRun,
    collectionYear,
    actor: { userId: null, username: `cli:${safeUser()}`, ip: null, requestId: null },
  });
  out(options.json ? `${JSON.stringify(jsonReport(result), null, 2)}\n` : textReport(result));
  return result.status === 'failed' ? 1 : result.status === 'rejected' ? 3 : 0;
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export function jsonReport(result: ImportResult) {
  return {
    importId: result.importId,
    format: result.format,
    status: result.status,
    mode: result.mode,
    dryRun: result.dryRun,
    message: result.message,
    counts: result.counts,
    tables: result.tables,
    files: result.files,
    summary: result.summary,
    previousImportId: result.previousImportId,
    errors: result.errors,
    warnings: result.warnings,
    findings: linesFromFindings(result.findings),
  };
}

function textReport(result: ImportResult): string {
  const lines = [`Import ${result.importId} (${result.format}, ${result.mode}${result.dryRun ? ', dry run' : ''}): ${result.status}`, result.message, ''];
  for (const file of result.files) lines.push(`  ${file.name.padEnd(28)} ${String(file.table ?? '?').padEnd(15)} ${String(file.rows).padStart(7)} rows`);
  if (result.tables.length) {
    lines.push('', `  ${'table'.padEnd(20)} ${'new'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`);
    for (const table of result.tables) lines.push(`  ${table.table.padEnd(20)} ${String(table.new).padStart(8)} ${String(table.updated).padStart(8)} ${String(table.unchanged).padStart(10)}`);
  }
  const byRule = new Map<string, { count: number; message: string }>();
  for (const finding of result.findings) {
    const entry = byRule.get(finding.rule) ?? { count: 0, message: finding.message };
    entry.count++;
    byRule.set(finding.rule, entry);
  }
  if (byRule.size) {
    lines.push('', `${result.errors} errors, ${result.warnings} warnings, by rule:`);
    for (const [rule, entry] of [...byRule].sort((a, b) => b[1].count - a[1].count)) lines.push(`  ${rule.padEnd(10)} ${String(entry.count).padStart(6)}  ${entry.message.slice(0, 110)}`);
    lines.push('', 'Every finding with its child, file, row and field: add --json, or see the import’s page in Keystone.');
  }
  return `${lines.join('\n')}\n`;
}
