/** A plan's progress report (/improvement/plans/ID/progress): printable, and as a Word download. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { readIndicatorSettings } from '../../indicators/settings.ts';
import { recordNumber } from '../../core/http/form.ts';
import { formatMeasure } from '../present.ts';
import { progressDocx } from '../progress-docx.ts';
import { notFound, planPages, VIEW, type IdParams } from './common.ts';

export function progressRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;
  const { evaluate, common } = planPages(deps);

  const progress = async (request: FastifyRequest<IdParams>) => {
    const id = recordNumber(request.params.id);
    return id === undefined ? undefined : evaluate(id, request);
  };

  app.get<IdParams>('/improvement/plans/:id/progress', { config: VIEW }, async (request, reply) => {
    const plan = await progress(request);
    if (!plan) return notFound(reply);
    return reply.render('improvement/views/progress.njk', { title: `${plan.title}: progress report`, plan, formatMeasure, ...common(request) });
  });

  app.get<IdParams>('/improvement/plans/:id/progress.docx', { config: VIEW }, async (request, reply) => {
    const plan = await progress(request);
    if (!plan) return notFound(reply);
    const settings = await readIndicatorSettings(database);
    const document = await progressDocx(plan, settings.laName);
    await recordAudit(database, actorFrom(request), { action: 'export', subjectType: 'improvement_progress_report', subjectId: String(plan.planId) });
    return reply
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('content-disposition', `attachment; filename="improvement-plan-${plan.planId}-progress.docx"`)
      .send(document);
  });
}
