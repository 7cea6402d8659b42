// Import throughput (issue #3): a synthetic county of BENCH_IMPORT_CHILDREN children (default 100,000)
// as a CIN census XML and as the SSD CSV set, each imported by the `keystone import` code into an
// empty database (PostgreSQL in a fresh schema when BENCH_POSTGRES_URL is set, else the embedded
// PostgreSQL in a data folder of its own, the CLI's default), merely parsed with the same parser (saxes through the CIN
// reader; csv-parse through src/ingest/csv.ts), and read and checked without a database (the
// importer's own work: DfE rules, mapping); then the CIN file scaled to BENCH_CIN_GB gigabytes
// (default 1; 0 skips it) with fresh child IDs, imported and parsed the same way. Every measurement
// runs in a child process of its own, so its peak RSS (VmHWM) is its own (the embedded PostgreSQL
// runs in processes of its own, not counted). Files go to a temporary folder, removed at the end. `node bench/imports.ts measure cin|ssd
// <files…>` measures files of one's own the same way.
import { execFile } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { generateCounty } from '../src/demo/index.ts';
import { exportCin } from '../src/export/cin.ts';
import { CIN_TABLES } from '../src/ingest/cin/mapping.ts';
import { CinImport } from '../src/ingest/cin/importer.ts';
import { CinReader } from '../src/ingest/cin/reader.ts';
import { validateFiles } from '../src/ingest/validate.ts';
import { importCommand } from '../src/ingest/cli.ts';
import { readCsv } from '../src/ingest/csv.ts';
import { loadCounty } from '../src/demo/index.ts';
import { sql } from 'kysely';
import { benchDatabase, benchFolder } from './database.ts';
import { noPostgres } from '../test/support/processes.ts';

const HERE = fileURLToPath(import.meta.url);
const MB = 1_048_576;
const POSTGRES = process.env.BENCH_POSTGRES_URL;

interface Measured {
  ms: number;
  max_rss_mb: number;
  [figure: string]: unknown;
}

/** Runs this file as a worker in a child process: `import <format> <data dir> <paths…>`, `parse|check <format> <paths…>` or `baseline`. */
async function inChild(args: string[]): Promise<Measured> {
  const { stdout } = await promisify(execFile)(process.execPath, [HERE, 'worker', ...args], { maxBuffer: 256 * MB });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Measured;
}

async function worker([mode, format, ...rest]: string[]): Promise<Measured> {
  const started = performance.now();
  const finish = (figures: Record<string, unknown>): Measured => ({ ms: Math.round(performance.now() - started), max_rss_mb: peakRss(), ...figures });
  if (mode === 'baseline') {
    // An empty embedded database, opened and migrated: what Keystone's process costs before any import.
    const database = await openDatabase({ dataDir: format });
    await migrate(database);
    await database.close();
    return finish({});
  }
  if (mode === 'check' && format === 'cin') {
    let children = 0;
    const cin = new CinImport();
    for (const file of rest) {
      const reader = cin.open(path.basename(file));
      for await (const chunk of createReadStream(file, { highWaterMark: MB })) {
        reader.write(chunk as Buffer);
        cin.takeBatch();
      }
      cin.finish(reader);
      cin.takeBatch();
      children += reader.children;
    }
    return finish({ children });
  }
  if (mode === 'check') {
    // As `keystone validate ssd` checks it: streamed from disk (ssd/check.ts).
    const checked = await validateFiles({
      format: 'ssd',
      files: rest.map((file) => ({ name: path.basename(file), path: file, size: statSync(file).size })),
      mode: 'lenient',
    });
    return finish({ rows: checked.files.reduce((sum, file) => sum + file.rows, 0) });
  }
  if (mode === 'parse' && format === 'cin') {
    let children = 0;
    for (const file of rest) {
      const reader = new CinReader(path.basename(file), { onChild: () => void children++ });
      for await (const chunk of createReadStream(file, { highWaterMark: MB })) reader.write(chunk as Buffer);
      reader.close();
    }
    return finish({ children });
  }
  if (mode === 'parse') {
    let rows = 0;
    for (const file of rest) rows += readCsv(path.basename(file), readFileSync(file)).rows.length;
    return finish({ rows });
  }
  const [dataDir, ...paths] = rest;
  const schema = `bench_import_${process.pid}`;
  const database = POSTGRES ? await openDatabase({ databaseUrl: POSTGRES, schema }) : await openDatabase({ dataDir });
  await migrate(database);
  let report = '';
  const begun = performance.now();
  await importCommand(database, { format, paths, dryRun: false, strict: false, json: true }, (text) => (report += text));
  const ms = Math.round(performance.now() - begun);
  if (POSTGRES) await sql.raw(`DROP SCHEMA ${schema} CASCADE`).execute(database.db);
  await database.close();
  const result = JSON.parse(report) as { status: string; counts: Record<string, number>; files: Array<{ rows: number }>; errors: number; warnings: number };
  const { counts } = result;
  return {
    max_rss_mb: peakRss(),
    ms,
    status: result.status,
    rows: counts.new! + counts.updated! + counts.unchanged! + counts.rejected!,
    file_rows: result.files.reduce((sum, file) => sum + file.rows, 0),
    counts,
    errors: result.errors,
    warnings: result.warnings,
  };
}

