/**
 * The analysed picture: every indicator's monthly series for a selection, with its SPC verdicts,
 * target, benchmarks and direction of travel. Pages, the CLI and reports all ask this module.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addMonths, monthEnd, monthEndOnOrBefore, type IsoDate } from '../core/dates.ts';
import { involvementDataRange } from '../core/allocations.ts';
import { CATALOGUE } from './catalogue/index.ts';
import { benchmarksFor, type Benchmarks } from './benchmarks/index.ts';
import { computeSeries, seriesDates, type EngineContext, type SeriesPoint } from './engine.ts';
import { readIndicatorSettings } from './settings.ts';
import { cached, dataVersion } from '../core/cache.ts';
import { analyse, targetOn, type SpcResult } from './spc.ts';
import type { IndicatorDefinition } from './types.ts';
import type { Coverage } from './coverage.ts';
import { heldRange } from './coverage.ts';

export const SERIES_MONTHS = 72;

/**
 * A percentage of fewer children or cases than this says little: one child moves it by 10 points or
 * more. Such a month is marked, left out of the SPC mean and limits, and gets no verdict of its own;
 * when it is the latest month the indicator gets no verdict at all.
 */
export const SMALL_BASE = 10;

/** The month's rate rests on too few children (a percentage whose denominator is 1 to SMALL_BASE − 1). */
export function isSmallBase(indicator: Pick<IndicatorDefinition, 'unit'>, point: Pick<SeriesPoint, 'denominator'>): boolean {
  return indicator.unit === '%' && point.denominator !== null && point.denominator > 0 && point.denominator < SMALL_BASE;
}

export interface IndicatorEvent {
  date: IsoDate;
  title: string;
  description: string | null;
  indicatorId: string | null;
  processChange: boolean;
}

export interface IndicatorResult {
  indicator: IndicatorDefinition;
  series: SeriesPoint[];
  latest: SeriesPoint;
  /** The month before and the same month a year before, when in the series. */
  previous: SeriesPoint | null;
  yearBefore: SeriesPoint | null;
  target: number | null;
  benchmarks: Benchmarks;
  spc: SpcResult;
  /** Direction of travel since the month before: up, down or level, and whether that is better. */
  direction: { change: 'up' | 'down' | 'level'; meaning: 'better' | 'worse' | 'neutral' } | null;
  events: IndicatorEvent[];
  /** Months whose rate rests on fewer than SMALL_BASE children (isSmallBase): marked, and without a verdict. */
  smallBaseMonths: IsoDate[];
  /** The latest figure's coverage: none (not available: value null, so no verdict) or partial; undefined when its data are all there. */
  coverage?: Coverage;
}

/** First and last days with data, and the default as-of date: the latest month-end with data, not after today. */
export async function dataPeriod(
  database: Database,
  today: IsoDate,
  version?: number,
): Promise<{ first: IsoDate; last: IsoDate; defaultAsOf: IsoDate } | undefined> {
  // The months the allocations cover; without any (an SSDA903 return alone), the months any source holds.
  const held = async () => (await involvementDataRange(database)) ?? (await heldRange(database, CATALOGUE));
  const range = version === undefined ? await held() : await cached(database, version, 'data-range', held);
  if (!range) return undefined;
  return { ...range, defaultAsOf: monthEndOnOrBefore(range.last < today ? range.last : today) };
}

/** Series dates: up to `months` month-ends ending at asOf, from the first complete month with data. */
export function seriesDatesFrom(asOf: IsoDate, first: IsoDate | null, months = SERIES_MONTHS): IsoDate[] {
  const dates = seriesDates(asOf, months);
  if (!first) return dates;
  const firstComplete = first.endsWith('-01') ? monthEnd(first) : monthEnd(addMonths(`${first.slice(0, 8)}01`, 1));
  const kept = dates.filter((date) => date >= firstComplete);
  return kept.length ? kept : [asOf];
}

export async function indicatorEvents(database: Database): Promise<IndicatorEvent[]> {
  const rows = await sql<{ event_date: IsoDate; title: string; description: string | null; indicator_id: string | null; process_change: boolean }>`
    SELECT event_date, title, description, indicator_id, process_change FROM ks_indicator_event ORDER BY event_date, event_id`.execute(database.db);
  return rows.rows.map((row) => ({
    date: row.event_date,
    title: row.title,
    description: row.description,
    indicatorId: row.indicator_id,
    processChange: row.process_change,
  }));
}

/**
 * SPC for an indicator's series, small-base months (isSmallBase) and months whose data cover only part
 * of their window (coverage partial) left out of the mean and limits and without a verdict of their
 * own (still drawn and tabled); no verdict at all when the latest month has no figure, too few
 * children or partial data.
 */
