import { describe, expect, it } from 'vitest';
import { BASELINE, expectedRates, fit, forecast } from './model.ts';
import { OUT, placementTypeOf, spellsOf, stateOf, stateOn, typeIndex, type ChildHistory, type EpisodeRow, type PlacementRow } from './states.ts';

// A tiny history, worked by hand. Forecast from 31 March 2024, fitted on two month-end pairs
// (31 Jan → 29 Feb, 29 Feb → 31 Mar 2024).
//  A (aged 13) fostered in-house, then moves to a children's home on 10 Feb: in-house → residential, residential → residential.
//  B turns 5 on 15 Feb in kinship care: (1–4, kinship) → (5–9, kinship), then stays.
//  C (aged 8, agency foster care) leaves care on 5 Feb and returns on 10 Mar: agency → not looked after; an entry into (5–9, agency).
//  D has short breaks only (V3): never looked after.
//  E (born Dec 2023) enters in-house foster care on 1 Feb: an entry into (under 1, in-house), then stays.
const episodes: EpisodeRow[] = [
  { childId: 'A', start: '2023-06-01', end: '2024-02-10', legalStatus: 'C2', placementId: 'A1' },
  { childId: 'A', start: '2024-02-10', end: null, legalStatus: 'C2', placementId: 'A2' },
  { childId: 'B', start: '2023-01-01', end: null, legalStatus: 'C1', placementId: 'B1' },
  { childId: 'C', start: '2023-10-01', end: '2024-02-05', legalStatus: 'V2', placementId: 'C1' },
  { childId: 'C', start: '2024-03-10', end: null, legalStatus: 'V2', placementId: 'C2' },
  { childId: 'D', start: '2024-01-20', end: '2024-03-20', legalStatus: 'V3', placementId: 'D1' },
  { childId: 'E', start: '2024-02-01', end: null, legalStatus: 'L1', placementId: 'E1' },
];
const placements: PlacementRow[] = [
  { placementId: 'A1', childId: 'A', start: '2023-06-01', end: '2024-02-10', place: 'U6', provider: 'PR1' },
  { placementId: 'A2', childId: 'A', start: '2024-02-10', end: null, place: 'K2', provider: 'PR4' },
  { placementId: 'B1', childId: 'B', start: '2023-01-01', end: null, place: 'U3', provider: 'PR1' },
  { placementId: 'C1', childId: 'C', start: '2023-10-01', end: '2024-02-05', place: 'U6', provider: 'PR4' },
  { placementId: 'C2', childId: 'C', start: '2024-03-10', end: null, place: 'U6', provider: 'PR4' },
  { placementId: 'D1', childId: 'D', start: '2024-01-20', end: '2024-03-20', place: 'U6', provider: 'PR1' },
  { placementId: 'E1', childId: 'E', start: '2024-02-01', end: null, place: 'U6', provider: 'PR1' },
];
const births: Record<string, string> = { A: '2010-02-15', B: '2019-02-15', C: '2015-05-05', D: '2012-01-01', E: '2023-12-01' };
const histories: ChildHistory[] = Object.keys(births).map((childId) => ({
  childId,
  birth: births[childId]!,
  spells: spellsOf(
    episodes.filter((e) => e.childId === childId),
    placements.filter((p) => p.childId === childId),
  ),
}));

const IN_HOUSE = typeIndex('fostering_in_house');
const AGENCY = typeIndex('fostering_agency');
const KINSHIP = typeIndex('kinship');
const RESIDENTIAL = typeIndex('residential');
const [UNDER_1, , FIVE_TO_NINE, TEN_TO_FIFTEEN] = [0, 1, 2, 3];
const ONE_TO_FOUR = 1;

describe('placement types and states', () => {
  it('groups 903 placement codes, foster care by provider', () => {
    expect(placementTypeOf('U6', 'PR1')).toBe('fostering_in_house');
    expect(placementTypeOf('U4', 'PR4')).toBe('fostering_agency');
    expect(placementTypeOf('U5', null)).toBe('fostering_agency');
    expect(placementTypeOf('U1', 'PR1')).toBe('kinship');
    expect(placementTypeOf('K2', 'PR1')).toBe('residential');
    expect(placementTypeOf('H5', 'PR4')).toBe('semi_independent');
    expect(placementTypeOf('K3', 'PR4')).toBe('semi_independent'); // 2024-25 on, in place of H5 and P2
    expect(placementTypeOf('Z12', 'PR4')).toBe('other'); // 2025-26's Z11–Z14, in place of Z1
    expect(placementTypeOf('P1', 'PR0')).toBe('other');
    expect(placementTypeOf(null, null)).toBe('other');
  });

  it('leaves out short breaks (V3/V4), as DfE does', () => {
    const d = histories.find((child) => child.childId === 'D')!;
    expect(d.spells).toEqual([]);
    expect(stateOn(d, '2024-01-31')).toBe(-1);
  });

  it('reads the age band on each date, and ends care at 18', () => {
    const b = histories.find((child) => child.childId === 'B')!;
    expect(stateOn(b, '2024-01-31')).toBe(stateOf(ONE_TO_FOUR, KINSHIP));
    expect(stateOn(b, '2024-02-29')).toBe(stateOf(FIVE_TO_NINE, KINSHIP));
    expect(stateOn({ childId: 'X', birth: '2006-03-01', spells: [{ start: '2020-01-01', end: null, type: 'residential' }] }, '2024-03-31')).toBe(-1);
  });
});

