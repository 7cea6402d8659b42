import { describe, expect, it } from 'vitest';
import { analyse, signalReasons, targetOn } from './spc.ts';
import type { IsoDate } from '../core/dates.ts';

const months = (count: number, from = 2020) =>
  Array.from({ length: count }, (_, index) => `${from + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-28`);
const series = (values: number[], from?: number) => months(values.length, from).map((date, index) => ({ date, value: values[index]! }));

describe('XmR limits and Making Data Count rules', () => {
  it('computes the mean and limits from the mean moving range (hand-worked)', () => {
    // 10 12 11 13 12 11 12: mean 81/7 = 11.571429; moving ranges 2 1 2 1 1 1, mean 8/6 = 1.333333;
    // limits 11.571429 ± 2.66 × 1.333333 = 15.118095 and 8.024762. No rule fires.
    const result = analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'higher_better', target: 9 });
    expect(result.segments[0]).toMatchObject({ mean: 11.571429, movingRangeMean: 1.333333, upper: 15.118095, lower: 8.024762 });
    expect(result.variation).toBe('common_cause');
    expect(result.points.every((point) => point.special === null)).toBe(true);
    // Target 9 sits between the limits: hit and miss. 8 is below the lower limit: consistently passing.
    expect(result.assurance).toBe('hit_and_miss');
    expect(analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'higher_better', target: 8 }).assurance).toBe('consistently_passing');
    expect(analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'higher_better', target: 16 }).assurance).toBe('consistently_failing');
    expect(analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'lower_better', target: 16 }).assurance).toBe('consistently_passing');
    expect(analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'neutral', target: 16 }).assurance).toBe('no_target');
    expect(result.provisional).toBe(true); // fewer than 15 points
  });

  it('flags a point beyond a limit, read through the polarity', () => {
    // Ten 10s then 20: mean 120/11 = 10.909091, moving ranges all 0 but the last (10): mean 1; upper 13.569091.
    const values = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20];
    const up = analyse({ points: series(values), polarity: 'higher_better' });
    expect(up.segments[0]!.upper).toBe(13.569091);
    expect(up.points[10]).toMatchObject({ special: 'high', rules: ['astronomical'] });
    expect(up.variation).toBe('special_cause_improving');
    expect(analyse({ points: series(values), polarity: 'lower_better' }).variation).toBe('special_cause_concerning');
    expect(analyse({ points: series(values), polarity: 'neutral' }).variation).toBe('special_cause_high');
    // Why, in words, for the overview's lists.
    expect(signalReasons(up.points, 'higher_better')).toEqual(['beyond the better control limit']);
    expect(signalReasons(up.points, 'lower_better')).toEqual(['beyond the worse control limit']);
    expect(signalReasons(up.points, 'neutral')).toEqual(['beyond the upper control limit']);
    expect(signalReasons(analyse({ points: series([10, 12, 11, 13, 12, 11, 12]), polarity: 'higher_better' }).points, 'higher_better')).toEqual([]);
  });

  it('says why a month is a signal: a shift below the mean, read as better when lower is better', () => {
    // 14 10 14 10 14 then 10 11 10.5 11 10.5 11 10.5 11: mean 147.5 / 13 = 11.346154; moving ranges five 4s, a 1 and
    // six 0.5s, mean 24 / 12 = 2; limits 11.346154 ± 5.32. The last eight are all below the mean (a shift), no trend
    // (they alternate), none beyond 2 sigma (7.80).
    const result = analyse({ points: series([14, 10, 14, 10, 14, 10, 11, 10.5, 11, 10.5, 11, 10.5, 11]), polarity: 'lower_better' });
    const latest = result.points.at(-1)!;
    expect(latest).toMatchObject({ special: 'low', rules: ['shift'] });
    expect(result.variation).toBe('special_cause_improving');
    expect(signalReasons(result.points, 'lower_better')).toEqual(['7 or more months in a row better than the average']);
    expect(signalReasons(result.points, 'higher_better')).toEqual(['7 or more months in a row worse than the average']);
  });

  it('names only the rules that flag the latest month on the side of its signal: a falling run above the mean is no rising trend', () => {
    // 5 ×7 then 20 19 … 14: mean 154 / 14 = 11; moving ranges six 0s, a 15 and six 1s, mean 21 / 13 = 1.615385;
    // upper 11 + 2.66 × 1.615385 = 15.296923, so 2 sigma above the mean is 13.864615. The last point, 14, is in a run of
    // 7 above the mean (shift, high), a run of 7 falling (trend, low) and 16 15 14 all beyond 2 sigma (two of three, high).
    const result = analyse({ points: series([5, 5, 5, 5, 5, 5, 5, 20, 19, 18, 17, 16, 15, 14]), polarity: 'higher_better' });
    expect(result.segments[0]!.upper).toBe(15.296923);
    expect(result.points.at(-1)).toMatchObject({ special: 'high', rules: ['shift', 'trend', 'two_of_three'] });
    expect(signalReasons(result.points, 'higher_better')).toEqual([
      '7 or more months in a row better than the average',
      '2 of the last 3 months near the better control limit',
    ]);
    // A month with no value is not the latest month: the reasons are the last valued month's.
    const gap = [...result.points, { ...result.points.at(-1)!, date: '2031-01-31' as IsoDate, value: null, special: null, rules: [] }];
    expect(signalReasons(gap, 'higher_better')).toHaveLength(2);
  });

  it('flags a shift of 7 points on one side of the mean', () => {
    // 1 2 1 2 1 2 1 then 5 6 5 6 5 6 5: mean 48/14 = 3.428571; the first 7 are below, the last 7 above.
    const result = analyse({ points: series([1, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5, 6, 5]), polarity: 'lower_better' });
    expect(result.points.slice(0, 7).every((point) => point.special === 'low' && point.rules.includes('shift'))).toBe(true);
    expect(result.points.slice(7).every((point) => point.special === 'high' && point.rules.includes('shift'))).toBe(true);
    expect(result.variation).toBe('special_cause_concerning');
    // Six on one side is not a shift.
    expect(analyse({ points: series([1, 2, 1, 2, 1, 2, 5, 6, 5, 6, 5, 6]), polarity: 'neutral' }).points.some((point) => point.rules.includes('shift'))).toBe(
      false,
    );
  });

  it('flags a trend of 6 points each higher than the one before', () => {
    // 3 4 3 4 3 4 1 2 3 4 5 6: mean 3.5, limits 0.356 to 6.644 (mean moving range 13/11); only the last six trend.
    const result = analyse({ points: series([3, 4, 3, 4, 3, 4, 1, 2, 3, 4, 5, 6]), polarity: 'higher_better' });
    expect(result.points.map((point) => point.rules.includes('trend'))).toEqual([false, false, false, false, false, false, true, true, true, true, true, true]);
    expect(result.points.some((point) => point.rules.includes('astronomical'))).toBe(false);
    expect(result.variation).toBe('special_cause_improving');
  });

  it('flags two of three points beyond 2 sigma on one side', () => {
    // 20 points alternating 10, 12, then 15, 15: mean 250/22 = 11.363636; moving ranges 19 × 2, 3, 0: mean
    // 41/21 = 1.952381; upper limit 16.556970; sigma a third of the distance to it, 1.731111; 2 sigma above
    // the mean 14.825859. The two 15s are inside the limits but beyond 2 sigma.
    const values = [...Array.from({ length: 20 }, (_, index) => (index % 2 ? 12 : 10)), 15, 15];
    const result = analyse({ points: series(values), polarity: 'higher_better' });
    expect(result.segments[0]!.upper).toBe(16.55697);
    expect(result.points.slice(20).every((point) => point.special === 'high' && point.rules.join() === 'two_of_three')).toBe(true);
    expect(result.variation).toBe('special_cause_improving');
    expect(result.provisional).toBe(false);
  });

  it('recalculates the limits from a marked process change', () => {
    // 10, 10.5 alternating for 8 months, then 20, 20.5 from the change: each segment has mean ± 2.66 × 0.5.
    const values = [10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 20, 20.5, 20, 20.5, 20, 20.5, 20, 20.5];
    const points = series(values);
    const result = analyse({ points, polarity: 'neutral', processChanges: [points[8]!.date] });
    expect(result.segments.map((segment) => [segment.mean, segment.upper, segment.lower])).toEqual([
      [10.25, 11.58, 8.92],
      [20.25, 21.58, 18.92],
    ]);
    expect(result.variation).toBe('common_cause');
    // Without the change the jump is special cause.
    expect(analyse({ points, polarity: 'neutral' }).variation).not.toBe('common_cause');
  });

  it('skips missing months and says when there are too few points', () => {
    const result = analyse({
      points: [
        { date: '2024-01-31', value: 5 },
        { date: '2024-02-29', value: null },
      ],
      polarity: 'higher_better',
      target: 3,
    });
    expect(result.variation).toBe('insufficient_data');
    expect(result.assurance).toBe('insufficient_data');
  });
});

describe('targets and trajectories', () => {
  it('interpolates a trajectory linearly between its dates, flat outside', () => {
    const trajectory = [
      { date: '2017-03-31', value: 61 },
      { date: '2018-03-31', value: 80 },
      { date: '2019-03-31', value: 90 },
    ];
    // 30 Sept 2017 is 183 of the 365 days from 31 March 2017: 61 + 19 × 183/365 = 70.526027.
    expect(targetOn('2017-09-30', null, trajectory)).toBe(70.526027);
    expect(targetOn('2016-01-01', null, trajectory)).toBe(61);
    expect(targetOn('2018-03-31', null, trajectory)).toBe(80);
    expect(targetOn('2020-01-01', null, trajectory)).toBe(90);
    expect(targetOn('2020-01-01', 75)).toBe(75);
  });

  it('judges assurance against the target on the latest point', () => {
    const points = series([10, 12, 11, 13, 12, 11, 12]);
    const trajectory = [
      { date: points[0]!.date, value: 16 },
      { date: points[6]!.date, value: 8 },
    ];
    expect(analyse({ points, polarity: 'higher_better', trajectory }).assurance).toBe('consistently_passing');
  });
});