export function spcWithSmallBase(
  indicator: IndicatorDefinition,
  points: readonly SeriesPoint[],
  processChanges: IsoDate[],
): { spc: SpcResult; smallBaseMonths: IsoDate[] } {
  const latest = points[points.length - 1]!;
  const smallBaseMonths = points.filter((point) => isSmallBase(indicator, point)).map((point) => point.asOf);
  // A month whose sources cover only part of its window (coverage partial) counts less than there was: not comparable.
  const partial = (point: SeriesPoint) => point.coverage?.status === 'partial';
  const spc = analyse({
    points: points.map((point) => ({ date: point.asOf, value: smallBaseMonths.includes(point.asOf) || partial(point) ? null : point.value })),
    polarity: indicator.polarity,
    target: indicator.target,
    ...(indicator.trajectory ? { trajectory: indicator.trajectory } : {}),
    processChanges,
  });
  spc.points.forEach((point, index) => {
    if (point.value === null && points[index]!.value !== null) point.value = points[index]!.value;
  });
  if (latest.value === null || isSmallBase(indicator, latest) || partial(latest))
    Object.assign(spc, { variation: 'insufficient_data', assurance: 'insufficient_data' });
  return { spc, smallBaseMonths };
}

function directionOf(indicator: IndicatorDefinition, latest: SeriesPoint, previous: SeriesPoint | null): IndicatorResult['direction'] {
  if (!previous || latest.value === null || previous.value === null) return null;
  const change = latest.value > previous.value ? 'up' : latest.value < previous.value ? 'down' : 'level';
  if (change === 'level' || indicator.polarity === 'neutral') return { change, meaning: 'neutral' };
  return { change, meaning: (change === 'up') === (indicator.polarity === 'higher_better') ? 'better' : 'worse' };
}

/** Every requested indicator (default: the whole catalogue) analysed up to `asOf` for the selection. */
export async function analyseIndicators(
  database: Database,
  options: EngineContext & { asOf: IsoDate; first?: IsoDate | null; indicators?: readonly IndicatorDefinition[]; months?: number },
): Promise<IndicatorResult[]> {
  const indicators = options.indicators ?? CATALOGUE;
  const version = options.noCache ? -1 : (options.dataVersion ?? (await dataVersion(database)));
  const once = <T>(key: string, compute: () => Promise<T>) => (options.noCache ? compute() : cached(database, version, key, compute));
  const key = JSON.stringify([
    'analysis',
    options.asOf,
    options.first,
    options.months,
    options.selection,
    options.threshold,
    indicators.map((indicator) => indicator.id),
  ]);
  return once(key, () => analyseAfresh(database, options, indicators, version, once));
}

async function analyseAfresh(
  database: Database,
  options: EngineContext & { asOf: IsoDate; first?: IsoDate | null; months?: number },
  indicators: readonly IndicatorDefinition[],
  version: number,
  once: <T>(key: string, compute: () => Promise<T>) => Promise<T>,
): Promise<IndicatorResult[]> {
  const settings = options.settings ?? (await once('settings', () => readIndicatorSettings(database)));
  const first = options.first === undefined ? ((await once('involvement-range', () => involvementDataRange(database)))?.first ?? null) : options.first;
  const dates = seriesDatesFrom(options.asOf, first, options.months);
  const series = await computeSeries(database, indicators, dates, { ...options, settings, dataVersion: version });
  const events = await once('events', () => indicatorEvents(database));
  return indicators.map((indicator) => {
    const points = series.get(indicator.id)!;
    const latest = points[points.length - 1]!;
    const find = (date: IsoDate) => points.find((point) => point.asOf === date) ?? null;
    const previous = find(monthEnd(addMonths(`${latest.asOf.slice(0, 8)}01`, -1)));
    const yearBefore = find(monthEnd(addMonths(`${latest.asOf.slice(0, 8)}01`, -12)));
    const ownEvents = events.filter((event) => event.indicatorId === null || event.indicatorId === indicator.id);
    const { spc, smallBaseMonths } = spcWithSmallBase(
      indicator,
      points,
      ownEvents.filter((event) => event.processChange).map((event) => event.date),
    );
    return {
      indicator,
      series: points,
      latest,
      previous,
      yearBefore,
      target: targetOn(latest.asOf, indicator.target, indicator.trajectory),
      benchmarks: benchmarksFor(indicator.id, settings.comparison),
      spc,
      direction: directionOf(indicator, latest, previous),
      events: ownEvents,
      smallBaseMonths,
      ...(latest.coverage ? { coverage: latest.coverage } : {}),
    };
  });
}
