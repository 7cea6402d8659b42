/**
 * The executive summary: the three biggest risks and the three biggest improvements, chosen from a
 * report's (member-safe) figures by these rules, which the report prints beside them.
 *
 * Only indicators with a published latest value and a polarity (higher or lower is better) count.
 * Each scores points for risk and for improvement:
 *   risk:        special cause concerning 3; consistently failing its target 2; missing its target 1; worse than last month 1
 *   improvement: special cause improving 3; consistently passing its target 2; meeting its target 1; better than last month 1
 * An indicator is a risk when its risk score is above its improvement score, an improvement when
 * the reverse. Within each list the highest score comes first; ties go to the larger gap from the
 * target (as a share of the target), then to the larger change since last month (as a share of
 * last month's value), then to catalogue order.
 */
import { betterThanLastMonth, targetMet, worseThanLastMonth } from './commentary.ts';
import type { IndicatorFigures } from './figures.ts';

export const SUMMARY_SIZE = 3;

export const SUMMARY_RULES =
  'Risks and improvements are chosen by rule from the indicators whose latest figure is published and where higher or lower is better. ' +
  'Risk points: a real deterioration by statistical process control 3, consistently failing the target 2, missing the target 1, worse than last month 1. ' +
  'Improvement points: a real improvement by statistical process control 3, consistently meeting the target 2, meeting the target 1, better than last month 1. ' +
  'An indicator is listed where it scores more; the three highest scores are shown, ties going to the larger gap from the target, then the larger monthly change.';

export interface SummaryItem {
  id: string;
  title: string;
  score: number;
  reasons: string[];
}

interface Scored {
  figures: IndicatorFigures;
  risk: { score: number; reasons: string[] };
  improvement: { score: number; reasons: string[] };
  gap: number;
  change: number;
}

function score(figures: IndicatorFigures): Scored {
  const met = targetMet(figures);
  const points = (entries: [boolean, number, string][]) => {
    const hits = entries.filter(([applies]) => applies);
    return { score: hits.reduce((sum, [, value]) => sum + value, 0), reasons: hits.map(([, , reason]) => reason) };
  };
  const value = figures.value as number;
  const previous = typeof figures.previous?.value === 'number' ? figures.previous.value : null;
  return {
    figures,
    risk: points([
      [figures.variation === 'special_cause_concerning', 3, 'a real deterioration (statistical process control)'],
      [figures.assurance === 'consistently_failing', 2, 'consistently failing its target'],
      [met === false, 1, 'missing its target'],
      [worseThanLastMonth(figures), 1, 'worse than last month'],
    ]),
    improvement: points([
      [figures.variation === 'special_cause_improving', 3, 'a real improvement (statistical process control)'],
      [figures.assurance === 'consistently_passing', 2, 'consistently meeting its target'],
      [met === true, 1, 'meeting its target'],
      [betterThanLastMonth(figures), 1, 'better than last month'],
    ]),
    gap: figures.target ? Math.abs(value - figures.target) / Math.abs(figures.target) : 0,
    change: previous ? Math.abs(value - previous) / Math.abs(previous) : 0,
  };
}

export function executiveSummary(indicators: readonly IndicatorFigures[]): { risks: SummaryItem[]; improvements: SummaryItem[]; rules: string } {
  const scored = indicators.filter((figures) => typeof figures.value === 'number' && figures.polarity !== 'neutral').map(score);
  const top = (side: 'risk' | 'improvement') => {
    const other = side === 'risk' ? 'improvement' : 'risk';
    return scored
      .filter((entry) => entry[side].score > entry[other].score)
      .sort((a, b) => b[side].score - a[side].score || b.gap - a.gap || b.change - a.change)
      .slice(0, SUMMARY_SIZE)
      .map((entry) => ({ id: entry.figures.id, title: entry.figures.title, score: entry[side].score, reasons: entry[side].reasons }));
  };
  return { risks: top('risk'), improvements: top('improvement'), rules: SUMMARY_RULES };
}
