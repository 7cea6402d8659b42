/**
 * `keystone import <format> <file or folder…>`: gathers the files, runs the pipeline, prints the
 * outcome (or JSON with --json). Files are size-checked before they are read; a format the pipeline
 * streams (CIN census) is handed over as paths and read as a stream, whatever its size.
 * `keystone validate` and `keystone import … --dry-run` check the same files without a database
 * (validate.ts): the pipeline and the database layer are loaded only for a real import.
 */
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { Database } from '../core/db/database.ts';
import type { ImportProgress, ImportResult } from './pipeline.ts';
import { linesFromFindings, rulesNotRunOf } from './report-lines.ts';
import { STREAMED_FORMATS, validateFiles, type ValidationResult } from './validate.ts';
import type { DfeRuleset, ImportFile, ImportFormat, InputFile, PathFile } from './types.ts';
import { expandArchives, FORMAT_FILES, ZIPPED_FORMATS, ZipRefused } from './archives.ts';
import { maxOf } from '../core/arrays.ts';
import { CIN_RULESETS, parseCinRuleset } from './cin/catalogue.ts';
import { parseRuleset903, RULESETS_903 } from './ssda903/catalogue.ts';
import { UsageError } from '../core/cli.ts';

export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const DATA_FILE = /\.(csv|xml|xlsx)$/i;
/** The files a folder contributes for each format (files named one by one are always taken). */

const FOLDER_KINDS: Record<ImportFormat | 'any', string> = {
  '903': '.csv, .xml or .xlsx',
  ssd: '.csv',
  cin: '.xml',
  'annex-a': '.xlsx',
  any: '.csv, .xml or .xlsx',
};

/**
 * Files named on the command line; a folder contributes its data files (not sub-folders): for a
 * format, the kind it reads (.csv for SSD, .xml for CIN, .xlsx for Annex A, .csv and .xml for the 903 and .xlsx for
 * Ofsted's provider lists beside it), and for
 * the formats that come as many files (SSD, 903) zip archives too, opened by expandArchives.
 */
