// `npm run bench`: prints JSON figures measured on this machine. Targets come from the issues.
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { generateCounty, loadCounty } from '../src/demo/index.ts';
import { caseloadsOn, caseloadTrend } from '../src/caseloads/rules.ts';
import { measureLoad } from './load.ts';
import { benchIndicators } from '../src/indicators/bench.ts';
import { benchFuzz } from './fuzz.ts';
import { benchImports } from './imports.ts';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 10_000);
const SEED = 42;
const THRESHOLD = 20;

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - started), value };
}

const database = await openDatabase({});
await migrate(database);
const generate = await timed(() => generateCounty({ children: CHILDREN, seed: SEED }));
const load = await timed(() => loadCounty(database, generate.value));
const asOf = monthEnd(addMonths(load.value.to, -1));
const scope = { kind: 'all' } as const;
// First call warms the query plan cache; the figures are the median of five runs.
async function median(work: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) runs.push((await timed(work)).ms);
  return runs.sort((a, b) => a - b)[2]!;
}
const oneDate = await median(() => caseloadsOn(database, asOf, { threshold: THRESHOLD, scope }));
const from = monthEnd(addMonths(asOf, -71));
const trend = await median(() => caseloadTrend(database, { from, to: asOf, threshold: THRESHOLD, scope }));
const monthEndsComputed = (await caseloadTrend(database, { from, to: asOf, threshold: THRESHOLD, scope })).length;
// Every indicator × 72 month-ends (src/indicators): first run, warm recomputation, and from the results cache.
const indicators = await benchIndicators(database, asOf);
await database.close();

// The same on PostgreSQL for a large county, when BENCH_POSTGRES_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test).
let indicatorsPostgres: Record<string, unknown> = { skipped: 'set BENCH_POSTGRES_URL (and BENCH_POSTGRES_CHILDREN, default 400000) to measure' };
if (process.env.BENCH_POSTGRES_URL) {
  const children = Number(process.env.BENCH_POSTGRES_CHILDREN ?? 400_000);
  const postgres = await openDatabase({ databaseUrl: process.env.BENCH_POSTGRES_URL, schema: 'bench_indicators' });
  const { sql } = await import('kysely');
  await sql.raw('DROP SCHEMA IF EXISTS bench_indicators CASCADE; CREATE SCHEMA bench_indicators').execute(postgres.db);
  await migrate(postgres);
  const county = await timed(async () => loadCounty(postgres, generateCounty({ children, seed: SEED })));
  indicatorsPostgres = { database: 'PostgreSQL', children, load_ms: county.ms, ...(await benchIndicators(postgres, asOf)), target_ms: 60_000 };
  await sql.raw('DROP SCHEMA bench_indicators CASCADE').execute(postgres.db);
  await postgres.close();
}

// 50 signed-in users browsing the main pages for 60 s (BENCH_LOAD_SECONDS to change), on loopback.
const webLoad = await measureLoad({
  users: Number(process.env.BENCH_LOAD_USERS ?? 50),
  seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
  children: CHILDREN,
  paths: ['/', '/caseloads', '/account'],
});
// The performance dashboards under the same load (BENCH_INDICATOR_LOAD_SECONDS, default 30).
const dashboardLoad = await measureLoad({
  users: Number(process.env.BENCH_LOAD_USERS ?? 50),
  seconds: Number(process.env.BENCH_INDICATOR_LOAD_SECONDS ?? 30),
  children: CHILDREN,
  paths: ['/indicators', '/indicators/timeliness.assessments_45wd_pct', '/indicators/demand.looked_after', '/indicators?area=children_in_care'],
  // Also, separately: each user opening a page once a second (BENCH_PACED_RATE).
  pacedRate: Number(process.env.BENCH_PACED_RATE ?? 1),
});

// Mutated import files of every format through the pipeline (bench/fuzz.ts; BENCH_FUZZ_CASES, default 1000).
const fuzz = await benchFuzz();
// Import throughput and peak RSS (bench/imports.ts; BENCH_IMPORT_CHILDREN, default 100000; BENCH_CIN_GB, default 1).
const imports = await benchImports();

console.log(
  JSON.stringify(
    {
      machine: { cores: (await import('node:os')).availableParallelism(), node: process.version },
      demo: {
        children: CHILDREN,
        seed: SEED,
        generate_ms: generate.ms,
        load_ms: load.ms,
        total_ms: generate.ms + load.ms,
        target_ms: 60_000,
        rows: load.value.rows,
      },
      caseloads: {
        database: 'PGlite (in memory)',
        one_date_ms: oneDate,
        as_of: asOf,
        month_ends: monthEndsComputed,
        month_ends_ms: trend,
      },
      web_load: { ...webLoad, target_p95_ms: 100 },
      indicators: { database: 'PGlite (in memory)', children: CHILDREN, ...indicators },
      indicators_postgres: indicatorsPostgres,
      indicator_dashboards_web_load: { ...dashboardLoad, target_p95_ms: 100 },
      fuzz: { ...fuzz, target_crashes: 0, target_hangs: 0 },
      imports,
    },
    null,
    2,
  ),
);
