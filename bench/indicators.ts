/** Measurements for `npm run bench`: every indicator × 72 month-ends, cold, warm and cached. */
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../src/core/db/database.ts';
import type { IsoDate } from '../src/core/dates.ts';
import { fillCalendar } from '../src/indicators/calendar.ts';
import { CATALOGUE } from '../src/indicators/catalogue/index.ts';
import { clearCache } from '../src/core/cache.ts';
import { computeSeries, seriesDates, WHOLE_COUNCIL } from '../src/indicators/engine.ts';

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

/**
 * Processor time (ms) PostgreSQL's processes have used so far, on Linux: every child of the
 * postmaster. On a machine busy with other work, wall time says little; this is the work done.
 */
export function postgresCpuMs(postmasterPid: number): number | null {
  if (!Number.isInteger(postmasterPid)) return null;
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      // Fields after the command name: state ppid … utime (12th) stime (13th) cutime cstime: the postmaster's
      // own, and those of its children that have ended (a pool closes idle connections), and its live children's.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(entry) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      else if (Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return Math.round(ticks * 10);
}

export async function postmasterPid(database: Database): Promise<number> {
  const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`.execute(database.db);
  const checkpointer = rows[0]?.pid;
  try {
    const stat = readFileSync(`/proc/${checkpointer}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return Number.NaN;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchIndicators(database: Database, asOf: IsoDate, runs = 3) {
  await fillCalendar(database);
  const dates = seriesDates(asOf, 72);
  const context = { selection: WHOLE_COUNCIL, threshold: 20 };
  clearCache(database);
  const coldMs = await timed(() => computeSeries(database, CATALOGUE, dates, { ...context, noCache: true }));
  const warm: number[] = [];
  const warmCpu: number[] = [];
  // Only where the database runs on this machine (the embedded one): its processes' processor time.
  const postmaster = database.kind === 'embedded' ? await postmasterPid(database) : Number.NaN;
  for (let run = 0; run < runs; run++) {
    const cpuBefore = postgresCpuMs(postmaster);
    const ownBefore = process.cpuUsage();
    warm.push(await timed(() => computeSeries(database, CATALOGUE, dates, { ...context, noCache: true })));
    const own = process.cpuUsage(ownBefore);
    const cpuAfter = postgresCpuMs(postmaster);
    if (cpuBefore !== null && cpuAfter !== null) warmCpu.push(cpuAfter - cpuBefore + Math.round((own.user + own.system) / 1000));
  }
  await computeSeries(database, CATALOGUE, dates, context);
  const cached: number[] = [];
  for (let run = 0; run < 5; run++) cached.push(await timed(() => computeSeries(database, CATALOGUE, dates, context)));
  return {
    indicators: CATALOGUE.length,
    month_ends: dates.length,
    as_of: asOf,
    first_run_ms: coldMs,
    warm_recomputed_ms: median(warm),
    // Processor time of PostgreSQL and Keystone together: on an idle 2-core machine the wall time is about this divided by 2.
    ...(warmCpu.length ? { warm_recomputed_cpu_ms: median(warmCpu) } : {}),
    warm_cached_ms: median(cached),
    target_ms: 1000,
  };
}
