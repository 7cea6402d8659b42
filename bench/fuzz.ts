/**
 * The fuzz bench: mutated copies of sample files of every format (test/support/fuzz.ts) through the
 * real pipeline (`runImport`, dry run, lenient, into the bench's own embedded PostgreSQL), each case with a
 * time limit. Cases run in a worker thread: a case that outlives its limit is a hang (the worker is
 * stopped and a new one carries on with the next case); a worker that dies is a crash, as is an
 * import that fails or throws. Every finding must name one of the files given.
 *
 * Samples: the SSDA903, CIN and Annex A files in ../shared/fixtures (read in place, the SSDA903
 * tables cut to their first rows; a format whose folder is absent is skipped and says so) and SSD
 * tables written from a small demo county.
 *
 * `node bench/fuzz.ts` prints the JSON report; `npm run bench` includes it under `fuzz`.
 * BENCH_FUZZ_CASES (default 1000, shared equally by the formats), BENCH_FUZZ_CASE_MS (default 30000),
 * BENCH_FUZZ_SEED (the same seed gives the same cases; another explores others).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { stringify } from 'csv-stringify/sync';
import { openDatabase } from '../src/core/db/database.ts';
import { benchDatabase } from './database.ts';
import { generateCounty } from '../src/demo/index.ts';
import { expandArchives, ZipRefused } from '../src/ingest/archives.ts';
import { BENCH_SIZES, checkOutcome, firstLines, fuzzCases, type FuzzCase } from '../test/support/fuzz.ts';
import { runImport } from '../src/ingest/pipeline.ts';
import type { ImportFormat, InputFile } from '../src/ingest/types.ts';

const FIXTURES = path.join(fileURLToPath(new URL('../', import.meta.url)), '..', 'shared', 'fixtures');
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20260331);
/** SSDA903 samples keep their first rows: a whole fixture return takes seconds a case to check. */
const SAMPLE_LINES = 150;

interface Job {
  format: ImportFormat;
  /** Sample set (for CIN, each census file is a set of its own). */
  set: number;
  first: number;
  count: number;
  /** The bench's embedded PostgreSQL data folder (migrated; the main thread holds it open). */
  dataDir: string;
}

type Message =
  | { type: 'ready' }
  | { type: 'start'; index: number; label: string }
  | { type: 'done'; index: number; label: string; ms: number; outcome: string; crash?: string; unnamed: string[]; findings: number };

/** The sample sets of a format: lists of files, or a reason the format is skipped. */
function sampleSets(format: ImportFormat): InputFile[][] | string {
  const read = (folder: string, pattern: RegExp) =>
    readdirSync(folder)
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(folder, name))) }));
  const folder = path.join(FIXTURES, format === '903' ? 'ssda903' : format);
  switch (format) {
    case 'ssd': {
      const county = generateCounty({ children: 12, seed: 3 });
      return [
        county.tables
          .filter((table) => table.name.startsWith('ssd_'))
          .map((table) => ({
            name: `${table.name}.csv`,
            bytes: new TextEncoder().encode(
              stringify([table.columns as string[], ...table.rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))]),
            ),
          })),
      ];
    }
    case '903':
      return existsSync(folder) ? [read(folder, /\.csv$/i).map((file) => firstLines(file, SAMPLE_LINES))] : `${folder} is absent`;
    case 'cin':
      return existsSync(folder) ? read(folder, /\.xml$/i).map((file) => [file]) : `${folder} is absent`;
    default:
      return existsSync(folder) ? [read(folder, /\.xlsx$/i)] : `${folder} is absent`;
  }
}

function casesOf(job: Job, sets: InputFile[][]): Generator<FuzzCase> {
  return fuzzCases(job.format, sets[job.set]!, job.first + job.count, SEED + job.set * 7919 + job.format.length, BENCH_SIZES);
}

/** Worker side: runs cases job.first … job.first + job.count - 1 and reports each. */
async function workerMain(job: Job) {
  const database = await openDatabase({ dataDir: job.dataDir, connections: 2 });
  const sets = sampleSets(job.format) as InputFile[][];
  const actor = { userId: null, username: 'fuzz-bench', ip: null, requestId: null };
  const post = (message: Message) => parentPort!.postMessage(message);
  post({ type: 'ready' });
  let index = 0;
  for (const fuzzCase of casesOf(job, sets)) {
    if (index++ < job.first) continue;
    const at = index - 1;
    post({ type: 'start', index: at, label: fuzzCase.label });
    const started = performance.now();
    let files: InputFile[];
    try {
      files = expandArchives(fuzzCase.files, job.format);
    } catch (error) {
      if (!(error instanceof ZipRefused)) throw error;
      // A refused archive is a clear answer if it names the archive.
      const named = fuzzCase.files.some((file) => error.message.includes(file.name));
      post({
        type: 'done',
        index: at,
        label: fuzzCase.label,
        ms: performance.now() - started,
        outcome: 'refused',
        unnamed: named ? [] : [error.message],
        findings: 1,
      });
      continue;
    }
    const result = await runImport(database, { format: job.format, files, mode: 'lenient', dryRun: true, actor });
    const { crash, unnamed } = checkOutcome(
      result,
      files.map((file) => file.name),
    );
    post({
      type: 'done',
      index: at,
      label: fuzzCase.label,
      ms: performance.now() - started,
      outcome: result.status,
      ...(crash ? { crash } : {}),
      unnamed: unnamed.slice(0, 3).map((finding) => `${finding.rule} file=${JSON.stringify(finding.file)}: ${finding.message}`),
      findings: result.errors + result.warnings,
    });
  }
  await database.close();
}

