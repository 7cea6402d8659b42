/**
 * The SSD importer: one CSV per SSD table (a folder's files, or several uploaded at once), header
 * row of SSD field names, mapped one to one onto Keystone's tables of the same names (tables.ts).
 *
 * Files. The table comes from the file's name (ssd_person.csv, person.csv, ssd_person_2024.csv),
 * else from its header (the table whose key column it has). A table may come in several files
 * (person_1.csv, person_2.csv). Field names are matched without regard to case. A column Keystone
 * does not hold is reported and left aside; a file lacking a column a row cannot be stored
 * without (its key, a date the table needs) has none of its rows stored. A file of an SSD table
 * Keystone does not hold (ssd_family…) is reported and left aside. Zip archives are opened before
 * the pipeline (src/ingest/archives.ts, guarded against zip bombs); a zip inside one is refused.
 *
 * Checks, before anything is written (each finding names file, line, field):
 * - the CSV itself (csv.ts): encoding, binary content, ragged rows, spreadsheet formulas;
 * - types (values.ts): dates ISO or dd/mm/YYYY, numbers, Y/N flags; required values present;
 *   the database's own rules within a row (a team valid to after it is valid from…);
 * - keys: the same key twice is refused the second time;
 * - references between tables (tables.ts): to a person, professional, assessment or parent team
 *   that is neither in the files nor already stored, the row is refused (the database could not
 *   hold it) — and refusing a person refuses the rows that name only that person; other SSD
 *   links (referral, plan, worker, team) that lead nowhere are warnings;
 * - DfE codes (dfe-codes.ts): a value outside the DfE list of a coded field Keystone reads or exports
 *   (sex, ethnicity, CIN and SSDA903 codes) is a warning (`KS-CODE`) for the first rows of each field
 *   of a file, and the rest are counted by value in one warning about the file; the row is stored as given.
 * Refused rows are quarantined with every reason; the rest are written.
 *
 * Person matching: ssd_person.pers_person_id is the council's own child ID — the ID its case
 * system exports as the SSD person ID, as the SSDA903's CHILD and as the CIN census's LAchildID —
 * taken exactly as written (trimmed). A child already known from any source is the same person;
 * an SSD file sets the columns it has and never blanks the others.
 *
 * Writing: rows are written by key, comparing with what is stored (new / updated / unchanged),
 * only the columns the file has, parents before children. Rows absent from a later extract are
 * not deleted.
 *
 * Three ways, the same findings: an import streams (`stream`: stream.ts reads and checks each row as it
 * comes, settle.ts checks keys and references in SQL once everything is staged), so its memory stays
 * bounded whatever the extract's size; `keystone validate` streams without a database (check.ts: keys
 * in memory, references left to an import); `prepare` reads and checks everything in memory (below),
 * for an import asked to (`inMemory`) and as the tests' reference.
 */
import type { Cell } from '../../core/db/bulk.ts';
import { readCsv } from '../csv.ts';
import type { Finding, ImportOptions, StreamingFormatImporter, InputFile, Lookup, LookupResults, PreparedImport, SourceRow, TableWrite } from '../types.ts';
import { SSD_TABLES, type SsdTable } from './tables.ts';
import { readValue } from './values.ts';
import { idTooLong } from '../identifiers.ts';
import { append } from '../../core/arrays.ts';
import { duplicateKey, ssdLayout, ssdStream, tableNotHeld, tableUnknown } from './stream.ts';

/** What the rows of one file share: their table, the file's header and the held columns it has. */
interface FileLayout {
  file: string;
  table: SsdTable;
  /** The header as csv.ts names a row's values (upper case), in file order. */
  header: readonly string[];
  /** The held columns the file has, in table order (rows are written in groups of the same columns). */
  columns: readonly string[];
  present: SsdTable['columns'];
  /** Where each present column is in the header. */
  at: readonly number[];
}

/**
 * A row kept for writing, held compactly: its raw cells joined into one string (a CSV file holds no
 * zero byte: csv.ts refuses one), so a large extract costs one string per row, not an object of
 * strings. Its values are read again when needed (valuesOf, cellsOf: the same readValue as when it
 * was checked), and its source row rebuilt only if it is refused late (sourceOf).
 */
interface ParsedRow {
  layout: FileLayout;
  line: number;
  raw: string;
  key: string;
  child: string | null;
}

const SEPARATOR = '\u0000';

