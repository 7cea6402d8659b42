/**
 * The looked-after forecast: a monthly multi-state (Markov) model fitted to the council's own
 * history, in the spirit of data-to-insight's Children's Social Care Demand Model, written afresh.
 *
 * Fitting. At each month end of the fitting window every child is in one state (age band ×
 * placement type, or not looked after: states.ts). For each pair of consecutive month ends:
 *   - a child looked after at the first is counted in `exposure[s]` and in `transitions[s][s']`,
 *     s' being where they are a month later (OUT when no longer looked after, 18 included);
 *   - a child not looked after at the first and looked after at the second is an entry into s'.
 * The monthly probability of s → s' is transitions / exposure; the monthly entry rate into s' is
 * entries / months. Stays shorter than a month that start and end between month ends are not seen.
 * A state never occupied in the window borrows its band's pooled leaving and ageing rates.
 *
 * Projection. The expected stock n(t+1) = n(t) · P + λ, from the stock at the forecast date.
 * Prediction interval: `simulations` runs, each drawing the rates from their posterior given the
 * counts (Dirichlet rows, Gamma entry rates: uncertainty in the rates) and then the children's
 * moves (multinomial) and entries (Poisson): chance. The interval is the 5th to 95th percentile.
 * The random numbers are seeded, so the same data give the same forecast.
 */
import { addMonths, daysInMonth, monthEnd, type IsoDate } from '../core/dates.ts';
import { Rng } from '../demo/random.ts';
import { BANDS, OUT, STATES, TYPES, bandOf, stateOf, stateOn, typeIndex, typeOf, type ChildHistory } from './states.ts';

export const INTERVAL = { low: 0.05, high: 0.95, label: '90% prediction interval' } as const;

export interface FittedModel {
  /** The month end the model is fitted up to and forecasts from. */
  from: IsoDate;
  /** Pairs of month ends counted (at most the window asked for; fewer when history is shorter). */
  months: number;
  /** transitions[s][s'] for s' in 0..STATES (STATES = not looked after). */
  transitions: number[][];
  exposure: number[];
  entries: number[];
  /** Children in each state at `from`. */
  stock: number[];
}

/** Month ends from `count` months before `from` to `from`, oldest first. */
export function monthEndsBack(from: IsoDate, count: number): IsoDate[] {
  const ends: IsoDate[] = [];
  for (let back = count; back >= 0; back--) ends.push(monthEnd(addMonths(`${from.slice(0, 8)}01`, -back)));
  return ends;
}

export function monthEndsAhead(from: IsoDate, count: number): IsoDate[] {
  const ends: IsoDate[] = [];
  for (let ahead = 1; ahead <= count; ahead++) ends.push(monthEnd(addMonths(`${from.slice(0, 8)}01`, ahead)));
  return ends;
}

/** Each child's state at each month end (rows: children; -1 = not looked after). */
export function stateMatrix(histories: readonly ChildHistory[], ends: readonly IsoDate[]): Int8Array[] {
  return histories.map((child) => {
    const row = new Int8Array(ends.length);
    ends.forEach((end, index) => (row[index] = stateOn(child, end)));
    return row;
  });
}

/** Counts in each state at each month end (rows: month ends). */
export function stockSeries(matrix: readonly Int8Array[], length: number): number[][] {
  const series = Array.from({ length }, () => new Array<number>(STATES).fill(0));
  for (const row of matrix) for (let index = 0; index < length; index++) if (row[index]! >= 0) series[index]![row[index]!]!++;
  return series;
}

/** Fits the model on the `window` months up to `from` (a month end). */
export function fit(histories: readonly ChildHistory[], from: IsoDate, window: number): FittedModel {
  const ends = monthEndsBack(from, window);
  const matrix = stateMatrix(histories, ends);
  const transitions = Array.from({ length: STATES }, () => new Array<number>(STATES + 1).fill(0));
  const exposure = new Array<number>(STATES).fill(0);
  const entries = new Array<number>(STATES).fill(0);
  const stock = new Array<number>(STATES).fill(0);
  for (const row of matrix) {
    for (let index = 0; index < window; index++) {
      const a = row[index]!;
      const b = row[index + 1]!;
      if (a >= 0) {
        exposure[a]!++;
        transitions[a]![b >= 0 ? b : OUT]!++;
      } else if (b >= 0) entries[b]!++;
    }
    if (row[window]! >= 0) stock[row[window]!]!++;
  }
  return { from, months: window, transitions, exposure, entries, stock };
}

/** Monthly transition rows (each sums to 1) and entry rates, from counts. */
export interface Rates {
  p: number[][];
  lambda: number[];
}

