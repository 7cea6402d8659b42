/** Measurements for `npm run bench`: every indicator × 72 month-ends, cold, warm and cached. */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { fillCalendar } from './calendar.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { clearCache } from '../core/cache.ts';
import { computeSeries, seriesDates, WHOLE_COUNCIL } from './engine.ts';

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchIndicators(database: Database, asOf: IsoDate, runs = 3) {
  await fillCalendar(database);
  const dates = seriesDates(asOf, 72);
  const context = { selection: WHOLE_COUNCIL, threshold: 20 };
  clearCache(database);
  const coldMs = await timed(() => computeSeries(database, CATALOGUE, dates, { ...context, noCache: true }));
  const warm: number[] = [];
  for (let run = 0; run < runs; run++) warm.push(await timed(() => computeSeries(database, CATALOGUE, dates, { ...context, noCache: true })));
  await computeSeries(database, CATALOGUE, dates, context);
  const cached: number[] = [];
  for (let run = 0; run < 5; run++) cached.push(await timed(() => computeSeries(database, CATALOGUE, dates, context)));
  return {
    indicators: CATALOGUE.length,
    month_ends: dates.length,
    as_of: asOf,
    first_run_ms: coldMs,
    warm_recomputed_ms: median(warm),
    warm_cached_ms: median(cached),
    target_ms: 1000,
  };
}