export function gatherFiles(paths: readonly string[], format?: ImportFormat): InputFile[] {
  const files = listFiles(paths, format).map((file): InputFile => {
    if (file.size > MAX_FILE_BYTES)
      throw new UsageError(
        `${file.path}: ${file.size.toLocaleString('en-GB')} bytes is more than the ${MAX_FILE_BYTES.toLocaleString('en-GB')} allowed for one file`,
      );
    return { name: file.name, bytes: readFileSync(file.path) };
  });
  if (!format) return files;
  try {
    return expandArchives(files, format);
  } catch (error) {
    if (error instanceof ZipRefused) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The same files as paths, for a format the pipeline streams: nothing is read but the first bytes,
 * enough to refuse a zip archive (streamed formats never come zipped), and no size limit applies.
 */
export function gatherPaths(paths: readonly string[], format: ImportFormat): PathFile[] {
  return listFiles(paths, format).map((file) => {
    const head = new Uint8Array(4);
    const fd = openSync(file.path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    try {
      expandArchives([{ name: file.name, bytes: head }], format);
    } catch (error) {
      if (error instanceof ZipRefused) throw new UsageError(error.message);
      throw error;
    }
    return file;
  });
}

function listFiles(paths: readonly string[], format?: ImportFormat): PathFile[] {
  const formatFiles = format ? FORMAT_FILES[format] : DATA_FILE;
  const wanted = (name: string) => formatFiles.test(name) || (format !== undefined && ZIPPED_FORMATS.includes(format) && /\.zip$/i.test(name));
  const files: PathFile[] = [];
  for (const given of paths) {
    let stat;
    try {
      stat = statSync(given);
    } catch {
      throw new UsageError(`${given}: no such file or folder`);
    }
    const listing = stat.isDirectory() ? readdirSync(given).sort() : [];
    const names = stat.isDirectory() ? listing.filter(wanted).map((name) => path.join(given, name)) : [given];
    if (stat.isDirectory() && names.length === 0) {
      throw new UsageError(`${given}: the folder holds no ${FOLDER_KINDS[format ?? 'any']} files`);
    }
    for (const name of names) files.push({ name: path.basename(name), path: name, size: statSync(name).size });
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
  ruleset?: string | undefined;
  /** SSDA903: the council's DfE LA code (`--la-code`; an import takes it from Council settings). */
  laCode?: string | undefined;
}

/** The format, year and ruleset asked for, checked. */
function parseOptions(options: ImportCliOptions, command: string) {
  if (!isImportFormat(options.format)) throw new UsageError(`give the format first (ssd, 903, cin or annex-a): keystone ${command} ssd <file or folder…>`);
  if (options.paths.length === 0)
    throw new UsageError(`give the files or folder to ${command === 'import' ? 'import' : 'check'}, e.g. keystone ${command} ${options.format} ./returns/2024`);
  let collectionYear: number | undefined;
  if (options.year !== undefined) {
    if (!/^\d{4}$/.test(options.year)) throw new UsageError(`--year must be the year the collection ends, e.g. 2025 for 2024-25, got "${options.year}"`);
    collectionYear = Number(options.year);
  }
  let ruleset: DfeRuleset | undefined;
  if (options.ruleset !== undefined) {
    if (options.format !== 'cin' && options.format !== '903') throw new UsageError('--ruleset applies to the CIN census and the SSDA903 return');
    const known = options.format === 'cin' ? CIN_RULESETS : RULESETS_903;
    ruleset = (options.format === 'cin' ? parseCinRuleset(options.ruleset) : parseRuleset903(options.ruleset)) ?? undefined;
    if (!ruleset)
      throw new UsageError(
        `--ruleset must be one of ${known.join(', ')} for ${options.format === 'cin' ? 'the CIN census' : 'the SSDA903'}, got "${options.ruleset}"`,
      );
  }
  return { format: options.format, collectionYear, ruleset, streamed: STREAMED_FORMATS.includes(options.format) };
}

/** The council `--la-code` names (SSDA903 only), checked. */
async function councilOption(options: ImportCliOptions) {
  if (options.laCode === undefined) return undefined;
  if (options.format !== '903') throw new UsageError('--la-code applies to the SSDA903 return');
  const council = await (await import('./ssda903/council.ts')).council903(options.laCode);
  if (!council) throw new UsageError(`--la-code must be an English council's 3-digit DfE code, e.g. 937, got "${options.laCode}"`);
  return council;
}

/**
 * `keystone validate <format> <files…>`, and `keystone import … --dry-run`: reads and checks without a
 * database. Exit code 0, or 3 when an error was found (`validate`) or strict mode refused (dry run).
 */
export async function validateCommand(
  options: ImportCliOptions,
  out: (text: string) => void = (text) => process.stdout.write(text),
  command: 'validate' | 'import' = 'validate',
): Promise<number> {
  const { format, collectionYear, ruleset, streamed } = parseOptions(options, command);
  const council = await councilOption(options);
  const result = await validateFiles({
    format,
    files: streamed
      ? gatherPaths(options.paths, format)
      : format === '903' || format === 'ssd'
        ? returnFiles(options.paths, format)
        : gatherFiles(options.paths, format),
    mode: options.strict ? 'strict' : 'lenient',
    collectionYear,
    ruleset,
    council,
  });
  if (options.json) for (const part of jsonParts(jsonReport(result), 'findings')) out(part);
  else out(textReport(result));
  if (command === 'validate') return result.errors > 0 ? 3 : 0;
  return result.status === 'rejected' ? 3 : 0;
}

/** A return's or extract's files as paths (a large one is checked in parts or streamed, never read whole), unless one is a zip archive. */
function returnFiles(paths: readonly string[], format: '903' | 'ssd' = '903'): ImportFile[] {
  const listed = listFiles(paths, format);
  const zipped = listed.some((file) => {
    if (/\.zip$/i.test(file.name)) return true;
    // A workbook is a zip package too: Ofsted's provider lists beside a 903 return.
    if (/\.xlsx$/i.test(file.name)) return false;
    const head = new Uint8Array(4);
    const fd = openSync(file.path, 'r');
    try {
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  });
  return zipped ? gatherFiles(paths, format) : listed;
}

const onlyInMemory = (files: ImportFile[]) => files.filter((file): file is InputFile => !('path' in file));
const onlyOnDisk = (files: ImportFile[]) => files.filter((file): file is PathFile => 'path' in file);

export async function importCommand(
  database: Database,
  options: ImportCliOptions,
  out: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  if (options.dryRun) return validateCommand(options, out, 'import');
  const { format, collectionYear, ruleset, streamed } = parseOptions(options, 'import');
  const { runImport } = await import('./pipeline.ts');
  // An SSD extract streams from disk too, unless it comes zipped (the archive is opened in memory).
  const extract = format === 'ssd' ? returnFiles(options.paths, format) : null;
  const result = await runImport(database, {
    format,
    files: streamed ? [] : extract ? onlyInMemory(extract) : gatherFiles(options.paths, format),
    paths: streamed ? gatherPaths(options.paths, format) : extract ? onlyOnDisk(extract) : [],
    mode: options.strict ? 'strict' : 'lenient',
    dryRun: options.dryRun,
    collectionYear,
    ruleset,
    actor: { userId: null, username: `cli:${safeUser()}`, ip: null, requestId: null },
    onProgress: progressBar(process.stderr),
  });
  clearProgress(process.stderr);
  // What the data held now make possible (indicators/support.ts), after an import that wrote something.
  // Loaded only here: a dry run or `keystone validate` loads no indicator, audit or database module.
  const { dataSupport, supportText } =
    result.status === 'committed' && !result.dryRun ? await import('../indicators/support.ts') : { dataSupport: null, supportText: null };
  const support = dataSupport ? await dataSupport(database) : null;
  out(
    options.json
      ? `${JSON.stringify({ ...jsonReport(result), support }, null, 2)}\n`
      : `${textReport(result)}${support && supportText ? `\n${supportText(support).join('\n')}\n` : ''}`,
  );
  return result.status === 'failed' ? 1 : result.status === 'rejected' ? 3 : 0;
}

const BAR_WIDTH = 24;

/** A progress bar on an interactive terminal (stderr, so JSON on stdout stays clean); nothing otherwise. */
export function progressBar(stream: NodeJS.WriteStream): ((progress: ImportProgress) => void) | undefined {
  if (!stream.isTTY) return undefined;
  return ({ stage, done, total, detail }) => {
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    const label = stage === 'checking' ? 'Checking' : 'Writing';
    stream.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${detail}`);
  };
}

function clearProgress(stream: NodeJS.WriteStream): void {
  if (stream.isTTY) stream.write('\r\x1b[2K');
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * `JSON.stringify(report, null, 2)` and a line break, written as two parts: the keys before `splitAt`, then it and the rest. One
 * character beyond Latin-1 anywhere (a DfE message's ’) makes V8 hold the whole text two bytes a character, which costs about
 * twice as much to build and write as UTF-8 (measured on the 903 fixture's 3.6 MB report); the findings, most of the text, are
 * usually plain ASCII, so apart they stay one byte a character.
 */
export function jsonParts(report: Record<string, unknown>, splitAt: string): string[] {
  const entries = Object.entries(report);
  const at = entries.findIndex(([key]) => key === splitAt);
  const head = JSON.stringify(Object.fromEntries(entries.slice(0, at)), null, 2);
  const tail = JSON.stringify(Object.fromEntries(entries.slice(at)), null, 2);
  // Each is "{\n  …\n}"; joined, the head's closing brace and the tail's opening one go.
  if (at <= 0 || head === '{}' || tail === '{}') return [`${JSON.stringify(report, null, 2)}\n`];
  return [`${head.slice(0, -2)},\n`, `${tail.slice(2)}\n`];
}

const isValidation = (result: ImportResult | ValidationResult): result is ValidationResult => !('importId' in result);

export function jsonReport(result: ImportResult | ValidationResult) {
  if (isValidation(result)) {
    return {
      format: result.format,
      status: result.status,
      mode: result.mode,
      dryRun: true,
      database: false,
      message: result.message,
      notChecked: result.notChecked,
      rejected: result.rejected,
      tables: result.tables,
      files: result.files,
      summary: result.summary,
      errors: result.errors,
      warnings: result.warnings,
      findingsByRule: result.findingsByRule,
      findings: linesFromFindings(result.findings),
      findingsNotShown: result.findingsNotShown,
    };
  }
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
    findingsByRule: result.findingsByRule,
    /** The first findings (all are in the import's report in Keystone). */
    findings: linesFromFindings(result.findings),
  };
}

/**
 * A whole number with commas between thousands, as toLocaleString('en-GB') writes it, without loading
 * ICU's locale data (about 30 ms of a 903 check's text report).
 */
export const thousands = (value: number): string => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function textReport(result: ImportResult | ValidationResult): string {
  const lines = isValidation(result)
    ? [`Checked ${result.format} files without the database (${result.mode}): ${result.status}`, result.message, result.notChecked, '']
    : [`Import ${result.importId} (${result.format}, ${result.mode}${result.dryRun ? ', dry run' : ''}): ${result.status}`, result.message, ''];
  const nameWidth = maxOf(
    result.files.map((file) => file.name.length),
    28,
  );
  const tableWidth = maxOf(
    result.files.map((file) => String(file.table ?? '?').length),
    15,
  );
  for (const file of result.files)
    lines.push(`  ${file.name.padEnd(nameWidth)} ${String(file.table ?? '?').padEnd(tableWidth)} ${String(file.rows).padStart(7)} rows`);
  if (isValidation(result)) {
    if (result.tables.length) {
      const width = maxOf(
        result.tables.map((table) => table.table.length),
        20,
      );
      lines.push('', `  ${'table'.padEnd(width)} ${'rows to store'.padStart(14)}`);
      for (const table of result.tables) lines.push(`  ${table.table.padEnd(width)} ${String(table.rows).padStart(14)}`);
    }
  } else if (result.tables.length) {
    const width = maxOf(
      result.tables.map((table) => table.table.length),
      20,
    );
    lines.push('', `  ${'table'.padEnd(width)} ${'new'.padStart(8)} ${'updated'.padStart(8)} ${'unchanged'.padStart(10)}`);
    for (const table of result.tables)
      lines.push(
        `  ${table.table.padEnd(width)} ${String(table.new).padStart(8)} ${String(table.updated).padStart(8)} ${String(table.unchanged).padStart(10)}`,
      );
  }
  if (result.findingsByRule.length) {
    lines.push('', `${result.errors} errors, ${result.warnings} warnings, by rule:`);
    const ruleWidth = maxOf(
      result.findingsByRule.map(({ rule }) => rule.length),
      10,
    );
    for (const { rule, count, message } of result.findingsByRule)
      lines.push(`  ${rule.padEnd(ruleWidth)} ${String(count).padStart(6)}  ${message.slice(0, 110)}`);
    lines.push(
      '',
      isValidation(result)
        ? `Each finding with its child, file, row and field: add --json${result.findingsNotShown ? ` (the first ${thousands(result.findings.length)}; ${thousands(result.findingsNotShown)} more are counted above)` : ''}.`
        : 'Every finding with its child, file, row and field: add --json, or see the import’s page in Keystone.',
    );
  }
  if (typeof result.summary.ruleset === 'string') lines.push('', `DfE rules checked: ${result.summary.ruleset}`);
  const lists = (result.summary.providerLists ?? []) as Array<{ file: string; list: string; sheets: string[]; providers: number }>;
  for (const list of lists)
    lines.push(
      `Ofsted provider list used for the URN rules: ${list.file}${list.sheets.length ? ` (sheets ${list.sheets.map((sheet) => `“${sheet}”`).join(', ')})` : ''}, ${list.list}, ${thousands(list.providers)} providers`,
    );
  const notRun = rulesNotRunOf(result.summary);
  if (notRun.length) {
    lines.push('', `${notRun.length} DfE rules not run, or run in part (no finding under them does not mean the return passes them):`);
    for (const entry of notRun) lines.push(`  ${entry.code.padEnd(10)} ${entry.partly ? '(in part) ' : ''}${entry.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
