/**
 * Reading a CSV file safely: the bytes are checked (binary, encoding) before csv-parse reads them,
 * every structural fault becomes a finding naming the file, line and field, and nothing throws.
 */
import { ByteGuard } from './byte-guard.ts';
import { createRequire } from 'node:module';
import type { Finding, SourceRow } from './types.ts';
import { append } from '../core/arrays.ts';

/** csv-parse, loaded only for a file plain splitting cannot read (quoted cells, mixed line endings). */
export const csvParse = (): typeof import('csv-parse/sync').parse =>
  (createRequire(import.meta.url)('csv-parse/sync') as typeof import('csv-parse/sync')).parse;

/** Values up to this long are interned (readCsv's `intern`): codes, dates, IDs, postcodes. */
const MAX_INTERNED = 16;

export interface CsvTable {
  file: string;
  header: string[];
  rows: SourceRow[];
  findings: Finding[];
  /** Lines of rows that were refused (ragged, formula, unreadable): their raw values for quarantine. */
  rejected: SourceRow[];
  /** True when the file could not be read at all (the findings say why). */
  unreadable: boolean;
}

export function fileFinding(file: string, rule: string, message: string, row: number | null = null, field: string | null = null): Finding {
  return { rule, message, file, table: null, row, child: null, field, severity: 'error', rejects: true };
}

/** First offset at which the bytes stop being valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte < 0x80) {
      index++;
      continue;
    }
    const extra = byte >= 0xc2 && byte <= 0xdf ? 1 : byte >= 0xe0 && byte <= 0xef ? 2 : byte >= 0xf0 && byte <= 0xf4 ? 3 : -1;
    if (extra < 0 || index + extra >= bytes.length) return index;
    for (let next = 1; next <= extra; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    index += extra + 1;
  }
  return -1;
}

/** Text a spreadsheet would run as a formula (=SUM(…), +cmd, @A1, -2+3). Plain signed numbers are fine. */
export function looksLikeFormula(value: string): boolean {
  // = + - @ tab CR: tested by character code first, as every cell of every file is tested.
  const first = value.charCodeAt(0);
  if (first !== 61 && first !== 43 && first !== 45 && first !== 64 && first !== 9 && first !== 13) return false;
  return !/^[+-]?\d+(\.\d+)?$/.test(value);
}

/**
 * Whether the text is CSV with no quoted cells and one kind of line ending (\n, or \r\n throughout):
 * then its records are its lines and its cells what lies between commas, and readPlainCsv reads it as
 * csv-parse would, several times faster (most 903 and SSD extracts are such files).
 */
export function plainCsv(text: string): boolean {
  if (text.includes('"')) return false;
  if (!text.includes('\r')) return true;
  return !/\r(?!\n)|(?<!\r)\n/.test(text);
}

/** Each non-empty line of plain CSV text (plainCsv) as a record, with its line number, as csv-parse gives them. */
function readPlainCsv(text: string, onRecord: (record: string[], line: number) => void): void {
  const newline = text.includes('\r') ? '\r\n' : '\n';
  let line = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf(newline, start);
    if (end < 0) end = text.length;
    line++;
    if (end > start) onRecord(text.slice(start, end).split(','), line);
    start = end + newline.length;
  }
}

/**
 * Turns a file's records into rows: the first names the columns (a blank or repeated name is a
 * header problem, and no row is read after it); a row with more or fewer cells than the header, or
 * with a formula, is refused with a finding; cells are trimmed. `lines` is the line csv-parse says
 * the record ends on.
 */
export function csvRecords(
  file: string,
  on: { onRow: (row: SourceRow, header: readonly string[]) => void; onRefused: (row: SourceRow, finding: Finding) => void },
  options: { plain?: boolean; intern?: Map<string, string> | undefined } = {},
): { read: (record: string[], lines: number) => void; readonly header: string[] | null; readonly headerProblem: Finding | null } {
  let header: string[] | null = null;
  let headerProblem: Finding | null = null;
  const { plain, intern } = options;
  const read = (record: string[], lines: number) => {
    if (!header) {
      const names = record.map((name) => name.trim().toUpperCase());
      const seen = new Set<string>();
      for (const [index, name] of names.entries()) {
        if (name === '') headerProblem ??= fileFinding(file, 'KS-HEADER', `Column ${index + 1} of the header row has no name.`, 1);
        else if (seen.has(name)) headerProblem ??= fileFinding(file, 'KS-HEADER', `The header row names column ${name} twice.`, 1, name);
        seen.add(name);
      }
      header = names;
      return;
    }
    if (headerProblem) return;
    // csv-parse reports the line a record ends on; a record starts on the line after the previous one ends.
    let line = lines;
    // Only a quoted cell can hold a line break (plain CSV has none).
    if (!plain) for (const cell of record) for (let at = cell.indexOf('\n'); at >= 0; at = cell.indexOf('\n', at + 1)) line--;
    const values: Record<string, string> = {};
    /** The first column holding a formula, found as the cells are read. */
    let formula: string | undefined;
    for (let index = 0; index < header.length; index++) {
      let cell = (record[index] ?? '').trim();
      if (formula === undefined && looksLikeFormula(cell)) formula = header[index];
      if (intern && cell.length <= MAX_INTERNED) {
        const held = intern.get(cell);
        if (held === undefined) intern.set(cell, cell);
        else cell = held;
      }
      values[header[index]!] = cell;
    }
    const row: SourceRow = { file, table: '', line, values };
    if (record.length !== header.length) {
      if (record.length > header.length) values._EXTRA = record.slice(header.length).join(',');
      on.onRefused(
        row,
        fileFinding(
          file,
          'KS-RAGGED',
          `Line ${line} has ${record.length} cells but the header has ${header.length} columns${record.length < header.length ? `: ${header.slice(record.length).join(', ')} missing` : ''}.`,
          line,
          record.length < header.length ? (header[record.length] ?? null) : null,
        ),
      );
      return;
    }
    if (formula !== undefined) {
      on.onRefused(
        row,
        fileFinding(
          file,
          'KS-FORMULA',
          `Line ${line}, ${formula}: the cell holds a spreadsheet formula (“${values[formula]!.slice(0, 40)}”), not a value.`,
          line,
          formula,
        ),
      );
      return;
    }
    on.onRow(row, header);
  };
  return {
    read,
    get header() {
      return header;
    },
    get headerProblem() {
      return headerProblem;
    },
  };
}

