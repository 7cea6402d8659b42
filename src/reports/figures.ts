/**
 * A report's figures, member-safe by construction: every number is read from the indicator
 * analysis (src/indicators/analysis.ts, engine.ts: never recomputed here) and passes through the
 * small-number rule (src/core/outputs/suppression.ts) before anything else sees it. Commentary,
 * the executive summary and every format are made from these figures only, so nothing downstream
 * can show a count of 1 to 5, recover one from a total, or reach a child.
 *
 * Rules decided here:
 * - A count (numerator, denominator, team count) is a table cell. Teams are rows with a total row
 *   (the council) and `suppressTable` adds secondary suppression so no `c` follows from the total.
 *   When the teams add up to the council figure, the council's headline is that total cell.
 * - A rate (%, per 10,000, ratio) is published only when both its numerator and its denominator
 *   are (`suppressRate`, then any secondary suppression of either).
 * - Earlier months (the chart, last month, a year ago) are single figures: primary suppression.
 *   The as-of month on the chart is the headline, suppressed the same way.
 * - The SPC mean and limits are withheld when any month of the series is suppressed: with the
 *   other months they would give the suppressed value back. The verdicts (categories) are kept.
 * - No child appears: the analysis is aggregated by the engine and the breakdown is by team only.
 * - The improvement-plan actions an indicator measures (plan-links.ts) travel with its figures, so
 *   the commentary can say what they say and a published version freezes them with the numbers.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { suppressCount, suppressRate, suppressTable, type Published } from '../core/outputs/suppression.ts';
import { findIndicator } from '../indicators/catalogue/index.ts';
import { analyseIndicators, type IndicatorResult } from '../indicators/analysis.ts';
import { breakdownOn, valueOf, WHOLE_COUNCIL, type BreakdownRow, type SeriesPoint } from '../indicators/engine.ts';
import { readIndicatorSettings } from '../indicators/settings.ts';
import type { Benchmarks } from '../indicators/benchmarks/index.ts';
import type { Assurance, Rule, SpcPoint, Variation } from '../indicators/spc.ts';
import type { Polarity, ServiceArea, Unit } from '../indicators/types.ts';
import { latestPlanEvaluated, planLinksByIndicator, type PlanLink } from './plan-links.ts';

/** Months of the series a report's chart shows. */
export const CHART_MONTHS = 24;

export interface PublishedPoint {
  asOf: IsoDate;
  value: Published;
}

/** An SPC point as published: its month and (possibly suppressed) value, with the chart's limits. */
export type ChartPoint = PublishedPoint & Omit<SpcPoint, 'date' | 'value'>;

export interface TeamFigure {
  label: string;
  numerator: Published;
  denominator: Published | null;
  value: Published;
}

export interface IndicatorFigures {
  id: string;
  title: string;
  definition: string;
  numeratorText: string;
  denominatorText: string | null;
  source: string;
  serviceArea: ServiceArea;
  unit: Unit;
  polarity: Polarity;
  asOf: IsoDate;
  value: Published;
  numerator: Published;
  denominator: Published | null;
  previous: PublishedPoint | null;
  yearBefore: PublishedPoint | null;
  target: number | null;
  benchmarks: Benchmarks;
  variation: Variation;
  assurance: Assurance;
  provisional: boolean;
  /** The SPC rules that flag the latest month. */
  latestRules: Rule[];
  /** True when the mean and limits are not shown because a month is suppressed. */
  limitsWithheld: boolean;
  chart: ChartPoint[];
  /** By team, with the council total; null when the indicator has no team breakdown. */
  teams: { rows: TeamFigure[]; total: TeamFigure } | null;
  /** The improvement-plan actions this indicator is a success measure of (absent from figures stored before plans were linked). */
  planLinks?: PlanLink[];
  /** When the data do not cover the latest figure: "No data: …" (value x, no verdict) or "Partial: …" (absent from older figures). */
  coverage?: string;
}

export interface ReportFigures {
  asOf: IsoDate;
  councilName: string | null;
  computedAt: string;
  indicators: IndicatorFigures[];
}

const isCount = (unit: Unit) => unit === 'count';
/** Units whose denominator is a count of children or cases (per 10,000's is the child population). */
const hasCountedDenominator = (unit: Unit) => unit === '%' || unit === 'ratio';
type Raw = Pick<SeriesPoint, 'value' | 'numerator' | 'denominator'>;

/** A month's figure on its own: its value, suppressed as a count or as a rate. */
export function publishedPoint(unit: Unit, point: Raw): Published {
  // Nothing to count (a rate of no children) is z, not applicable; a figure the data cannot give is x, not available.
  if (point.value === null) return hasCountedDenominator(unit) && point.denominator === 0 ? 'z' : 'x';
  if (isCount(unit)) return suppressCount(point.numerator ?? point.value);
  return suppressRate(point.value, point.numerator, point.denominator);
}

/** A rate whose own numerator or denominator cell is suppressed (primary or secondary) is suppressed too. */
function rateOf(unit: Unit, point: Raw, numerator: Published, denominator: Published | null): Published {
  if (isCount(unit)) return numerator;
  if (numerator === 'c' || denominator === 'c') return 'c';
  return publishedPoint(unit, point);
}

