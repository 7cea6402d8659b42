/**
 * Backtest: the same method run from an earlier date, on the data up to that date only, compared
 * with what happened — and with two naive forecasts a person could make without a model:
 *   - last value: each age band × placement type stays as it was on the forecast date;
 *   - linear trend: each band × type continues the straight line fitted (least squares) to its
 *     13 month ends up to the forecast date, never below zero.
 * Error: weighted absolute percentage error (WAPE) over the 30 band × type cells — the sum of the
 * cells' absolute errors over the children actually looked after — so small cells do not dominate;
 * also the error of the total, and whether the total fell inside the model's prediction interval.
 */
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import { fit, forecast, monthEndsBack, stateMatrix, stockSeries } from './model.ts';
import { BANDS, STATES, TYPES, bandOf, typeOf, type ChildHistory } from './states.ts';

export interface MethodError {
  /** Weighted absolute percentage error over band × type, %. */
  wapePct: number;
  /** Forecast total minus actual total. */
  totalError: number;
  byBand: number[];
  byType: number[];
}

export interface BacktestRun {
  origin: IsoDate;
  horizon: number;
  target: IsoDate;
  actualTotal: number;
  actualByBand: number[];
  actualByType: number[];
  model: MethodError & { total: number; low: number; high: number; covered: boolean };
  lastValue: MethodError & { total: number };
  trend: MethodError & { total: number };
}

const TREND_POINTS = 13;

function errorOf(predicted: readonly number[], actual: readonly number[]): MethodError {
  let absolute = 0;
  let actualTotal = 0;
  let predictedTotal = 0;
  const byBand = new Array<number>(BANDS).fill(0);
  const byType = new Array<number>(TYPES).fill(0);
  for (let state = 0; state < STATES; state++) {
    absolute += Math.abs(predicted[state]! - actual[state]!);
    actualTotal += actual[state]!;
    predictedTotal += predicted[state]!;
    byBand[bandOf(state)]! += predicted[state]! - actual[state]!;
    byType[typeOf(state)]! += predicted[state]! - actual[state]!;
  }
  return { wapePct: actualTotal ? (100 * absolute) / actualTotal : 0, totalError: predictedTotal - actualTotal, byBand, byType };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** Least-squares line through (0, y0) … (n−1, yn−1), read at x; not below zero. */
export function trendAt(values: readonly number[], x: number): number {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = sum(values) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((y, i) => {
    covariance += (i - meanX) * (y - meanY);
    variance += (i - meanX) ** 2;
  });
  const slope = variance ? covariance / variance : 0;
  return Math.max(0, meanY + slope * (x - meanX));
}

/**
 * Backtests from `origin` (a month end) for each horizon, fitting on `window` months up to it.
 * Horizons whose target date is after `dataEnd` are left out.
 */
export function backtest(
  histories: readonly ChildHistory[],
  origin: IsoDate,
  horizons: readonly number[],
  window: number,
  dataEnd: IsoDate,
  simulations = 200,
): BacktestRun[] {
  const usable = horizons.filter((horizon) => monthEnd(addMonths(`${origin.slice(0, 8)}01`, horizon)) <= dataEnd);
  if (!usable.length) return [];
  const model = fit(histories, origin, window);
  const longest = Math.max(...usable);
  const result = forecast(model, { horizon: longest, simulations });
  const history = stockSeries(stateMatrix(histories, monthEndsBack(origin, TREND_POINTS - 1)), TREND_POINTS);
  return usable.map((horizon) => {
    const target = result.months[horizon - 1]!;
    const actual = stockSeries(stateMatrix(histories, [target]), 1)[0]!;
    const predicted = result.expected[horizon - 1]!;
    const lastValue = history[TREND_POINTS - 1]!;
    const trend = Array.from({ length: STATES }, (_, state) =>
      trendAt(
        history.map((month) => month[state]!),
        TREND_POINTS - 1 + horizon,
      ),
    );
    const actualTotal = sum(actual);
    const total = sum(predicted);
    const low = result.total.low[horizon - 1]!;
    const high = result.total.high[horizon - 1]!;
    return {
      origin,
      horizon,
      target,
      actualTotal,
      actualByBand: Array.from({ length: BANDS }, (_, band) => sum(actual.filter((_, state) => bandOf(state) === band))),
      actualByType: Array.from({ length: TYPES }, (_, type) => sum(actual.filter((_, state) => typeOf(state) === type))),
      model: { ...errorOf(predicted, actual), total, low, high, covered: actualTotal >= low && actualTotal <= high },
      lastValue: { ...errorOf(lastValue, actual), total: sum(lastValue) },
      trend: { ...errorOf(trend, actual), total: sum(trend) },
    };
  });
}

/** The standard backtest: from 24 months before the data end (12 and 24 months ahead) and from 12 months before (12 ahead). */
export function standardBacktest(histories: readonly ChildHistory[], dataEnd: IsoDate, window: number, simulations = 200): BacktestRun[] {
  const back = (months: number) => monthEnd(addMonths(`${dataEnd.slice(0, 8)}01`, -months));
  return [...backtest(histories, back(24), [12, 24], window, dataEnd, simulations), ...backtest(histories, back(12), [12], window, dataEnd, simulations)];
}
