/**
 * The SSD importer as a stream: each CSV is read chunk by chunk (csv-stream.ts) and each row checked
 * on its own as it is read (types, required values, the table's rules: checkRow), then staged with
 * where it came from (file, line, the raw row for quarantine) and the columns its file lacks. What
 * needs every row — duplicate keys, references to people, professionals, teams, assessments — is
 * checked once all files are staged, in SQL against the staging tables and the stored tables
 * (settle.ts). Memory holds a chunk and one batch of rows, never an extract.
 */
import type { Cell } from '../../core/db/bulk.ts';
import { CsvStream } from '../csv-stream.ts';
import type { Finding, PreparedImport, SourceRow, StreamBatch, StreamedFile, StreamedTable, StreamingRun } from '../types.ts';
import { checkRow, finding } from './importer.ts';
import { CodeWarnings } from './dfe-codes.ts';
import { settleSsd } from './settle.ts';
import { recogniseSsdTable, SSD_TABLE_BY_NAME, SSD_TABLES, type SsdTable } from './tables.ts';

/** Where a staged row came from: file (its index in the import), line, the columns its file lacks, the row as read. */
export const SSD_STAGE_EXTRA = [
  { name: 'ks_file', type: 'integer' },
  { name: 'ks_line', type: 'integer' },
  { name: 'ks_absent', type: 'bigint' },
  { name: 'ks_raw', type: 'text' },
] as const;

export const SSD_STREAMED_TABLES: readonly StreamedTable[] = SSD_TABLES.map((table) => ({
  table: table.name,
  key: table.key,
  columns: table.columns.map((column) => column.name),
  ...(table.person ? { childColumn: table.person } : {}),
  extra: SSD_STAGE_EXTRA,
  partial: true,
  selfReferencing: table.references.some((reference) => reference.table === table.name),
}));

export function ssdStream(): StreamingRun {
  const files: PreparedImport['files'] = [];
  const notHeld: string[] = [];
  /** Rows of each table that passed the checks of their own, before those across rows (settle). */
  const rowsRead = new Map<string, number>();
  let batch: { rows: Map<string, Cell[][]>; findings: Finding[]; rejectedRows: StreamBatch['rejectedRows'] } = {
    rows: new Map(),
    findings: [],
    rejectedRows: [],
  };

  function open(fileName: string): StreamedFile {
    const fileIndex = files.length;
    const info = { name: fileName, table: null as string | null, rows: 0 };
    files.push(info);
    let refusal: Finding | null = null;
    let started = false;
    /** Rows of this file staged so far, by table (taken back if the file turns out unreadable). */
    const accepted = new Map<string, number>();
    let layout: ReturnType<typeof ssdLayout> | null = null;
    const csv = new CsvStream(fileName, {
      onRow: (row) => take(row),
      onRefused: (row, problem) => {
        const at = (layout ??= ssdLayout(fileName, csv.header ?? [], (problem) => batch.findings.push(problem)));
        info.rows++;
        problem.table = at.tableName;
        if (problem.field) problem.field = problem.field.toLowerCase();
        batch.findings.push(problem);
        if (!at.table) return;
        row.table = at.table.name;
        batch.rejectedRows.push({ row, child: at.personOf(row) });
      },
    });

    const take = (row: SourceRow) => {
      const at = (layout ??= ssdLayout(fileName, csv.header ?? [], (problem) => batch.findings.push(problem)));
      info.rows++;
      const { table } = at;
      if (!table) return;
      row.table = table.name;
      const child = at.personOf(row);
      if (at.missing.length) {
        batch.rejectedRows.push({ row, child });
        return;
      }
      const { values, problems } = checkRow(table, at.present, row, child);
      if (problems.length) {
        for (const problem of problems) batch.findings.push(problem);
        batch.rejectedRows.push({ row, child });
        return;
      }
      for (const warning of at.codes!.row(row.line, child, values)) batch.findings.push(warning);
      const cells: Cell[] = table.columns.map((column) => values[column.name] ?? null);
      cells.push(fileIndex, row.line, at.absent, JSON.stringify(row.values));
      const list = batch.rows.get(table.name);
      if (list) list.push(cells);
      else batch.rows.set(table.name, [cells]);
      accepted.set(table.name, (accepted.get(table.name) ?? 0) + 1);
    };

    return {
      write(bytes) {
        if (!started) {
          started = true;
          refusal = notCsv(fileName, bytes);
        }
        if (!refusal) csv.write(bytes);
      },
      get stopped() {
        return refusal !== null || csv.unreadable;
      },
      take() {
        const taken = batch;
        batch = { rows: new Map(), findings: [], rejectedRows: [] };
        return taken;
      },
      finish() {
        if (!started) refusal = notCsv(fileName, new Uint8Array(0));
        if (!refusal) csv.end();
        const problems = refusal ? [refusal] : csv.findings.map((problem) => ({ ...problem, field: problem.field?.toLowerCase() ?? null }));
        if (refusal || csv.unreadable) {
          // None of the file's rows count: those already taken are rolled back with the file.
          batch = { rows: new Map(), findings: problems, rejectedRows: [] };
          info.table = null;
          info.rows = 0;
          return { unreadable: true };
        }
        const at = (layout ??= ssdLayout(fileName, csv.header ?? [], (problem) => batch.findings.push(problem)));
        info.table = at.tableName;
        for (const [table, count] of accepted) rowsRead.set(table, (rowsRead.get(table) ?? 0) + count);
        if (!at.tableName) batch.findings.push(tableUnknown(fileName, at.header));
        else if (!at.table) {
          notHeld.push(fileName);
          batch.findings.push(tableNotHeld(fileName, at.tableName, info.rows));
        } else for (const warning of at.codes!.end()) batch.findings.push(warning);
        return { unreadable: false };
      },
    };
  }

  return {
    tables: SSD_STREAMED_TABLES,
    omitEmpty: true,
    open,
    async settle(trx, staged, report) {
      const duplicates = await settleSsd(
        trx,
        staged,
        files.map((file) => file.name),
        report,
      );
      for (const [table, count] of duplicates) rowsRead.set(table, (rowsRead.get(table) ?? 0) - count);
    },
    done() {
      const read = Object.fromEntries(SSD_TABLES.filter((table) => rowsRead.get(table.name)).map((table) => [table.name, rowsRead.get(table.name)!]));
      return {
        summary: { personMatch: 'ssd_person.pers_person_id (the council’s child ID)', rowsRead: read, ...(notHeld.length ? { tablesNotHeld: notHeld } : {}) },
        files,
      };
    },
  };
}

