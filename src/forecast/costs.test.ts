import { describe, expect, it } from 'vitest';
import { costsFor, financialYearOf, placesFor, type UnitCost } from './data.ts';
import { BASELINE, scenarioRates, type Rates } from './model.ts';
import { OUT, STATES, stateOf, typeIndex } from './states.ts';

const cost = (placementType: UnitCost['placementType'], financialYear: number, weeklyCostPounds: number, places: number | null = null): UnitCost => ({
  placementType,
  financialYear,
  weeklyCostPounds,
  places,
  updatedBy: 'test',
  updatedAt: '2026-01-01',
});

describe('unit costs by financial year', () => {
  const costs = [cost('residential', 2025, 5000, 4), cost('residential', 2026, 5400), cost('fostering_in_house', 2026, 450, 30)];
  const residential = typeIndex('residential');
  const inHouse = typeIndex('fostering_in_house');

  it('reads April to March years', () => {
    expect(financialYearOf('2026-03-31')).toBe(2025);
    expect(financialYearOf('2026-04-30')).toBe(2026);
  });

  it('uses the year’s own cost, else the latest earlier year’s, else none', () => {
    const of = costsFor(costs);
    expect(of('2026-03-31')[residential]).toBe(5000);
    expect(of('2026-04-30')[residential]).toBe(5400);
    expect(of('2029-01-31')[residential]).toBe(5400);
    expect(of('2025-03-31')[residential]).toBeNull();
    expect(of('2026-03-31')[inHouse]).toBeNull();
    expect(placesFor(costs, '2026-05-31')[inHouse]).toBe(30);
    expect(placesFor(costs, '2026-05-31')[residential]).toBeNull();
    expect(placesFor(costs, '2025-05-31')[residential]).toBe(4);
  });
});

describe('shorter time in care', () => {
  it('raises the monthly leaving rate by 1 / (1 − reduction) and scales the other moves to fit', () => {
    const from = stateOf(2, typeIndex('kinship'));
    const row = new Array<number>(STATES + 1).fill(0);
    row[OUT] = 0.25;
    row[from] = 0.75;
    const rates: Rates = { p: Array.from({ length: STATES }, (_, state) => (state === from ? row : [...row])), lambda: new Array(STATES).fill(0) };
    const shorter = scenarioRates(rates, { ...BASELINE, durationReduction: 0.5 }, 0.5);
    // Mean time in care 1 / 0.25 = 4 months becomes 1 / 0.5 = 2 months: half as long.
    expect(shorter.p[from]![OUT]).toBeCloseTo(0.5, 10);
    expect(shorter.p[from]![from]).toBeCloseTo(0.5, 10);
  });
});
