/**
 * The shapes every importer shares. An importer (ssda903/, later ssd/, cin/, annex-a/) turns
 * files into `Finding`s and `TableWrite`s; the pipeline (pipeline.ts) does the rest the same way
 * for every format: quarantine, one transaction, counts, provenance, history and audit.
 */
import type { Cell } from '../core/db/bulk.ts';
import type { CinRuleset } from './cin/catalogue.ts';
import type { Ruleset903 } from './ssda903/catalogue.ts';
import type { Executor } from './staging.ts';
import type { ProviderLists } from './ssda903/ofsted.ts';

export type ImportFormat = '903' | 'ssd' | 'cin' | 'annex-a';
export type ImportMode = 'strict' | 'lenient';

/** One file handed to an import: its name (no path is stored) and its bytes. */
export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A file on disk read as a stream, never whole (a CIN census far larger than memory): the name
 * stored, the path read and its size.
 */
export interface PathFile {
  name: string;
  path: string;
  size: number;
}

/** What an import is given: files held in memory (uploads, tests) or files on disk. */
export type ImportFile = InputFile | PathFile;

/**
 * One thing found wrong with the input. `rule` is the DfE rule code where there is one (e.g. `141`,
 * `INT03`), or a Keystone code starting `KS-` for structure (`KS-CSV`, `KS-FORMULA`…).
 * `rejects` means the row cannot be stored faithfully and goes to quarantine (lenient mode);
 * in strict mode any error stops the whole import.
 */
export interface Finding {
  rule: string;
  message: string;
  file: string;
  /** The table in the format's own terms (e.g. `Episodes`). */
  table: string | null;
  /** Line number in the file (1 = the header row), or null for a finding about the whole file. */
  row: number | null;
  child: string | null;
  field: string | null;
  severity: 'error' | 'warning';
  rejects: boolean;
}

