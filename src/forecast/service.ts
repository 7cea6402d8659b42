/**
 * The forecast, its scenarios, backtest and sufficiency as the page, the CLI and reports ask for
 * them: one function each, so nothing is computed twice. Results are cached until the data change.
 */
import type { Database } from '../core/db/database.ts';
import { cached, dataVersion } from '../core/cache.ts';
import { dataPeriod } from '../indicators/analysis.ts';
import { addMonths, dayOfWeek, isBankHoliday, longDate, monthEnd, monthEndOnOrBefore, type IsoDate } from '../core/dates.ts';
import { backtest, type BacktestRun } from './backtest.ts';
import { costsFor, listScenarios, listUnitCosts, loadCareData, placesFor, type CareData, type SavedScenario, type UnitCost } from './data.ts';
import { fit, forecast, monthEndsBack, stateMatrix, stockSeries, type FittedModel, type Forecast } from './model.ts';
import { BANDS, PLACEMENT_TYPES, TYPES, bandOf, stateOn, typeOf } from './states.ts';

export const DEFAULT_WINDOW_MONTHS = 36;
export const MIN_WINDOW_MONTHS = 12;
export const MAX_HORIZON_MONTHS = 60;
export const SIMULATIONS = 200;
/** DfE's distance measure: placed more than 20 miles from home. */
export const FAR_MILES = 20;

export interface NotAvailable {
  available: false;
  reason: string;
}

const monthsBetween = (from: IsoDate, to: IsoDate) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));

/**
 * The care histories, with dataEnd the data period's month end (dataPeriod, as every dashboard opens
 * on), not the month of the last care event: a month with no one entering or leaving care is data too.
 */
export async function careData(database: Database, today: IsoDate): Promise<CareData> {
  const version = await dataVersion(database);
  return cached(database, version, `forecast.care:${today}`, async () => {
    const [data, period] = await Promise.all([loadCareData(database, today), dataPeriod(database, today, version)]);
    return data.dataEnd && period ? { ...data, dataEnd: period.defaultAsOf } : data;
  });
}

/** The fitting window for a forecast date: as asked, shortened to the history held; null when under 12 months. */
export function windowFor(data: CareData, from: IsoDate, asked: number): number | null {
  if (!data.historyStart) return null;
  const window = Math.min(asked, monthsBetween(data.historyStart, from));
  return window >= MIN_WINDOW_MONTHS ? window : null;
}

export interface ForecastRun {
  available: true;
  from: IsoDate;
  dataEnd: IsoDate;
  historyStart: IsoDate;
  windowMonths: number;
  horizonMonths: number;
  model: FittedModel;
  baseline: Forecast;
  scenarios: { saved: SavedScenario; forecast: Forecast }[];
  unitCosts: UnitCost[];
  /** Placement types with children but no unit cost for the forecast's years. */
  typesWithoutCost: string[];
  withoutBirthDate: number;
  /** Children looked after at each month end of the two years to the forecast date (from the history's start). */
  history: { monthEnd: IsoDate; total: number }[];
}

export const HISTORY_MONTHS = 24;

export interface ForecastAsk {
  today: IsoDate;
  from?: IsoDate;
  months: number;
  windowMonths?: number;
  /** Which saved scenarios to run beside the baseline (all when omitted). */
  scenarioIds?: number[];
  simulations?: number;
}

