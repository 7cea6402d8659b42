/**
 * The forecast's figures as the page, the CLI and reports show them: rounded once, here.
 * Children are whole numbers; spend is rounded to the nearest £1,000.
 */
import type { IsoDate } from '../core/dates.ts';
import type { BacktestRun } from './backtest.ts';
import { BASELINE, INTERVAL, type Forecast, type Scenario, type Series } from './model.ts';
import { AGE_BANDS, PLACEMENT_TYPES } from './states.ts';
import { stockNow, type ForecastRun } from './service.ts';

export const whole = (value: number) => Math.round(value);
export const money = (pounds: number) => `£${(Math.round(pounds / 1000) * 1000).toLocaleString('en-GB')}`;
export const range = (low: number, high: number) => `${whole(low)} to ${whole(high)}`;

/** Month indexes shown in tables: each 12 months, and the last month when the horizon is not whole years. */
export function yearIndexes(horizon: number): number[] {
  const indexes = [];
  for (let month = 12; month <= horizon; month += 12) indexes.push(month - 1);
  if (horizon % 12 !== 0) indexes.push(horizon - 1);
  return indexes;
}

export interface PointFigure {
  monthEnd: IsoDate;
  expected: number;
  low: number;
  high: number;
}

const pointsOf = (forecast: Forecast, series: Series): PointFigure[] =>
  yearIndexes(forecast.months.length).map((index) => ({
    monthEnd: forecast.months[index]!,
    expected: whole(series.expected[index]!),
    low: whole(series.low[index]!),
    high: whole(series.high[index]!),
  }));

/** The forecast in plain figures: for the CLI's JSON and the report. */
export function forecastFigures(run: ForecastRun) {
  const now = stockNow(run);
  const of = (forecast: Forecast) => ({
    total: pointsOf(forecast, forecast.total),
    byAgeBand: AGE_BANDS.map((band, index) => ({ ageBand: band.label, points: pointsOf(forecast, forecast.byBand[index]!) })),
    byPlacementType: PLACEMENT_TYPES.map((type, index) => ({ placementType: type.label, points: pointsOf(forecast, forecast.byType[index]!) })),
    spendByYear: (forecast.spendByYear ?? []).map((year, index) => ({
      year: index + 1,
      expectedPounds: Math.round(year.expected),
      lowPounds: Math.round(year.low),
      highPounds: Math.round(year.high),
    })),
  });
  return {
    from: run.from,
    dataEnd: run.dataEnd,
    historyCompleteFrom: run.historyStart,
    fittedOnMonths: run.windowMonths,
    horizonMonths: run.horizonMonths,
    interval: INTERVAL.label,
    simulations: run.baseline.simulations,
    now: {
      total: now.total,
      byAgeBand: AGE_BANDS.map((band, index) => ({ ageBand: band.label, children: now.byBand[index]! })),
      byPlacementType: PLACEMENT_TYPES.map((type, index) => ({ placementType: type.label, children: now.byType[index]! })),
    },
    baseline: of(run.baseline),
    scenarios: run.scenarios.map((one) => ({ name: one.saved.name, assumptions: describeScenario(one.saved.scenario), ...of(one.forecast) })),
    unitCostsMissingFor: run.typesWithoutCost,
    childrenWithoutBirthDate: run.withoutBirthDate,
  };
}

const pct = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** A scenario's assumptions in words. */
export function describeScenario(scenario: Scenario): string[] {
  const lines: string[] = [];
  scenario.entryMultiplier.forEach((multiplier, band) => {
    if (multiplier !== 1)
      lines.push(
        `${multiplier > 1 ? 'More' : 'Fewer'} children aged ${AGE_BANDS[band]!.label.toLowerCase()} entering care: ${multiplier > 1 ? '+' : '−'}${pct(Math.abs(multiplier - 1))}`,
      );
  });
  if (scenario.residentialToFostering > 0)
    lines.push(
      `${pct(scenario.residentialToFostering)} of residential placements made as fostering instead, and that share of children now in residential care moved to fostering`,
    );
  if (scenario.durationReduction > 0) lines.push(`Time in care ${pct(scenario.durationReduction)} shorter (monthly leaving rates raised to match)`);
  if (scenario.extraInHousePlaces > 0) lines.push(`${scenario.extraInHousePlaces} more in-house foster places, filled from agency fostering`);
  return lines.length ? lines : ['No change from the baseline'];
}

export const isBaseline = (scenario: Scenario) => JSON.stringify(scenario) === JSON.stringify(BASELINE);

/** A backtest run's headline: whether the model beat both naive forecasts, and by how much. */
export function backtestVerdict(run: BacktestRun): string {
  const model = run.model.wapePct;
  const best = Math.min(run.lastValue.wapePct, run.trend.wapePct);
  const bestName = run.lastValue.wapePct <= run.trend.wapePct ? 'last value' : 'linear trend';
  const r = (value: number) => Math.round(value * 10) / 10;
  return model <= best
    ? `The model did better than both naive forecasts (error ${r(model)}% against ${r(run.lastValue.wapePct)}% for last value and ${r(run.trend.wapePct)}% for linear trend).`
    : `The model did worse than the ${bestName} forecast by ${r(model - best)} percentage points (error ${r(model)}% against ${r(best)}%).`;
}