/**
 * Decodes and parses one CSV file whose first row names the columns. Cells are trimmed.
 * A row with more or fewer cells than the header, or with a formula, is refused with a finding.
 * With `onRow`, each good row is handed over as it is read instead of being kept in `rows` (a file
 * found unreadable further on may already have handed over some rows: the caller drops them).
 */
export function readCsv(
  file: string,
  bytes: Uint8Array,
  options: {
    maxBytes?: number;
    onRow?: (row: SourceRow, header: readonly string[]) => void;
    /** One copy of each short value (codes, dates, IDs) across the files read with it: a return's rows hold far less. */
    intern?: Map<string, string>;
  } = {},
): CsvTable {
  const result: CsvTable = { file, header: [], rows: [], findings: [], rejected: [], unreadable: true };
  const maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
  if (bytes.length > maxBytes) {
    result.findings.push(
      fileFinding(file, 'KS-SIZE', `The file is ${bytes.length.toLocaleString('en-GB')} bytes, more than the ${maxBytes.toLocaleString('en-GB')} allowed.`),
    );
    return result;
  }
  if (bytes.length === 0 || bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09)) {
    result.findings.push(fileFinding(file, 'KS-EMPTY', 'The file is empty: it should start with a header row naming the columns.'));
    return result;
  }
  // The bytes are checked as the streamed reader checks them (UTF-16, a zero byte, not UTF-8), with the same findings.
  const guard = new ByteGuard('a CSV file');
  const decoded = guard.decode(bytes);
  const rest = 'problem' in decoded ? decoded : guard.end();
  if ('problem' in rest) {
    result.findings.push(fileFinding(file, rest.problem.rule, rest.problem.message, rest.problem.line));
    return result;
  }
  const text = ((decoded as { text: string }).text + rest.text).replace(/^\uFEFF/, '');

  const skipped: Array<{ line: number; message: string; raw: string }> = [];
  // Each record becomes its row as it is parsed (on_record), so the file's records are never all held at once.
  const plain = plainCsv(text);
  const rowFindings: Finding[] = [];
  const rows: SourceRow[] = [];
  const rejected: SourceRow[] = [];
  const records = csvRecords(
    file,
    {
      onRow: (row, header) => (options.onRow ? options.onRow(row, header) : rows.push(row)),
      onRefused: (row, finding) => {
        rowFindings.push(finding);
        rejected.push(row);
      },
    },
    { plain, intern: options.intern },
  );
  const readRecord = records.read;
  try {
    if (plain) readPlainCsv(text, readRecord);
    else {
      csvParse()(text, {
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        on_skip: (error, raw) => {
          if (error) skipped.push({ line: (error as { lines?: number }).lines ?? 0, message: error.message, raw: raw ?? '' });
          return undefined;
        },
        on_record: (record: string[], context) => {
          readRecord(record, context.lines);
          return null;
        },
      });
    }
  } catch (error) {
    const lines = (error as { lines?: number }).lines ?? null;
    result.findings.push(fileFinding(file, 'KS-CSV', `The file cannot be read as CSV${lines ? ` (line ${lines})` : ''}: ${(error as Error).message}`, lines));
    return result;
  }
  const textLines = skipped.length ? text.split(/\r?\n/) : [];
  const reported = new Set<number>();
  for (const skip of skipped) {
    if (reported.has(skip.line)) continue; // csv-parse can report one broken line more than once
    reported.add(skip.line);
    result.findings.push(fileFinding(file, 'KS-CSV', `Line ${skip.line} cannot be read as CSV: ${skip.message}`, skip.line || null));
    // Kept whole for quarantine: the text of the line as it was given.
    result.rejected.push({ file, table: '', line: skip.line, values: { _RAW: textLines[skip.line - 1] ?? skip.raw } });
  }
  if (!records.header) {
    result.findings.push(fileFinding(file, 'KS-EMPTY', 'The file has no header row.'));
    return result;
  }
  if (records.headerProblem) {
    result.findings.push(records.headerProblem);
    return result;
  }
  result.header = records.header;
  result.unreadable = false;
  append(result.findings, rowFindings);
  append(result.rejected, rejected);
  result.rows = rows;
  return result;
}
