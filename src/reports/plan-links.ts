/**
 * Which improvement-plan actions an indicator is a success measure of (src/improvement: a measure
 * links an action to an indicator id). The plan is the most recently created one, rated as at the
 * report's date, as in the report's improvement plan section (sections.ts). Plans hold no child
 * data: recommendations, actions, owners, dates and ratings only. Members already read plans with
 * Keystone's suggestions (improvement.view), so naming them in a report discloses nothing new.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { listPlans, loadPlan } from '../improvement/plan.ts';
import { evaluatePlan, type EvaluatedPlan } from '../improvement/evaluate.ts';
import type { Disagreement, Rag } from '../improvement/rag.ts';

export interface PlanLink {
  planTitle: string;
  recommendation: { position: number; text: string };
  action: string;
  owner: string;
  dueDate: IsoDate;
  completedOn: IsoDate | null;
  overdue: boolean;
  /** The plan's rating (a person's); null when not yet rated. */
  rag: Rag | null;
  /** Keystone's suggested rating from the evidence (improvement/rag.ts); null without evidence. */
  suggested: Rag | null;
  disagreement: Disagreement;
}

/** The most recently created plan with at least one line, evaluated on `asOf`. */
export async function latestPlanEvaluated(database: Database, asOf: IsoDate, threshold: number): Promise<EvaluatedPlan | undefined> {
  const [latest] = await listPlans(database);
  const plan = latest ? await loadPlan(database, latest.planId) : undefined;
  if (!plan || plan.lines.length === 0) return undefined;
  return evaluatePlan(database, plan, asOf, threshold);
}

/** Each indicator's linked actions, in the plan's order; an action measured twice by one indicator is named once. */
export function planLinksByIndicator(plan: EvaluatedPlan | undefined): Map<string, PlanLink[]> {
  const links = new Map<string, PlanLink[]>();
  for (const line of plan?.lines ?? []) {
    for (const action of line.actions) {
      for (const indicatorId of new Set(action.measures.map((measure) => measure.indicatorId))) {
        const link: PlanLink = {
          planTitle: plan!.title,
          recommendation: { position: line.position, text: line.text },
          action: action.text,
          owner: action.owner,
          dueDate: action.dueDate,
          completedOn: action.completedOn,
          overdue: action.overdue,
          rag: action.rag,
          suggested: action.suggestion.rag,
          disagreement: action.disagreement,
        };
        links.set(indicatorId, [...(links.get(indicatorId) ?? []), link]);
      }
    }
  }
  return links;
}
