import { describe, expect, it } from 'vitest';
import { backtest, trendAt } from './backtest.ts';
import type { ChildHistory } from './states.ts';

describe('backtest, by hand', () => {
  it('fits the linear trend by least squares, never below zero', () => {
    expect(trendAt([10, 12, 14], 5)).toBeCloseTo(20, 10);
    expect(trendAt([3, 2, 1], 10)).toBe(0);
    expect(trendAt([7], 4)).toBe(7);
  });

  it('scores the model and both naive forecasts against what happened', () => {
    // Twelve children in residential care since 2020, all aged 10 to 15 throughout; one leaves on
    // 15 June 2025. Fitted on 2024 (no moves at all), every method forecasts 12 for 31 Dec 2025;
    // 11 were looked after: error 1 / 11 = 9.09% for each.
    const histories: ChildHistory[] = Array.from({ length: 12 }, (_, index) => ({
      childId: `C${index}`,
      birth: '2012-06-01',
      spells: [{ start: '2020-01-01', end: index === 0 ? '2025-06-15' : null, type: 'residential' as const }],
    }));
    const [run] = backtest(histories, '2024-12-31', [12, 24], 12, '2025-12-31', 50);
    expect(run!.horizon).toBe(12);
    expect(run!.target).toBe('2025-12-31');
    expect(run!.actualTotal).toBe(11);
    expect(run!.model.total).toBeCloseTo(12, 10);
    expect(run!.model.wapePct).toBeCloseTo(100 / 11, 10);
    expect(run!.lastValue.wapePct).toBeCloseTo(100 / 11, 10);
    expect(run!.trend.wapePct).toBeCloseTo(100 / 11, 10);
    expect(run!.model.totalError).toBeCloseTo(1, 10);
    expect(run!.actualByType[3]).toBe(11);
    // 24 months ahead is after the data end: left out.
    expect(backtest(histories, '2024-12-31', [24], 12, '2025-12-31')).toEqual([]);
  });
});
