/**
 * Statistical process control for monthly series: XmR (individuals and moving range) charts with the
 * NHS England “Making Data Count” rules, a variation verdict for the latest point and an assurance
 * verdict against the target. Pure functions: no database, no dates arithmetic beyond comparison.
 *
 * Limits: mean ± 2.66 × the mean moving range (2.66 = 3 / 1.128, so the limits sit 3 sigma out).
 * They are recalculated from each marked process change (e.g. a reorganisation): a change dated D
 * starts a new segment at the first point dated on or after D.
 *
 * Rules (each flags the points it covers as special cause, high or low):
 *   1. astronomical: a point above the upper or below the lower limit;
 *   2. shift: a run of `shiftLength` (default 7) or more consecutive points above the mean, or below
 *      (a point on the mean ends a run);
 *   3. trend: `trendLength` (default 6) or more consecutive points each higher than the one before,
 *      or each lower;
 *   4. two of three: two or three of three consecutive points in the outer third beside one limit
 *      (further than 2 sigma from the mean, same side).
 */
import type { IsoDate } from '../core/dates.ts';
import type { SpcPoint, SpcRule, SpcSide } from '../core/charts.ts';
import type { Polarity, Trajectory } from './types.ts';

export type { SpcPoint };
export type Side = SpcSide;
export type Rule = SpcRule;
export type Variation =
  'special_cause_improving' | 'special_cause_concerning' | 'special_cause_high' | 'special_cause_low' | 'common_cause' | 'insufficient_data';
export type Assurance = 'consistently_passing' | 'consistently_failing' | 'hit_and_miss' | 'no_target' | 'insufficient_data';

export const VARIATION_TEXT: Record<Variation, string> = {
  special_cause_improving: 'Special cause: improving',
  special_cause_concerning: 'Special cause: concerning',
  special_cause_high: 'Special cause: higher',
  special_cause_low: 'Special cause: lower',
  common_cause: 'Common cause variation',
  insufficient_data: 'Too few points',
};
export const ASSURANCE_TEXT: Record<Assurance, string> = {
  consistently_passing: 'Consistently passing the target',
  consistently_failing: 'Consistently failing the target',
  hit_and_miss: 'Hit and miss: the target is inside the limits',
  no_target: 'No target',
  insufficient_data: 'Too few points',
};

/**
 * Why the latest month is a signal, in words (defaults: a shift of 7, a trend of 6); "better" or "worse" by the
 * indicator's polarity. Only the rules that flag the latest valued point on its signal's side are named: a run above
 * the mean that is falling is a high shift and a low trend, and its signal (the shift's, the first rule to flag it) is
 * not a trend. A trend's side is the point against the one before; every other rule's, the point against the mean.
 * Empty when no rule flags it.
 */
export function signalReasons(points: readonly SpcPoint[], polarity: Polarity): string[] {
  const index = points.findLastIndex((point) => point.value !== null);
  const latest = points[index];
  if (!latest?.special) return [];
  const side = latest.special;
  const previous = points.slice(0, index).findLast((point) => point.value !== null && point.segment === latest.segment);
  const sideAgainst = (other: number | null | undefined): Side | null =>
    other === null || other === undefined ? null : latest.value! > other ? 'high' : latest.value! < other ? 'low' : null;
  const way = polarity === 'neutral' ? (side === 'high' ? 'higher' : 'lower') : (polarity === 'higher_better') === (side === 'high') ? 'better' : 'worse';
  const limit = polarity === 'neutral' ? (side === 'high' ? 'upper' : 'lower') : way;
  const text: Record<Rule, string> = {
    astronomical: `beyond the ${limit} control limit`,
    shift: `7 or more months in a row ${way} than the average`,
    trend: `6 or more months each ${way} than the one before`,
    two_of_three: `2 of the last 3 months near the ${limit} control limit`,
  };
  return latest.rules.filter((rule) => sideAgainst(rule === 'trend' ? previous?.value : latest.mean) === side).map((rule) => text[rule]);
}

export interface SpcInput {
  points: readonly { date: IsoDate; value: number | null }[];
  polarity: Polarity;
  /** A fixed target, or a dated trajectory; the latest point's target decides assurance. */
  target?: number | null;
  trajectory?: Trajectory;
  /** Dates of process changes: limits are recalculated from each. */
  processChanges?: readonly IsoDate[];
  shiftLength?: number;
  trendLength?: number;
}

export interface SpcSegment {
  from: IsoDate;
  to: IsoDate;
  points: number;
  mean: number | null;
  movingRangeMean: number | null;
  upper: number | null;
  lower: number | null;
}

export interface SpcResult {
  points: SpcPoint[];
  segments: SpcSegment[];
  variation: Variation;
  assurance: Assurance;
  /** Fewer than 15 points in the latest segment: limits are provisional (Making Data Count advice). */
  provisional: boolean;
}

/** Points needed in a segment for limits at all; 15 or more for limits that are not provisional. */
export const MIN_POINTS = 2;
export const STABLE_POINTS = 15;

const round = (value: number) => Math.round(value * 1e6) / 1e6;

/** The target on a date: a trajectory is linear between its points and flat before the first and after the last. */
export function targetOn(date: IsoDate, target: number | null | undefined, trajectory?: Trajectory): number | null {
  if (!trajectory || trajectory.length === 0) return target ?? null;
  const sorted = [...trajectory].sort((a, b) => (a.date < b.date ? -1 : 1));
  if (date <= sorted[0]!.date) return sorted[0]!.value;
  const last = sorted[sorted.length - 1]!;
  if (date >= last.date) return last.value;
  const next = sorted.findIndex((point) => point.date >= date);
  const before = sorted[next - 1]!;
  const after = sorted[next]!;
  const span = Date.parse(after.date) - Date.parse(before.date);
  const share = (Date.parse(date) - Date.parse(before.date)) / span;
  return round(before.value + (after.value - before.value) * share);
}

