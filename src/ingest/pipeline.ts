/**
 * The import pipeline, the same for every format:
 *   parse → validate (importer.prepare) → quarantine → commit, in ONE transaction.
 * - Lenient mode: rows with a rejecting finding are quarantined with their reasons; the rest commit.
 * - Strict mode: any error and nothing is written (the import is recorded as rejected).
 * - Dry run: everything runs, counts included, then the transaction is rolled back.
 * - A failure part-way rolls everything back; the failure itself is then recorded.
 * Writes compare each row with what is stored: new rows are inserted, changed rows updated, equal
 * rows left alone; so re-importing the same files changes nothing and reports every row unchanged.
 * Provenance: ks_row_source(table, primary key) → the import that last created or changed the row.
 *
 * Streaming (CIN census, whatever its size): the transaction opens first; each file is read in
 * chunks (from memory or from disk) and its rows go in batches into temporary staging tables as
 * they are checked, so memory holds one batch, never the file. The stored tables are touched only
 * once every file has been read and checked, table by table as for any import; a file that turns
 * out unreadable is rolled back to a savepoint (none of its rows), and a file that changes while it
 * is read fails the import. Findings and quarantined rows wait on disk (issues.ts), not in memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { Schema } from '../core/db/schema.ts';
import { insertRows, type Cell } from '../core/db/bulk.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import { annexAImporter } from './annex-a/importer.ts';
import { cinImporter } from './cin/importer.ts';
import { ssdImporter } from './ssd/importer.ts';
import { ssda903Importer } from './ssda903/importer.ts';
import { council903 } from './ssda903/council.ts';
import type { CinRuleset } from './cin/catalogue.ts';
import { IssueLog } from './issues.ts';
import type {
  AsyncFormatImporter, Counts, Finding, FormatImporter, ImportFile, ImportFormat, ImportMode, InputFile, Lookup, LookupResults, PathFile, PreparedImport,
  StreamedTable, StreamingFormatImporter, StreamingRun, TableCounts, TableWrite,
} from './types.ts';
import { append } from '../core/arrays.ts';

/** The importers, by the format name the CLI and upload page use. */
export const IMPORTERS: Partial<Record<ImportFormat, FormatImporter | AsyncFormatImporter | StreamingFormatImporter>> = { '903': ssda903Importer, cin: cinImporter, ssd: ssdImporter, 'annex-a': annexAImporter };

