/**
 * Bench: forecast and backtest for a county of 10,000 looked-after children with 6 years of
 * history (synthetic, seeded), in memory — the model's own cost, without the database read.
 */
import { addDays, type IsoDate } from '../src/core/dates.ts';
import { Rng } from '../src/demo/random.ts';
import { standardBacktest } from '../src/forecast/backtest.ts';
import { fit, forecast } from '../src/forecast/model.ts';
import { PLACEMENT_TYPES, type CareSpell, type ChildHistory } from '../src/forecast/states.ts';

const START = '2020-10-01';
const DATA_END = '2026-09-30';

export function syntheticHistories(children: number, seed = 42): ChildHistory[] {
  const rng = new Rng(seed);
  const days = 6 * 365;
  const histories: ChildHistory[] = [];
  for (let child = 0; child < children; child++) {
    let day: IsoDate = addDays(START, rng.int(-900, days - 30));
    const birth = addDays(day, -rng.int(0, 17 * 365));
    const spells: CareSpell[] = [];
    for (let placement = rng.int(1, 4); placement > 0; placement--) {
      const end = addDays(day, rng.int(20, 700));
      spells.push({ start: day, end: end > DATA_END ? null : end, type: PLACEMENT_TYPES[rng.int(0, PLACEMENT_TYPES.length - 1)]!.id });
      if (end > DATA_END) break;
      day = rng.chance(0.8) ? end : addDays(end, rng.int(30, 400));
      if (day > DATA_END) break;
    }
    histories.push({ childId: String(child), birth, spells });
  }
  return histories;
}

export function benchForecast(children = 10_000): Record<string, unknown> {
  const histories = syntheticHistories(children);
  const costs = () => [500, 1000, 300, 5000, 1500, 200];
  const cpu = (since: NodeJS.CpuUsage) => Math.round((process.cpuUsage(since).user + process.cpuUsage(since).system) / 1000);
  let started = performance.now();
  let cpuStarted = process.cpuUsage();
  const model = fit(histories, DATA_END, 36);
  const result = forecast(model, { horizon: 60, simulations: 200, costs });
  const forecastMs = Math.round(performance.now() - started);
  const forecastCpuMs = cpu(cpuStarted);
  started = performance.now();
  cpuStarted = process.cpuUsage();
  const runs = standardBacktest(histories, DATA_END, 36, 200);
  const backtestMs = Math.round(performance.now() - started);
  const backtestCpuMs = cpu(cpuStarted);
  return {
    children,
    history_years: 6,
    looked_after_at_end: model.stock.reduce((a, b) => a + b, 0),
    forecast_60_months_200_simulations_ms: forecastMs,
    backtest_3_runs_ms: backtestMs,
    total_ms: forecastMs + backtestMs,
    forecast_cpu_ms: forecastCpuMs,
    backtest_cpu_ms: backtestCpuMs,
    target_ms: 2000,
    forecast_in_5_years: Math.round(result.total.expected[59]!),
    backtest_runs: runs.length,
  };
}
