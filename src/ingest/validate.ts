/**
 * Validation without a database: `keystone validate` and `keystone import … --dry-run`. The files
 * are read and checked by the format's importer exactly as an import checks them (structure, the
 * DfE rules, what could not be stored), but no PostgreSQL is started and nothing is written, so
 * nothing is compared with stored data either: a child or team the rows refer to that is not in the
 * files is taken to be known (an import checks it), and no new/updated/unchanged counts are given.
 *
 * A format that streams (CIN census) is read in chunks from disk, one child at a time; findings
 * beyond the first HELD_FINDINGS are counted, not kept (issues.ts), so memory stays bounded whatever
 * the file's size. An SSD extract is read in chunks too, with its keys (ssd/check.ts). A 903 return
 * is read in parts of whole children; Annex A whole.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { HELD_FINDINGS, IssueLog } from './issues.ts';
import { collectGarbage } from './memory.ts';
import { PART_BYTES, partition903 } from './ssda903/partition.ts';
import type { DfeRuleset } from './types.ts';
import type { ProviderLists } from './ssda903/ofsted.ts';
import type {
  AsyncFormatImporter,
  Finding,
  FormatImporter,
  ImportFile,
  ImportFormat,
  ImportMode,
  InputFile,
  PreparedImport,
  StreamBatch,
  StreamingFormatImporter,
} from './types.ts';

const CHUNK_BYTES = 1024 * 1024;
/**
 * An SSD extract is read in smaller chunks: each chunk's text is garbage once its rows are checked, and
 * text this small dies young, where 1 MB strings wait for a full collection (measured at 100,000
 * children: 306 MB peak RSS in 1 MB chunks, about 210 MB in 32 KB ones, and less CPU).
 */
const SSD_CHUNK_BYTES = 32 * 1024;
const REFERENCES_NOT_CHECKED = 'References to rows Keystone already holds (and the rows that depend on them) are checked on import, not here.';
const CHILDREN_NOT_CHECKED = 'Whether Keystone already holds the children the rows name, and what would be new or changed, is checked on import.';

/** Each format's importer, loaded only when asked for (the Annex A reader brings a spreadsheet library). */
const IMPORTERS: Record<ImportFormat, () => Promise<FormatImporter | AsyncFormatImporter | StreamingFormatImporter>> = {
  '903': async () => (await import('./ssda903/importer.ts')).ssda903Importer,
  cin: async () => (await import('./cin/importer.ts')).cinImporter,
  ssd: async () => (await import('./ssd/importer.ts')).ssdImporter,
  'annex-a': async () => (await import('./annex-a/importer.ts')).annexAImporter,
};

/** The formats read as a stream from disk, whatever their size (the others are read whole). */
export const STREAMED_FORMATS: readonly ImportFormat[] = ['cin'];

export interface ValidationRequest {
  format: ImportFormat;
  files: ImportFile[];
  mode: ImportMode;
  collectionYear?: number | undefined;
  ruleset?: DfeRuleset | undefined;
  /** SSDA903: the council the return is from (`--la-code`, ssda903/council.ts); without it rules 1015 and 411 are listed as not run. */
  council?: { laCode: string; onsCode: string } | undefined;
  /** A 903 return of at least twice this is checked in parts of this size or more (default PART_BYTES; tests make it small). */
  partBytes?: number;
  /** Bytes read at a time from a file read as a stream (default 1 MB, an SSD extract 32 KB; tests make it small). */
  chunkBytes?: number;
}

export interface ValidationResult {
  format: ImportFormat;
  mode: ImportMode;
  /** `checked`; `rejected` when strict mode found an error (an import would write nothing). */
  status: 'checked' | 'rejected';
  files: Array<{ name: string; bytes: number; table: string | null; rows: number }>;
  summary: Record<string, unknown>;
  /** Rows an import could store, by table (before comparing with what is stored). */
  tables: Array<{ table: string; rows: number }>;
  /** Rows refused (quarantined by an import). */
  rejected: number;
  /** The first findings (HELD_FINDINGS); every finding is counted. */
  findings: Finding[];
  /** Findings counted (findingsByRule) but not among those listed. */
  findingsNotShown: number;
  findingsByRule: Array<{ rule: string; message: string; count: number }>;
  errors: number;
  warnings: number;
  /** What was not checked without the database. */
  notChecked: string;
  message: string;
}

const onDisk = (file: ImportFile): file is Extract<ImportFile, { path: string }> => 'path' in file;

