/**
 * Commentary generated from a report's (member-safe) figures, in plain English, by these rules.
 * Each rule gives at most one or two sentences, in this order:
 *
 *  1. What changed: the latest value; the change since the month before (by how much, and whether
 *     that is better or worse given the indicator's polarity); the value a year before. When the
 *     latest figure is not published (`c`, `x`, `z`) the commentary says so and goes straight to
 *     rule 6 (without the suggested rating): nothing else may hint at a suppressed number.
 *  2. Real or noise: the SPC variation verdict for the latest month (NHS "Making Data Count"):
 *     special cause is a real change, named by the rule that found it; common cause is noise.
 *     Provisional limits (fewer than 15 months) are said to be provisional.
 *  3. Target: met or missed (and by how much) on the latest month, then the assurance verdict:
 *     whether the process can be relied on to meet it.
 *  4. England: better, worse or similar (within 2% of England's value: SIMILAR_SHARE) for
 *     indicators where higher or lower is better; higher or lower otherwise. The statistical
 *     neighbours' average likewise when it is known.
 *  5. What drives it, from the team breakdown (published rows only): for a count, the team with
 *     the largest share when it holds at least a quarter (DRIVER_SHARE); for a rate, when the
 *     indicator is a concern (worse than last month, missing its target or special cause
 *     concerning) the team furthest on the wrong side of the council figure, and when it is
 *     improving (better than last month or special cause improving) the team furthest on the
 *     right side.
 *  6. What the improvement plan says: for each action of the plan (plan-links.ts: the most recently
 *     created plan) that has this indicator as a success measure, one sentence naming the
 *     recommendation (its number, and its text cut to RECOMMENDATION_WORDS words), the action, its
 *     owner, its due date (said to be overdue when it passed uncompleted by the report's date, or
 *     the completion date), its current RAG rating, and Keystone's suggested rating from the
 *     evidence (improvement/rag.ts): whether it agrees, or the plan's rating is more optimistic or
 *     more cautious. This rule also applies when the figure is not published (rule 1): who owns
 *     the action, when it is due and how people rate it are not figures, but Keystone's suggested
 *     rating is then left out, because it is worked out from the unpublished figure.
 */
import type { Rule } from '../indicators/spc.ts';
import { longDate } from '../core/dates.ts';
import { formatDifference, formatFigure, monthName } from './format.ts';
import type { IndicatorFigures, TeamFigure } from './figures.ts';
import type { PlanLink } from './plan-links.ts';
import { CHOSEN_COUNCILS } from '../indicators/benchmarks/index.ts';

export const SIMILAR_SHARE = 0.02;
export const DRIVER_SHARE = 0.25;
export const RECOMMENDATION_WORDS = 12;

const RULE_TEXT: Record<Rule, (up: boolean) => string> = {
  astronomical: () => 'the latest month is outside the process limits',
  shift: (up) => `seven or more months in a row have been ${up ? 'above' : 'below'} the average`,
  trend: (up) => `six or more months in a row have each been ${up ? 'higher' : 'lower'} than the month before`,
  two_of_three: (up) => `two of the last three months are close to the ${up ? 'upper' : 'lower'} process limit`,
};

const num = (value: unknown): value is number => typeof value === 'number';

/** Whether the latest value meets the target: null when there is no target or no published value. */
export function targetMet(figures: IndicatorFigures): boolean | null {
  if (figures.target === null || !num(figures.value) || figures.polarity === 'neutral') return null;
  return figures.polarity === 'higher_better' ? figures.value >= figures.target : figures.value <= figures.target;
}

/** Better (1), worse (-1) or the same (0) as `other`, for an indicator with a polarity. */
function comparedWith(figures: IndicatorFigures, value: number, other: number): -1 | 0 | 1 {
  if (Math.abs(value - other) <= Math.abs(other) * SIMILAR_SHARE) return 0;
  if (figures.polarity === 'neutral') return value > other ? 1 : -1;
  return value > other === (figures.polarity === 'higher_better') ? 1 : -1;
}

export function isConcern(figures: IndicatorFigures): boolean {
  return figures.variation === 'special_cause_concerning' || targetMet(figures) === false || worseThanLastMonth(figures);
}

export function isImproving(figures: IndicatorFigures): boolean {
  return figures.variation === 'special_cause_improving' || betterThanLastMonth(figures);
}

function change(figures: IndicatorFigures): number | null {
  return num(figures.value) && figures.previous && num(figures.previous.value) ? figures.value - figures.previous.value : null;
}
const meaningOf = (figures: IndicatorFigures, difference: number) =>
  difference === 0 || figures.polarity === 'neutral' ? 'neutral' : difference > 0 === (figures.polarity === 'higher_better') ? 'better' : 'worse';
