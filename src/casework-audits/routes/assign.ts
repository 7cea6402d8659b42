/** Assigning a casework audit (/casework-audits/new): the child must be in the assigner's own scope on the audit date. Child IDs are posted, never put in URLs. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { allows } from '../../core/auth/access.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { accessToChild } from '../../core/children/access.ts';
import { todayInEngland } from '../../core/dates.ts';
import { Errors, dateItems, readDate, recordNumber, text, type Body } from '../../core/http/form.ts';
import { defaultTemplate, getTemplate, listTemplates, openAudit, qaAuditors, saveTemplate } from '../store.ts';

const ASSIGN = { access: { permission: 'audits.assign' as const } };

async function templatesOrDefault(database: AppDeps['database']) {
  const templates = await listTemplates(database, { currentOnly: true });
  if (templates.length) return templates;
  await saveTemplate(database, defaultTemplate('ofsted'));
  return listTemplates(database, { currentOnly: true });
}

export function assignRoutes(app: FastifyInstance, { database }: AppDeps) {
  const assignPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    errors = new Errors(),
    body: Body = {},
    assigned?: { auditId: number; auditor: string },
  ) => {
    const user = request.user!;
    const templates = await templatesOrDefault(database);
    const auditorList = await qaAuditors(database);
    return reply.code(errors.any ? 400 : 200).render('casework-audits/views/assign.njk', {
      title: 'Assign a casework audit',
      errorSummary: errors.summary,
      errors: errors.fields,
      values: body,
      assigned,
      templateItems: templates.map((entry) => ({ value: entry.templateId, text: entry.name, selected: text(body, 'templateId') === String(entry.templateId) })),
      auditorItems: [
        { value: '', text: 'Choose who audits' },
        ...(allows('audits.conduct', user.roles)
          ? [{ value: String(user.userId), text: `${user.displayName} (you)`, selected: text(body, 'auditorId') === String(user.userId) }]
          : []),
        ...auditorList
          .filter((entry) => entry.userId !== user.userId)
          .map((entry) => ({ value: String(entry.userId), text: entry.name, selected: text(body, 'auditorId') === String(entry.userId) })),
      ],
      dateItems: dateItems('auditDate', Object.keys(body).length ? body : todayInEngland(), errors),
    });
  };

  app.get('/casework-audits/new', { config: ASSIGN }, (request, reply) => assignPage(request, reply));

  app.post('/casework-audits', { config: ASSIGN }, async (request, reply) => {
    const user = request.user!;
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const template = await getTemplate(database, recordNumber(text(body, 'templateId')) ?? -1);
    if (!template || template.retiredAt) errors.add('templateId', 'Choose the audit template');
    const childId = text(body, 'childId');
    if (!childId) errors.add('childId', 'Enter the child’s ID');
    const auditDate = readDate(body, 'auditDate', 'the audit date', errors, { required: true, latest: todayInEngland() });
    const auditorId = recordNumber(text(body, 'auditorId'));
    const auditors = await qaAuditors(database);
    const selfAllowed = allows('audits.conduct', user.roles) && auditorId === user.userId;
    if (auditorId === undefined || (!selfAllowed && !auditors.some((entry) => entry.userId === auditorId))) errors.add('auditorId', 'Choose who audits');
    if (childId && auditDate && (await accessToChild(database, user, childId, auditDate)) !== 'full') {
      errors.add('childId', 'You can assign audits only of children in your scope on the audit date: check the ID');
    }
    if (errors.any || !template || !auditDate || auditorId === undefined) return assignPage(request, reply, errors, body);
    const { auditId, opened } = await openAudit(database, {
      templateId: template.templateId,
      personId: childId,
      auditDate,
      auditorId,
      assignedBy: user.userId,
    });
    if (opened)
      await recordAudit(database, actorFrom(request), {
        action: 'data.change',
        subjectType: 'casework_audit',
        subjectId: String(auditId),
        childIds: [childId],
        details: { assigned_to: auditorId },
      });
    const auditorName = selfAllowed ? user.displayName : auditors.find((entry) => entry.userId === auditorId)!.name;
    return assignPage(request, reply, new Errors(), {}, { auditId, auditor: auditorName });
  });
}
