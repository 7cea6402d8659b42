/**
 * Sections other capabilities contribute to a report. Each provider returns aggregates only (no
 * child-level data) and is frozen with the report when it is published.
 *
 * Present: the improvement plan (src/improvement): RAG summary of the latest plan's
 * recommendations and actions, and its exceptions (red recommendations, overdue actions). It counts
 * recommendations and actions, not children, so no suppression applies.
 * Extension point: casework audit findings (src/audits) and workforce (src/workforce) join this list
 * as providers of the same shape; audit counts are of children's cases and must go through
 * suppressTable before they are returned.
 */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { longDate } from '../caseloads/date-input.ts';
import { listPlans, loadPlan } from '../improvement/plan.ts';
import { evaluatePlan, RAGS } from '../improvement/evaluate.ts';
import { RAG_NAMES } from '../improvement/present.ts';
import type { ExtraSection } from './document.ts';

type SectionProvider = (database: Database, asOf: IsoDate, threshold: number) => Promise<ExtraSection | null>;

/** The most recently created improvement plan, rated as at the report's date. */
export const improvementPlanSection: SectionProvider = async (database, asOf, threshold) => {
  const [latest] = await listPlans(database);
  const plan = latest ? await loadPlan(database, latest.planId) : undefined;
  if (!plan || plan.lines.length === 0) return null;
  const evaluated = await evaluatePlan(database, plan, asOf, threshold);
  const counts = (of: Record<string, number>) => [...RAGS.map((rag) => `${of[rag]} ${RAG_NAMES[rag].toLowerCase()}`), ...(of.unrated ? [`${of.unrated} not yet rated`] : [])].join(', ');
  const exceptions = evaluated.lines.flatMap((line) => [
    ...(line.rag === 'red' ? [[`${line.position}. ${line.text}`, 'Recommendation rated red', line.lead ?? '–', '–']] : []),
    ...line.actions.filter((action) => action.overdue).map((action) => [action.text, `Action overdue${action.rag ? ` (rated ${RAG_NAMES[action.rag].toLowerCase()})` : ''}`, action.owner, longDate(action.dueDate)]),
  ]);
  return {
    id: 'improvement-plan',
    title: 'Improvement plan',
    paragraphs: [
      `${evaluated.title}, position on ${longDate(asOf)}. Of ${evaluated.lines.length} recommendations: ${counts(evaluated.counts.lines)}. Of their actions: ${counts(evaluated.counts.actions)}.`,
      `${evaluated.overdue} action${evaluated.overdue === 1 ? ' is' : 's are'} overdue and ${evaluated.movedDates} ${evaluated.movedDates === 1 ? 'has' : 'have'} had its due date moved. ${exceptions.length ? 'The exceptions are listed below.' : 'There are no exceptions: no recommendation is rated red and no action is overdue.'}`,
    ],
    ...(exceptions.length ? { table: { caption: 'Exceptions', head: ['Recommendation or action', 'Exception', 'Lead or owner', 'Due'], rows: exceptions } } : {}),
  };
};

export const SECTION_PROVIDERS: readonly SectionProvider[] = [improvementPlanSection];

export async function reportSections(database: Database, asOf: IsoDate, threshold: number): Promise<ExtraSection[]> {
  const sections: ExtraSection[] = [];
  for (const provider of SECTION_PROVIDERS) {
    const section = await provider(database, asOf, threshold);
    if (section) sections.push(section);
  }
  return sections;
}
