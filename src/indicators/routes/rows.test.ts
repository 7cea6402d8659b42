/** A dashboard row whose latest month has nothing to count says so, rather than an unexplained "–" and "Too few points". */
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/index.ts';
import { spcWithSmallBase, type IndicatorResult } from '../analysis.ts';
import { rowOf } from './rows.ts';

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
});