/** Leaving and ageing rates pooled over a band, for states with no exposure. */
function pooledRow(model: FittedModel, state: number): number[] {
  const band = bandOf(state);
  let exposure = 0;
  let out = 0;
  let up = 0;
  for (let type = 0; type < TYPES; type++) {
    const s = stateOf(band, type);
    exposure += model.exposure[s]!;
    out += model.transitions[s]![OUT]!;
    for (let to = 0; to < STATES; to++) if (bandOf(to) === band + 1) up += model.transitions[s]![to]!;
  }
  const row = new Array<number>(STATES + 1).fill(0);
  const pOut = exposure ? out / exposure : 0;
  const pUp = exposure && band + 1 < BANDS ? up / exposure : 0;
  row[OUT] = pOut;
  if (band + 1 < BANDS) row[stateOf(band + 1, typeOf(state))] = pUp;
  row[state] = 1 - pOut - pUp;
  return row;
}

export function expectedRates(model: FittedModel): Rates {
  const p = model.transitions.map((row, state) => {
    const exposure = model.exposure[state]!;
    return exposure ? row.map((count) => count / exposure) : pooledRow(model, state);
  });
  return { p, lambda: model.entries.map((count) => (model.months ? count / model.months : 0)) };
}

// ---- random draws ------------------------------------------------------------------------------

function normal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted). */
function gamma(rng: Rng, shape: number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng.next() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.next();
  while (product > limit) {
    k++;
    product *= rng.next();
  }
  return k;
}

function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 40) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  const mean = n * p;
  if (mean < 15 || n - mean < 15) {
    // Inversion, on the rarer side.
    const flip = p > 0.5;
    const q = flip ? 1 - p : p;
    const ratio = q / (1 - q);
    let probability = Math.pow(1 - q, n);
    let cumulative = probability;
    const u = rng.next();
    let k = 0;
    while (u > cumulative && k < n) {
      probability *= (ratio * (n - k)) / (k + 1);
      cumulative += probability;
      k++;
    }
    return flip ? n - k : k;
  }
  return Math.min(n, Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(rng))));
}

/** Rates drawn from their posterior given the counts (Dirichlet rows over observed moves; Gamma entry rates). */
export function drawRates(model: FittedModel, expected: Rates, rng: Rng): Rates {
  const p = model.transitions.map((row, state) => {
    if (!model.exposure[state]) return expected.p[state]!;
    const draws = row.map((count) => (count > 0 ? gamma(rng, count) : 0));
    const total = draws.reduce((a, b) => a + b, 0);
    return draws.map((draw) => draw / total);
  });
  const lambda = model.entries.map((count) => (model.months && count ? gamma(rng, count) / model.months : 0));
  return { p, lambda };
}

// ---- scenarios ---------------------------------------------------------------------------------

export interface Scenario {
  /** Multiplier of the entry rate, per age band (1 = as now). */
  entryMultiplier: number[];
  /** Share (0–1) of residential placements made as fostering instead, and of those now in residential moved. */
  residentialToFostering: number;
  /** Shorter time in care: monthly leaving rates divided by (1 − this), 0–0.9. */
  durationReduction: number;
  /** Extra in-house foster places, filled from children in agency fostering. */
  extraInHousePlaces: number;
}

export const BASELINE: Scenario = { entryMultiplier: new Array(BANDS).fill(1), residentialToFostering: 0, durationReduction: 0, extraInHousePlaces: 0 };

const RESIDENTIAL = typeIndex('residential');
const IN_HOUSE = typeIndex('fostering_in_house');
const AGENCY = typeIndex('fostering_agency');

/** Rates under a scenario. `fosterShare` splits fostering between in-house and agency. */
export function scenarioRates(rates: Rates, scenario: Scenario, inHouseShare: number): Rates {
  const shift = scenario.residentialToFostering;
  const toFostering = (row: number[], from: number | null) => {
    const next = [...row];
    for (let to = 0; to < STATES; to++) {
      if (typeOf(to) !== RESIDENTIAL || (from !== null && typeOf(from) === RESIDENTIAL)) continue;
      const moved = next[to]! * shift;
      next[to]! -= moved;
      const band = bandOf(to);
      next[stateOf(band, IN_HOUSE)]! += moved * inHouseShare;
      next[stateOf(band, AGENCY)]! += moved * (1 - inHouseShare);
    }
    return next;
  };
  const p = rates.p.map((row, from) => {
    let next = shift > 0 ? toFostering(row, from) : [...row];
    if (scenario.durationReduction > 0) {
      const out = Math.min(0.999, next[OUT]! / (1 - scenario.durationReduction));
      const rest = 1 - next[OUT]!;
      const scale = rest > 0 ? (1 - out) / rest : 0;
      next = next.map((value, to) => (to === OUT ? out : value * scale));
    }
    return next;
  });
  let lambda = rates.lambda.map((rate, state) => rate * (scenario.entryMultiplier[bandOf(state)] ?? 1));
  if (shift > 0) lambda = toFostering([...lambda, 0], null).slice(0, STATES);
  return { p, lambda };
}