export function analyse(input: SpcInput): SpcResult {
  const shiftLength = input.shiftLength ?? 7;
  const trendLength = input.trendLength ?? 6;
  const changes = [...(input.processChanges ?? [])].sort();
  const points: SpcPoint[] = input.points.map((point) => ({
    date: point.date,
    value: point.value,
    segment: changes.filter((change) => change <= point.date).length,
    mean: null,
    upper: null,
    lower: null,
    special: null,
    rules: [],
    target: targetOn(point.date, input.target, input.trajectory),
  }));

  const segments: SpcSegment[] = [];
  const segmentNumbers = [...new Set(points.map((point) => point.segment))];
  for (const number of segmentNumbers) {
    const members = points.filter((point) => point.segment === number);
    const valued = members.filter((point): point is SpcPoint & { value: number } => point.value !== null);
    const segment: SpcSegment = {
      from: members[0]!.date,
      to: members[members.length - 1]!.date,
      points: valued.length,
      mean: null,
      movingRangeMean: null,
      upper: null,
      lower: null,
    };
    if (valued.length >= MIN_POINTS) {
      const mean = valued.reduce((sum, point) => sum + point.value, 0) / valued.length;
      const ranges = valued.slice(1).map((point, index) => Math.abs(point.value - valued[index]!.value));
      const movingRangeMean = ranges.reduce((sum, range) => sum + range, 0) / ranges.length;
      segment.mean = round(mean);
      segment.movingRangeMean = round(movingRangeMean);
      segment.upper = round(mean + 2.66 * movingRangeMean);
      segment.lower = round(mean - 2.66 * movingRangeMean);
      for (const point of members) Object.assign(point, { mean: segment.mean, upper: segment.upper, lower: segment.lower });
      flagRules(valued, segment, shiftLength, trendLength);
    }
    segments.push(segment);
  }

  const latest = [...points].reverse().find((point) => point.value !== null);
  const latestSegment = latest ? segments[segmentNumbers.indexOf(latest.segment)] : undefined;
  const hasLimits = latestSegment !== undefined && latestSegment.mean !== null;
  return {
    points,
    segments,
    variation: !latest || !hasLimits ? 'insufficient_data' : variationOf(latest, input.polarity),
    assurance: !latest || !hasLimits ? 'insufficient_data' : assuranceOf(latestSegment!, latest.target, input.polarity),
    provisional: !latestSegment || latestSegment.points < STABLE_POINTS,
  };
}

function flag(point: SpcPoint, side: Side, rule: Rule) {
  if (!point.rules.includes(rule)) point.rules.push(rule);
  // An astronomical point's side wins; otherwise the first rule to flag the point sets it.
  if (point.special === null || rule === 'astronomical') point.special = side;
}

function flagRules(valued: (SpcPoint & { value: number })[], segment: SpcSegment, shiftLength: number, trendLength: number) {
  const mean = segment.mean!;
  const upper = segment.upper!;
  const lower = segment.lower!;
  const sigma = (upper - mean) / 3;
  for (const point of valued) {
    if (point.value > upper) flag(point, 'high', 'astronomical');
    else if (point.value < lower) flag(point, 'low', 'astronomical');
  }
  // Shift: runs on one side of the mean.
  const sideOf = (value: number): Side | null => (value > mean ? 'high' : value < mean ? 'low' : null);
  for (let start = 0; start < valued.length;) {
    const side = sideOf(valued[start]!.value);
    let end = start + 1;
    while (side && end < valued.length && sideOf(valued[end]!.value) === side) end++;
    if (side && end - start >= shiftLength) for (let index = start; index < end; index++) flag(valued[index]!, side, 'shift');
    start = end;
  }
  // Trend: runs of points each higher (or lower) than the one before.
  for (const side of ['high', 'low'] as const) {
    const further = (a: number, b: number) => (side === 'high' ? b > a : b < a);
    for (let start = 0; start < valued.length;) {
      let end = start + 1;
      while (end < valued.length && further(valued[end - 1]!.value, valued[end]!.value)) end++;
      if (end - start >= trendLength) for (let index = start; index < end; index++) flag(valued[index]!, side, 'trend');
      start = end;
    }
  }
  // Two of three beyond 2 sigma on the same side.
  if (sigma > 0) {
    for (let index = 0; index + 2 < valued.length; index++) {
      const window = valued.slice(index, index + 3);
      for (const side of ['high', 'low'] as const) {
        const near = window.filter((point) => (side === 'high' ? point.value > mean + 2 * sigma : point.value < mean - 2 * sigma));
        if (near.length >= 2) for (const point of near) flag(point, side, 'two_of_three');
      }
    }
  }
}

function variationOf(latest: SpcPoint, polarity: Polarity): Variation {
  if (!latest.special) return 'common_cause';
  if (polarity === 'neutral') return latest.special === 'high' ? 'special_cause_high' : 'special_cause_low';
  const good = (polarity === 'higher_better') === (latest.special === 'high');
  return good ? 'special_cause_improving' : 'special_cause_concerning';
}

function assuranceOf(segment: SpcSegment, target: number | null, polarity: Polarity): Assurance {
  if (target === null || polarity === 'neutral') return 'no_target';
  const { upper, lower } = segment as { upper: number; lower: number };
  if (polarity === 'higher_better') return lower >= target ? 'consistently_passing' : upper < target ? 'consistently_failing' : 'hit_and_miss';
  return upper <= target ? 'consistently_passing' : lower > target ? 'consistently_failing' : 'hit_and_miss';
}