function cellsOf(row: ParsedRow): Array<string | null> {
  const parts = row.raw.split(SEPARATOR);
  const { present, at } = row.layout;
  return present.map((column, index) => {
    const read = readValue(column.type, parts[at[index]!] ?? '');
    return 'value' in read ? read.value : null;
  });
}

/** Values of the held columns the file has, as they will be stored. */
function valuesOf(row: ParsedRow): Record<string, string | null> {
  const cells = cellsOf(row);
  const values: Record<string, string | null> = {};
  for (const [index, column] of row.layout.columns.entries()) values[column] = cells[index]!;
  return values;
}

/** The row as csv.ts read it, for quarantine. */
function sourceOf(row: ParsedRow): SourceRow {
  const parts = row.raw.split(SEPARATOR);
  const values: Record<string, string> = {};
  for (const [index, name] of row.layout.header.entries()) values[name] = parts[index]!;
  return { file: row.layout.file, table: row.layout.table.name, line: row.line, values };
}

/** Rows of a table written in one statement at most (a table whose rows refer to each other is written whole). */
export const SSD_WRITE_ROWS = 5_000;

const PERSON = 'ssd_person.pers_person_id';

export function finding(
  rule: string,
  message: string,
  file: string,
  table: string | null,
  row: number | null,
  field: string | null,
  child: string | null = null,
  severity: 'error' | 'warning' = 'error',
  rejects = severity === 'error',
): Finding {
  return { rule, message, file, table, row, child, field, severity, rejects };
}

export const isZip = (file: InputFile) =>
  /\.zip$/i.test(file.name) || (file.bytes[0] === 0x50 && file.bytes[1] === 0x4b && file.bytes[2] === 0x03 && file.bytes[3] === 0x04);

/**
 * A row's values as they will be stored, with what is wrong with them: types, identifiers too long,
 * required values, the table's own rules (checked once the values read).
 */
export function checkRow(
  table: SsdTable,
  present: SsdTable['columns'],
  row: SourceRow,
  child: string | null,
): { values: Record<string, string | null>; problems: Finding[] } {
  const values: Record<string, string | null> = {};
  const problems: Finding[] = [];
  for (const column of present) {
    const read = readValue(column.type, row.values[column.name.toUpperCase()] ?? '');
    const tooLong =
      'value' in read && typeof read.value === 'string' && (column.name === table.key || column.name.endsWith('_id'))
        ? idTooLong(column.name, read.value)
        : undefined;
    if ('error' in read) problems.push(finding('KS-TYPE', `${column.name}: ${read.error}`, row.file, table.name, row.line, column.name, child));
    else if (tooLong) problems.push(finding('KS-ID', tooLong, row.file, table.name, row.line, column.name, child));
    else {
      values[column.name] = read.value;
      if (read.value === null && column.required)
        problems.push(
          finding(
            'KS-REQUIRED',
            `${column.name} is blank: a ${table.name} row cannot be stored without it.`,
            row.file,
            table.name,
            row.line,
            column.name,
            child,
          ),
        );
    }
  }
  if (!problems.length) {
    for (const check of table.checks ?? []) {
      const failed = check(values);
      if (failed) problems.push(finding('KS-CHECK', failed.message, row.file, table.name, row.line, failed.field, child));
    }
  }
  return { values, problems };
}