/** Moves a share of the residential stock to fostering (the scenario's first month). */
function shiftStock(stock: number[], scenario: Scenario, inHouseShare: number, whole: boolean): number[] {
  const next = [...stock];
  if (scenario.residentialToFostering <= 0) return next;
  for (let band = 0; band < BANDS; band++) {
    const from = stateOf(band, RESIDENTIAL);
    const moved = whole ? Math.round(next[from]! * scenario.residentialToFostering) : next[from]! * scenario.residentialToFostering;
    next[from]! -= moved;
    const inHouse = whole ? Math.round(moved * inHouseShare) : moved * inHouseShare;
    next[stateOf(band, IN_HOUSE)]! += inHouse;
    next[stateOf(band, AGENCY)]! += moved - inHouse;
  }
  return next;
}

/** Fills in-house places up to `capacity` from agency fostering, band by band. */
function fillInHouse(stock: number[], capacity: number, whole: boolean): void {
  let inHouse = 0;
  for (let band = 0; band < BANDS; band++) inHouse += stock[stateOf(band, IN_HOUSE)]!;
  let room = capacity - inHouse;
  for (let band = BANDS - 1; band >= 0 && room > 0; band--) {
    const agency = stateOf(band, AGENCY);
    const moved = Math.min(room, whole ? Math.floor(stock[agency]!) : stock[agency]!);
    stock[agency]! -= moved;
    stock[stateOf(band, IN_HOUSE)]! += moved;
    room -= moved;
  }
}

// ---- projection --------------------------------------------------------------------------------

export interface Series {
  expected: number[];
  low: number[];
  high: number[];
}

export interface Forecast {
  from: IsoDate;
  months: IsoDate[];
  /** Expected children in each state at each month end (rows: months). */
  expected: number[][];
  total: Series;
  byBand: Series[];
  byType: Series[];
  /** Spend per month (pounds) when unit costs are given. */
  spend?: Series;
  /** Spend over each 12 months of the horizon, with the interval of the sum (not the sum of the intervals). */
  spendByYear?: { expected: number; low: number; high: number }[];
  scenario: Scenario;
  simulations: number;
}

/** Weekly cost per placement type (pounds, index as PLACEMENT_TYPES) for a month end; null = not set. */
export type WeeklyCosts = (monthEnd: IsoDate) => (number | null)[];

function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return 0;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function stepExpected(stock: number[], rates: Rates): number[] {
  const next = [...rates.lambda];
  stock.forEach((count, from) => {
    if (!count) return;
    const row = rates.p[from]!;
    for (let to = 0; to < STATES; to++) if (row[to]) next[to]! += count * row[to]!;
  });
  return next;
}

function stepSimulated(stock: number[], rates: Rates, rng: Rng): number[] {
  const next = rates.lambda.map((rate) => poisson(rng, rate));
  stock.forEach((count, from) => {
    let left = count;
    let mass = 1;
    const row = rates.p[from]!;
    for (let to = 0; to <= STATES && left > 0; to++) {
      const share = row[to]!;
      if (share <= 0) continue;
      const moved = mass <= share ? left : binomial(rng, left, share / mass);
      mass -= share;
      left -= moved;
      if (to < STATES) next[to]! += moved;
    }
  });
  return next;
}

const monthWeeks = (end: IsoDate) => daysInMonth(Number(end.slice(0, 4)), Number(end.slice(5, 7))) / 7;

function spendOf(stock: readonly number[], end: IsoDate, costs: WeeklyCosts): number {
  const weekly = costs(end);
  let spend = 0;
  stock.forEach((count, state) => (spend += count * (weekly[typeOf(state)] ?? 0)));
  return spend * monthWeeks(end);
}

export interface ForecastOptions {
  horizon: number;
  scenario?: Scenario;
  simulations?: number;
  seed?: number;
  costs?: WeeklyCosts;
}

function spendSeries(spend: Series, yearSpend: Float64Array[]): Pick<Forecast, 'spend' | 'spendByYear'> {
  return {
    spend,
    spendByYear: yearSpend.map((sums, year) => {
      const sorted = sums.slice().sort();
      return {
        expected: spend.expected.slice(year * 12, year * 12 + 12).reduce((a, b) => a + b, 0),
        low: quantile(sorted, INTERVAL.low),
        high: quantile(sorted, INTERVAL.high),
      };
    }),
  };
}

