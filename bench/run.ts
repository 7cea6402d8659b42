// `npm run bench`: prints JSON figures measured on this machine. Targets come from the issues.
import { openDatabase } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { generateCounty, loadCounty } from '../src/demo/index.ts';
import { caseloadsOn, caseloadTrend } from '../src/caseloads/rules.ts';
import { measureLoad } from './load.ts';

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
await database.close();

// 50 signed-in users browsing the main pages for 60 s (BENCH_LOAD_SECONDS to change), on loopback.
const webLoad = await measureLoad({
  users: Number(process.env.BENCH_LOAD_USERS ?? 50),
  seconds: Number(process.env.BENCH_LOAD_SECONDS ?? 60),
  children: CHILDREN,
  paths: ['/', '/caseloads', '/account'],
});

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
    },
    null,
    2,
  ),
);
