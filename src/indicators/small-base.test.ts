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

  it('leaves a month whose data cover part of its window out of the limits, and gives no verdict when the latest is such', () => {
    // A 12-month rate from one SSDA903 return: months 0–18 count placements before the return's year only
    // in part (partial), and rise as the year fills; only month 19 has its 12 months held.
    const partial = {
      status: 'partial' as const,
      reason: 'placements (ssd_cla_placement) are held for April 2017 to March 2018, part of the 12 months counted.',
    };
    const rising = series({}).map((point, index) => ({ ...point, value: 5 + index / 2, ...(index < 19 ? { coverage: partial } : {}) }));
    const { spc } = spcWithSmallBase(percent, rising, []);
    // Nothing left to set limits from: no verdict, though the partial values are still drawn.
    expect([spc.variation, spc.assurance]).toEqual(['insufficient_data', 'insufficient_data']);
    expect(spc.points[0]!.value).toBe(5);
    expect(spc.points.every((point) => point.special === null)).toBe(true);
    // A partial month amid full ones: left out of the limits, as if absent.
    const points = series({}).map((point, index) => (index === 10 ? { ...point, value: 99, coverage: partial } : point));
    const without = spcWithSmallBase(
      percent,
      points.map((point, index) => (index === 10 ? { ...point, value: null } : point)),
      [],
    );
    expect(spcWithSmallBase(percent, points, []).spc.points[0]!.upper).toBe(without.spc.points[0]!.upper);
    const latestPartial = spcWithSmallBase(
      percent,
      series({}).map((point, index) => (index === 19 ? { ...point, coverage: partial } : point)),
      [],
    );
    expect([latestPartial.spc.variation, latestPartial.spc.assurance]).toEqual(['insufficient_data', 'insufficient_data']);
  });
});
