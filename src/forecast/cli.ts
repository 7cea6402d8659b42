/**
 * `keystone forecast`: the same forecast, scenarios and backtest as the pages. With --json the
 * figures as JSON; without, a short summary in words.
 */
import type { Database } from '../core/db/database.ts';
import { todayInEngland, type IsoDate } from '../core/dates.ts';
import { runBacktest, runForecast, MAX_HORIZON_MONTHS } from './service.ts';
import { backtestVerdict, forecastFigures, money } from './present.ts';
import { UsageError } from '../core/cli.ts';

export interface ForecastCommand {
  from?: IsoDate;
  months: number;
  windowMonths?: number;
  backtest: boolean;
  json: boolean;
}

const r1 = (value: number) => Math.round(value * 10) / 10;

export async function forecastCommand(
  database: Database,
  command: ForecastCommand,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  if (command.months < 1 || command.months > MAX_HORIZON_MONTHS) throw new UsageError(`--months must be from 1 to ${MAX_HORIZON_MONTHS}`);
  const today = todayInEngland();
  if (command.backtest) {
    const tested = await runBacktest(database, today, command.windowMonths);
    if (!tested.available) {
      write(command.json ? `${JSON.stringify({ available: false, reason: tested.reason }, null, 2)}\n` : `Backtest not available: ${tested.reason}\n`);
      return 1;
    }
    const runs = tested.runs.map((run) => ({
      origin: run.origin,
      horizonMonths: run.horizon,
      target: run.target,
      actualTotal: run.actualTotal,
      model: { total: r1(run.model.total), low: r1(run.model.low), high: r1(run.model.high), covered: run.model.covered, wapePct: r1(run.model.wapePct) },
      lastValue: { total: run.lastValue.total, wapePct: r1(run.lastValue.wapePct) },
      linearTrend: { total: r1(run.trend.total), wapePct: r1(run.trend.wapePct) },
      verdict: backtestVerdict(run),
    }));
    if (command.json) write(`${JSON.stringify({ dataEnd: tested.dataEnd, runs, skipped: tested.skipped }, null, 2)}\n`);
    else
      for (const run of runs)
        write(
          `From ${run.origin}, ${run.horizonMonths} months ahead: ${run.actualTotal} looked after, model ${run.model.total} (${run.model.low} to ${run.model.high}). ${run.verdict}\n`,
        );
    return 0;
  }
  const run = await runForecast(database, {
    today,
    months: command.months,
    ...(command.from ? { from: command.from } : {}),
    ...(command.windowMonths ? { windowMonths: command.windowMonths } : {}),
  });
  if (!run.available) {
    write(command.json ? `${JSON.stringify({ available: false, reason: run.reason }, null, 2)}\n` : `Forecast not available: ${run.reason}\n`);
    return 1;
  }
  const figures = forecastFigures(run);
  if (command.json) {
    write(`${JSON.stringify(figures, null, 2)}\n`);
    return 0;
  }
  write(`Children looked after on ${figures.from}: ${figures.now.total} (fitted on ${figures.fittedOnMonths} months; ${figures.interval}).\n`);
  for (const point of figures.baseline.total) write(`  ${point.monthEnd}: ${point.expected} (${point.low} to ${point.high})\n`);
  for (const year of figures.baseline.spendByYear)
    write(`  Spend, year ${year.year}: ${money(year.expectedPounds)} (${money(year.lowPounds)} to ${money(year.highPounds)})\n`);
  for (const scenario of figures.scenarios)
    write(`Scenario ${scenario.name}: ${scenario.total.map((point) => `${point.monthEnd} ${point.expected}`).join(', ')}\n`);
  return 0;
}
