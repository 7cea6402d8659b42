/** Recording an inspection by hand (/inspections/new) and changing one, with the reason for the change kept in its history. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { todayInEngland } from '../../core/dates.ts';
import { Errors, recordNumber, text, type Body } from '../../core/http/form.ts';
import { getInspection, INSPECTION_TYPES, saveInspection, updateInspection, type Inspection } from '../register.ts';
import { BLANK_FORM, formContext, readForm, valuesOf, type FormValues } from './form.ts';

const MANAGE = { access: { permission: 'inspections.manage' as const } };

export function recordRoutes(app: FastifyInstance, { database }: AppDeps) {
  app.get('/inspections/new', { config: MANAGE }, (_request, reply) => reply.render('inspections/views/form.njk', formContext(BLANK_FORM, new Errors())));

  app.post('/inspections', { config: MANAGE }, async (request, reply) => {
    const { values, errors, input } = readForm((request.body ?? {}) as Body);
    if (!input) return reply.code(400).render('inspections/views/form.njk', formContext(values, errors));
    const inspectionId = await saveInspection(database, input, request.user!.userId);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'inspection',
      subjectId: String(inspectionId),
      details: { created: true },
    });
    return reply.code(303).redirect(`/inspections/${inspectionId}`);
  });

  const editPage = (reply: FastifyReply, inspection: Inspection, values: FormValues, errors: Errors, reason = '') =>
    reply.code(errors.any ? 400 : 200).render(
      'inspections/views/form.njk',
      formContext(values, errors, {
        title: `Change the ${INSPECTION_TYPES[inspection.inspectionType].toLowerCase()} of ${inspection.startDate.slice(0, 4)}`,
        formAction: `/inspections/${inspection.inspectionId}`,
        backLink: `/inspections/${inspection.inspectionId}`,
        editing: true,
        reason,
      }),
    );

  app.get<{ Params: { id: string } }>('/inspections/:id/edit', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const inspection = id === undefined ? undefined : await getInspection(database, id);
    if (!inspection) return reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no inspection with that number.' });
    return editPage(reply, inspection, valuesOf(inspection), new Errors());
  });

  app.post<{ Params: { id: string } }>('/inspections/:id', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const inspection = id === undefined ? undefined : await getInspection(database, id);
    if (!inspection) return reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no inspection with that number.' });
    const body = (request.body ?? {}) as Body;
    const { values, errors, input } = readForm(body);
    const reason = text(body, 'reason');
    if (!reason) errors.add('reason', 'Say why the inspection is being changed');
    if (!input || errors.any) return editPage(reply, inspection, values, errors, reason);
    const user = request.user!;
    const changed = await updateInspection(database, inspection.inspectionId, input, {
      reason,
      userId: user.userId,
      name: user.displayName,
      today: todayInEngland(),
    });
    if (changed)
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'inspection',
        subjectId: String(inspection.inspectionId),
        details: { edited: true, reason },
      });
    return reply.code(303).redirect(`/inspections/${inspection.inspectionId}`);
  });
}
