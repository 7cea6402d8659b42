/** Rates on too few children: marked, left out of the SPC limits, and given no verdict (issue 15). */
import { describe, expect, it } from 'vitest';
import { addMonths, monthEnd } from '../core/dates.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { isSmallBase, SMALL_BASE, spcWithSmallBase } from './analysis.ts';

const percent = CATALOGUE.find((indicator) => indicator.unit === '%')!;
const count = CATALOGUE.find((indicator) => indicator.unit === 'count')!;
const dates = Array.from({ length: 20 }, (_, index) => monthEnd(addMonths('2024-01-31', index)));
// 20 months of 40 to 50 children with about half passing; the months given are on `few` children.
const series = (few: Record<number, [number, number]>) =>
  dates.map((asOf, index) => {
    const [numerator, denominator] = few[index] ?? [20 + (index % 3), 40 + (index % 5)];
    return { asOf, numerator, denominator, value: Math.round((1000 * numerator) / denominator) / 10 };
  });

describe('small bases', () => {
  it('is a percentage on 1 to 9 children; not a count, nor a percentage of none', () => {
    expect(SMALL_BASE).toBe(10);
    expect(isSmallBase(percent, { denominator: 9 })).toBe(true);
    expect(isSmallBase(percent, { denominator: 1 })).toBe(true);
    expect(isSmallBase(percent, { denominator: 10 })).toBe(false);
    expect(isSmallBase(percent, { denominator: 0 })).toBe(false);
    expect(isSmallBase(count, { denominator: 3 })).toBe(false);
  });

  it('leaves a small-base month out of the limits and without a verdict, still showing its value', () => {
    // Month 10: 3 of 3 (100%) — far above the rest, but on three children.
    const points = series({ 10: [3, 3] });
    const { spc, smallBaseMonths } = spcWithSmallBase(percent, points, []);
    expect(smallBaseMonths).toEqual([dates[10]]);
    expect(spc.points[10]!.value).toBe(100);
    expect(spc.points[10]!.special).toBeNull();
    expect(spc.points[10]!.rules).toEqual([]);
    // The limits are those of the other 19 months: the same as with month 10 absent.
    const without = spcWithSmallBase(
      percent,
      points.map((point, index) => (index === 10 ? { ...point, value: null } : point)),
      [],
    );
    expect(spc.points[0]!.upper).toBe(without.spc.points[0]!.upper);
    expect(spc.variation).not.toBe('insufficient_data');
  });

  it('gives no verdict when the latest month rests on too few children, or has no figure', () => {
    const small = spcWithSmallBase(percent, series({ 19: [2, 6] }), []);
    expect([small.spc.variation, small.spc.assurance]).toEqual(['insufficient_data', 'insufficient_data']);
    const none = spcWithSmallBase(
      percent,
      series({}).map((point, index) => (index === 19 ? { ...point, numerator: 0, denominator: 0, value: null } : point)),
      [],
    );
    expect([none.spc.variation, none.spc.assurance]).toEqual(['insufficient_data', 'insufficient_data']);
    const enough = spcWithSmallBase(percent, series({ 19: [2, 10] }), []);
    expect(enough.spc.variation).not.toBe('insufficient_data');
  });
});