export interface FuzzReport {
  cases: number;
  by_format: Record<string, unknown>;
  crashes: number;
  hangs: number;
  max_ms_per_case: number;
  unnamed_file: number;
  /** The first few problems found, to reproduce (format, case number, mutation, what happened). */
  problems: string[];
  case_limit_ms: number;
  skipped?: string[];
}

/** Runs a job's cases in workers, replacing a worker that hangs or dies, and gathers the figures. */
async function runJob(
  job: Job,
  limitMs: number,
  record: (format: ImportFormat, done: Extract<Message, { type: 'done' }> | { hang: string } | { died: string }) => void,
) {
  let next = job.first;
  const end = job.first + job.count;
  while (next < end) {
    next = await new Promise<number>((resolve) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { fuzz: { ...job, first: next, count: end - next } },
        resourceLimits: { maxOldGenerationSizeMb: 2048 },
      });
      let current: { index: number; label: string } | undefined;
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (resume: number) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        void worker.terminate();
        resolve(resume);
      };
      worker.on('message', (message: Message) => {
        if (message.type === 'start') {
          current = message;
          clearTimeout(timer);
          timer = setTimeout(() => {
            record(job.format, { hang: `${current!.label}: still running after ${limitMs} ms` });
            finish(current!.index + 1);
          }, limitMs);
        } else if (message.type === 'done') {
          clearTimeout(timer);
          record(job.format, message);
          current = undefined;
          if (message.index + 1 >= end) finish(end);
        }
      });
      worker.on('error', (error) => {
        record(job.format, { died: `${current?.label ?? `${job.format} worker`}: ${error.message}` });
        finish(current ? current.index + 1 : end);
      });
      worker.on('exit', () => finish(current ? current.index + 1 : end));
    });
  }
}

export async function benchFuzz(options: { cases?: number; caseLimitMs?: number } = {}): Promise<FuzzReport> {
  const total = options.cases ?? Number(process.env.BENCH_FUZZ_CASES ?? 1000);
  const limitMs = options.caseLimitMs ?? Number(process.env.BENCH_FUZZ_CASE_MS ?? 30_000);
  const formats: ImportFormat[] = ['ssd', '903', 'cin', 'annex-a'];
  const skipped: string[] = [];
  const available = formats.filter((format) => {
    const sets = sampleSets(format);
    if (typeof sets === 'string') skipped.push(`${format}: ${sets}`);
    return typeof sets !== 'string';
  });
  for (const reason of skipped) console.warn(`fuzz bench SKIPPED ${reason}`);
  const report: FuzzReport = {
    cases: 0,
    by_format: {},
    crashes: 0,
    hangs: 0,
    max_ms_per_case: 0,
    unnamed_file: 0,
    problems: [],
    case_limit_ms: limitMs,
    ...(skipped.length ? { skipped } : {}),
  };
  const perFormat = new Map<
    string,
    { cases: number; crashes: number; hangs: number; unnamed_file: number; max_ms: number; total_ms: number; outcomes: Record<string, number> }
  >();
  const problem = (text: string) => {
    if (report.problems.length < 20) report.problems.push(text);
  };
  const record = (format: ImportFormat, event: Extract<Message, { type: 'done' }> | { hang: string } | { died: string }) => {
    const figures = perFormat.get(format) ?? { cases: 0, crashes: 0, hangs: 0, unnamed_file: 0, max_ms: 0, total_ms: 0, outcomes: {} };
    perFormat.set(format, figures);
    figures.cases++;
    report.cases++;
    if (report.cases % 100 === 0) process.stderr.write(`fuzz: ${report.cases} of ${total} cases\n`);
    if ('hang' in event) {
      figures.hangs++;
      report.hangs++;
      problem(`hang: ${event.hang}`);
      return;
    }
    if ('died' in event) {
      figures.crashes++;
      report.crashes++;
      problem(`crash (worker died): ${event.died}`);
      return;
    }
    figures.outcomes[event.outcome] = (figures.outcomes[event.outcome] ?? 0) + 1;
    figures.max_ms = Math.max(figures.max_ms, Math.round(event.ms));
    figures.total_ms += event.ms;
    report.max_ms_per_case = Math.max(report.max_ms_per_case, Math.round(event.ms));
    if (event.crash) {
      figures.crashes++;
      report.crashes++;
      problem(`crash: ${event.label}: ${event.crash}`);
    }
    if (event.unnamed.length) {
      figures.unnamed_file++;
      report.unnamed_file++;
      problem(`finding without its file: ${event.label}: ${event.unnamed.join(' | ')}`);
    }
  };
  const bench = await benchDatabase('keystone-bench-fuzz-');
  try {
    for (const format of available) {
      const sets = sampleSets(format) as InputFile[][];
      const share = Math.ceil(total / available.length);
      for (let set = 0; set < sets.length; set++) {
        const count = Math.floor(share / sets.length) + (set < share % sets.length ? 1 : 0);
        if (count > 0) await runJob({ format, set, first: 0, count, dataDir: bench.dataDir }, limitMs, record);
      }
    }
  } finally {
    await bench.close();
  }
  for (const [format, figures] of perFormat) {
    const { total_ms: totalMs, ...rest } = figures;
    report.by_format[format] = { ...rest, mean_ms: Math.round(totalMs / Math.max(1, figures.cases - figures.hangs)) };
  }
  return report;
}

if (!isMainThread && (workerData as { fuzz?: Job } | undefined)?.fuzz) {
  await workerMain((workerData as { fuzz: Job }).fuzz);
} else if (isMainThread && process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(JSON.stringify(await benchFuzz(), null, 2));
}
