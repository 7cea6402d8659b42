/**
 * Staging: the temporary tables rows wait in before they are compared with what is stored
 * (merge.ts), and the streamed reading of files into them. A staging table `ks_stage_<table>` has
 * the written columns of its table, with their types, and lives until the end of the transaction.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../core/db/database.ts';
import type { Schema } from '../core/db/schema.ts';
import { insertRows, type Cell } from '../core/db/bulk.ts';
import type { IssueLog } from './issues.ts';
import { collectGarbage } from './memory.ts';
import type { ImportFile, StreamedTable, StreamingRun } from './types.ts';

export type Executor = Transaction<Schema> | Database['db'];

/** Rows waiting to be staged while a file streams: written to the staging tables once there are this many. */
const STAGE_ROWS = 10_000;
const CHUNK_BYTES = 1024 * 1024;
const PROGRESS_BYTES = 8 * 1024 * 1024;

export const onDisk = (file: ImportFile): file is Extract<ImportFile, { path: string }> => 'path' in file;
export const sizeOf = (file: ImportFile) => (onDisk(file) ? file.size : file.bytes.length);

/** A file's bytes in chunks, from memory or read from disk. */
export async function* chunksOf(file: ImportFile, size = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  if (!onDisk(file)) {
    for (let offset = 0; offset < file.bytes.length; offset += size) yield file.bytes.subarray(offset, offset + size);
    return;
  }
  for await (const chunk of createReadStream(file.path, { highWaterMark: size })) yield chunk as Buffer;
}

export const stageName = (table: string) => `ks_stage_${table}`;

/** (Re)creates the staging table of `table`: its `columns`, typed as in the table, and any `extra` columns; empty. */
export async function createStage(trx: Executor, write: Pick<StreamedTable, 'table' | 'columns' | 'extra'>): Promise<void> {
  const stage = sql.id(stageName(write.table));
  await sql`DROP TABLE IF EXISTS ${stage}`.execute(trx);
  const columns = [
    ...write.columns.map((column) => sql.id(column)),
    ...(write.extra ?? []).map((column) => sql`NULL::${sql.raw(STAGE_TYPES[column.type])} AS ${sql.id(column.name)}`),
  ];
  await sql`CREATE TEMP TABLE ${stage} AS SELECT ${sql.join(columns)} FROM ${sql.table(write.table)} WITH NO DATA`.execute(trx);
}

const STAGE_TYPES = { integer: 'integer', bigint: 'bigint', text: 'text' } as const;

/** The columns a streamed table's rows give, in order: the table's, then the extra ones. */
const stagedColumns = (table: StreamedTable) => [...table.columns, ...(table.extra ?? []).map((column) => column.name)];

/**
 * Reads every file into the staging tables (one per table the importer writes); returns how many
 * rows each holds. An unreadable file's rows are rolled back to the savepoint taken before it; a file
 * whose bytes are not those hashed before (`hashes`, same order) fails the import.
 */
export async function stageFiles(
  trx: Executor,
  run: StreamingRun,
  files: readonly ImportFile[],
  hashes: readonly string[],
  log: IssueLog,
  progress: (bytesRead: number, detail: string) => void,
  sizes: { stageRows?: number | undefined; chunkBytes?: number | undefined } = {},
): Promise<Map<string, number>> {
  const stageRows = sizes.stageRows ?? STAGE_ROWS;
  const staged = new Map<string, number>();
  for (const table of run.tables) {
    await createStage(trx, table);
    staged.set(table.table, 0);
  }
  await run.useDatabase?.(trx);
  let pending = new Map<string, Cell[][]>();
  let pendingRows = 0;
  /** Rows written since garbage was last collected: once a batch's worth, it is collected (memory.ts). */
  let sinceCollected = 0;
  const flush = async () => {
    for (const table of run.tables) {
      const rows = pending.get(table.table);
      if (!rows?.length) continue;
      for (let start = 0; start < rows.length; start += stageRows)
        await insertRows(trx, stageName(table.table), stagedColumns(table), rows.slice(start, start + stageRows));
      staged.set(table.table, staged.get(table.table)! + rows.length);
    }
    sinceCollected += pendingRows;
    pending = new Map();
    pendingRows = 0;
    if (sinceCollected < stageRows) return;
    sinceCollected = 0;
    collectGarbage();
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
    await sql`SAVEPOINT ks_import_file`.execute(trx);
    const reading = run.open(file.name);
    const hash = createHash('sha256');
    let reported = read;
    for await (const chunk of chunksOf(file, sizes.chunkBytes)) {
      hash.update(chunk);
      read += chunk.length;
      if (reading.stopped) continue;
      reading.write(chunk);
      const batch = await reading.take();
      log.add(batch.findings, batch.rejectedRows);
      keep(batch.rows);
      if (pendingRows >= stageRows) await flush();
      if (read - reported >= PROGRESS_BYTES) {
        progress(read, file.name);
        reported = read;
      }
    }
    const { unreadable } = reading.finish();
    const last = await reading.take();
    if (unreadable) {
      log.add(last.findings, []);
      log.dropFile(file.name);
      pending = new Map();
      pendingRows = 0;
      await sql`ROLLBACK TO SAVEPOINT ks_import_file`.execute(trx);
      for (const [table, count] of before) staged.set(table, count);
    } else {
      log.add(last.findings, last.rejectedRows);
      keep(last.rows);
      await flush();
      await sql`RELEASE SAVEPOINT ks_import_file`.execute(trx);
    }
    if (hash.digest('hex') !== hashes[index]) throw new Error(`${file.name} changed while it was being imported: import it again once it is complete`);
    progress(read, file.name);
  }
  return staged;
}
