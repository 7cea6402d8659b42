/**
 * A plan with the evidence beside each rating: every success measure's readings (from the
 * indicator engine, or from casework audits for 'audits.good_or_better'), Keystone's suggested RAG
 * and where the person's rating disagrees (rules in rag.ts), and the counts the progress report gives.
 */
import type { Database } from '../core/db/database.ts';
import { monthEnds, addMonths, type IsoDate } from '../core/dates.ts';
import { analyseIndicators, dataPeriod } from '../indicators/analysis.ts';
import { findIndicator } from '../indicators/catalogue/index.ts';
import type { Polarity, Unit } from '../indicators/types.ts';
import { auditRecords } from '../casework-audits/store.ts';
import { GOOD_SHARE_TITLE, goodShareOn } from '../casework-audits/rules.ts';
import {
  disagreement,
  measureTarget,
  measureStatus,
  RAGS,
  suggestForAction,
  suggestForLine,
  type Disagreement,
  type MeasureReading,
  type MeasureStatus,
  type Rag,
  type Suggestion,
} from './rag.ts';
import type { Action, Line, Measure, Plan } from './plan.ts';
import { isSmall } from '../core/outputs/suppression.ts';

/** The measure source that is not an indicator: share of casework audits graded good or better (%). */
export const AUDIT_MEASURE = 'audits.good_or_better';
export const TREND_MONTHS = 12;

export interface MeasureSource {
  id: string;
  title: string;
  unit: Unit;
  polarity: Polarity;
}

export function measureSource(id: string): MeasureSource | undefined {
  if (id === AUDIT_MEASURE) return { id, title: GOOD_SHARE_TITLE, unit: '%', polarity: 'higher_better' };
  const indicator = findIndicator(id);
  return indicator ? { id, title: indicator.title, unit: indicator.unit, polarity: indicator.polarity } : undefined;
}

export interface EvaluatedMeasure extends Measure {
  title: string;
  unit: Unit;
  reading: MeasureReading;
  status: MeasureStatus;
  targetNow: number | null;
  /** Month-end values, oldest first, up to TREND_MONTHS; 'c' where suppressed (publishedPlan). */
  trend: TrendPoint[];
  /** The latest value as shown: reading.value, or 'c' when suppressed. */
  shown: number | null | 'c';
  /** The first and last month-ends of the trend with a value: the measure's movement. */
  movement: { from: { asOf: IsoDate; value: number | 'c' }; to: { asOf: IsoDate; value: number | 'c' } } | null;
}
export interface TrendPoint {
  asOf: IsoDate;
  value: number | null | 'c';
  numerator: number | null;
  denominator: number | null;
}
export interface EvaluatedAction extends Omit<Action, 'measures'> {
  measures: EvaluatedMeasure[];
  overdue: boolean;
  suggestion: Suggestion;
  disagreement: Disagreement;
}
export interface EvaluatedLine extends Omit<Line, 'actions'> {
  actions: EvaluatedAction[];
  suggestion: Suggestion;
  disagreement: Disagreement;
}
export interface EvaluatedPlan extends Omit<Plan, 'lines'> {
  asOf: IsoDate;
  measuresAsOf: IsoDate | null;
  lines: EvaluatedLine[];
  counts: { lines: Record<Rag | 'unrated', number>; actions: Record<Rag | 'unrated', number> };
  movedDates: number;
  overdue: number;
  disagreements: number;
}

type Counted = { asOf: IsoDate; value: number | null; numerator: number | null; denominator: number | null };
const pointAt = ({ asOf, value }: { asOf: IsoDate; value: number }) => ({ asOf, value });

/** Month-end series for every measure source used, up to the latest month-end with data. */
async function seriesFor(
  database: Database,
  ids: string[],
  today: IsoDate,
  threshold: number,
): Promise<{ asOf: IsoDate | null; series: Map<string, Counted[]> }> {
  const series = new Map<string, Counted[]>();
  const period = await dataPeriod(database, today);
  const indicators = ids.map((id) => findIndicator(id)).filter((indicator) => indicator !== undefined);
  let asOf: IsoDate | null = period?.defaultAsOf ?? null;
  if (indicators.length && period) {
    const results = await analyseIndicators(database, {
      asOf: period.defaultAsOf,
      selection: { scope: { kind: 'all' } },
      threshold,
      indicators,
      months: TREND_MONTHS,
    });
    for (const result of results)
      series.set(
        result.indicator.id,
        result.series.map((point) => ({ asOf: point.asOf, value: point.value, numerator: point.numerator, denominator: point.denominator })),
      );
  }
  if (ids.includes(AUDIT_MEASURE)) {
    const audits = await auditRecords(database);
    const last = audits.length ? audits.reduce((latest, audit) => (audit.auditDate > latest ? audit.auditDate : latest), audits[0]!.auditDate) : null;
    const end = asOf ?? (last && last < today ? last : today);
    asOf ??= end;
    const dates = monthEnds(addMonths(`${end.slice(0, 8)}01`, -(TREND_MONTHS - 1)), end);
    series.set(
      AUDIT_MEASURE,
      dates.map((date) => {
        const share = goodShareOn(audits, date);
        return { asOf: date, value: share.value, numerator: share.good, denominator: share.audits };
      }),
    );
  }
  return { asOf, series };
}

const emptyCounts = (): Record<Rag | 'unrated', number> => ({ red: 0, amber: 0, green: 0, blue: 0, unrated: 0 });