/**
 * What the rows of one file share, from its header: the table, the columns it has and lacks. What is
 * wrong with the header (columns Keystone does not hold, columns a row cannot be stored without) is reported.
 */
export function ssdLayout(fileName: string, csvHeader: readonly string[], report: (problem: Finding) => void) {
  const header = csvHeader.map((name) => name.toLowerCase());
  const tableName = recogniseSsdTable(fileName, header);
  const table: SsdTable | undefined = tableName ? SSD_TABLE_BY_NAME.get(tableName) : undefined;
  const present = table ? table.columns.filter((column) => header.includes(column.name)) : [];
  const missing = table ? table.columns.filter((column) => column.required && !header.includes(column.name)).map((column) => column.name) : [];
  let absent = 0;
  if (table) {
    table.columns.forEach((column, index) => {
      if (!header.includes(column.name)) absent += 2 ** index;
    });
    const held = new Set(table.columns.map((column) => column.name));
    for (const name of header) {
      if (!held.has(name))
        report(
          finding('KS-COLUMN', `${table.name} has no column ${name} in Keystone: the column is left aside.`, fileName, table.name, 1, name, null, 'warning'),
        );
    }
    if (missing.length) {
      report(
        finding(
          'KS-COLUMNS',
          `The ${table.name} file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, without which a row cannot be stored: none of its rows can be used.`,
          fileName,
          table.name,
          1,
          missing[0]!,
        ),
      );
    }
  }
  const personColumn = table?.person?.toUpperCase();
  const personOf = (row: SourceRow) => (personColumn ? row.values[personColumn]?.trim() || null : null);
  /** Values outside their DfE code lists in the rows stored (dfe-codes.ts). */
  const codes = table ? new CodeWarnings(fileName, table.name) : null;
  return { header, tableName, table, present, missing, absent, personOf, codes };
}

export const tableUnknown = (fileName: string, header: readonly string[]) =>
  finding(
    'KS-TABLE',
    `Cannot tell which SSD table this file holds: name it after the table (e.g. ssd_person.csv) or give it the table's header row (columns found: ${header.slice(0, 8).join(', ')}${header.length > 8 ? '…' : ''}).`,
    fileName,
    null,
    null,
    null,
  );

export const tableNotHeld = (fileName: string, tableName: string, rows: number) =>
  finding(
    'KS-NOT-HELD',
    `${tableName} is an SSD table Keystone does not hold yet: its ${rows} row${rows === 1 ? ' was' : 's were'} read but not stored.`,
    fileName,
    tableName,
    null,
    null,
    null,
    'warning',
  );

/** A row whose key an earlier row (at `where`: file and line) already holds. */
export const duplicateKey = (fileName: string, tableName: string, keyField: string, key: string, where: string, line: number, child: string | null) =>
  finding('KS-DUPLICATE', `${keyField} ${key} appears again (first at ${where}); only the first is stored.`, fileName, tableName, line, keyField, child);

/** Why a file is not read as an SSD table, from its name and first bytes: a spreadsheet or XML file, a zip archive. */
export function notCsv(fileName: string, head: Uint8Array): Finding | null {
  if (/\.(xml|xlsx|xls)$/i.test(fileName))
    return finding('KS-FORMAT', 'The SSD is read as CSV files, one per table: save this table as CSV (UTF-8).', fileName, null, null, null);
  if (/\.zip$/i.test(fileName) || (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04))
    return finding('KS-ZIP', 'This is a zip archive inside the extract: import the archive itself, or the CSV files inside it.', fileName, null, null, null);
  return null;
}
