/** What the improvement plan pages share: access rules, "not found", the editor, the council's rating meanings and a plan evaluated as it stands. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { allows } from '../../core/auth/access.ts';
import { todayInEngland } from '../../core/dates.ts';
import { caseloadThreshold } from '../../indicators/settings.ts';
import { sql } from 'kysely';
import { getInspection, planDeadline } from '../../inspections/register.ts';
import { loadPlan, type Editor } from '../plan.ts';
import { evaluatePlan, publishedPlan, type EvaluatedPlan } from '../evaluate.ts';
import { RAGS } from '../rag.ts';
import { RAG_NAMES, RAG_TAG_CLASSES } from '../present.ts';

export const VIEW = { access: { permission: 'improvement.view' as const } };
export const MANAGE = { access: { permission: 'improvement.manage' as const } };

export type IdParams = { Params: { id: string } };

export const notFound = (reply: FastifyReply, what = 'plan') =>
  reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: `There is no ${what} with that number.` });

export function editorFrom(request: FastifyRequest): Editor {
  return { userId: request.user!.userId, name: request.user!.displayName, today: todayInEngland() };
}

export async function ragDefinitions(database: AppDeps['database']) {
  const rows = await sql<{ rag: string; label: string; meaning: string }>`SELECT rag, label, meaning FROM ks_rag_definition`.execute(database.db);
  return RAGS.map((rag) => rows.rows.find((row) => row.rag === rag) ?? { rag, label: RAG_NAMES[rag], meaning: '' });
}

/**
 * A plan evaluated (closed plans as they stood when they closed) as the person asking may read it — small
 * numbers suppressed for those who may not see children's records, such as elected members — what every
 * page shows, and an inspection plan's deadline.
 */
export function planPages({ database, config }: AppDeps) {
  const evaluate = async (planId: number, request: FastifyRequest): Promise<EvaluatedPlan | undefined> => {
    const plan = await loadPlan(database, planId);
    if (!plan) return undefined;
    // A closed or superseded plan is judged as it stood on the day it closed: nothing falls overdue after.
    const today = todayInEngland();
    const asOf = plan.closedOn && plan.closedOn < today ? plan.closedOn : today;
    const evaluated = await evaluatePlan(database, plan, asOf, await caseloadThreshold(database, config));
    return allows('children.view', request.user!.roles) ? evaluated : publishedPlan(evaluated);
  };
  const common = (request: FastifyRequest) => ({
    ragNames: RAG_NAMES,
    ragClasses: RAG_TAG_CLASSES,
    canManage: allows('improvement.manage', request.user!.roles),
  });
  const deadlineOf = async (plan: { inspectionId: number | null }) => {
    const inspection = plan.inspectionId === null ? undefined : await getInspection(database, plan.inspectionId);
    return inspection ? { inspection, deadline: planDeadline(inspection) } : undefined;
  };
  return { evaluate, common, deadlineOf };
}