describe('fitting the transition model', () => {
  const model = fit(histories, '2024-03-31', 2);

  it('counts each month-end move by hand', () => {
    const moves = (from: number) => Object.fromEntries(model.transitions[from]!.flatMap((count, to) => (count ? [[to, count]] : [])));
    expect(model.exposure.reduce((a, b) => a + b, 0)).toBe(6);
    expect(moves(stateOf(TEN_TO_FIFTEEN, IN_HOUSE))).toEqual({ [stateOf(TEN_TO_FIFTEEN, RESIDENTIAL)]: 1 });
    expect(moves(stateOf(TEN_TO_FIFTEEN, RESIDENTIAL))).toEqual({ [stateOf(TEN_TO_FIFTEEN, RESIDENTIAL)]: 1 });
    expect(moves(stateOf(ONE_TO_FOUR, KINSHIP))).toEqual({ [stateOf(FIVE_TO_NINE, KINSHIP)]: 1 });
    expect(moves(stateOf(FIVE_TO_NINE, AGENCY))).toEqual({ [OUT]: 1 });
    expect(moves(stateOf(UNDER_1, IN_HOUSE))).toEqual({ [stateOf(UNDER_1, IN_HOUSE)]: 1 });
    expect(model.entries[stateOf(FIVE_TO_NINE, AGENCY)]).toBe(1);
    expect(model.entries[stateOf(UNDER_1, IN_HOUSE)]).toBe(1);
    expect(model.entries.reduce((a, b) => a + b, 0)).toBe(2);
    expect(model.stock.reduce((a, b) => a + b, 0)).toBe(4);
    expect(expectedRates(model).lambda[stateOf(UNDER_1, IN_HOUSE)]).toBe(0.5);
  });

  it('projects the expected stock by hand: 4.0 after one month, 4.5 after two', () => {
    const result = forecast(model, { horizon: 2, simulations: 50 });
    expect(result.months).toEqual(['2024-04-30', '2024-05-31']);
    expect(result.total.expected[0]).toBeCloseTo(4, 10);
    expect(result.total.expected[1]).toBeCloseTo(4.5, 10);
    expect(result.byType[RESIDENTIAL]!.expected[1]).toBeCloseTo(1, 10);
    expect(result.byType[IN_HOUSE]!.expected[1]).toBeCloseTo(2, 10);
    expect(result.byType[AGENCY]!.expected[1]).toBeCloseTo(0.5, 10);
    expect(result.byBand[FIVE_TO_NINE]!.expected[0]).toBeCloseTo(1.5, 10);
    for (let month = 0; month < 2; month++) {
      expect(result.total.low[month]!).toBeLessThanOrEqual(result.total.expected[month]! + 1e-9);
      expect(result.total.high[month]!).toBeGreaterThanOrEqual(result.total.expected[month]! - 1e-9);
    }
    expect(forecast(model, { horizon: 2, simulations: 50 }).total).toEqual(result.total);
  });

  it('turns the forecast into spend with unit costs per week', () => {
    const weekly = [500, 900, 300, 5000, null, null];
    const result = forecast(model, { horizon: 2, simulations: 50, costs: () => weekly });
    // April 2024: in-house 1.5, agency 0.5, kinship 1, residential 1, for 30/7 weeks.
    expect(result.spend!.expected[0]).toBeCloseTo(((1.5 * 500 + 0.5 * 900 + 300 + 5000) * 30) / 7, 6);
    expect(result.spendByYear).toHaveLength(1);
    expect(result.spendByYear![0]!.expected).toBeCloseTo(result.spend!.expected[0]! + result.spend!.expected[1]!, 6);
  });

  it('applies scenarios: more entries, and residential care replaced by fostering', () => {
    const more = forecast(model, { horizon: 1, simulations: 10, scenario: { ...BASELINE, entryMultiplier: [1, 1, 2, 1, 1] } });
    expect(more.total.expected[0]).toBeCloseTo(4.5, 10);
    const shift = forecast(model, { horizon: 1, simulations: 10, scenario: { ...BASELINE, residentialToFostering: 1 } });
    expect(shift.byType[RESIDENTIAL]!.expected[0]).toBeCloseTo(0, 10);
    expect(shift.total.expected[0]).toBeCloseTo(4, 10);
    // Fostering is half in-house (E) and half agency (C) at the start, so A's residential place goes half to
    // each; the in-house half would move to residential (A's own move) and goes half and half again:
    // in-house 0.25 + E 1 + entries 0.5 = 1.75.
    expect(shift.byType[IN_HOUSE]!.expected[0]).toBeCloseTo(1.75, 10);
    const places = forecast(model, { horizon: 1, simulations: 10, scenario: { ...BASELINE, extraInHousePlaces: 5 } });
    // C moves to an in-house place at once; unobserved (5–9, in-house) borrows the band's leaving rate (1 of 2):
    // 0.5 + E 1 + entries 0.5, and the 0.5 agency entry takes a free in-house place too: 2.5.
    expect(places.byType[AGENCY]!.expected[0]).toBeCloseTo(0, 10);
    expect(places.byType[IN_HOUSE]!.expected[0]).toBeCloseTo(2.5, 10);
  });
});
