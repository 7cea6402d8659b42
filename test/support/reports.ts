/** Hand-made indicator analyses for the report tests: a series analysed by the real SPC rules. */
import { addMonths, monthEnd, type IsoDate } from '../../src/core/dates.ts';
import { findIndicator } from '../../src/indicators/catalogue/index.ts';
import type { IndicatorResult } from '../../src/indicators/analysis.ts';
import type { Benchmarks } from '../../src/indicators/benchmarks/index.ts';
import type { BreakdownRow } from '../../src/indicators/engine.ts';
import { analyse, targetOn } from '../../src/indicators/spc.ts';

export const AS_OF = '2025-09-30';

/** Month-ends ending on AS_OF, one per value. */
export function monthsTo(count: number, asOf: IsoDate = AS_OF): IsoDate[] {
  return Array.from({ length: count }, (_, index) => monthEnd(addMonths(`${asOf.slice(0, 8)}01`, index - count + 1)));
}

/**
 * An analysis as analyseIndicators returns it, from [numerator, denominator] per month (oldest
 * first; denominator null for a count), with the target and England value given.
 */
export function handMade(
  id: string,
  months: [number, number | null][],
  options: { target?: number | null; england?: number | null; benchmarks?: Partial<Benchmarks> } = {},
): IndicatorResult {
  const indicator = findIndicator(id)!;
  const dates = monthsTo(months.length);
  const series = months.map(([numerator, denominator], index) => ({
    asOf: dates[index]!,
    numerator,
    denominator,
    value: denominator === null ? numerator : Math.round((numerator * 1000) / denominator) / 10,
  }));
  const target = options.target === undefined ? indicator.target : options.target;
  const spc = analyse({ points: series.map((point) => ({ date: point.asOf, value: point.value })), polarity: indicator.polarity, target });
  const latest = series.at(-1)!;
  const previous = series.at(-2) ?? null;
  const benchmarks: Benchmarks = {
    england:
      options.england === undefined || options.england === null
        ? null
        : { value: options.england, name: 'England', detail: 'published figure, 2024', label: 'England, 2024', source: 'test' },
    region: null,
    neighbours: null,
    ...options.benchmarks,
  };
  const change = previous ? (latest.value > previous.value! ? 'up' : latest.value < previous.value! ? 'down' : 'level') : null;
  return {
    indicator: { ...indicator, target },
    series,
    latest,
    previous,
    yearBefore: series.length >= 13 ? series.at(-13)! : null,
    target: targetOn(latest.asOf, target),
    benchmarks,
    spc,
    direction: change
      ? {
          change,
          meaning:
            change === 'level' || indicator.polarity === 'neutral'
              ? 'neutral'
              : (change === 'up') === (indicator.polarity === 'higher_better')
                ? 'better'
                : 'worse',
        }
      : null,
    events: [],
    smallBaseMonths: [],
  };
}

export function teams(rows: [label: string, numerator: number, denominator: number | null][]): BreakdownRow[] {
  return rows.map(([label, numerator, denominator]) => ({
    key: label,
    label,
    numerator,
    denominator,
    value: denominator === null ? numerator : denominator === 0 ? null : Math.round((numerator * 1000) / denominator) / 10,
  }));
}
