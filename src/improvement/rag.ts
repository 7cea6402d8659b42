/**
 * RAG ratings: the council's four ratings and Keystone's suggestion from the evidence.
 *
 * Keystone suggests a rating for an action from two kinds of evidence, and for a recommendation
 * (plan line) from its actions:
 * - Overdue: an action not completed whose due date has passed (due_date < the date) → red.
 * - Success measures: each linked measure's latest value against its target on that date (the
 *   trajectory, linear between its points, else the fixed target; see indicators/spc.ts targetOn):
 *   met (on or better than target, by the indicator's polarity) → green; missed by no more than
 *   NEAR_MISS_SHARE of the target → amber ("slipping"); missed by more → red. A measure with no
 *   value yet gives no evidence.
 * - The action's suggestion is the worst of these; with no evidence at all there is no suggestion.
 *   Keystone never suggests blue: "complete and embedded" is a judgement the evidence cannot make.
 * - A recommendation's suggestion is the worst of its actions' suggestions.
 * A person's rating disagrees with the evidence when it is better than the suggestion (blue counts
 * as green: over-optimistic) or worse (more cautious); both are shown, the first prominently.
 */
import { longDate, type IsoDate } from '../core/dates.ts';
import { targetOn } from '../indicators/spc.ts';
import type { Polarity, Trajectory, Unit } from '../indicators/types.ts';
import { formatMeasure } from './present.ts';

export const RAGS = ['red', 'amber', 'green', 'blue'] as const;
export type Rag = (typeof RAGS)[number];
export const isRag = (value: unknown): value is Rag => typeof value === 'string' && (RAGS as readonly string[]).includes(value);

/** A measure missing its target by at most this share of the target is amber rather than red. */
export const NEAR_MISS_SHARE = 0.1;

const RANK: Record<Rag, number> = { red: 0, amber: 1, green: 2, blue: 2 };

export interface MeasureReading {
  description: string;
  value: number | null;
  asOf: IsoDate | null;
  target: number;
  trajectory: Trajectory;
  polarity: Polarity;
  /** How the value and target are written in the reasons (80%); a bare number when not given. */
  unit?: Unit;
}

export type MeasureStatus = 'met' | 'near' | 'missed' | 'no_data';

/** The target a measure must meet on a date: its trajectory there, else its fixed target. */
export function measureTarget(reading: Pick<MeasureReading, 'target' | 'trajectory'>, date: IsoDate): number {
  return targetOn(date, reading.target, reading.trajectory.length ? reading.trajectory : undefined) ?? reading.target;
}

export function measureStatus(reading: MeasureReading): MeasureStatus {
  if (reading.value === null || reading.asOf === null) return 'no_data';
  const target = measureTarget(reading, reading.asOf);
  const shortfall = reading.polarity === 'lower_better' ? reading.value - target : target - reading.value;
  if (shortfall <= 0) return 'met';
  return shortfall <= Math.abs(target) * NEAR_MISS_SHARE ? 'near' : 'missed';
}

const FROM_STATUS: Record<Exclude<MeasureStatus, 'no_data'>, Rag> = { met: 'green', near: 'amber', missed: 'red' };

export interface Suggestion {
  rag: Rag | null;
  reasons: string[];
}

function worst(rags: readonly Rag[]): Rag | null {
  return rags.length ? rags.reduce((a, b) => (RANK[b] < RANK[a] ? b : a)) : null;
}

export function suggestForAction(action: { dueDate: IsoDate; completedOn: IsoDate | null; measures: readonly MeasureReading[] }, asOf: IsoDate): Suggestion {
  const rags: Rag[] = [];
  const reasons: string[] = [];
  if (!action.completedOn && action.dueDate < asOf) {
    rags.push('red');
    reasons.push(`Overdue: due ${longDate(action.dueDate)} and not completed`);
  }
  for (const measure of action.measures) {
    const status = measureStatus(measure);
    if (status === 'no_data') continue;
    rags.push(FROM_STATUS[status]);
    const target = measureTarget(measure, measure.asOf!);
    reasons.push(
      `${measure.description}: ${formatMeasure(measure.value, measure.unit ?? 'count')} against a target of ${formatMeasure(target, measure.unit ?? 'count')} on ${longDate(measure.asOf!)} (${status === 'met' ? 'met' : status === 'near' ? 'just missed' : 'missed'})`,
    );
  }
  return { rag: worst(rags), reasons };
}

export function suggestForLine(actionSuggestions: readonly Suggestion[]): Suggestion {
  return {
    rag: worst(actionSuggestions.map((suggestion) => suggestion.rag).filter((rag): rag is Rag => rag !== null)),
    reasons: actionSuggestions.flatMap((suggestion) => suggestion.reasons),
  };
}

export type Disagreement = 'more_optimistic' | 'more_cautious' | null;

export function disagreement(rated: Rag | null, suggested: Rag | null): Disagreement {
  if (!rated || !suggested || RANK[rated] === RANK[suggested]) return null;
  return RANK[rated] > RANK[suggested] ? 'more_optimistic' : 'more_cautious';
}