export function readSsd(files: InputFile[]) {
  const findings: Finding[] = [];
  const fileInfo: PreparedImport['files'] = [];
  const rejectedRows: PreparedImport['rejectedRows'] = [];
  const accepted = new Map<string, ParsedRow[]>(SSD_TABLES.map((table) => [table.name, []]));
  /** Where each key was first seen: file index × 2^32 + line (a number, not a string per row). */
  const keysSeen = new Map<string, Map<string, number>>(SSD_TABLES.map((table) => [table.name, new Map()]));
  const notHeld: string[] = [];

  for (const [fileIndex, file] of files.entries()) {
    if (/\.(xml|xlsx|xls)$/i.test(file.name)) {
      findings.push(finding('KS-FORMAT', 'The SSD is read as CSV files, one per table: save this table as CSV (UTF-8).', file.name, null, null, null));
      fileInfo.push({ name: file.name, table: null, rows: 0 });
      continue;
    }
    if (isZip(file)) {
      findings.push(
        finding('KS-ZIP', 'This is a zip archive inside the extract: import the archive itself, or the CSV files inside it.', file.name, null, null, null),
      );
      fileInfo.push({ name: file.name, table: null, rows: 0 });
      continue;
    }
    // Rows are checked as they are read (one string each is kept), never held as a file's worth of objects.
    let reading: ReturnType<typeof openFile> | null = null;
    const csv = readCsv(file.name, file.bytes, { onRow: (row, header) => (reading ??= openFile(file.name, fileIndex, header)).take(row) });
    for (const item of csv.findings) if (item.field) item.field = item.field.toLowerCase(); // SSD field names are lower case
    append(findings, csv.findings);
    if (csv.unreadable) {
      (reading as ReturnType<typeof openFile> | null)?.drop();
      fileInfo.push({ name: file.name, table: null, rows: 0 });
      continue;
    }
    (reading ?? openFile(file.name, fileIndex, csv.header)).finish(csv.findings, csv.rejected);
  }

  /** One readable file's rows, checked one by one; what it found is added once the file is read whole (finish). */
  function openFile(fileName: string, fileIndex: number, csvHeader: readonly string[]) {
    let read = 0;
    const found: Finding[] = [];
    const refused: PreparedImport['rejectedRows'] = [];
    const kept: ParsedRow[] = [];
    const { header, tableName, table, present, missing, personOf, codes } = ssdLayout(fileName, csvHeader, (problem) => found.push(problem));
    const columns = present.map((column) => column.name);
    const layout: FileLayout | null = table
      ? { file: fileName, table, header: csvHeader, columns, present, at: present.map((column) => csvHeader.indexOf(column.name.toUpperCase())) }
      : null;
    const seen = table ? keysSeen.get(table.name)! : new Map<string, number>();

    const take = (row: SourceRow) => {
      read++;
      if (!table || !layout) return;
      row.table = table.name;
      const child = personOf(row);
      if (missing.length) {
        refused.push({ row, child });
        return;
      }
      const { values, problems } = checkRow(table, present, row, child);
      if (!problems.length) append(found, codes!.row(row.line, child, values));
      const key = values[table.key];
      if (!problems.length && key) {
        const first = seen.get(key);
        if (first !== undefined) {
          const where = `${files[Math.floor(first / 2 ** 32)]!.name} line ${first % 2 ** 32}`;
          problems.push(duplicateKey(fileName, table.name, table.key, key, where, row.line, child));
        } else seen.set(key, fileIndex * 2 ** 32 + row.line);
      }
      if (problems.length) {
        append(found, problems);
        refused.push({ row, child });
        return;
      }
      kept.push({ layout, line: row.line, raw: csvHeader.map((name) => row.values[name]).join(SEPARATOR), key: key!, child });
    };

    /** The file turned out unreadable: none of its rows count, and the keys they took are free again. */
    const drop = () => {
      for (const row of kept) seen.delete(row.key);
    };

    const finish = (csvFindings: Finding[], csvRejected: SourceRow[]) => {
      const rows = read + csvRejected.length;
      if (!tableName) {
        findings.push(tableUnknown(fileName, header));
        fileInfo.push({ name: fileName, table: null, rows });
        return;
      }
      fileInfo.push({ name: fileName, table: tableName, rows });
      for (const item of csvFindings) item.table = tableName;
      if (!table) {
        notHeld.push(fileName);
        findings.push(tableNotHeld(fileName, tableName, rows));
        return;
      }
      for (const row of csvRejected) row.table = table.name;
      append(found, codes!.end());
      append(findings, found);
      // Rows refused while reading come after the lines csv.ts refused, except when the file lacks a column (all its rows, then those lines).
      if (missing.length) append(rejectedRows, refused);
      for (const row of csvRejected) rejectedRows.push({ row, child: personOf(row) });
      if (!missing.length) append(rejectedRows, refused);
      append(accepted.get(table.name)!, kept);
    };
    return { take, drop, finish };
  }
  return { findings, fileInfo, rejectedRows, accepted, notHeld };
}

