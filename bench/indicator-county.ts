/**
 * Every indicator × 72 month-ends against a county loaded once and kept (issue 19's 400,000 children
 * take minutes to load; `npm run bench large` loads them afresh each time).
 *
 *   node bench/indicator-county.ts load TARGET CHILDREN        generate the demo county (seed 42) into TARGET
 *   node bench/indicator-county.ts run TARGET [options]        compute every indicator × 72 month-ends
 *     --runs N          warm recomputations after the first run (default 3)
 *     --dump FILE       write every indicator's series (the whole council) as JSON, to compare code versions
 *     --queries FILE    write each query's time and SQL (labelled by the indicators it computes) as JSON
 *     --only ID,ID      only these indicators
 *
 * TARGET is an embedded PostgreSQL's data folder, or a PostgreSQL URL with `#schema` (e.g.
 * `postgres://postgres@127.0.0.1:5432/h400k#county`). Prints JSON: wall time, Keystone's processor
 * time and (embedded only) PostgreSQL's processor time, of each run.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../src/core/db/database.ts';
import { migrate } from '../src/core/db/migrate.ts';
import { addMonths, monthEnd } from '../src/core/dates.ts';
import { DEFAULT_TO, generateCounty, loadCounty } from '../src/demo/index.ts';
import { fillCalendar } from '../src/indicators/calendar.ts';
import { CATALOGUE } from '../src/indicators/catalogue/index.ts';
import { computeSeries, seriesDates, WHOLE_COUNCIL } from '../src/indicators/engine.ts';
import { readIndicatorSettings } from '../src/indicators/settings.ts';
import { postgresCpuMs, postmasterPid } from './indicators.ts';

const [command, target, ...rest] = process.argv.slice(2);
if (!command || !target || !['load', 'run'].includes(command)) {
  console.error('usage: node bench/indicator-county.ts load TARGET CHILDREN | run TARGET [--runs N] [--dump FILE] [--queries FILE]');
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
  } else {
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
  }
} finally {
  await database.close();
}
