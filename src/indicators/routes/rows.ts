/** An indicator's row as the dashboards show it: value, target, England, direction and the SPC verdicts in words. */
import type { IsoDate } from '../../core/dates.ts';
import { FAMILY_NAMES } from '../catalogue/index.ts';
import { isSmallBase, SMALL_BASE, type IndicatorResult } from '../analysis.ts';
import { ASSURANCE_TEXT, signalReasons, STABLE_POINTS, VARIATION_TEXT } from '../spc.ts';
import type { Unit } from '../types.ts';
import { notAvailableText } from '../coverage.ts';
import { formatValue } from '../format.ts';
import type { TeamScope } from '../../core/auth/scope.ts';

const TAG_FOR_VARIATION: Record<string, string> = {
  special_cause_improving: 'govuk-tag--blue',
  special_cause_concerning: 'govuk-tag--orange',
  special_cause_high: 'govuk-tag--purple',
  special_cause_low: 'govuk-tag--purple',
  common_cause: 'govuk-tag--grey',
  insufficient_data: 'govuk-tag--grey',
};
const TAG_FOR_ASSURANCE: Record<string, string> = {
  consistently_passing: 'govuk-tag--blue',
  consistently_failing: 'govuk-tag--orange',
  hit_and_miss: 'govuk-tag--grey',
  no_target: 'govuk-tag--grey',
  insufficient_data: 'govuk-tag--grey',
};

/** A rate per 10,000 rests on the council's child population (engine.ts), which is not split by team. */
const TEAM_RATE_TEXT = 'Not available for a team: the rate is per 10,000 of the council’s children';

/** `scope`: whose figures these are; a rate per 10,000 has no value for teams, and the row says why. */
export function rowOf(result: IndicatorResult, asOf: IsoDate, scope?: TeamScope) {
  const row = councilRowOf(result, asOf);
  if (result.indicator.unit === 'per 10,000' && scope?.kind === 'teams' && result.latest.value === null) {
    const none = { text: 'No verdict: no rate for a team', classes: 'govuk-tag--grey' };
    const children = result.latest.numerator === null ? '' : `${formatValue(result.latest.numerator, 'count')} children`;
    return { ...row, value: TEAM_RATE_TEXT, counts: children, variation: none, assurance: none };
  }
  if (nothingToCount(result)) {
    const none = { text: 'No verdict: nothing to count', classes: 'govuk-tag--grey' };
    return { ...row, value: 'Nothing to count', counts: `${result.indicator.denominator}: 0`, variation: none, assurance: none };
  }
  return row;
}

/** A rate whose latest month has an empty denominator (a team that had no referrals): no value, and the row says why. */
function nothingToCount(result: IndicatorResult): boolean {
  const { latest, indicator } = result;
  return result.coverage?.status !== 'none' && latest.value === null && latest.denominator === 0 && indicator.denominator !== null;
}

function councilRowOf(result: IndicatorResult, asOf: IsoDate) {
  const { indicator } = result;
  const notAvailable = result.coverage?.status === 'none';
  return {
    id: indicator.id,
    href: `/indicators/${encodeURIComponent(indicator.id)}?as_of=${asOf}`,
    title: indicator.title,
    family: FAMILY_NAMES[indicator.family],
    value: result.coverage && notAvailable ? notAvailableText(result.coverage) : formatValue(result.latest.value, indicator.unit),
    /** "Partial: …" when the data cover part of the figure's period. */
    partial: result.coverage?.status === 'partial' ? `Partial: ${result.coverage.reason}` : undefined,
    target: formatValue(result.target, indicator.unit),
    england: result.benchmarks.england ? formatValue(result.benchmarks.england.value, indicator.unit) : '–',
    englandLabel: result.benchmarks.england?.label ?? '',
    direction: result.direction
      ? `${result.direction.change === 'up' ? 'Up' : result.direction.change === 'down' ? 'Down' : 'Level'}${result.direction.meaning === 'neutral' ? '' : ` (${result.direction.meaning})`} from ${formatValue(result.previous?.value, indicator.unit)}`
      : '–',
    counts: countsText(result.latest, indicator.unit),
    smallBase: isSmallBase(indicator, result.latest) ? `Fewer than ${SMALL_BASE} children` : '',
    ...verdicts(result),
  };
}

/** "2 of 6" beside a rate (per 10,000: the count of children), so a reader sees what the rate rests on. */
function countsText(point: { numerator: number | null; denominator: number | null; value: number | null }, unit: Unit): string {
  if (point.value === null || point.numerator === null || unit === 'count') return '';
  if (unit === 'per 10,000') return `${formatValue(point.numerator, 'count')} children`;
  if (point.denominator === null) return '';
  return unit === 'ratio'
    ? `${formatValue(point.numerator, 'count')} across ${formatValue(point.denominator, 'count')}`
    : `${formatValue(point.numerator, 'count')} of ${formatValue(point.denominator, 'count')}`;
}

/** Said beside a verdict whose limits rest on fewer than 15 months (spc.ts: MIN_POINTS to STABLE_POINTS). */
export const PROVISIONAL_TEXT = `provisional limits: fewer than ${STABLE_POINTS} months since the last process change`;

/** The SPC verdicts in words, saying where their limits are provisional; none where the latest month's base is too small to support one. */
function verdicts(result: IndicatorResult) {
  if (result.coverage?.status === 'none') {
    const none = { text: 'No verdict: no data', classes: 'govuk-tag--grey' };
    return { variation: none, assurance: none };
  }
  if (result.latest.value !== null && isSmallBase(result.indicator, result.latest)) {
    const none = { text: `No verdict: fewer than ${SMALL_BASE} children`, classes: 'govuk-tag--grey' };
    return { variation: none, assurance: none };
  }
  return {
    variation: { text: VARIATION_TEXT[result.spc.variation], classes: TAG_FOR_VARIATION[result.spc.variation] },
    assurance: { text: ASSURANCE_TEXT[result.spc.assurance], classes: TAG_FOR_ASSURANCE[result.spc.assurance] },
    provisional:
      result.spc.provisional && result.spc.variation !== 'insufficient_data' ? `${PROVISIONAL_TEXT[0]!.toUpperCase()}${PROVISIONAL_TEXT.slice(1)}` : undefined,
  };
}

const signal = (result: IndicatorResult) => signalReasons(result.spc.points, result.indicator.polarity).join('; ');
/** Both verdicts rest on the control limits: where those are provisional, the overview's item says so. */
const onLimits = (result: IndicatorResult) => (result.spc.provisional ? `, on ${PROVISIONAL_TEXT}` : '');

/** Why the overview lists an indicator as needing attention: a concerning signal, failing its target, or both. */
export function attentionWhy(result: IndicatorResult): string {
  const reasons = [
    result.spc.variation === 'special_cause_concerning' ? `a concerning signal (${signal(result)})` : '',
    result.spc.assurance === 'consistently_failing' ? 'consistently failing its target' : '',
  ];
  return reasons.filter(Boolean).join(' and ') + onLimits(result);
}

/** Why the overview lists an indicator as improving; one still short of its target is said to be so. */
export function improvingWhy(result: IndicatorResult): string {
  const failing = result.spc.assurance === 'consistently_failing' ? ', but still consistently failing its target' : '';
  return `an improving signal (${signal(result)})${failing}${onLimits(result)}`;
}
