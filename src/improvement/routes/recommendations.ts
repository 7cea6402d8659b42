/** A recommendation (plan line, /improvement/lines/ID): its actions, rating and history; the forms that rate it and add actions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { dateItems, Errors, MAX_LENGTH, readDate, recordNumber, text, tooLong, type Body } from '../../core/http/form.ts';
import { addAction, planOfLine, rateLine } from '../plan.ts';
import { isRag, RAGS } from '../rag.ts';
import { RAG_NAMES } from '../present.ts';
import { editorFrom, MANAGE, notFound, planPages, VIEW, type IdParams } from './common.ts';

export function recommendationRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;
  const { evaluate, common } = planPages(deps);

  // A line (recommendation): its actions, rating and history; forms to rate it and add actions.
  const linePage = async (request: FastifyRequest, reply: FastifyReply, lineId: number | undefined, errors = new Errors(), body: Body = {}) => {
    const planId = lineId === undefined ? undefined : await planOfLine(database, lineId);
    const plan = planId === undefined ? undefined : await evaluate(planId, request);
    const line = plan?.lines.find((entry) => entry.lineId === lineId);
    if (!plan || !line) return notFound(reply, 'plan line');
    return reply.code(errors.any ? 400 : 200).render('improvement/views/line.njk', {
      title: `Recommendation ${line.position}`,
      plan,
      line,
      errorSummary: errors.summary,
      errors: errors.fields,
      values: body,
      ragItems: RAGS.map((rag) => ({ value: rag, text: RAG_NAMES[rag], checked: (text(body, 'rag') || line.rag) === rag })),
      dueItems: dateItems('due', body, errors),
      ...common(request),
    });
  };

  app.get<IdParams>('/improvement/lines/:id', { config: VIEW }, (request, reply) => linePage(request, reply, recordNumber(request.params.id)));

  app.post<IdParams>('/improvement/lines/:id/rating', { config: MANAGE }, async (request, reply) => {
    const lineId = recordNumber(request.params.id);
    const body = (request.body ?? {}) as Body;
    if (lineId === undefined || (await planOfLine(database, lineId)) === undefined) return notFound(reply, 'plan line');
    const errors = new Errors();
    const rag = text(body, 'rag');
    if (!isRag(rag)) errors.add('rag', 'Select a rating', 'rag');
    const reason = text(body, 'reason');
    const reasonTooLong = tooLong(reason, MAX_LENGTH.reason, 'The reason');
    if (!reason) errors.add('reason', 'Give the reason for the rating');
    else if (reasonTooLong) errors.add('reason', reasonTooLong);
    if (errors.any || !isRag(rag)) return linePage(request, reply, lineId, errors, body);
    await rateLine(database, lineId, rag, reason, editorFrom(request));
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'plan_line', subjectId: String(lineId), details: { rag } });
    return reply.code(303).redirect(`/improvement/lines/${lineId}`);
  });

  app.post<IdParams>('/improvement/lines/:id/actions', { config: MANAGE }, async (request, reply) => {
    const lineId = recordNumber(request.params.id);
    const body = (request.body ?? {}) as Body;
    if (lineId === undefined || (await planOfLine(database, lineId)) === undefined) return notFound(reply, 'plan line');
    const errors = new Errors();
    const actionText = text(body, 'actionText');
    const owner = text(body, 'owner');
    if (!actionText) errors.add('actionText', 'Enter what will be done');
    if (!owner) errors.add('owner', 'Enter who owns the action');
    const dueDate = readDate(body, 'due', 'the due date', errors, { required: true });
    if (errors.any || !dueDate) return linePage(request, reply, lineId, errors, body);
    const actionId = await addAction(database, lineId, { text: actionText, owner, dueDate });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'plan_action',
      subjectId: String(actionId),
      details: { created: true },
    });
    return reply.code(303).redirect(`/improvement/actions/${actionId}`);
  });
}