/** For each referred-to table.column, every value the rows name (looked up in the database). */
function referredValues(accepted: ReadonlyMap<string, ParsedRow[]>): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const rows of accepted.values()) {
    for (const row of rows) {
      const rowValues = row.layout.table.references.length ? valuesOf(row) : {};
      for (const reference of row.layout.table.references) {
        const value = rowValues[reference.column];
        if (value == null) continue;
        const target = `${reference.table}.${reference.target}`;
        if (!values.has(target)) values.set(target, new Set());
        values.get(target)!.add(value);
      }
    }
  }
  // Which departments are already stored decides the order they are written in (see plan()).
  const departments = values.get('ssd_department.dept_team_id') ?? new Set<string>();
  for (const row of accepted.get('ssd_department') ?? []) departments.add(row.key);
  if (departments.size) values.set('ssd_department.dept_team_id', departments);
  return values;
}

/**
 * One part of a table's rows to write. Its cells are read from the rows when asked for, and only the
 * part last asked for is kept (the pipeline reads one part's rows several times, then the next part's),
 * so the rows of an extract are never held as cells all at once.
 */
let lastMaterialised: { write: TableWrite; rows: Cell[][] } | null = null;
function lazyWrite(table: SsdTable, columns: readonly string[], personIndex: number, rows: ParsedRow[]): TableWrite {
  const write: TableWrite = {
    table: table.name,
    key: table.key,
    columns,
    get rows(): Cell[][] {
      if (lastMaterialised?.write !== write) lastMaterialised = { write, rows: rows.map((row) => cellsOf(row) as Cell[]) };
      return lastMaterialised.rows;
    },
    ...(personIndex >= 0 ? { childOf: (cells: Cell[]) => (cells[personIndex] as string | null) ?? null } : {}),
  };
  return write;
}

/**
 * Checks references against the rows kept and the database, in table order, then builds the
 * writes. Returns the refused rows with their findings, and the warnings for soft references.
 */
function plan(accepted: ReadonlyMap<string, ParsedRow[]>, stored: (target: string, value: string) => boolean, batchRows: number) {
  const lateFindings: Finding[] = [];
  const lateRejected: Array<{ row: SourceRow; child: string | null }> = [];
  const kept = new Map<string, ParsedRow[]>();
  /** Values of each referred-to column among the rows kept so far. */
  const inImport = new Map<string, Set<string>>();
  const note = (table: SsdTable, rows: ParsedRow[]) => {
    const targets = new Set<string>([table.key, ...(table.name === 'ssd_cla_episodes' ? ['clae_cla_id'] : [])]);
    for (const target of targets) {
      const set = new Set<string>();
      for (const row of rows) {
        const value = target === table.key ? row.key : valuesOf(row)[target];
        if (value != null) set.add(value);
      }
      inImport.set(`${table.name}.${target}`, set);
    }
  };
  const available = (target: string, value: string) => inImport.get(target)?.has(value) || stored(target, value);
  const describeTarget = (table: string) => table.replace(/^ssd_/, '');

  for (const table of SSD_TABLES) {
    let rows = accepted.get(table.name) ?? [];
    const enforced = table.references.filter((reference) => reference.enforced);
    const refuse = (row: ParsedRow, column: string, target: string, value: string) => {
      lateFindings.push(
        finding(
          'KS-REFERENCE',
          `${column} names ${describeTarget(target.split('.')[0]!)} ${value}, which is neither in the files (or was refused there) nor already in Keystone: the row cannot be stored.`,
          row.layout.file,
          table.name,
          row.line,
          column,
          row.child,
        ),
      );
      lateRejected.push({ row: sourceOf(row), child: row.child });
    };
    // A table referring to itself (teams and their parent team) is settled by repeating until no
    // more rows fall away: a team whose parent was refused is refused too.
    for (let changed = true; changed;) {
      changed = false;
      const selfKeys = new Set(rows.map((row) => row.key));
      const next: ParsedRow[] = [];
      for (const row of rows) {
        const values = enforced.length ? valuesOf(row) : {};
        const broken = enforced.find((reference) => {
          const value = values[reference.column];
          if (value == null) return false;
          const target = `${reference.table}.${reference.target}`;
          return reference.table === table.name ? !selfKeys.has(value) && !stored(target, value) : !available(target, value);
        });
        if (broken) {
          refuse(row, broken.column, `${broken.table}.${broken.target}`, values[broken.column]!);
          if (broken.table === table.name) changed = true;
        } else next.push(row);
      }
      rows = next;
    }
    kept.set(table.name, rows);
    note(table, rows);
  }

  for (const table of SSD_TABLES) {
    const soft = table.references.filter((reference) => !reference.enforced);
    if (!soft.length) continue;
    for (const row of kept.get(table.name)!) {
      const values = valuesOf(row);
      for (const reference of soft) {
        const value = values[reference.column];
        const target = `${reference.table}.${reference.target}`;
        if (value == null || available(target, value)) continue;
        lateFindings.push(
          finding(
            'KS-LINK',
            `${reference.column} names ${describeTarget(reference.table)} ${value}, which is neither in the files nor already in Keystone: the row is stored, the link leads nowhere.`,
            row.layout.file,
            table.name,
            row.line,
            reference.column,
            row.child,
            'warning',
          ),
        );
      }
    }
  }

  const writes: TableWrite[] = [];
  for (const table of SSD_TABLES) {
    const rows = kept.get(table.name)!;
    // Rows are written in groups with the same columns, so a file without a column never blanks it.
    const groups = new Map<string, ParsedRow[]>();
    for (const row of rows) {
      const signature = row.layout.columns.join(',');
      const group = groups.get(signature);
      if (group) group.push(row);
      else groups.set(signature, [row]);
    }
    // A table whose rows refer to each other is written whole (the database checks each statement);
    // the others in parts of at most batchRows rows, parents' tables before their children's.
    const whole = table.references.some((reference) => reference.table === table.name);
    for (const group of groups.values()) {
      const columns = group[0]!.layout.columns;
      const personIndex = table.person ? columns.indexOf(table.person) : -1;
      const write = (subset: ParsedRow[]) => {
        for (let start = 0; start < subset.length; start += whole ? subset.length : batchRows)
          writes.push(lazyWrite(table, columns, personIndex, subset.slice(start, start + (whole ? subset.length : batchRows))));
      };
      // A stored team moved under a team this import adds: add the new teams first, so the update
      // finds its parent (the database checks each statement).
      const parentIndex = columns.indexOf('dept_team_parent_id');
      const needsSplit =
        table.name === 'ssd_department' &&
        parentIndex >= 0 &&
        group.some((row) => {
          const parent = stored('ssd_department.dept_team_id', row.key) ? valuesOf(row).dept_team_parent_id : null;
          return parent != null && !stored('ssd_department.dept_team_id', parent);
        });
      if (needsSplit) {
        write(group.filter((row) => !stored('ssd_department.dept_team_id', row.key)));
        write(group.filter((row) => stored('ssd_department.dept_team_id', row.key)));
      } else write(group);
    }
  }
  const counts = Object.fromEntries([...kept].filter(([, rows]) => rows.length).map(([table, rows]) => [table, rows.length]));
  return { writes, lateFindings, lateRejected, counts };
}

