// `npm run bench [part…]`: prints JSON figures measured on this machine. Targets come from the issues.
// Parts (every part when none is named):
//   demo        demo county generation and load, caseloads, every indicator × 72 months (embedded PostgreSQL)
//   large       every indicator for a large county (BENCH_LARGE_CHILDREN, default 400,000; BENCH_POSTGRES_URL for an external PostgreSQL)
//   web_load    50 signed-in users browsing the main pages
//   dashboards  the performance dashboards under the same load
//   healthz     /healthz while a cold team page computes and `keystone import` writes (bench/server.ts)
//   team_pages  first open of every team's performance page once the figures are computed
//   startup     `npm start` on a new data folder to the first /healthz answer
//   fuzz        mutated import files through the pipeline (bench/fuzz.ts)
//   imports     import throughput and peak memory (bench/imports.ts)
//   forecast    looked-after forecast and backtest, 10,000 children in care over 6 years (bench/forecast.ts)
//   validation  `keystone validate` as a whole process: 903 CSV and XML, CIN files, the 903 at 10x/100x (bench/validation.ts)
import { availableParallelism, loadavg } from 'node:os';
import { sql } from 'kysely';
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { generateCounty, loadCounty } from '../src/demo/index.ts';
import { caseloadsOn, caseloadTrend } from '../src/caseloads/rules.ts';
import { measureLoad } from './load.ts';
import { benchIndicators } from './indicators.ts';
import { benchFuzz } from './fuzz.ts';
import { benchImports } from './imports.ts';
import { benchForecast } from './forecast.ts';
import { benchValidation } from './validation.ts';
import { benchDatabase, EMBEDDED } from './database.ts';
import { measureHealthUnderWork, measureStartup, measureTeamPages } from './server.ts';

const PARTS = ['demo', 'large', 'web_load', 'dashboards', 'healthz', 'team_pages', 'startup', 'fuzz', 'imports', 'forecast', 'validation'] as const;
type Part = (typeof PARTS)[number];
const asked = process.argv.slice(2);
const unknown = asked.filter((part) => !PARTS.includes(part as Part));
if (unknown.length) {
  console.error(`Unknown part ${unknown.join(', ')}: choose from ${PARTS.join(', ')}`);
  process.exit(2);
}
const parts = new Set<Part>(asked.length ? (asked as Part[]) : PARTS);

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 10_000);
const SEED = 42;
const THRESHOLD = 20;
const USERS = Number(process.env.BENCH_LOAD_USERS ?? 50);

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

// First call warms the query plan cache; the figures are the median of five runs.
async function median(work: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) runs.push((await timed(work)).ms);
  return runs.sort((a, b) => a - b)[2]!;
}

const results: Record<string, unknown> = {
  machine: { cores: availableParallelism(), node: process.version, load_average_at_start: loadavg().map((value) => Math.round(value * 10) / 10) },
};

if (parts.has('demo')) {
  const bench = await benchDatabase('keystone-bench-demo-');
  try {
    const { database } = bench;
    const generate = await timed(() => generateCounty({ children: CHILDREN, seed: SEED }));
    const load = await timed(() => loadCounty(database, generate.value));
    const asOf = monthEnd(addMonths(load.value.to, -1));
    const scope = { kind: 'all' } as const;
    const oneDate = await median(() => caseloadsOn(database, asOf, { threshold: THRESHOLD, scope }));
    const from = monthEnd(addMonths(asOf, -71));
    const trend = await median(() => caseloadTrend(database, { from, to: asOf, threshold: THRESHOLD, scope }));
    const monthEndsComputed = (await caseloadTrend(database, { from, to: asOf, threshold: THRESHOLD, scope })).length;
    results.demo = {
      children: CHILDREN,
      seed: SEED,
      generate_ms: generate.ms,
      load_ms: load.ms,
      total_ms: generate.ms + load.ms,
      target_ms: 60_000,
      rows: load.value.rows,
    };
    results.caseloads = { database: EMBEDDED, one_date_ms: oneDate, as_of: asOf, month_ends: monthEndsComputed, month_ends_ms: trend };
    // Every indicator × 72 month-ends (src/indicators): first run, warm recomputation, and from the results cache.
    results.indicators = { database: EMBEDDED, children: CHILDREN, ...(await benchIndicators(database, asOf)), target_warm_recomputed_ms: 500 };
  } finally {
    await bench.close();
  }
}