export async function runForecast(database: Database, ask: ForecastAsk): Promise<ForecastRun | NotAvailable> {
  const data = await careData(database, ask.today);
  if (!data.dataEnd || !data.historyStart)
    return { available: false, reason: 'No looked-after episodes are held: import SSDA903 returns or an SSD extract first.' };
  const from = ask.from ? monthEndOnOrBefore(ask.from) : data.dataEnd;
  if (from > data.dataEnd) return { available: false, reason: `The data held end on ${longDate(data.dataEnd)}: forecast from that month end or earlier.` };
  const windowMonths = windowFor(data, from, ask.windowMonths ?? DEFAULT_WINDOW_MONTHS);
  if (windowMonths === null) {
    return {
      available: false,
      reason: `The episode history held covers fewer than ${MIN_WINDOW_MONTHS} months before ${longDate(from)} (it is complete from ${longDate(data.historyStart)}): the model needs at least a year of moves to count.`,
    };
  }
  const horizonMonths = Math.min(MAX_HORIZON_MONTHS, Math.max(1, ask.months));
  const unitCosts = await listUnitCosts(database);
  const saved = (await listScenarios(database)).filter((scenario) => !ask.scenarioIds || ask.scenarioIds.includes(scenario.scenarioId));
  const simulations = ask.simulations ?? SIMULATIONS;
  const key = JSON.stringify({
    from,
    windowMonths,
    horizonMonths,
    simulations,
    unitCosts: unitCosts.map((cost) => [cost.placementType, cost.financialYear, cost.weeklyCostPounds]),
    saved: saved.map((one) => [one.scenarioId, one.scenario]),
  });
  return cached(database, await dataVersion(database), `forecast.run:${ask.today}:${key}`, async () => {
    const model = fit(data.histories, from, windowMonths);
    const costs = unitCosts.length ? costsFor(unitCosts) : undefined;
    const options = { horizon: horizonMonths, simulations, ...(costs ? { costs } : {}) };
    const baseline = forecast(model, options);
    const firstCosts = costs ? costs(baseline.months[0]!) : null;
    const typesWithoutCost = PLACEMENT_TYPES.filter(
      (_, index) => baseline.byType[index]!.expected.some((value) => value > 0) && (!firstCosts || firstCosts[index] === null),
    ).map((type) => type.label);
    return {
      available: true as const,
      from,
      dataEnd: data.dataEnd!,
      historyStart: data.historyStart!,
      windowMonths,
      horizonMonths,
      model,
      baseline,
      scenarios: saved.map((one) => ({ saved: one, forecast: forecast(model, { ...options, scenario: one.scenario }) })),
      unitCosts,
      typesWithoutCost,
      withoutBirthDate: data.withoutBirthDate,
      history: historyTotals(data, from),
    };
  });
}

function historyTotals(data: CareData, from: IsoDate): { monthEnd: IsoDate; total: number }[] {
  const ends = monthEndsBack(from, HISTORY_MONTHS).filter((end) => end >= data.historyStart!);
  return stockSeries(stateMatrix(data.histories, ends), ends.length).map((stock, index) => ({
    monthEnd: ends[index]!,
    total: stock.reduce((a, b) => a + b, 0),
  }));
}

export interface BacktestResult {
  available: true;
  dataEnd: IsoDate;
  runs: BacktestRun[];
  /** Origins that could not be run, with why. */
  skipped: string[];
}

/** The standard backtest: from 24 months before the data end (12 and 24 months ahead) and 12 months before (12 ahead). */
export async function runBacktest(
  database: Database,
  today: IsoDate,
  windowMonths = DEFAULT_WINDOW_MONTHS,
  simulations = SIMULATIONS,
): Promise<BacktestResult | NotAvailable> {
  const data = await careData(database, today);
  if (!data.dataEnd || !data.historyStart)
    return { available: false, reason: 'No looked-after episodes are held: import SSDA903 returns or an SSD extract first.' };
  return cached(database, await dataVersion(database), `forecast.backtest:${today}:${windowMonths}:${simulations}`, async () => {
    const runs: BacktestRun[] = [];
    const skipped: string[] = [];
    for (const [back, horizons] of [
      [24, [12, 24]],
      [12, [12]],
    ] as const) {
      const origin = monthEnd(addMonths(`${data.dataEnd!.slice(0, 8)}01`, -back));
      const window = windowFor(data, origin, windowMonths);
      if (window === null) {
        skipped.push(
          `From ${longDate(origin)}: the history held before it covers fewer than ${MIN_WINDOW_MONTHS} months (complete from ${longDate(data.historyStart!)}).`,
        );
        continue;
      }
      for (const run of backtest(data.histories, origin, horizons, window, data.dataEnd!, simulations)) runs.push(run);
    }
    if (!runs.length) return { available: false as const, reason: skipped.join(' ') || 'Not enough history to test the model on the past.' };
    return { available: true as const, dataEnd: data.dataEnd!, runs, skipped };
  });
}

// ---- sufficiency ----------------------------------------------------------------------------------