/** Ofsted's provider lists among a 903 return's files (a workbook, or a CSV with a list's header row), read; undefined when there are none. */
async function readListsAmong(files: readonly ImportFile[]): Promise<ProviderLists | undefined> {
  const { isProviderListFile, readProviderLists } = await import('./ssda903/ofsted.ts');
  const head = (file: ImportFile): InputFile => {
    if (!onDisk(file)) return file;
    const bytes = new Uint8Array(4096);
    const fd = openSync(file.path, 'r');
    try {
      return { name: file.name, bytes: bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, 0)) };
    } finally {
      closeSync(fd);
    }
  };
  const lists = files.filter((file) => /\.xlsx$/i.test(file.name) || (/\.csv$/i.test(file.name) && isProviderListFile(head(file))));
  if (!lists.length) return undefined;
  return readProviderLists(lists.map((file): InputFile => (onDisk(file) ? { name: file.name, bytes: new Uint8Array(readFileSync(file.path)) } : file)));
}
const sizeOf = (file: ImportFile) => (onDisk(file) ? file.size : file.bytes.length);

async function* chunksOf(file: ImportFile, size = CHUNK_BYTES): AsyncGenerator<Uint8Array> {
  if (!onDisk(file)) {
    for (let offset = 0; offset < file.bytes.length; offset += size) yield file.bytes.subarray(offset, offset + size);
    return;
  }
  for await (const chunk of createReadStream(file.path, { highWaterMark: size })) yield chunk as Buffer;
}