export interface ImportRequest {
  format: ImportFormat;
  files: InputFile[];
  /** Files on disk, imported after `files`: read as a stream by importers that can (CIN census), whole by the others. */
  paths?: PathFile[];
  mode: ImportMode;
  dryRun: boolean;
  actor: Actor;
  collectionYear?: number | undefined;
  /** The DfE ruleset asked for (CIN census, SSDA903: a 903 ruleset is one of the same names); otherwise the collection year decides. */
  ruleset?: CinRuleset | undefined;
  /** Tests only: fail after writing this table, to prove the transaction leaves nothing behind. */
  failAfterTable?: string;
  /** SSD: rows of a table written in one part at most (tests make it small; see ssd/importer.ts). */
  ssdWriteRows?: number;
  /** Read every file whole and check it all before the transaction, even for a format that streams (tests compare the two ways). */
  inMemory?: boolean;
  /** Told as the import moves on: the terminal shows it as a progress bar. */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Where an import has got to: checking the files (done / total files; for a streamed import,
 * megabytes read / megabytes in all), then writing each table.
 */
export interface ImportProgress {
  stage: 'checking' | 'writing';
  done: number;
  total: number;
  detail: string;
}

export type ImportStatus = 'committed' | 'rejected' | 'failed' | 'checked';

export interface ImportResult {
  importId: number;
  format: ImportFormat;
  status: ImportStatus;
  mode: ImportMode;
  dryRun: boolean;
  counts: Counts;
  tables: TableCounts[];
  files: Array<{ name: string; sha256: string; bytes: number; table: string | null; rows: number }>;
  sha256: string;
  summary: Record<string, unknown>;
  /** The first findings (HELD_FINDINGS, issues.ts); every finding is stored in ks_import_issue. */
  findings: Finding[];
  /** Every finding counted by rule, most frequent first. */
  findingsByRule: Array<{ rule: string; message: string; count: number }>;
  errors: number;
  warnings: number;
  /** The last committed import of exactly these files, if there was one. */
  previousImportId: number | null;
  /** One sentence saying what happened. */
  message: string;
  errorMessage?: string;
}

type Executor = Transaction<Schema> | Database['db'];
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

class Rollback extends Error {}

/** Rows waiting to be staged while a file streams: written to the staging tables once there are this many. */
const STAGE_ROWS = 20_000;
const CHUNK_BYTES = 1024 * 1024;
const PROGRESS_BYTES = 8 * 1024 * 1024;

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const onDisk = (file: ImportFile): file is Extract<ImportFile, { path: string }> => 'path' in file;
const sizeOf = (file: ImportFile) => (onDisk(file) ? file.size : file.bytes.length);

/** A file's bytes in chunks, from memory or read from disk. */
async function* chunksOf(file: ImportFile): AsyncGenerator<Uint8Array> {
  if (!onDisk(file)) {
    for (let offset = 0; offset < file.bytes.length; offset += CHUNK_BYTES) yield file.bytes.subarray(offset, offset + CHUNK_BYTES);
    return;
  }
  for await (const chunk of createReadStream(file.path, { highWaterMark: CHUNK_BYTES })) yield chunk as Buffer;
}

async function fileHash(file: ImportFile): Promise<string> {
  if (!onDisk(file)) return sha256(file.bytes);
  const hash = createHash('sha256');
  for await (const chunk of chunksOf(file)) hash.update(chunk);
  return hash.digest('hex');
}

const isStreaming = (importer: FormatImporter | AsyncFormatImporter | StreamingFormatImporter): importer is StreamingFormatImporter => 'stream' in importer;

/** The council an SSDA903 return is checked as (rules 1015 and 411): Council settings' DfE code, when set. */
async function councilSetting(database: Database) {
  const stored = await sql<{ value: string }>`SELECT setting_value AS value FROM ks_setting WHERE setting_key = 'la_code'`.execute(database.db);
  const laCode = stored.rows[0]?.value.trim();
  return (laCode && (await council903(laCode))) || undefined;
}

export async function runImport(database: Database, request: ImportRequest): Promise<ImportResult> {
  const importer = IMPORTERS[request.format];
  if (!importer) throw new Error(`Importing ${request.format} is not available yet`);
  const startedAt = new Date().toISOString();
  const files: ImportFile[] = [...request.files, ...(request.paths ?? [])];
  const hashes: Array<{ name: string; sha256: string; bytes: number }> = [];
  for (const file of files) hashes.push({ name: file.name, sha256: await fileHash(file), bytes: sizeOf(file) });
  const setHash = sha256(hashes.map((file) => file.sha256).sort().join('\n'));
  const previous = await sql<{ import_id: number }>`
    SELECT import_id FROM ks_import WHERE sha256 = ${setHash} AND format = ${request.format} AND status = 'committed'
    ORDER BY import_id DESC LIMIT 1`.execute(database.db);
  const previousImportId = previous.rows[0] ? Number(previous.rows[0].import_id) : null;

  const result: ImportResult = {
    importId: 0,
    format: request.format,
    status: 'failed',
    mode: request.mode,
    dryRun: request.dryRun,
    counts: { new: 0, updated: 0, unchanged: 0, rejected: 0 },
    tables: [],
    files: hashes.map((file) => ({ ...file, table: null, rows: 0 })),
    sha256: setHash,
    summary: {},
    findings: [],
    findingsByRule: [],
    errors: 0,
    warnings: 0,
    previousImportId,
    message: '',
  };
  let rejectedRows: PreparedImport['rejectedRows'] = [];
  let changedChildren = new Set<string>();
  const log = new IssueLog();
  let logged = false;
  /** Hands what an in-memory import found to the log, once, just before it is recorded. */
  const toLog = () => {
    if (!logged) log.add(result.findings, rejectedRows);
    logged = true;
  };

  try {
    if (isStreaming(importer) && !request.inMemory) {
      logged = true;
      await streamImport(database, importer, request, files, result, log, startedAt, changedChildren);
    } else await inMemoryImport();
  } catch (error) {
    result.status = 'failed';
    result.errorMessage = error instanceof Error ? error.message : String(error);
    result.tables = [];
    changedChildren = new Set();
  }

  try {
    toLog();
    if (result.status !== 'committed') {
      changedChildren = new Set();
      // Nothing was written: record the attempt, its findings and its quarantine on their own.
      result.counts = { ...(result.status === 'checked' ? result.counts : { new: 0, updated: 0, unchanged: 0 }), rejected: log.rejected };
      await database.db.transaction().execute(async (trx) => {
        result.importId = await insertImportRow(trx, request, result, startedAt);
        await finishImportRow(trx, result, log);
      });
    }
  } finally {
    log.close();
  }
  result.findings = log.held;
  result.findingsByRule = [...log.byRule].map(([rule, { message, count }]) => ({ rule, message, count })).sort((a, b) => b.count - a.count);
  result.errors = log.errors;
  result.warnings = log.warnings;
  result.message = describe(result);
  await recordAudit(database, request.actor, {
    action: 'import',
    subjectType: 'import',
    subjectId: String(result.importId),
    childIds: [...changedChildren],
    details: {
      format: request.format,
      files: result.files.map((file) => ({ name: file.name, sha256: file.sha256 })),
      status: result.status,
      mode: request.mode,
      dryRun: request.dryRun,
      counts: result.counts,
    },
  });
  return result;

  /** Formats that cannot stream: every file read and checked in memory, then written in the transaction. */
  async function inMemoryImport() {
    const importer = IMPORTERS[request.format]!;
    const inMemory = files.map((file): InputFile => (onDisk(file) ? { name: file.name, bytes: readFileSync(file.path) } : file));
    const megabytes = (hashes.reduce((sum, file) => sum + file.bytes, 0) / 1_048_576).toFixed(1);
    request.onProgress?.({ stage: 'checking', done: 0, total: files.length, detail: `${files.length} file${files.length === 1 ? '' : 's'}, ${megabytes} MB` });
    const council = request.format === '903' ? await councilSetting(database) : undefined;
    const prepared = await importer.prepare(inMemory, { collectionYear: request.collectionYear, ruleset: request.ruleset, ssdWriteRows: request.ssdWriteRows, council });
    request.onProgress?.({ stage: 'checking', done: files.length, total: files.length, detail: `${prepared.findings.length} findings` });
    result.summary = prepared.summary;
    result.files = hashes.map((file, index) => ({ ...file, table: prepared.files[index]?.table ?? null, rows: prepared.files[index]?.rows ?? 0 }));
    result.findings = prepared.findings;
    rejectedRows = [...prepared.rejectedRows];
    tally(result);

    if (request.mode === 'strict' && result.errors > 0) {
      result.status = 'rejected';
    } else {
      try {
        await database.db.transaction().execute(async (trx) => {
          const existing = await existingPeople(trx, prepared.childIds);
          const planned = prepared.writes(existing, await runLookups(trx, prepared.lookups ?? []));
          append(result.findings, planned.lateRejections);
          append(rejectedRows, planned.lateRejectedRows);
          tally(result);
          if (request.mode === 'strict' && result.errors > 0) {
            result.status = 'rejected';
            throw new Rollback();
          }
          result.importId = await insertImportRow(trx, request, result, startedAt);
          for (const [index, write] of planned.writes.entries()) {
            request.onProgress?.({ stage: 'writing', done: index, total: planned.writes.length, detail: write.table });
            const counted = await applyWrite(trx, write, result.importId);
            // A table may be written in several parts (rows with different columns): one count per table.
            const same = result.tables.find((entry) => entry.table === counted.counts.table);
            if (same) {
              same.new += counted.counts.new;
              same.updated += counted.counts.updated;
              same.unchanged += counted.counts.unchanged;
            } else result.tables.push(counted.counts);
            for (const child of counted.children) changedChildren.add(child);
            if (request.failAfterTable === write.table) throw new Error(`Injected failure after writing ${write.table}`);
          }
          result.counts = totals(result.tables, rejectedRows.length);
          result.status = request.dryRun ? 'checked' : 'committed';
          if (request.dryRun) throw new Rollback();
          toLog();
          await finishImportRow(trx, result, log);
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
      }
    }
  }
}

/**
 * A streamed import, in one transaction: every file read in chunks and checked, its rows staged in
 * batches; then, if the mode allows, each table compared and written from its staging table.
 */
async function streamImport(
  database: Database,
  importer: StreamingFormatImporter,
  request: ImportRequest,
  files: readonly ImportFile[],
  result: ImportResult,
  log: IssueLog,
  startedAt: string,
  changedChildren: Set<string>,
) {
  const totalBytes = files.reduce((sum, file) => sum + sizeOf(file), 0);
  const megabytes = (bytes: number) => Math.round(bytes / 104_857.6) / 10;
  try {
    await database.db.transaction().execute(async (trx) => {
      let run: StreamingRun | null = importer.stream({ collectionYear: request.collectionYear, ruleset: request.ruleset });
      const staged = await stageFiles(trx, run, files, result, log, (read, detail) =>
        request.onProgress?.({ stage: 'checking', done: megabytes(read), total: megabytes(totalBytes), detail }),
      );
      const done = run.done();
      const tables = run.tables;
      // What the reading kept across children (IDs seen, the return's tallies) is not needed to write.
      run = null;
      result.summary = done.summary;
      result.files = result.files.map((file, index) => ({ ...file, table: done.files[index]?.table ?? null, rows: done.files[index]?.rows ?? 0 }));
      if (request.mode === 'strict' && log.errors > 0) {
        result.status = 'rejected';
        throw new Rollback();
      }
      result.importId = await insertImportRow(trx, request, result, startedAt);
      for (const [index, table] of tables.entries()) {
        request.onProgress?.({ stage: 'writing', done: index, total: tables.length, detail: table.table });
        const counted = await mergeStage(trx, table, staged.get(table.table) ?? 0, result.importId);
        result.tables.push(counted.counts);
        for (const child of counted.children) changedChildren.add(child);
        if (request.failAfterTable === table.table) throw new Error(`Injected failure after writing ${table.table}`);
      }
      result.counts = totals(result.tables, log.rejected);
      result.status = request.dryRun ? 'checked' : 'committed';
      if (request.dryRun) throw new Rollback();
      await finishImportRow(trx, result, log);
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
}

/**
 * Reads every file into the staging tables (one per table the importer writes); returns how many
 * rows each holds. An unreadable file's rows are rolled back to the savepoint taken before it.
 */
async function stageFiles(
  trx: Executor,
  run: StreamingRun,
  files: readonly ImportFile[],
  result: ImportResult,
  log: IssueLog,
  progress: (bytesRead: number, detail: string) => void,
): Promise<Map<string, number>> {
  const staged = new Map<string, number>();
  for (const table of run.tables) {
    if (![table.table, ...table.columns].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in write to ${table.table}`);
    await sql.raw(`DROP TABLE IF EXISTS ks_stage_${table.table}`).execute(trx);
    await sql.raw(`CREATE TEMP TABLE ks_stage_${table.table} AS SELECT ${table.columns.join(', ')} FROM ${table.table} WITH NO DATA`).execute(trx);
    staged.set(table.table, 0);
  }
  let pending = new Map<string, Cell[][]>();
  let pendingRows = 0;
  const flush = async () => {
    for (const table of run.tables) {
      const rows = pending.get(table.table);
      if (!rows?.length) continue;
      await insertRows(trx, `ks_stage_${table.table}`, table.columns, rows);
      staged.set(table.table, staged.get(table.table)! + rows.length);
    }
    pending = new Map();
    pendingRows = 0;
  };
  const keep = (rows: ReadonlyMap<string, Cell[][]>) => {
    for (const [table, list] of rows) {
      if (!list.length) continue;
      const waiting = pending.get(table);
      if (waiting) for (const row of list) waiting.push(row);
      else pending.set(table, list);
      pendingRows += list.length;
    }
  };
  let read = 0;
  progress(0, `${files.length} file${files.length === 1 ? '' : 's'}`);
  for (const [index, file] of files.entries()) {
    const before = new Map(staged);
    await sql.raw('SAVEPOINT ks_import_file').execute(trx);
    const reading = run.open(file.name);
    const hash = createHash('sha256');
    let reported = read;
    for await (const chunk of chunksOf(file)) {
      hash.update(chunk);
      read += chunk.length;
      if (reading.stopped) continue;
      reading.write(chunk);
      const batch = reading.take();
      log.add(batch.findings, batch.rejectedRows);
      keep(batch.rows);
      if (pendingRows >= STAGE_ROWS) await flush();
      if (read - reported >= PROGRESS_BYTES) {
        progress(read, file.name);
        reported = read;
      }
    }
    const { unreadable } = reading.finish();
    const last = reading.take();
    if (unreadable) {
      log.add(last.findings, []);
      log.dropFile(file.name);
      pending = new Map();
      pendingRows = 0;
      await sql.raw('ROLLBACK TO SAVEPOINT ks_import_file').execute(trx);
      for (const [table, count] of before) staged.set(table, count);
    } else {
      log.add(last.findings, last.rejectedRows);
      keep(last.rows);
      await flush();
      await sql.raw('RELEASE SAVEPOINT ks_import_file').execute(trx);
    }
    if (hash.digest('hex') !== result.files[index]!.sha256) throw new Error(`${file.name} changed while it was being imported: import it again once it is complete`);
    progress(read, file.name);
  }
  return staged;
}

function tally(result: ImportResult) {
  result.errors = result.findings.filter((finding) => finding.severity === 'error').length;
  result.warnings = result.findings.length - result.errors;
}

function totals(tables: TableCounts[], rejected: number): Counts {
  return tables.reduce((sum, table) => ({ new: sum.new + table.new, updated: sum.updated + table.updated, unchanged: sum.unchanged + table.unchanged, rejected }), {
    new: 0,
    updated: 0,
    unchanged: 0,
    rejected,
  });
}

function describe(result: ImportResult): string {
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

async function existingPeople(trx: Executor, childIds: ReadonlySet<string>): Promise<Set<string>> {
  if (childIds.size === 0) return new Set();
  const rows = await sql<{ id: string }>`SELECT pers_person_id AS id FROM ssd_person WHERE pers_person_id = ANY(${sql.val([...childIds])}::text[])`.execute(trx);
  return new Set(rows.rows.map((row) => row.id));
}

/** Runs an importer's lookups (see `Lookup`): one query per lookup, values passed as one array. */
async function runLookups(trx: Executor, lookups: readonly Lookup[]): Promise<LookupResults> {
  const results: Array<Map<string, string[]>> = [];
  for (const lookup of lookups) {
    const { table, column } = lookup;
    const returning = lookup.returning ?? column;
    if (![table, column, returning].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in lookup on ${table}`);
    const found = new Map<string, string[]>();
    results.push(found);
    if (lookup.values.size === 0) continue;
    const compared = lookup.ignoreCase ? `lower(btrim(${column}::text))` : `${column}::text`;
    const values = [...lookup.values].map((value) => (lookup.ignoreCase ? value.trim().toLowerCase() : value));
    const rows = await sql<{ v: string; r: string | null }>`
      SELECT ${sql.raw(compared)} AS v, ${sql.raw(`${returning}::text`)} AS r FROM ${sql.table(table)}
      WHERE ${sql.raw(compared)} = ANY(${sql.val(values)}::text[])`.execute(trx);
    for (const row of rows.rows) {
      const list = found.get(row.v) ?? [];
      if (row.r !== null && !list.includes(row.r)) list.push(row.r);
      found.set(row.v, list);
    }
  }
  return results;
}

async function insertImportRow(trx: Executor, request: ImportRequest, result: ImportResult, startedAt: string): Promise<number> {
  const row = await sql<{ import_id: number }>`
    INSERT INTO ks_import (format, file_names, sha256, files, started_at, user_id, username, mode, dry_run, status, summary, error_message)
    VALUES (${request.format}, ${sql.val(result.files.map((file) => file.name))}::text[], ${result.sha256}, ${JSON.stringify(result.files)}::jsonb,
            ${startedAt}::timestamptz, ${request.actor.userId}, ${request.actor.username}, ${request.mode}, ${request.dryRun}, ${result.status},
            ${JSON.stringify(result.summary)}::jsonb, ${result.errorMessage ?? null})
    RETURNING import_id`.execute(trx);
  return Number(row.rows[0]!.import_id);
}

/** Writes the counts, every finding and every quarantined row of an import. */
async function finishImportRow(trx: Executor, result: ImportResult, log: IssueLog): Promise<void> {
  const summary = { ...result.summary, tables: result.tables, previousImportId: result.previousImportId };
  await sql`
    UPDATE ks_import SET finished_at = now(), status = ${result.status}, new_rows = ${result.counts.new}, updated_rows = ${result.counts.updated},
      unchanged_rows = ${result.counts.unchanged}, rejected_rows = ${result.counts.rejected}, error_count = ${log.errors},
      warning_count = ${log.warnings}, summary = ${JSON.stringify(summary)}::jsonb, error_message = ${result.errorMessage ?? null}
    WHERE import_id = ${result.importId}`.execute(trx);
  for await (const { issues, quarantine } of log.chunks(result.importId)) {
    await insertRows(trx, 'ks_import_issue', ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_code', 'field', 'message', 'severity', 'rejected'], issues);
    await insertRows(trx, 'ks_import_quarantine', ['import_id', 'file_name', 'table_name', 'row_number', 'child_id', 'rule_codes', 'fields', 'messages', 'raw_row'], quarantine);
  }
}

/**
 * Writes one table's rows: stage them in a temporary table, then compare and write (mergeStage).
 */
async function applyWrite(trx: Executor, write: TableWrite, importId: number): Promise<{ counts: TableCounts; children: string[] }> {
  const { table, columns } = write;
  if (![table, write.key, ...columns].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in write to ${table}`);
  if (write.rows.length === 0) return { counts: { table, new: 0, updated: 0, unchanged: 0 }, children: [] };
  await sql.raw(`DROP TABLE IF EXISTS ks_stage_${table}`).execute(trx);
  await sql.raw(`CREATE TEMP TABLE ks_stage_${table} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`).execute(trx);
  await insertRows(trx, `ks_stage_${table}`, columns, write.rows);
  const { counts, changedKeys } = await mergeStage(trx, write, write.rows.length, importId, !!write.childOf);
  const children = new Set<string>();
  if (write.childOf && changedKeys.size) {
    const keyIndex = columns.indexOf(write.key);
    for (const row of write.rows) {
      if (!changedKeys.has(String(row[keyIndex]))) continue;
      const child = write.childOf(row);
      if (child) children.add(child);
    }
  }
  return { counts, children: [...children] };
}

/**
 * Compares one staging table (`ks_stage_<table>`, `staged` rows) with the stored table in SQL:
 * counts new / changed / unchanged by comparing typed values, records provenance for new and
 * changed rows, then updates and inserts; drops the staging table. Returns the children whose rows
 * changed (from `childColumn`) and, when asked, the changed keys.
 */
async function mergeStage(
  trx: Executor,
  write: StreamedTable & { insertOnly?: boolean | undefined },
  staged: number,
  importId: number,
  wantKeys = false,
): Promise<{ counts: TableCounts; children: string[]; changedKeys: Set<string> }> {
  const { table, key, columns, childColumn } = write;
  if (![table, key, ...columns, ...(childColumn ? [childColumn] : [])].every((name) => IDENTIFIER.test(name))) throw new Error(`Invalid identifier in write to ${table}`);
  const stage = `ks_stage_${table}`;
  const counts: TableCounts = { table, new: 0, updated: 0, unchanged: 0 };
  let children: string[] = [];
  let changedKeys = new Set<string>();
  if (staged > 0) {
    const others = columns.filter((column) => column !== key);
    const differs = write.insertOnly || others.length === 0 ? 'false' : `ROW(${others.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM ROW(${others.map((c) => `s.${c}`).join(', ')})`;
    await sql.raw('DROP TABLE IF EXISTS ks_stage_changed').execute(trx);
    await sql.raw(
      `CREATE TEMP TABLE ks_stage_changed AS SELECT s.${key}::text AS pk, (t.${key} IS NULL) AS is_new FROM ${stage} s LEFT JOIN ${table} t ON t.${key} = s.${key}
       WHERE t.${key} IS NULL OR ${differs}`,
    ).execute(trx);
    const tally = await sql<{ added: number; changed: number }>`SELECT count(*) FILTER (WHERE is_new)::int AS added, count(*)::int AS changed FROM ks_stage_changed`.execute(trx);
    const { added, changed } = tally.rows[0]!;
    counts.new = Number(added);
    counts.updated = Number(changed) - counts.new;
    counts.unchanged = staged - Number(changed);
    if (Number(changed) > 0) {
      await sql`
        INSERT INTO ks_row_source (table_name, row_pk, import_id)
        SELECT ${table}, pk, ${importId} FROM ks_stage_changed
        ON CONFLICT (table_name, row_pk) DO UPDATE SET import_id = excluded.import_id`.execute(trx);
      if (childColumn) {
        const found = await sql.raw<{ child: string }>(
          `SELECT DISTINCT s.${childColumn}::text AS child FROM ${stage} s JOIN ks_stage_changed c ON c.pk = s.${key}::text WHERE s.${childColumn} IS NOT NULL`,
        ).execute(trx);
        children = found.rows.map((row) => row.child);
      }
      if (wantKeys) changedKeys = new Set((await sql<{ pk: string }>`SELECT pk FROM ks_stage_changed`.execute(trx)).rows.map((row) => row.pk));
      if (!write.insertOnly && others.length) {
        await sql.raw(`UPDATE ${table} t SET ${others.map((c) => `${c} = s.${c}`).join(', ')} FROM ${stage} s WHERE t.${key} = s.${key} AND ${differs}`).execute(trx);
      }
      // New rows are those found new above: the insert never reads the table it writes, whose pages it would otherwise
      // scan again for every row when the planner picks a sequential scan (a fresh table, no statistics yet).
      if (counts.new > 0) {
        await sql.raw(
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((c) => `s.${c}`).join(', ')} FROM ${stage} s JOIN ks_stage_changed c ON c.pk = s.${key}::text WHERE c.is_new`,
        ).execute(trx);
      }
    }
    await sql.raw('DROP TABLE ks_stage_changed').execute(trx);
  }
  await sql.raw(`DROP TABLE ${stage}`).execute(trx);
  return { counts, children, changedKeys };
}
