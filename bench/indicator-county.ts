/**
 * Every indicator × 72 month-ends against a county loaded once and kept (issue 19's 400,000 children
 * take minutes to load; `npm run bench large` loads them afresh each time).
 *
 *   node bench/indicator-county.ts load TARGET CHILDREN        generate the demo county (seed 42) into TARGET
 *   node bench/indicator-county.ts run TARGET [options]        compute every indicator × 72 month-ends
 *     --runs N          warm recomputations after the first run (default 3)
 *     --dump FILE       write every indicator's series (the whole council) as JSON, to compare code versions
 *     --queries FILE    write each query's time and SQL (labelled by the indicators it computes) as JSON
 *     --dump-scopes FILE  write every scope's series (the council, each service and team, one worker's own) and
 *                       each indicator's breakdowns and children on the date: slower, to compare code versions
 *     --only ID,ID      only these indicators
 *   node bench/indicator-county.ts compare TARGET A.json B.json [--rounds N]
 *     runs each query of two --queries files (matched by their indicators) in turns on one connection and
 *     prints the processor time its PostgreSQL backend spent on each (mean of N rounds, default 7): a
 *     figure that a busy machine disturbs far less than wall time, and each query as it runs in its family
 *
 * TARGET is an embedded PostgreSQL's data folder, or a PostgreSQL URL with `#schema` (e.g.
 * `postgres://postgres@127.0.0.1:5432/h400k#county`). Prints JSON: wall time, Keystone's processor
 * time and (embedded only) PostgreSQL's processor time, of each run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { DEFAULT_TO, generateCounty, loadCounty } from '../src/demo/index.ts';
import { fillCalendar } from '../src/indicators/calendar.ts';
import { CATALOGUE } from '../src/indicators/catalogue/index.ts';
import { breakdownOn, childrenBehind, computeSeries, seriesDates, WHOLE_COUNCIL } from '../src/indicators/engine.ts';
import { figureScopes } from '../src/indicators/precompute.ts';
import type { IndicatorDefinition } from '../src/indicators/types.ts';
import type { IsoDate } from '../src/core/dates.ts';
import { readIndicatorSettings } from '../src/indicators/settings.ts';
import { postgresCpuMs, postmasterPid } from './indicators.ts';

const [command, target, ...rest] = process.argv.slice(2);
if (!command || !target || !['load', 'run', 'compare'].includes(command)) {
  console.error(
    'usage: node bench/indicator-county.ts load TARGET CHILDREN | run TARGET [--runs N] [--dump FILE] [--dump-scopes FILE] [--queries FILE] | compare TARGET A.json B.json',
  );
  process.exit(2);
}
const option = (name: string) => {
  const at = rest.indexOf(name);
  return at >= 0 ? rest[at + 1] : undefined;
};

async function open(): Promise<Database> {
  if (!/^postgres(ql)?:/.test(target!)) return openDatabase({ dataDir: target });
  const [url, schema] = target!.split('#');
  return openDatabase({ databaseUrl: url, schema: schema ?? 'public' });
}

/** Every query the pool runs from here on: its text, parameters and milliseconds. */
interface Timed {
  text: string;
  values: unknown[];
  ms: number;
}
function recordQueries(): Timed[] {
  const log: Timed[] = [];
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string; values?: unknown[] };
    const text = typeof first === 'string' ? first : first?.text;
    const values = (typeof first === 'string' ? args[1] : first?.values) as unknown[] | undefined;
    const started = performance.now();
    const result = original.apply(this, args);
    if (text && result instanceof Promise)
      void result.then(
        () => log.push({ text, values: values ?? [], ms: performance.now() - started }),
        () => undefined,
      );
    return result;
  } as typeof pg.Client.prototype.query;
  return log;
}