export const worseThanLastMonth = (figures: IndicatorFigures) => change(figures) !== null && meaningOf(figures, change(figures)!) === 'worse';
export const betterThanLastMonth = (figures: IndicatorFigures) => change(figures) !== null && meaningOf(figures, change(figures)!) === 'better';

function whatChanged(figures: IndicatorFigures): string {
  const value = formatFigure(figures.value, figures.unit);
  let text = `${value} in ${monthName(figures.asOf)}`;
  const difference = change(figures);
  if (difference !== null) {
    const previous = `${formatFigure(figures.previous!.value, figures.unit)} in ${monthName(figures.previous!.asOf)}`;
    const meaning = meaningOf(figures, difference);
    text +=
      difference === 0
        ? `, the same as ${previous}`
        : `, ${difference > 0 ? 'up' : 'down'} ${formatDifference(difference, figures.unit)} from ${previous}${meaning === 'neutral' ? '' : ` (${meaning === 'better' ? 'an improvement' : 'a deterioration'})`}`;
  } else if (figures.previous) {
    text += `; the month before is not published, so no monthly change is given`;
  }
  const yearBefore = figures.yearBefore;
  if (yearBefore && num(yearBefore.value) && num(figures.value)) {
    const yearly = figures.value - yearBefore.value;
    text +=
      yearly === 0
        ? `; the same as a year earlier`
        : `; ${yearly > 0 ? 'higher' : 'lower'} than a year earlier (${formatFigure(yearBefore.value, figures.unit)})`;
  }
  return `${figures.title}: ${text}.`;
}

function realOrNoise(figures: IndicatorFigures): string {
  const up = figures.chart.at(-1)?.special === 'high';
  const why = figures.latestRules.length ? ` (${figures.latestRules.map((rule) => RULE_TEXT[rule](up)).join('; ')})` : '';
  const provisional =
    figures.provisional && figures.variation !== 'insufficient_data'
      ? ' The process limits are provisional: there are fewer than 15 months since the last process change.'
      : '';
  switch (figures.variation) {
    case 'special_cause_improving':
      return `Statistical process control shows a real improvement${why}, not normal month-to-month variation.${provisional}`;
    case 'special_cause_concerning':
      return `Statistical process control shows a real deterioration${why}, not normal month-to-month variation.${provisional}`;
    case 'special_cause_high':
    case 'special_cause_low':
      return `Statistical process control shows a real ${figures.variation === 'special_cause_high' ? 'rise' : 'fall'}${why}, outside normal variation; for this measure higher is neither better nor worse.${provisional}`;
    case 'common_cause':
      return `The latest month is within normal month-to-month variation (common cause): statistically the change is noise, not evidence of a real change.${provisional}`;
    case 'insufficient_data':
      return 'There are too few months of data to tell whether changes are real.';
  }
}

function againstTarget(figures: IndicatorFigures): string | null {
  const met = targetMet(figures);
  if (met === null) return figures.target === null && figures.polarity !== 'neutral' ? 'No target has been set.' : null;
  const target = formatFigure(figures.target, figures.unit);
  const verdict = met
    ? `This meets the target of ${target}.`
    : `This misses the target of ${target} by ${formatDifference((figures.value as number) - figures.target!, figures.unit)}.`;
  const assurance =
    figures.assurance === 'consistently_passing'
      ? ' The process limits are all on the right side of the target: it is met reliably.'
      : figures.assurance === 'consistently_failing'
        ? ' The target is outside the process limits: it will not be met without a change in how the work is done.'
        : figures.assurance === 'hit_and_miss'
          ? ' The target is inside the process limits: it will be met in some months and missed in others unless the process changes.'
          : '';
  return verdict + assurance;
}

function againstBenchmarks(figures: IndicatorFigures): string | null {
  if (!num(figures.value)) return null;
  const value = figures.value;
  const words = (verdict: -1 | 0 | 1) =>
    figures.polarity === 'neutral'
      ? verdict === 0
        ? 'similar to'
        : verdict > 0
          ? 'higher than'
          : 'lower than'
      : verdict === 0
        ? 'similar to'
        : verdict > 0
          ? 'better than'
          : 'worse than';
  const parts: string[] = [];
  const england = figures.benchmarks.england;
  if (england && england.value !== null)
    parts.push(
      `${words(comparedWith(figures, value, england.value))} England (${formatFigure(england.value, figures.unit)}, ${england.label.replace(/^England, /, '')})`,
    );
  const neighbours = figures.benchmarks.neighbours;
  if (neighbours && neighbours.value !== null)
    parts.push(
      `${words(comparedWith(figures, value, neighbours.value))} the ${neighbours.name === CHOSEN_COUNCILS ? 'comparator councils’' : 'statistical neighbours’'} average (${formatFigure(neighbours.value, figures.unit)})`,
    );
  return parts.length ? `This is ${parts.join(' and ')}.` : null;
}