/** The forecast from a fitted model: expected path and prediction interval, under a scenario. */
export function forecast(model: FittedModel, options: ForecastOptions): Forecast {
  const scenario = options.scenario ?? BASELINE;
  const simulations = options.simulations ?? 200;
  const months = monthEndsAhead(model.from, options.horizon);
  const expected = expectedRates(model);
  let fosteringInHouse = 0;
  let fostering = 0;
  for (let band = 0; band < BANDS; band++) {
    fosteringInHouse += model.stock[stateOf(band, IN_HOUSE)]!;
    fostering += model.stock[stateOf(band, IN_HOUSE)]! + model.stock[stateOf(band, AGENCY)]!;
  }
  const inHouseShare = fostering ? fosteringInHouse / fostering : 0.5;
  const scenarioIsBaseline = scenario === BASELINE;
  // In-house places: the baseline's expected in-house fostering path plus the extra places.
  const baselinePath: number[][] = [];
  {
    let stock = [...model.stock];
    for (let month = 0; month < options.horizon; month++) {
      stock = stepExpected(stock, expected);
      baselinePath.push(stock);
    }
  }
  const inHouseOn = (stock: readonly number[]) => {
    let total = 0;
    for (let band = 0; band < BANDS; band++) total += stock[stateOf(band, IN_HOUSE)]!;
    return total;
  };
  const capacity = baselinePath.map((stock) => inHouseOn(stock) + scenario.extraInHousePlaces);
  const startCapacity = inHouseOn(model.stock) + scenario.extraInHousePlaces;

  const run = (rates: Rates, step: (stock: number[], rates: Rates) => number[], whole: boolean): number[][] => {
    let stock = scenarioIsBaseline ? [...model.stock] : shiftStock(model.stock, scenario, inHouseShare, whole);
    if (scenario.extraInHousePlaces > 0) fillInHouse(stock, startCapacity, whole);
    const path: number[][] = [];
    for (let month = 0; month < options.horizon; month++) {
      stock = step(stock, rates);
      if (scenario.extraInHousePlaces > 0) fillInHouse(stock, whole ? Math.round(capacity[month]!) : capacity[month]!, whole);
      path.push(stock);
    }
    return path;
  };
  const adjust = (rates: Rates) => (scenarioIsBaseline ? rates : scenarioRates(rates, scenario, inHouseShare));
  const expectedPath = scenarioIsBaseline ? baselinePath : run(adjust(expected), stepExpected, false);

  // Simulated paths: total, bands, types and spend per month, per simulation.
  const seriesCount = 1 + BANDS + TYPES + 1;
  const draws = Array.from({ length: seriesCount }, () => Array.from({ length: options.horizon }, () => new Float64Array(simulations)));
  const years = Math.ceil(options.horizon / 12);
  const yearSpend = Array.from({ length: years }, () => new Float64Array(simulations));
  const rng = new Rng(options.seed ?? 20260401);
  for (let sim = 0; sim < simulations; sim++) {
    const path = run(adjust(drawRates(model, expected, rng)), (stock, rates) => stepSimulated(stock, rates, rng), true);
    path.forEach((stock, month) => {
      let total = 0;
      stock.forEach((count, state) => {
        total += count;
        draws[1 + bandOf(state)]![month]![sim]! += count;
        draws[1 + BANDS + typeOf(state)]![month]![sim]! += count;
      });
      draws[0]![month]![sim] = total;
      if (options.costs) {
        const spend = spendOf(stock, months[month]!, options.costs);
        draws[seriesCount - 1]![month]![sim] = spend;
        yearSpend[Math.floor(month / 12)]![sim]! += spend;
      }
    });
  }
  const series = (index: number, value: (stock: number[], month: number) => number): Series => {
    const sorted = draws[index]!.map((values) => values.slice().sort());
    return {
      expected: expectedPath.map((stock, month) => value(stock, month)),
      low: sorted.map((values) => quantile(values, INTERVAL.low)),
      high: sorted.map((values) => quantile(values, INTERVAL.high)),
    };
  };
  const sum = (stock: number[], pick: (state: number) => boolean) => stock.reduce((total, count, state) => (pick(state) ? total + count : total), 0);
  return {
    from: model.from,
    months,
    expected: expectedPath,
    total: series(0, (stock) => sum(stock, () => true)),
    byBand: Array.from({ length: BANDS }, (_, band) => series(1 + band, (stock) => sum(stock, (state) => bandOf(state) === band))),
    byType: Array.from({ length: TYPES }, (_, type) => series(1 + BANDS + type, (stock) => sum(stock, (state) => typeOf(state) === type))),
    ...(options.costs
      ? spendSeries(
          series(seriesCount - 1, (stock, month) => spendOf(stock, months[month]!, options.costs!)),
          yearSpend,
        )
      : {}),
    scenario,
    simulations,
  };
}