export async function validateFiles(request: ValidationRequest): Promise<ValidationResult> {
  const importer = await IMPORTERS[request.format]();
  // Ofsted's provider lists beside a 903 return (ssda903/ofsted.ts): read once, before the return's files.
  const providerLists = request.format === '903' ? await readListsAmong(request.files) : undefined;
  const options = { collectionYear: request.collectionYear, ruleset: request.ruleset, council: request.council, providerLists };
  const log = new IssueLog({ store: false });
  if (providerLists) log.add(providerLists.findings, []);
  const rows = new Map<string, number>();
  const count = (table: string, added: number) => rows.set(table, (rows.get(table) ?? 0) + added);
  let summary: Record<string, unknown>;
  let files: Array<{ name: string; table: string | null; rows: number }>;
  const stubs = new Map<string, Set<string>>();
  /** False when the rows to store depend on the database (references to stored rows), so are not counted. */
  let counted = true;
  let notChecked = 'Nothing was compared with the data Keystone holds.';
  /**
   * A read return's findings, then what storing its rows would refuse, counted (`lines` maps findings back to
   * the files given). A part of a large return is collected between the two (`collect`), so its findings and
   * rows to store are never in memory at once; a return checked whole is under two parts' worth, and a full
   * collection (and the context made to call it) would cost more than the memory it frees.
   */
  const check = (prepared: PreparedImport, lines: (findings: readonly Finding[]) => readonly Finding[], collect: boolean) => {
    if (prepared.lookups?.some((lookup) => lookup.values.size > 0)) {
      // References to stored rows (teams, workers, SSD links) can only be resolved against the database.
      log.add(lines(prepared.findings), prepared.rejectedRows);
      notChecked = REFERENCES_NOT_CHECKED;
      counted = false;
      return;
    }
    // The findings are counted (the first held) and let go before the rows to store are built, so the
    // two are never in memory at once.
    log.add(lines(prepared.findings), prepared.rejectedRows);
    prepared.findings = [];
    prepared.rejectedRows = [];
    if (collect) collectGarbage();
    // Children the rows name are taken as known: only an import can tell whether Keystone holds them. The rows
    // to store are counted, not built (903 fixture: 6% fewer instructions for the whole check).
    const planned = prepared.writes(prepared.childIds, [], { countOnly: true });
    log.add(lines(planned.lateRejections), planned.lateRejectedRows);
    for (const write of planned.writes) {
      if (!write.insertOnly) count(write.table, write.rows.length);
      else {
        // Rows added only when absent (a stub for a social worker several parts name) are counted once.
        const keyIndex = write.columns.indexOf(write.key);
        const seen = stubs.get(write.table) ?? stubs.set(write.table, new Set()).get(write.table)!;
        for (const row of write.rows) {
          const key = String(row[keyIndex]);
          if (seen.has(key)) continue;
          seen.add(key);
          count(write.table, 1);
        }
      }
    }
    notChecked = CHILDREN_NOT_CHECKED;
  };
  try {
    if (request.format === 'ssd') {
      // An SSD extract is read as a stream too (ssd/check.ts): each row checked as read, duplicate keys
      // against the keys seen so far; references to other rows need the database.
      const { ssdCheck } = await import('./ssd/check.ts');
      const run = ssdCheck();
      for (const file of request.files) {
        const reading = run.open(file.name, HELD_FINDINGS - log.held.length);
        for await (const chunk of chunksOf(file, request.chunkBytes ?? SSD_CHUNK_BYTES)) {
          if (reading.stopped) break;
          reading.write(chunk);
        }
        const { findings, rejected } = reading.finish();
        log.addCounted(findings, file.name, rejected);
      }
      const checked = run.done();
      ({ summary, files } = checked);
      if (checked.refersToStored) {
        notChecked = REFERENCES_NOT_CHECKED;
        counted = false;
      } else {
        for (const [table, added] of Object.entries(checked.rowsRead)) count(table, added);
        notChecked = CHILDREN_NOT_CHECKED;
      }
    } else if ('stream' in importer && STREAMED_FORMATS.includes(request.format)) {
      const run = importer.stream(options);
      for (const file of request.files) {
        const reading = run.open(file.name);
        const fileRows = new Map<string, number>();
        const keep = (batch: StreamBatch) => {
          for (const [table, list] of batch.rows) fileRows.set(table, (fileRows.get(table) ?? 0) + list.length);
        };
        for await (const chunk of chunksOf(file, request.chunkBytes)) {
          if (reading.stopped) break;
          reading.write(chunk);
          const batch = await reading.take();
          log.add(batch.findings, batch.rejectedRows);
          keep(batch);
        }
        const { unreadable } = reading.finish();
        const last = await reading.take();
        if (unreadable) {
          log.add(last.findings, []);
          log.dropFile(file.name);
          continue;
        }
        log.add(last.findings, last.rejectedRows);
        keep(last);
        for (const [table, added] of fileRows) count(table, added);
      }
      ({ summary, files } = run.done());
    } else {
      // A large 903 return is checked in parts of whole children (ssda903/partition.ts), so memory stays bounded.
      const returnFiles = request.files.filter((file) => !providerLists?.files.has(file.name));
      const total = returnFiles.reduce((sum, file) => sum + sizeOf(file), 0);
      const partBytes = request.partBytes ?? PART_BYTES;
      // Parts of at least partBytes (under twice that): a return under two parts' worth is checked whole, as
      // splitting it costs a pass over the files and, measured, more time and memory than it saves.
      const partCount = Math.floor(total / partBytes);
      const split = request.format === '903' && partCount >= 2 ? await partition903(returnFiles, partCount) : null;
      if (split) {
        const read = new Map<string, { table: string | null; rows: number }>();
        const aboutFiles = new Set<string>();
        let first: PreparedImport | null = null;
        for await (const part of split.parts) {
          const prepared = await importer.prepare(part.files, { ...options, collectionYear: options.collectionYear ?? split.year });
          first ??= prepared;
          for (const file of prepared.files) {
            const seen = read.get(file.name);
            if (seen) seen.rows += file.rows;
            else read.set(file.name, { table: file.table, rows: file.rows });
          }
          const lineIn = (finding: Finding) =>
            finding.row === null ? finding : { ...finding, row: part.lines.get(finding.file)?.[finding.row - 1] ?? finding.row };
          // A finding about a whole file (no row) is made by every part that holds the file: reported once.
          const firstTime = (finding: Finding) => {
            if (finding.row !== null) return true;
            const key = `${finding.rule}\u0000${finding.file}\u0000${finding.message}`;
            if (aboutFiles.has(key)) return false;
            aboutFiles.add(key);
            return true;
          };
          check(prepared, (findings) => findings.map(lineIn).filter(firstTime), true);
          collectGarbage();
        }
        summary = first!.summary;
        files = request.files.map((file) => ({ name: file.name, ...(read.get(file.name) ?? providerLists?.files.get(file.name) ?? { table: null, rows: 0 }) }));
      } else {
        const inMemory = request.files.map((file): InputFile => (onDisk(file) ? { name: file.name, bytes: new Uint8Array(readFileSync(file.path)) } : file));
        const prepared = await importer.prepare(inMemory, options);
        summary = prepared.summary;
        files = prepared.files;
        check(prepared, (findings) => findings, false);
      }
    }
  } finally {
    log.close();
  }
  const status = request.mode === 'strict' && log.errors > 0 ? 'rejected' : 'checked';
  const tables = [...rows].filter(([, added]) => added > 0).map(([table, added]) => ({ table, rows: added }));
  const storable = tables.reduce((sum, table) => sum + table.rows, 0);
  return {
    format: request.format,
    mode: request.mode,
    status,
    files: request.files.map((file, index) => ({ name: file.name, bytes: sizeOf(file), table: files[index]?.table ?? null, rows: files[index]?.rows ?? 0 })),
    summary,
    tables,
    rejected: log.rejected,
    findings: log.held,
    findingsNotShown: log.errors + log.warnings - log.held.length,
    findingsByRule: [...log.byRule].map(([rule, { message, count }]) => ({ rule, message, count })).sort((a, b) => b.count - a.count),
    errors: log.errors,
    warnings: log.warnings,
    notChecked,
    message:
      status === 'rejected'
        ? `Checked, nothing written: strict mode and ${log.errors} error${log.errors === 1 ? '' : 's'} found, so an import would write nothing.`
        : `Checked, nothing written: ${log.errors} error${log.errors === 1 ? '' : 's'}, ${log.warnings} warning${log.warnings === 1 ? '' : 's'}; ${counted ? `an import would store ${storable} rows and refuse ${log.rejected}` : `${log.rejected} rows refused`}.`,
  };
}