const database = await open();
try {
  if (command === 'load') {
    await migrate(database);
    const started = performance.now();
    const county = await loadCounty(database, generateCounty({ children: Number(rest[0] ?? 400_000), seed: 42 }));
    console.log(JSON.stringify({ children: county.children, load_ms: Math.round(performance.now() - started), to: county.to }));
  } else if (command === 'run') {
    await migrate(database);
    await fillCalendar(database);
    // As `npm run bench` does: the month-end before the demo county's last day.
    const asOf = monthEnd(addMonths(DEFAULT_TO, -1));
    const dates = seriesDates(asOf, 72);
    const context = { selection: WHOLE_COUNCIL, threshold: 20, noCache: true };
    // PostgreSQL's processor time where it runs on this machine (the embedded one, or an external one on localhost).
    const local = database.kind === 'embedded' || /@(127\.0\.0\.1|localhost)[:/]/.test(target!);
    const postmaster = local ? await postmasterPid(database) : Number.NaN;
    const queries = recordQueries();
    const runs: { wall_ms: number; keystone_cpu_ms: number; postgres_cpu_ms: number | null }[] = [];
    let series: Map<string, unknown> | undefined;
    const settings = await readIndicatorSettings(database);
    const only = option('--only')?.split(',');
    const indicators = only ? CATALOGUE.filter((indicator) => only.includes(indicator.id)) : CATALOGUE;
    for (let run = 0; run <= Number(option('--runs') ?? 3); run++) {
      if (run === 1) queries.length = 0;
      const cpuBefore = postgresCpuMs(postmaster);
      const ownBefore = process.cpuUsage();
      const started = performance.now();
      series = await computeSeries(database, indicators, dates, context);
      const wall = Math.round(performance.now() - started);
      const own = process.cpuUsage(ownBefore);
      const cpuAfter = postgresCpuMs(postmaster);
      runs.push({
        wall_ms: wall,
        keystone_cpu_ms: Math.round((own.user + own.system) / 1000),
        postgres_cpu_ms: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      });
    }
    const dump = option('--dump');
    if (dump) writeFileSync(dump, JSON.stringify(Object.fromEntries([...series!].sort(([a], [b]) => a.localeCompare(b))), null, 1));
    const scopesFile = option('--dump-scopes');
    if (scopesFile) writeFileSync(scopesFile, JSON.stringify(await everyScope(database, indicators, dates, asOf), null, 1));
    const queryFile = option('--queries');
    if (queryFile) {
      // Each query labelled by the indicators whose units SQL it holds (the second run's, so warm).
      const parameters = { ...settings.parameters, caseloadThreshold: 20 };
      // Parameters are numbered afresh in each query: compare the texts without their numbers.
      const unnumbered = (text: string) => text.replace(/\$\d+/g, '$');
      const unitsSql = CATALOGUE.flatMap((indicator) =>
        indicator.kind === 'sql' ? [[indicator.id, unnumbered(indicator.units(parameters).compile(database.db).sql)] as const] : [],
      );
      const warm = queries.slice(0, queries.length / Number(option('--runs') ?? 3));
      const labelled = warm
        .filter((query) => query.ms > 5)
        .map((query) => ({
          ms: Math.round(query.ms),
          indicators: unitsSql.filter(([, text]) => unnumbered(query.text).includes(text)).map(([id]) => id),
          text: query.text,
          values: query.values,
        }))
        .sort((a, b) => b.ms - a.ms);
      writeFileSync(queryFile, JSON.stringify(labelled, null, 1));
    }
    console.log(JSON.stringify({ database: database.kind, indicators: indicators.length, as_of: asOf, runs, load_average: loadavg() }));
  } else {
    console.log(await compareQueries(database, rest[0]!, rest[1]!, Number(option('--rounds') ?? 7)));
  }
} finally {
  await database.close();
}

/** Every scope's series, a worker's own, and each SQL indicator's breakdowns and children on `asOf`: every figure the pages show. */
async function everyScope(database: Database, indicators: readonly IndicatorDefinition[], dates: IsoDate[], asOf: IsoDate) {
  const sorted = (series: Map<string, unknown>) => Object.fromEntries([...series].sort(([a], [b]) => a.localeCompare(b)));
  const figures: Record<string, unknown> = {};
  for (const { name, scope } of await figureScopes(database, asOf))
    figures[`series ${name}`] = sorted(await computeSeries(database, indicators, dates, { selection: { scope }, threshold: 20, noCache: true }));
  const worker = await sql<{ id: string }>`
    SELECT min(invo_professional_id) AS id FROM ssd_involvements WHERE invo_involvement_end_date IS NULL`.execute(database.db);
  const selection = { scope: { kind: 'all' as const }, workerId: worker.rows[0]?.id ?? null };
  figures[`series worker ${selection.workerId}`] = sorted(await computeSeries(database, indicators, dates, { selection, threshold: 20, noCache: true }));
  const context = { selection: WHOLE_COUNCIL, threshold: 20, noCache: true };
  for (const indicator of indicators) {
    if (indicator.kind !== 'sql') continue;
    for (const by of indicator.breakdowns) figures[`breakdown ${indicator.id} ${by}`] = await breakdownOn(database, indicator, asOf, by, context);
    figures[`children ${indicator.id}`] = await childrenBehind(database, indicator, asOf, context);
  }
  return figures;
}

/** One PostgreSQL backend's processor time so far (ms; Linux /proc, 10 ms ticks). */
function backendCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const after = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
  return (Number(after[11]) + Number(after[12])) * 10;
}

/** Each query of two --queries files in turns on one connection: its backend's processor time (ms, the mean of `rounds`: the clock ticks in 10 ms). */
async function compareQueries(database: Database, fileA: string, fileB: string, rounds: number): Promise<string> {
  type Query = { indicators: string[]; text: string; values: unknown[] };
  const label = (query: Query) => query.indicators.join(',') || query.text.replace(/\s+/g, ' ').slice(0, 60);
  const read = (file: string) => new Map((JSON.parse(readFileSync(file, 'utf8')) as Query[]).map((query) => [label(query), query]));
  const [a, b] = [read(fileA), read(fileB)];
  const mean = (list: number[]) => Math.round(list.reduce((sum, each) => sum + each, 0) / list.length);
  const lines: string[] = [];
  const totals = [0, 0];
  await database.rawTransaction(async (connection) => {
    const [backend] = await connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    for (const [key, first] of a) {
      const second = b.get(key);
      if (!second) continue;
      const spent: number[][] = [[], []];
      for (let round = 0; round <= rounds; round++) {
        for (const [side, query] of [first, second].entries()) {
          const before = backendCpuMs(backend!.pid);
          await connection.query(query.text, query.values);
          if (round > 0) spent[side]!.push(backendCpuMs(backend!.pid) - before);
        }
      }
      const [ms, other] = spent.map(mean) as [number, number];
      totals[0]! += ms;
      totals[1]! += other;
      lines.push(`${String(ms).padStart(6)} ${String(other).padStart(6)}  ${key.slice(0, 100)}`);
    }
  });
  return [...lines, `${String(totals[0]).padStart(6)} ${String(totals[1]).padStart(6)}  total`].join('\n');
}