/**
 * This process's peak resident memory in MB: VmHWM (Linux), which starts again at exec; getrusage's
 * maxRSS would also count the parent's memory at the fork.
 */
function peakRss(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  return Math.round((kilobytes ? Number(kilobytes) : process.resourceUsage().maxRSS) / 1024);
}

const bytesOf = (paths: string[]) => paths.reduce((sum, file) => sum + statSync(file).size, 0);

/** Import and parse-only of the same files, each in a child process; throughput and the ratio import / parse. */
async function measure(format: 'cin' | 'ssd', paths: string[], folder: string, withCheck = true) {
  const bytes = bytesOf(paths);
  const dataDir = path.join(folder, `db-${format}-${Date.now()}`);
  const imported = await inChild(['import', format, dataDir, ...paths]);
  await noPostgres(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  const parsed = await inChild(['parse', format, ...paths]);
  const checked = withCheck ? await inChild(['check', format, ...paths]) : null;
  const seconds = imported.ms / 1000;
  return {
    files: paths.length,
    megabytes: Math.round(bytes / MB),
    status: imported.status,
    rows: imported.rows,
    file_rows: imported.file_rows,
    counts: imported.counts,
    errors: imported.errors,
    warnings: imported.warnings,
    import_ms: imported.ms,
    rows_per_second: Math.round((imported.rows as number) / seconds),
    mb_per_second: Math.round((bytes / MB / seconds) * 10) / 10,
    peak_rss_mb: imported.max_rss_mb,
    parse_ms: parsed.ms,
    parse_peak_rss_mb: parsed.max_rss_mb,
    import_to_parse_ratio: Math.round((imported.ms / parsed.ms) * 100) / 100,
    target_ratio: 2,
    ...(checked
      ? { check_ms: checked.ms, check_peak_rss_mb: checked.max_rss_mb, import_to_check_ratio: Math.round((imported.ms / checked.ms) * 100) / 100 }
      : {}),
  };
}

/** The census scaled to `gigabytes`: its children repeated, each copy with fresh child IDs (`<ID>-<copy>`). */
function scaleCensus(source: string, target: string, gigabytes: number): { bytes: number; copies: number } {
  const xml = readFileSync(source, 'utf8');
  const open = xml.indexOf('<Children>') + '<Children>'.length;
  const close = xml.lastIndexOf('</Children>');
  const children = xml.slice(open, close);
  const fd = openSync(target, 'w');
  let bytes = writeSync(fd, xml.slice(0, open));
  let copies = 0;
  const tail = xml.slice(close);
  while (bytes + tail.length < gigabytes * 1024 * MB) {
    copies++;
    bytes += writeSync(
      fd,
      copies === 1 ? children : children.replace(/<LAchildID>([^<]*)<\/LAchildID>/g, (_, id: string) => `<LAchildID>${id}-${copies}</LAchildID>`),
    );
  }
  bytes += writeSync(fd, tail);
  closeSync(fd);
  return { bytes, copies };
}

export async function benchImports(): Promise<Record<string, unknown>> {
  const children = Number(process.env.BENCH_IMPORT_CHILDREN ?? 100_000);
  const gigabytes = Number(process.env.BENCH_CIN_GB ?? 1);
  const folder = benchFolder('keystone-bench-imports-');
  try {
    // The county: SSD tables as CSV with SSD field names; the CIN census of the last full year exported from it.
    const made = performance.now();
    let county: ReturnType<typeof generateCounty> | null = generateCounty({ children, seed: 42 });
    const ssdFolder = path.join(folder, 'ssd');
    mkdirSync(ssdFolder);
    for (const table of county.tables.filter((entry) => entry.name.startsWith('ssd_'))) {
      const rows = table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
      const fd = openSync(path.join(ssdFolder, `${table.name}.csv`), 'w');
      writeSync(fd, stringify([table.columns as string[]]));
      for (let start = 0; start < rows.length; start += 50_000) writeSync(fd, stringify(rows.slice(start, start + 50_000)));
      closeSync(fd);
    }
    const cinTables = new Set(CIN_TABLES.map((table) => table.table));
    const sourceBench = await benchDatabase('keystone-bench-cin-source-');
    const source = sourceBench.database;
    await loadCounty(source, { ...county, tables: county.tables.filter((table) => cinTables.has(table.name)), events: [] });
    county = null;
    const census = await exportCin(source, { from: '2025-04-01', to: '2026-03-31' }, { laCode: '840', madeAt: '2026-04-02T09:00:00' });
    await sourceBench.close();
    const cinFile = path.join(folder, 'cin_census_2026.xml');
    const fd = openSync(cinFile, 'w');
    writeSync(fd, census.xml);
    closeSync(fd);
    const preparedMs = Math.round(performance.now() - made);

    const ssdFiles = readdirSync(ssdFolder).map((name) => path.join(ssdFolder, name));
    const baselineDir = path.join(folder, 'db-baseline');
    const baseline = await inChild(['baseline', baselineDir]);
    await noPostgres(baselineDir);
    rmSync(baselineDir, { recursive: true, force: true });
    const cin = await measure('cin', [cinFile], folder);
    const ssd = await measure('ssd', ssdFiles, folder);

    let big: Record<string, unknown> = { skipped: 'BENCH_CIN_GB=0' };
    if (gigabytes > 0) {
      const bigFile = path.join(folder, 'cin_census_big.xml');
      const scaled = scaleCensus(cinFile, bigFile, gigabytes);
      big = { gigabytes, copies_of_the_census: scaled.copies, ...(await measure('cin', [bigFile], folder, false)), target_peak_rss_mb: 500 };
    }
    return {
      machine: 'shared with other engineers (2 cores): figures are slower than on a quiet machine',
      load_average_at_end: loadavg().map((value) => Math.round(value * 10) / 10),
      children,
      files_prepared_ms: preparedMs,
      database: POSTGRES
        ? 'PostgreSQL (BENCH_POSTGRES_URL), a fresh schema per import'
        : 'embedded PostgreSQL (the CLI default), a data folder of its own per import',
      // Peak RSS of Keystone's process opening and migrating an empty embedded database, before any import.
      empty_database_peak_rss_mb: baseline.max_rss_mb,
      cin,
      ssd,
      cin_large: big,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'worker') console.log(JSON.stringify(await worker(process.argv.slice(3))));
else if (process.argv[2] === 'measure') {
  const folder = benchFolder('keystone-bench-imports-');
  try {
    console.log(
      JSON.stringify(await measure(process.argv[3] === 'ssd' ? 'ssd' : 'cin', process.argv.slice(4), folder, process.env.BENCH_CHECK !== '0'), null, 2),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
} else if (import.meta.main) console.log(JSON.stringify(await benchImports(), null, 2));