/** The plan, evaluated on `today` (overdue actions) against the latest month-end with data (measures). */
export async function evaluatePlan(database: Database, plan: Plan, today: IsoDate, threshold: number): Promise<EvaluatedPlan> {
  const ids = [...new Set(plan.lines.flatMap((line) => line.actions.flatMap((action) => action.measures.map((measure) => measure.indicatorId))))];
  const { asOf: measuresAsOf, series } = await seriesFor(database, ids, today, threshold);
  const counts = { lines: emptyCounts(), actions: emptyCounts() };
  let movedDates = 0;
  let overdue = 0;
  let disagreements = 0;
  const lines = plan.lines.map((line): EvaluatedLine => {
    const actions = line.actions.map((action): EvaluatedAction => {
      const measures = action.measures.map((measure): EvaluatedMeasure => {
        const source = measureSource(measure.indicatorId);
        const trend = series.get(measure.indicatorId) ?? [];
        const valued = trend.filter((point): point is Counted & { value: number } => point.value !== null);
        const latest = valued[valued.length - 1] ?? null;
        const reading: MeasureReading = {
          description: measure.description,
          value: latest?.value ?? null,
          asOf: latest?.asOf ?? null,
          target: measure.target,
          trajectory: measure.trajectory,
          polarity: source?.polarity ?? 'higher_better',
          unit: source?.unit ?? 'count',
        };
        return {
          ...measure,
          title: source?.title ?? `${measure.indicatorId} (no longer in the catalogue)`,
          unit: source?.unit ?? 'count',
          reading,
          status: measureStatus(reading),
          targetNow: measureTarget(reading, latest?.asOf ?? today),
          trend,
          shown: reading.value,
          movement: valued.length ? { from: pointAt(valued[0]!), to: pointAt(valued[valued.length - 1]!) } : null,
        };
      });
      const suggestion = suggestForAction(
        { dueDate: action.dueDate, completedOn: action.completedOn, measures: measures.map((measure) => measure.reading) },
        today,
      );
      const isOverdue = !action.completedOn && action.dueDate < today;
      counts.actions[action.rag ?? 'unrated']++;
      if (action.changes.some((change) => change.field === 'due_date')) movedDates++;
      if (isOverdue) overdue++;
      const differs = disagreement(action.rag, suggestion.rag);
      if (differs) disagreements++;
      return { ...action, measures, overdue: isOverdue, suggestion, disagreement: differs };
    });
    const suggestion = suggestForLine(actions.map((action) => action.suggestion));
    counts.lines[line.rag ?? 'unrated']++;
    const differs = disagreement(line.rag, suggestion.rag);
    if (differs) disagreements++;
    return { ...line, actions, suggestion, disagreement: differs };
  });
  return { ...plan, asOf: today, measuresAsOf, lines, counts, movedDates, overdue, disagreements };
}

export { RAGS };

/**
 * The plan as someone who may not see children's records reads it (an elected member), by the DfE rule
 * every member-facing output follows (src/core/outputs/suppression.ts): a measure's value resting on
 * 1 to 5 children or cases — a count of 1 to 5, a rate whose numerator or denominator is 1 to 5 — is
 * shown as c. The suggested ratings (and whether a rating differs from them) are worked again from the
 * published figures alone, as met or missed on a hidden figure would tell it; a hidden measure is named
 * in the reasons as c.
 */
export function publishedPlan(plan: EvaluatedPlan): EvaluatedPlan {
  let disagreements = 0;
  const lines = plan.lines.map((line): EvaluatedLine => {
    const actions = line.actions.map((action): EvaluatedAction => {
      const hidden: string[] = [];
      const measures = action.measures.map((measure): EvaluatedMeasure => {
        const small = (point: TrendPoint) => point.value !== null && restsOnFew(measure.unit, point);
        // The counts themselves stay behind: only the value, or c, goes to the page.
        const trend = measure.trend.map((point) => ({
          asOf: point.asOf,
          value: small(point) ? ('c' as const) : point.value,
          numerator: null,
          denominator: null,
        }));
        const latest = trend.findLast((point) => point.value !== null);
        const first = trend.find((point) => point.value !== null);
        const suppressed = latest?.value === 'c';
        if (suppressed) hidden.push(measure.description);
        const reading = suppressed ? { ...measure.reading, value: null } : measure.reading;
        return {
          ...measure,
          trend,
          shown: suppressed ? 'c' : measure.shown,
          reading,
          status: measureStatus(reading),
          movement:
            measure.movement && first && latest ? { from: { asOf: first.asOf, value: first.value! }, to: { asOf: latest.asOf, value: latest.value! } } : null,
        };
      });
      // The suggested rating rests only on what is published: met or missed on a hidden figure would tell it.
      const suggested = suggestForAction(
        { dueDate: action.dueDate, completedOn: action.completedOn, measures: measures.map((measure) => measure.reading) },
        plan.asOf,
      );
      const suggestion = {
        ...suggested,
        reasons: [...suggested.reasons, ...hidden.map((description) => `${description}: c (fewer than 6 children or cases: not published, nor counted here)`)],
      };
      const differs = disagreement(action.rag, suggestion.rag);
      if (differs) disagreements++;
      return { ...action, measures, suggestion, disagreement: differs };
    });
    const suggestion = suggestForLine(actions.map((action) => action.suggestion));
    const differs = disagreement(line.rag, suggestion.rag);
    if (differs) disagreements++;
    return { ...line, actions, suggestion, disagreement: differs };
  });
  return { ...plan, lines, disagreements };
}

function restsOnFew(unit: Unit, point: TrendPoint): boolean {
  if (unit === 'count') return typeof point.value === 'number' && isSmall(point.value);
  if (unit === 'per 10,000') return point.numerator !== null && isSmall(point.numerator);
  return (point.numerator !== null && isSmall(point.numerator)) || (point.denominator !== null && isSmall(point.denominator));
}
