/**
 * `keystone export 903|903-xml|cin|annex-a --from DATE --to DATE --out PATH`: the SSDA903 tables (or its XML with the social worker episodes' table) go into
 * the folder PATH (created if needed), the CIN census XML and the Annex A workbook into the file
 * PATH. Audited as the operating-system user (`cli:<user>`), as every command-line change is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Database } from '../core/db/database.ts';
import { ExportPeriodError, exportPeriod } from './period.ts';
import { append } from '../core/arrays.ts';
import { EXPORT_FORMATS, isExportFormat, runExport } from './run.ts';
import { UsageError } from '../core/cli.ts';

export interface ExportCliOptions {
  format: string | undefined;
  from: string | undefined;
  to: string | undefined;
  out: string | undefined;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

export async function exportCommand(
  database: Database,
  options: ExportCliOptions,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const { format } = options;
  if (!isExportFormat(format))
    throw new UsageError(`give the format first: keystone export ${EXPORT_FORMATS.join('|')} --from YYYY-MM-DD --to YYYY-MM-DD --out PATH`);
  let period;
  try {
    period = exportPeriod(options.from, options.to);
  } catch (error) {
    if (error instanceof ExportPeriodError) throw new UsageError(`--from and --to: ${error.message}`);
    throw error;
  }
  if (!options.out)
    throw new UsageError(
      format === '903' || format === '903-xml'
        ? '--out must name the folder for the SSDA903 files'
        : `--out must name the file to write, e.g. ${format === 'cin' ? 'census.xml' : 'annex-a.xlsx'}`,
    );
  const result = await runExport(database, { userId: null, username: `cli:${osUser()}`, ip: null, requestId: null }, format, period);
  const written: string[] = [];
  if (format === '903' || format === '903-xml') {
    mkdirSync(options.out, { recursive: true });
    for (const file of result.files) {
      const target = path.join(options.out, file.name);
      writeFileSync(target, file.bytes);
      written.push(`  ${target.padEnd(40)} ${String(file.rows).padStart(7)} rows`);
    }
  } else {
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    writeFileSync(options.out, result.files[0]!.bytes);
    written.push(`  ${options.out.padEnd(40)} ${String(result.files[0]!.rows).padStart(7)} ${format === 'cin' ? 'children' : 'rows'}`);
  }
  const lines = [`Exported ${format} for ${period.from} to ${period.to}: ${result.childIds.length} children.`, ...written];
  if (result.noChildren) append(lines, ['', result.noChildren]);
  if (result.omitted.length)
    append(
      lines,
      ['', `Left out (${result.omitted.length}):`],
      result.omitted.map((line) => `  ${line}`),
    );
  out(`${lines.join('\n')}\n`);
  return 0;
}