/** A row as read from a file: values by column name, and where it came from. */
export interface SourceRow {
  file: string;
  table: string;
  /** Line number of the row in its file (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/**
 * Rows to write to one table. `key` is the primary-key column; only `columns` are compared and
 * written, so a source that knows some of a row's columns (the 903 knows a child's sex but not
 * name) never blanks the others. `insertOnly` rows are added when absent and never updated
 * (e.g. a stub professional for a social worker ID).
 */
export interface TableWrite {
  table: string;
  key: string;
  columns: readonly string[];
  rows: Cell[][];
  insertOnly?: boolean;
  /** For each row, the child it belongs to (audit: whose records changed). */
  childOf?: (row: Cell[]) => string | null;
}

export interface TableCounts {
  table: string;
  new: number;
  updated: number;
  unchanged: number;
}

export interface Counts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** What an importer hands the pipeline once it has read and checked everything. */
export interface PreparedImport {
  /** Facts about the input for the history, e.g. the collection year. */
  summary: Record<string, unknown>;
  /** Files read, with the table each holds and how many rows it had. */
  files: Array<{ name: string; table: string | null; rows: number }>;
  findings: Finding[];
  /** Rows refused, kept in quarantine with their raw values. */
  rejectedRows: Array<{ row: SourceRow; child: string | null }>;
  /**
   * Builds the writes from the rows that were not rejected; told which children the database already
   * holds and, when the importer asked for `lookups`, what they found (same order). With `countOnly` (a
   * validation, which writes nothing) an importer may give placeholder rows, counted only, but for the
   * keys of `insertOnly` writes; the rows refused are the same.
   */
  writes(
    existingPeople: ReadonlySet<string>,
    found?: LookupResults,
    options?: { countOnly?: boolean },
  ): { writes: TableWrite[]; lateRejections: Finding[]; lateRejectedRows: Array<{ row: SourceRow; child: string | null }> };
  /** Children the writes refer to, so the pipeline can look them up before calling writes(). */
  childIds: ReadonlySet<string>;
  /** Other values to look for in the database before writes() (references to check, names to resolve). */
  lookups?: Lookup[];
}

/**
 * Values to look for in one column of one table, inside the import's transaction, before writes():
 * e.g. the professionals that involvements name (a reference check), or teams named in a workbook
 * (`returning` the team ID). With `ignoreCase`, values and column are compared lower-cased and
 * trimmed, and the values found are reported lower-cased.
 */
export interface Lookup {
  table: string;
  column: string;
  values: ReadonlySet<string>;
  returning?: string;
  ignoreCase?: boolean;
}

/** For each lookup, in order: each value found, with the `returning` column's values of the rows that hold it. */
export type LookupResults = ReadonlyArray<ReadonlyMap<string, readonly string[]>>;

/** A DfE ruleset asked for: the CIN census's or the SSDA903's (each importer reads its own). */
export type DfeRuleset = CinRuleset | Ruleset903;

/** What an import is asked for beyond its files: the collection year, and (CIN census, SSDA903) the DfE ruleset. */
export interface ImportOptions {
  collectionYear?: number | undefined;
  ruleset?: DfeRuleset | undefined;
  /** SSD read in memory: rows of a table written in one part at most (default SSD_WRITE_ROWS; tests make it small). */
  ssdWriteRows?: number | undefined;
  /** SSDA903: the council the return is from (its DfE and ONS codes); rules 1015 and 411 run only with it. */
  council?: { laCode: string; onsCode: string } | undefined;
  /** SSDA903: Ofsted's provider lists, already read from the files (ssda903/ofsted.ts); otherwise the importer reads them. */
  providerLists?: ProviderLists | undefined;
}

export interface FormatImporter {
  format: ImportFormat;
  /** Reads and validates; never throws on bad input (bad input becomes findings). */
  prepare(files: InputFile[], options: ImportOptions): PreparedImport;
}

/** An importer whose reader is asynchronous (exceljs reads workbooks so). */
export interface AsyncFormatImporter {
  format: ImportFormat;
  prepare(files: InputFile[], options: ImportOptions): Promise<PreparedImport>;
}

/** A table a streaming importer writes: rows arrive for it in batches as the files are read. */
export interface StreamedTable {
  table: string;
  key: string;
  columns: readonly string[];
  /** The column naming the child a row belongs to (audit: whose records changed). */
  childColumn?: string;
  /** Columns the staging table has beyond the table's (where each row came from…): rows give their values after the table's. */
  extra?: ReadonlyArray<{ name: string; type: 'integer' | 'bigint' | 'text' }>;
  /**
   * Rows may lack some of the columns (a file without them): the staging table's `ks_absent` (an
   * extra column) has bit i set when columns[i] was not given, and the stored value is then kept.
   */
  partial?: boolean;
  /** Rows refer to rows of the same table: new rows are added before stored ones change (a stored row may move under a new one). */
  selfReferencing?: boolean;
}

/** The rows, findings and refusals read since the last `take()`. */
export interface StreamBatch {
  rows: ReadonlyMap<string, Cell[][]>;
  findings: Finding[];
  rejectedRows: Array<{ row: SourceRow; child: string | null }>;
}

/** One file being read: bytes in, batches out. */
export interface StreamedFile {
  write(bytes: Uint8Array): void;
  /** True once the file stopped being readable: the rest of it need not be fed. */
  readonly stopped: boolean;
  take(): StreamBatch | Promise<StreamBatch>;
  /** Ends the file. When it was unreadable, every row it gave must be dropped (its findings stay). */
  finish(): { unreadable: boolean };
}

/** One streaming import: files opened one after another, then what they held. */
export interface StreamingRun {
  /** The tables written, parents first. */
  tables: readonly StreamedTable[];
  /**
   * Called once, before the first file, when there is a database (an import, in its transaction): what
   * must be remembered across rows may be kept there from now on, instead of in memory.
   */
  useDatabase?(trx: Executor): Promise<void>;
  open(name: string): StreamedFile;
  /**
   * Once every file is staged, before done(): checks across rows and tables, in SQL on the staging
   * tables and the stored tables (duplicate keys, references). Refused rows leave the staging tables
   * (`staged` is updated) and are reported with their findings.
   */
  settle?(
    trx: Executor,
    staged: Map<string, number>,
    report: (findings: Finding[], rejectedRows: Array<{ row: SourceRow; child: string | null }>) => void,
  ): Promise<void>;
  /** Tables left with no rows to write are left out of the counts (as an import read in memory leaves them). */
  omitEmpty?: boolean;
  /** Once every file is finished: facts for the history and the files read. */
  done(): Pick<PreparedImport, 'summary' | 'files'>;
}

/**
 * An importer that can also read each file as a stream, one batch of rows at a time, so memory stays
 * bounded whatever the size of the file; its rows must not depend on the database (no lookups).
 */
export interface StreamingFormatImporter extends FormatImporter {
  stream(options: ImportOptions): StreamingRun;
}
