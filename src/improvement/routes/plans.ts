/** The plans (/improvement) and a plan's page: create, close or supersede a plan, and add its recommendations. */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { todayInEngland } from '../../core/dates.ts';
import { getInspection } from '../../inspections/register.ts';
import { Errors, MAX_LENGTH, recordNumber, text, tooLong, type Body } from '../../core/http/form.ts';
import { once } from '../../core/http/once.ts';
import { addLine, closePlan, createPlan, listPlans, loadPlan } from '../plan.ts';
import { RAGS } from '../rag.ts';
import { editorFrom, MANAGE, notFound, planPages, ragDefinitions, VIEW, type IdParams } from './common.ts';

const planItems = (plans: { planId: number; title: string }[], selected?: number) =>
  plans.map((plan) => ({ value: String(plan.planId), text: plan.title, selected: plan.planId === selected }));

export function planRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;
  const { evaluate, common, deadlineOf } = planPages(deps);

  app.get('/improvement/print.css', { config: { access: { public: true } } }, async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'max-age=3600')
      .send(await readFile(new URL('../views/print.css', import.meta.url), 'utf8')),
  );

  app.get('/improvement', { config: VIEW }, async (request, reply) => {
    const plans = await listPlans(database);
    const summaries = [];
    for (const plan of plans) {
      const loaded = (await loadPlan(database, plan.planId))!;
      const counts = Object.fromEntries([...RAGS, 'unrated'].map((rag) => [rag, loaded.lines.filter((line) => (line.rag ?? 'unrated') === rag).length]));
      summaries.push({ ...plan, counts });
    }
    return reply.render('improvement/views/plans.njk', {
      title: 'Improvement plans',
      plans: summaries,
      definitions: await ragDefinitions(database),
      ...common(request),
    });
  });

  app.post(
    '/improvement/plans',
    { config: MANAGE },
    once(async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const inspectionId = recordNumber(text(body, 'inspectionId'));
      const inspection = inspectionId === undefined ? undefined : await getInspection(database, inspectionId);
      const title = text(body, 'title') || (inspection ? `Improvement plan ${inspection.startDate.slice(0, 4)}` : '');
      const titleProblem = title ? tooLong(title, MAX_LENGTH.title, 'The title') : 'Enter a title for the plan';
      if (titleProblem) {
        const plans = await listPlans(database);
        return reply.code(400).render('improvement/views/plans.njk', {
          title: 'Improvement plans',
          plans,
          definitions: await ragDefinitions(database),
          ...common(request),
          errorSummary: [{ text: titleProblem, href: '#title' }],
          titleError: { text: titleProblem },
          values: { title: text(body, 'title') },
        });
      }
      const planId = await createPlan(database, { title, inspectionId: inspection?.inspectionId ?? null, publishedDate: null }, editorFrom(request));
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'improvement_plan',
        subjectId: String(planId),
        details: { created: true },
      });
      return reply.code(303).redirect(`/improvement/plans/${planId}`);
    }),
  );

  app.get<IdParams>('/improvement/plans/:id', { config: VIEW }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const plan = id === undefined ? undefined : await evaluate(id, request);
    if (!plan) return notFound(reply);
    const openPlans = (await listPlans(database)).filter((other) => other.status === 'open' && other.planId !== plan.planId);
    return reply.render('improvement/views/plan.njk', {
      title: plan.title,
      plan,
      openPlans,
      openPlansItems: planItems(openPlans),
      closeErrors: {},
      closeValues: {},
      ...(await deadlineOf(plan)),
      ...common(request),
    });
  });

  app.post<IdParams>('/improvement/plans/:id/close', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const plan = id === undefined ? undefined : await evaluate(id, request);
    if (!plan) return notFound(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const outcome = text(body, 'outcome');
    const reason = text(body, 'reason');
    const supersededBy = recordNumber(text(body, 'supersededBy'));
    const openPlans = (await listPlans(database)).filter((other) => other.status === 'open' && other.planId !== plan.planId);
    if (plan.status !== 'open') errors.add('outcome', 'The plan is already closed');
    else if (outcome !== 'closed' && outcome !== 'superseded') errors.add('outcome', 'Select whether the plan is complete or carried on by another plan');
    if (outcome === 'superseded' && !openPlans.some((other) => other.planId === supersededBy))
      errors.add('supersededBy', 'Select the open plan that carries the work on');
    const reasonProblem = reason ? tooLong(reason, MAX_LENGTH.reason, 'The reason') : 'Say why the plan is closed';
    if (reasonProblem) errors.add('reason', reasonProblem);
    if (errors.any) {
      return reply.code(400).render('improvement/views/plan.njk', {
        title: plan.title,
        plan,
        openPlans,
        openPlansItems: planItems(openPlans, supersededBy),
        ...(await deadlineOf(plan)),
        ...common(request),
        errorSummary: errors.summary,
        closeErrors: errors.fields,
        closeValues: { outcome, reason, supersededBy },
      });
    }
    const status = outcome as 'closed' | 'superseded';
    const closedOn = todayInEngland();
    await closePlan(database, plan.planId, { status, closedOn, reason, supersededBy: status === 'superseded' ? supersededBy! : null });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'improvement_plan',
      subjectId: String(plan.planId),
      details: { status: { from: 'open', to: status }, closed_on: closedOn, reason, ...(status === 'superseded' ? { superseded_by: supersededBy } : {}) },
    });
    return reply.code(303).redirect(`/improvement/plans/${plan.planId}`);
  });

  app.post<IdParams>(
    '/improvement/plans/:id/lines',
    { config: MANAGE },
    once(async (request, reply) => {
      const id = recordNumber(request.params.id);
      const plan = id === undefined ? undefined : await evaluate(id, request);
      if (!plan) return notFound(reply);
      const body = (request.body ?? {}) as Body;
      const lineText = text(body, 'lineText');
      const lineTextProblem = lineText
        ? tooLong(lineText, MAX_LENGTH.lineText, 'The recommendation or improvement point')
        : 'Enter the recommendation or improvement point';
      if (lineTextProblem) {
        return reply.code(400).render('improvement/views/plan.njk', {
          title: plan.title,
          plan,
          ...(await deadlineOf(plan)),
          ...common(request),
          errorSummary: [{ text: lineTextProblem, href: '#lineText' }],
          lineTextError: { text: lineTextProblem },
          values: { lineText, lead: text(body, 'lead') },
        });
      }
      await addLine(database, plan.planId, { text: lineText, lead: text(body, 'lead') || null });
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'improvement_plan',
        subjectId: String(plan.planId),
        details: { line_added: true },
      });
      return reply.code(303).redirect(`/improvement/plans/${plan.planId}`);
    }),
  );
}