export const ssdImporter: StreamingFormatImporter = {
  format: 'ssd',
  /** How an import reads an extract: file by file, in chunks, checked across tables in SQL (stream.ts). */
  stream: () => ssdStream(),
  /** Reads and checks every file in memory (an import with `inMemory`; the reference the streamed checks are tested against). */
  prepare(files: InputFile[], options: ImportOptions = {}): PreparedImport {
    const { findings, fileInfo, rejectedRows, accepted, notHeld } = readSsd(files);
    const referred = referredValues(accepted);
    const childIds = new Set<string>(referred.get(PERSON) ?? []);
    const targets = [...referred.keys()].filter((target) => target !== PERSON);
    const lookups: Lookup[] = targets.map((target) => {
      const [table, column] = target.split('.') as [string, string];
      return { table, column, values: referred.get(target)! };
    });
    const rowsRead = Object.fromEntries([...accepted].filter(([, rows]) => rows.length).map(([table, rows]) => [table, rows.length]));
    return {
      summary: { personMatch: 'ssd_person.pers_person_id (the council’s child ID)', rowsRead, ...(notHeld.length ? { tablesNotHeld: notHeld } : {}) },
      files: fileInfo,
      findings,
      rejectedRows,
      childIds,
      lookups,
      writes(existingPeople: ReadonlySet<string>, found: LookupResults = []) {
        const index = new Map(targets.map((target, position) => [target, position]));
        const stored = (target: string, value: string) =>
          target === PERSON ? existingPeople.has(value) : (found[index.get(target) ?? -1]?.has(value) ?? false);
        const planned = plan(accepted, stored, options.ssdWriteRows ?? SSD_WRITE_ROWS);
        return { writes: planned.writes, lateRejections: planned.lateFindings, lateRejectedRows: planned.lateRejected };
      },
    };
  },
};
