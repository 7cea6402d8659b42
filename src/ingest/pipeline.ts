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
 * Streaming (CIN census, SSD extract, whatever their size): the transaction opens first; each file is read in
 * chunks (from memory or from disk) and its rows go in batches into temporary staging tables as
 * they are checked, so memory holds one batch, never the file. Checks across files (an SSD
 * extract's keys and references) then run in SQL on the staging tables (the importer's `settle`).
 * The stored tables are touched only once every file has been read and checked, table by table as for any import; a file that turns
 * out unreadable is rolled back to a savepoint (none of its rows), and a file that changes while it
 * is read fails the import. Findings and quarantined rows wait on disk (issues.ts), not in memory.
 *
 * This file orchestrates; staging.ts reads files into the staging tables, merge.ts compares and
 * writes them, import-record.ts keeps the record of the import (ks_import, issues, quarantine).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { recordAudit, type Actor } from '../core/audit/trail.ts';
import { annexAImporter } from './annex-a/importer.ts';
import { cinImporter } from './cin/importer.ts';
import { ssdImporter } from './ssd/importer.ts';
import { ssda903Importer } from './ssda903/importer.ts';
import { council903 } from './ssda903/council.ts';
import type { DfeRuleset } from './types.ts';
import { IssueLog } from './issues.ts';
import { describe, finishImportRow, insertImportRow, tally, totals } from './import-record.ts';
import { applyWrite, childrenChangedBy, mergeStage, runLookups } from './merge.ts';
import { chunksOf, onDisk, sizeOf, stageFiles, type Executor } from './staging.ts';
import type {
  AsyncFormatImporter,
  Counts,
  Finding,
  FormatImporter,
  ImportFile,
  ImportFormat,
  ImportMode,
  InputFile,
  PathFile,
  PreparedImport,
  StreamingFormatImporter,
  StreamedTable,
  StreamingRun,
  TableCounts,
} from './types.ts';
import { append } from '../core/arrays.ts';

/** The importers, by the format name the CLI and upload page use. */
export const IMPORTERS: Partial<Record<ImportFormat, FormatImporter | AsyncFormatImporter | StreamingFormatImporter>> = {
  '903': ssda903Importer,
  cin: cinImporter,
  ssd: ssdImporter,
  'annex-a': annexAImporter,
};

export interface ImportRequest {
  format: ImportFormat;
  files: InputFile[];
  /** Files on disk, imported after `files`: read as a stream by importers that can (CIN census), whole by the others. */
  paths?: PathFile[];
  mode: ImportMode;
  dryRun: boolean;
  actor: Actor;
  collectionYear?: number | undefined;
  /** The DfE ruleset asked for (CIN census, SSDA903); otherwise the collection year decides. */
  ruleset?: DfeRuleset | undefined;
  /** Tests only: fail after writing this table, to prove the transaction leaves nothing behind. */
  failAfterTable?: string;
  /** SSD: rows of a table written in one part at most (tests make it small; see ssd/importer.ts); streamed, rows staged at once at most. */
  ssdWriteRows?: number;
  /** Tests only: a streamed import reads its files in chunks of this many bytes (default 1 MB). */
  chunkBytes?: number;
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

class Rollback extends Error {}

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
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
  const setHash = sha256(
    hashes
      .map((file) => file.sha256)
      .sort()
      .join('\n'),
  );
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
  /** A streamed import's tables: the children it changed are found from their provenance once it is committed, not held. */
  let streamedTables: readonly StreamedTable[] | null = null;
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
      streamedTables = await streamImport(database, importer, request, files, result, log, startedAt);
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
    ...(result.status === 'committed' && streamedTables ? { childIdsFrom: childrenChangedBy(streamedTables, result.importId) ?? undefined } : {}),
    details: {
      format: request.format,
      files: result.files.map((file) => ({ name: file.name, sha256: file.sha256 })),
      status: result.status,
      mode: request.mode,
      dryRun: request.dryRun,
      counts: result.counts,
    },
  });
  if (result.status === 'committed') await analyseWritten(database, result.tables);
  return result;

  /** Formats that cannot stream: every file read and checked in memory, then written in the transaction. */
  async function inMemoryImport() {
    const importer = IMPORTERS[request.format]!;
    const inMemory = files.map((file): InputFile => (onDisk(file) ? { name: file.name, bytes: readFileSync(file.path) } : file));
    const megabytes = (hashes.reduce((sum, file) => sum + file.bytes, 0) / 1_048_576).toFixed(1);
    request.onProgress?.({ stage: 'checking', done: 0, total: files.length, detail: `${files.length} file${files.length === 1 ? '' : 's'}, ${megabytes} MB` });
    const council = request.format === '903' ? await councilSetting(database) : undefined;
    // Ofsted's provider lists beside a 903 return, for the URN rules (ssda903/ofsted.ts).
    const providerLists = request.format === '903' ? await (await import('./ssda903/ofsted.ts')).readProviderLists(inMemory) : undefined;
    const prepared = await importer.prepare(inMemory, {
      collectionYear: request.collectionYear,
      ruleset: request.ruleset,
      ssdWriteRows: request.ssdWriteRows,
      council,
      providerLists,
    });
    if (providerLists) prepared.findings.unshift(...providerLists.findings);
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
): Promise<readonly StreamedTable[]> {
  const totalBytes = files.reduce((sum, file) => sum + sizeOf(file), 0);
  const megabytes = (bytes: number) => Math.round(bytes / 104_857.6) / 10;
  let written: readonly StreamedTable[] = [];
  try {
    await database.db.transaction().execute(async (trx) => {
      let run: StreamingRun | null = importer.stream({ collectionYear: request.collectionYear, ruleset: request.ruleset });
      const hashes = result.files.map((file) => file.sha256);
      const staged = await stageFiles(
        trx,
        run,
        files,
        hashes,
        log,
        (read, detail) => request.onProgress?.({ stage: 'checking', done: megabytes(read), total: megabytes(totalBytes), detail }),
        { stageRows: request.ssdWriteRows, chunkBytes: request.chunkBytes },
      );
      await run.settle?.(trx, staged, (findings, rejectedRows) => log.add(findings, rejectedRows));
      const done = run.done();
      const omitEmpty = run.omitEmpty;
      const tables = run.tables;
      written = tables;
      // What the reading kept across children (IDs seen, the return's tallies) is not needed to write.
      // eslint-disable-next-line no-useless-assignment -- lets the reading state go before the write
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
        if (!omitEmpty || staged.get(table.table)) result.tables.push(counted.counts);
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
  return written;
}

async function existingPeople(trx: Executor, childIds: ReadonlySet<string>): Promise<Set<string>> {
  if (childIds.size === 0) return new Set();
  const rows = await sql<{ id: string }>`SELECT pers_person_id AS id FROM ssd_person WHERE pers_person_id = ANY(${sql.val([...childIds])}::text[])`.execute(
    trx,
  );
  return new Set(rows.rows.map((row) => row.id));
}

/**
 * Fresh planner statistics for the tables an import changed: the indicators are computed again in the background
 * straight after it, and autovacuum would analyse the tables only later (400,000 children: a stale plan cost seconds).
 */
async function analyseWritten(database: Database, tables: readonly TableCounts[]): Promise<void> {
  for (const { table } of tables.filter((counts) => counts.new + counts.updated > 0)) {
    const { rows } = await sql<{ known: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS known`.execute(database.db);
    if (rows[0]?.known) await sql`ANALYZE ${sql.id(table)}`.execute(database.db);
  }
}