/** The team table (teams, then the council total) and the headline figures, suppressed together. */
export function teamTable(result: Pick<IndicatorResult, 'indicator' | 'latest'>, breakdown: readonly BreakdownRow[] | null) {
  const { unit } = result.indicator;
  const { latest } = result;
  const counted = hasCountedDenominator(unit);
  const alone = (point: Raw) => {
    const numerator = suppressCount(point.numerator ?? (isCount(unit) ? point.value : null));
    const denominator = counted ? suppressCount(point.denominator) : null;
    return { numerator, denominator, value: rateOf(unit, point, numerator, denominator) };
  };
  if (!breakdown || breakdown.length === 0) return { headline: alone(latest), teams: null };
  const sum = (pick: (row: BreakdownRow) => number | null) => breakdown.reduce((total, row) => total + (pick(row) ?? 0), 0);
  const numerator = sum((row) => row.numerator);
  const denominator = counted ? sum((row) => row.denominator) : null;
  const columns = (row: { numerator: number | null; denominator: number | null }) =>
    counted ? [row.numerator ?? 0, row.denominator ?? 0] : [row.numerator ?? 0];
  const cells = suppressTable([...breakdown.map(columns), columns({ numerator, denominator })], { columnTotals: true });
  const figure = (label: string, raw: Raw, row: Published[]): TeamFigure => ({
    label,
    numerator: row[0]!,
    denominator: counted ? row[1]! : null,
    value: rateOf(unit, raw, row[0]!, counted ? row[1]! : null),
  });
  const rows = breakdown.map((row, index) => figure(row.label, row, cells[index]!));
  // The headline is the table's total when the teams add up to the council figure; otherwise both stand alone.
  const addsUp = latest.numerator === numerator && (!counted || latest.denominator === denominator);
  const totalRaw: Raw = addsUp ? latest : { numerator, denominator, value: isCount(unit) ? numerator : valueOf(unit, numerator, denominator ?? 0, null) };
  const total = figure('All teams', totalRaw, cells[cells.length - 1]!);
  return { headline: addsUp ? { numerator: total.numerator, denominator: total.denominator, value: total.value } : alone(latest), teams: { rows, total } };
}

/** One indicator's analysis and team breakdown, made member-safe. */
export function indicatorFigures(result: IndicatorResult, breakdown: readonly BreakdownRow[] | null, planLinks: PlanLink[] = []): IndicatorFigures {
  const { indicator } = result;
  const { headline, teams } = teamTable(result, breakdown);
  const chartFrom = Math.max(0, result.series.length - CHART_MONTHS);
  const published = result.series.map((point) => (point === result.latest ? headline.value : publishedPoint(indicator.unit, point)));
  const limitsWithheld = result.series.some((point, index) => point.value !== null && typeof published[index] !== 'number');
  const pointOf = (point: SeriesPoint | null): PublishedPoint | null =>
    point ? { asOf: point.asOf, value: published[result.series.indexOf(point)] ?? publishedPoint(indicator.unit, point) } : null;
  const latestSpc = [...result.spc.points].reverse().find((point) => point.value !== null);
  return {
    id: indicator.id,
    title: indicator.title,
    definition: indicator.definition,
    numeratorText: indicator.numerator,
    denominatorText: indicator.denominator,
    source: indicator.source,
    serviceArea: indicator.serviceArea,
    unit: indicator.unit,
    polarity: indicator.polarity,
    asOf: result.latest.asOf,
    value: headline.value,
    numerator: headline.numerator,
    denominator: headline.denominator,
    previous: pointOf(result.previous),
    yearBefore: pointOf(result.yearBefore),
    target: result.target,
    benchmarks: result.benchmarks,
    variation: result.spc.variation,
    assurance: result.spc.assurance,
    provisional: result.spc.provisional,
    latestRules: latestSpc?.rules ?? [],
    limitsWithheld,
    ...(result.coverage ? { coverage: `${result.coverage.status === 'none' ? 'No data' : 'Partial'}: ${result.coverage.reason}` } : {}),
    chart: result.spc.points.slice(chartFrom).map((point, offset) => {
      const value = published[chartFrom + offset]!;
      return {
        asOf: point.date,
        value,
        segment: point.segment,
        mean: limitsWithheld ? null : point.mean,
        upper: limitsWithheld ? null : point.upper,
        lower: limitsWithheld ? null : point.lower,
        special: typeof value === 'number' ? point.special : null,
        rules: typeof value === 'number' ? point.rules : [],
        target: point.target,
      };
    }),
    teams,
    planLinks,
  };
}

/** The figures of a report: the indicators analysed for the whole council up to `asOf`, member-safe. */
export async function reportFigures(
  database: Database,
  options: { indicatorIds: readonly string[]; asOf: IsoDate; threshold: number; now?: Date },
): Promise<ReportFigures> {
  const indicators = options.indicatorIds.map((id) => findIndicator(id)).filter((indicator) => indicator !== undefined);
  const context = { selection: WHOLE_COUNCIL, threshold: options.threshold };
  const results = await analyseIndicators(database, { ...context, asOf: options.asOf, indicators });
  const settings = await readIndicatorSettings(database);
  const planLinks = planLinksByIndicator(await latestPlanEvaluated(database, options.asOf, options.threshold));
  const figures: IndicatorFigures[] = [];
  for (const result of results) {
    const breakdown = result.indicator.breakdowns.includes('team') ? await breakdownOn(database, result.indicator, options.asOf, 'team', context) : null;
    figures.push(indicatorFigures(result, breakdown, planLinks.get(result.indicator.id) ?? []));
  }
  return { asOf: options.asOf, councilName: settings.laName, computedAt: (options.now ?? new Date()).toISOString(), indicators: figures };
}