if (parts.has('large')) {
  // A large county (the 400,000 children): on the embedded PostgreSQL, or on BENCH_POSTGRES_URL.
  const children = Number(process.env.BENCH_LARGE_CHILDREN ?? process.env.BENCH_POSTGRES_CHILDREN ?? 400_000);
  const external = process.env.BENCH_POSTGRES_URL;
  const bench = external ? undefined : await benchDatabase('keystone-bench-large-');
  const database = bench?.database ?? (await openDatabase({ databaseUrl: external, schema: 'bench_indicators' }));
  try {
    if (external) {
      await sql.raw('DROP SCHEMA IF EXISTS bench_indicators CASCADE; CREATE SCHEMA bench_indicators').execute(database.db);
      await migrate(database);
    }
    const county = await timed(async () => loadCounty(database, generateCounty({ children, seed: SEED })));
    const asOf = monthEnd(addMonths(county.value.to, -1));
    results.indicators_large = {
      database: external ? 'PostgreSQL (BENCH_POSTGRES_URL)' : EMBEDDED,
      children,
      load_ms: county.ms,
      ...(await benchIndicators(database, asOf)),
      target_first_run_ms: 30_000,
    };
    if (external) await sql.raw('DROP SCHEMA bench_indicators CASCADE').execute(database.db);
  } finally {
    if (bench) await bench.close();
    else await database.close();
  }
}

// 50 signed-in users browsing the main pages for 60 s (BENCH_LOAD_SECONDS to change), on loopback.
if (parts.has('web_load')) {
  const webLoad = await measureLoad({
    users: USERS,
    seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
    children: CHILDREN,
    paths: ['/', '/caseloads', '/account'],
  });
  results.web_load = { ...webLoad, target_p95_ms: 100 };
}

// The performance dashboards under the same load (BENCH_INDICATOR_LOAD_SECONDS, default 30).
if (parts.has('dashboards')) {
  const dashboardLoad = await measureLoad({
    users: USERS,
    seconds: Number(process.env.BENCH_INDICATOR_LOAD_SECONDS ?? 30),
    children: CHILDREN,
    paths: ['/indicators', '/indicators/timeliness.assessments_45wd_pct', '/indicators/demand.looked_after', '/indicators?area=children_in_care'],
    // Also, separately: each user opening a page once a second (BENCH_PACED_RATE).
    pacedRate: Number(process.env.BENCH_PACED_RATE ?? 1),
  });
  results.indicator_dashboards_web_load = { ...dashboardLoad, target_p95_ms: 100 };
}

if (parts.has('healthz')) results.healthz_under_work = { ...(await measureHealthUnderWork({ children: CHILDREN })), target_p99_ms: 100 };
if (parts.has('team_pages')) results.team_pages_first_open = { ...(await measureTeamPages({ children: CHILDREN })), target_ms: 1_000 };
if (parts.has('startup')) results.startup = { ...(await measureStartup({ children: CHILDREN })), target_ms: 30_000 };

// Mutated import files of every format through the pipeline (bench/fuzz.ts; BENCH_FUZZ_CASES, default 1000).
if (parts.has('fuzz')) results.fuzz = { ...(await benchFuzz()), target_crashes: 0, target_hangs: 0 };
// Import throughput and peak RSS (bench/imports.ts; BENCH_IMPORT_CHILDREN, default 100000; BENCH_CIN_GB, default 1).
if (parts.has('imports')) results.imports = await benchImports();
if (parts.has('forecast')) results.forecast = benchForecast();

// Validation without a database, whole process (bench/validation.ts; BENCH_VALIDATION_SCALES, default "10,100").
if (parts.has('validation')) results.validation = await benchValidation();

results.load_average_at_end = loadavg().map((value) => Math.round(value * 10) / 10);
console.log(JSON.stringify(results, null, 2));