function driver(figures: IndicatorFigures): string | null {
  if (!figures.teams) return null;
  const rows = figures.teams.rows.filter((row): row is TeamFigure & { value: number } => num(row.value));
  if (rows.length < 2) return null;
  if (figures.unit === 'count') {
    const total = figures.teams.total.value;
    if (!num(total) || total === 0) return null;
    const largest = rows.reduce((best, row) => (row.value > best.value ? row : best));
    const share = largest.value / total;
    return share >= DRIVER_SHARE
      ? `${largest.label} accounts for ${formatFigure(largest.value, 'count')} of the ${formatFigure(total, 'count')} (${Math.round(share * 100)}%).`
      : null;
  }
  if (figures.polarity === 'neutral' || !num(figures.value)) return null;
  const concern = isConcern(figures);
  if (!concern && !isImproving(figures)) return null;
  const higherBetter = figures.polarity === 'higher_better';
  // The team furthest on the side that matters: the worst team for a concern, the best for an improvement.
  const wantLow = concern === higherBetter;
  const team = rows.reduce((best, row) => ((wantLow ? row.value < best.value : row.value > best.value) ? row : best));
  if (team.value === figures.value) return null;
  return `${concern ? 'Most behind the council figure' : 'Leading the council figure'} is ${team.label} at ${formatFigure(team.value, figures.unit)}, against ${formatFigure(figures.value, figures.unit)} for the council.`;
}

/** A recommendation's text, cut after RECOMMENDATION_WORDS words. */
function shortened(text: string): string {
  const words = text
    .trim()
    .replace(/[.;:]+$/, '')
    .split(/\s+/);
  return words.length > RECOMMENDATION_WORDS ? `${words.slice(0, RECOMMENDATION_WORDS).join(' ')}…` : words.join(' ');
}

function planSays(link: PlanLink, withSuggestion: boolean): string {
  const when = link.completedOn
    ? `due ${longDate(link.dueDate)} and completed on ${longDate(link.completedOn)}`
    : `due ${longDate(link.dueDate)}${link.overdue ? ' and overdue' : ''}`;
  const rated = link.rag ? `rated ${link.rag}` : 'not yet rated';
  let suggestion = '';
  if (withSuggestion && link.suggested) {
    suggestion =
      link.rag === null
        ? ` Keystone suggests ${link.suggested} from the evidence.`
        : link.disagreement === 'more_optimistic'
          ? ` Keystone suggests ${link.suggested} from the evidence: the plan’s rating is more optimistic than the evidence.`
          : link.disagreement === 'more_cautious'
            ? ` Keystone suggests ${link.suggested} from the evidence: the plan’s rating is more cautious than the evidence.`
            : ' Keystone’s suggested rating from the evidence agrees.';
  }
  return `In the improvement plan this is a success measure of recommendation ${link.recommendation.position} (“${shortened(link.recommendation.text)}”), action “${link.action}”, owned by ${link.owner}, ${when}, ${rated}.${suggestion}`;
}

/** The generated commentary for one indicator. */
export function generateCommentary(figures: IndicatorFigures): string {
  const published = num(figures.value);
  const plan = (figures.planLinks ?? []).map((link) => planSays(link, published));
  if (!published) {
    const month = monthName(figures.asOf);
    const reason =
      figures.value === 'c'
        ? `is not published because it rests on fewer than 6 children or cases, or would let a reader work such a number out (shown as c, the DfE small-number rule); no change or comparison is given`
        : figures.value === 'z'
          ? 'is not applicable: there was nothing to count'
          : 'is not available';
    // No data is not zero: say why the data cannot give the figure (indicators/coverage.ts).
    const why = figures.coverage?.startsWith('No data') ? ` ${figures.coverage}` : '';
    return [`${figures.title}: the figure for ${month} ${reason}.${why}`, ...plan].join(' ');
  }
  return [whatChanged(figures), realOrNoise(figures), againstTarget(figures), againstBenchmarks(figures), driver(figures), ...plan]
    .filter((text): text is string => Boolean(text))
    .join(' ');
}
