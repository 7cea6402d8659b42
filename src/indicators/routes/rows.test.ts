/** A dashboard row whose latest month has nothing to count says so, rather than an unexplained "–" and "Too few points". */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/index.ts';
import { spcWithSmallBase, type IndicatorResult } from '../analysis.ts';
import { attentionWhy, rowOf } from './rows.ts';

const reReferrals = CATALOGUE.find((indicator) => indicator.id === 'demand.re_referrals_pct')!;

function resultWith(latest: { numerator: number; denominator: number; value: number | null }): IndicatorResult {
  const series = [
    { asOf: '2026-09-30', numerator: 3, denominator: 12, value: 25 },
    { asOf: '2026-10-31', ...latest },
  ];
  return {
    indicator: reReferrals,
    series,
    latest: series[1]!,
    previous: series[0]!,
    yearBefore: null,
    target: null,
    benchmarks: { england: null, region: null, neighbours: null },
    ...spcWithSmallBase(reReferrals, series, []),
    direction: null,
    events: [],
  };
}

describe('dashboard rows', () => {
  it('says a team with no referrals in the month has nothing to count, and why there is no verdict', () => {
    const row = rowOf(resultWith({ numerator: 0, denominator: 0, value: null }), '2026-10-31', { kind: 'teams', teamIds: ['T1'] });
    expect(row.value).toBe('Nothing to count');
    expect(row.counts).toBe('Referrals in the month: 0');
    expect(row.variation.text).toBe('No verdict: nothing to count');
    expect(row.assurance.text).toBe('No verdict: nothing to count');
  });

  it('leaves a month with a value as it was', () => {
    const row = rowOf(resultWith({ numerator: 0, denominator: 14, value: 0 }), '2026-10-31');
    expect(row.value).toBe('0.0%');
    expect(row.counts).toBe('0 of 14');
  });

  it('says on the overview that a signal rests on provisional limits', () => {
    const values = [10, 10, 11, 9, 10, 10, 11, 9, 10, 90];
    const series = values.map((value, index) => ({ asOf: `2026-${String(index + 1).padStart(2, '0')}-28`, numerator: value, denominator: 100, value }));
    const result = { ...resultWith(series.at(-1)!), series, latest: series.at(-1)!, previous: series.at(-2)!, ...spcWithSmallBase(reReferrals, series, []) };
    expect(result.spc.provisional).toBe(true); // 10 months
    expect(attentionWhy(result)).toBe(
      'a concerning signal (beyond the worse control limit), on provisional limits: fewer than 15 months since the last process change',
    );
    expect(rowOf(result, '2026-10-28').provisional).toBe('Provisional limits: fewer than 15 months since the last process change');
  });
});