export interface SufficiencyRow {
  type: string;
  now: number;
  withinMiles: number;
  overMiles: number;
  distanceUnknown: number;
  places: number | null;
  forecast12: number | null;
  forecast12High: number | null;
  /** Upper end of the 12-month interval minus places: positive = likely shortfall. */
  gap: number | null;
}

export interface Sufficiency {
  on: IsoDate;
  total: number;
  rows: SufficiencyRow[];
  distanceAvailable: boolean;
  recentStarts: { from: IsoDate; total: number; weekendOrBankHoliday: number };
  notAvailable: { what: string; reason: string }[];
}

export async function sufficiency(database: Database, today: IsoDate, run: ForecastRun): Promise<Sufficiency> {
  const data = await careData(database, today);
  const on = run.from;
  const placementsOf = new Map<string, CareData['placements']>();
  for (const placement of data.placements) {
    const list = placementsOf.get(placement.childId);
    if (list) list.push(placement);
    else placementsOf.set(placement.childId, [placement]);
  }
  const counts = Array.from({ length: TYPES }, () => ({ now: 0, within: 0, over: 0, unknown: 0 }));
  let anyDistance = false;
  const yearAgo = monthEnd(addMonths(`${on.slice(0, 8)}01`, -12));
  let starts = 0;
  let weekend = 0;
  for (const child of data.histories) {
    const own = placementsOf.get(child.childId) ?? [];
    const state = stateOn(child, on);
    if (state >= 0) {
      const current = own
        .filter((placement) => placement.start <= on && (placement.end === null || placement.end > on))
        .sort((a, b) => b.start.localeCompare(a.start))[0];
      const row = counts[typeOf(state)]!;
      row.now++;
      if (current?.distanceMiles === null || current?.distanceMiles === undefined) row.unknown++;
      else {
        anyDistance = true;
        if (current.distanceMiles > FAR_MILES) row.over++;
        else row.within++;
      }
    }
    for (const placement of own) {
      if (placement.start <= yearAgo || placement.start > on || stateOn(child, placement.start) < 0) continue;
      starts++;
      if (dayOfWeek(placement.start) === 0 || dayOfWeek(placement.start) === 6 || isBankHoliday(placement.start)) weekend++;
    }
  }
  const places = placesFor(run.unitCosts, on);
  const at12 = Math.min(12, run.horizonMonths) - 1;
  const rows = PLACEMENT_TYPES.map((type, index) => {
    const count = counts[index]!;
    const series = run.baseline.byType[index]!;
    const forecast12 = series.expected[at12] ?? null;
    const high = series.high[at12] ?? null;
    const placeCount = places[index] ?? null;
    return {
      type: type.label,
      now: count.now,
      withinMiles: count.within,
      overMiles: count.over,
      distanceUnknown: count.unknown,
      places: placeCount,
      forecast12,
      forecast12High: high,
      gap: placeCount === null || high === null ? null : high - placeCount,
    };
  });
  return {
    on,
    total: rows.reduce((sum, row) => sum + row.now, 0),
    rows,
    distanceAvailable: anyDistance,
    recentStarts: { from: yearAgo, total: starts, weekendOrBankHoliday: weekend },
    notAvailable: [
      ...(anyDistance ? [] : [{ what: 'Distance from home', reason: 'no placement distances are held (903 PL_DISTANCE, SSD clap_cla_placement_distance).' }]),
      {
        what: 'In or out of the council’s area',
        reason: 'Keystone does not hold the 903 PL_LOCATION or PL_LA fields, and the home and placement postcodes are not both held to work it out.',
      },
      { what: 'Placements made out of hours', reason: 'placement start dates are held without a time of day; weekends and bank holidays are shown instead.' },
      ...(places.every((value) => value === null)
        ? [{ what: 'Gaps against places', reason: 'no places are recorded in the unit costs and places settings.' }]
        : []),
    ],
  };
}

/** Children looked after at the forecast date by band and type (for the "now" column). */
export function stockNow(run: ForecastRun): { total: number; byBand: number[]; byType: number[] } {
  const byBand = new Array<number>(BANDS).fill(0);
  const byType = new Array<number>(TYPES).fill(0);
  run.model.stock.forEach((count, state) => {
    byBand[bandOf(state)]! += count;
    byType[typeOf(state)]! += count;
  });
  return { total: byBand.reduce((a, b) => a + b, 0), byBand, byType };
}
