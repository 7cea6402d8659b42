/** Casework audit templates (/casework-audits/templates): domains, scale and trajectory; a change makes a new version when audits use the template. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { Errors, MAX_LENGTH, recordNumber, text, tooLong, type Body } from '../../core/http/form.ts';
import { once } from '../../core/http/once.ts';
import { parseTrajectory } from '../../improvement/trajectory.ts';
import { DEFAULT_DOMAINS, DEFAULT_SCORE_THRESHOLD, OFSTED_GOOD } from '../rules.ts';
import { auditsUsingTemplate, changeTemplate, getTemplate, listTemplates, saveTemplate, type Template, type TemplateFields } from '../store.ts';

const ASSIGN = { access: { permission: 'audits.assign' as const } };

export function templateRoutes(app: FastifyInstance, { database }: AppDeps) {
  const scaleText = (template: Template) =>
    template.scale === 'ofsted' ? 'Ofsted grades (good or better counts)' : `Scored 0 to 10 (${template.goodThreshold} and above counts)`;
  const templateForm = (body: Body) => ({
    values: {
      domains: DEFAULT_DOMAINS.join('\n'),
      trajectory: '2017-03-31: 61, 2018-03-31: 80, 2019-03-31: 90',
      threshold: String(DEFAULT_SCORE_THRESHOLD),
      ...body,
    },
    scaleItems: [
      { value: 'ofsted', text: 'Ofsted grades: outstanding, good, requires improvement, inadequate', checked: text(body, 'scale') !== 'score' },
      { value: 'score', text: 'A score from 0 to 10', checked: text(body, 'scale') === 'score' },
    ],
  });
  const templatesPage = async (reply: FastifyReply, errors = new Errors(), body: Body = {}) => {
    const templates = (await listTemplates(database)).map((template) => ({ ...template, scaleText: scaleText(template) }));
    return reply.code(errors.any ? 400 : 200).render('casework-audits/views/templates.njk', {
      title: 'Audit templates',
      templates: templates.filter((template) => !template.retiredAt),
      retired: templates.filter((template) => template.retiredAt),
      errorSummary: errors.summary,
      errors: errors.fields,
      ...templateForm(body),
    });
  };

  /** A template's fields from the form, every problem added to `errors`. */
  const readTemplate = (body: Body, errors: Errors): TemplateFields | undefined => {
    const name = text(body, 'name');
    const nameTooLong = tooLong(name, MAX_LENGTH.name, 'The name');
    if (!name) errors.add('name', 'Enter a name for the template');
    else if (nameTooLong) errors.add('name', nameTooLong);
    const scale = text(body, 'scale') === 'score' ? 'score' : 'ofsted';
    const threshold = scale === 'ofsted' ? OFSTED_GOOD : Number(text(body, 'threshold'));
    if (scale === 'score' && !(Number.isInteger(threshold) && threshold >= 0 && threshold <= 10))
      errors.add('threshold', 'Enter the lowest score that counts as good, from 0 to 10');
    const domains = [
      ...new Set(
        text(body, 'domains')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
    ];
    if (domains.length === 0) errors.add('domains', 'Enter at least one domain, one a line');
    const trajectory = parseTrajectory(text(body, 'trajectory'));
    if (!trajectory) errors.add('trajectory', 'Write the trajectory as dates and percentages, for example 2018-03-31: 80, 2019-03-31: 90');
    return errors.any || !trajectory ? undefined : { name, scale, goodThreshold: threshold, domains, trajectory };
  };

  app.get('/casework-audits/templates', { config: ASSIGN }, (_request, reply) => templatesPage(reply));

  app.post(
    '/casework-audits/templates',
    { config: ASSIGN },
    once(async (request, reply) => {
      const body = (request.body ?? {}) as Body;
      const errors = new Errors();
      const fields = readTemplate(body, errors);
      if (!fields) return templatesPage(reply, errors, body);
      const templateId = await saveTemplate(database, fields);
      await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'audit_template', subjectId: String(templateId) });
      return reply.code(303).redirect('/casework-audits/templates');
    }),
  );

  // Changing a template: versioned by changeTemplate (store.ts) so finished audits keep their grading.
  const editPage = async (reply: FastifyReply, template: Template, errors = new Errors(), body?: Body) =>
    reply.code(errors.any ? 400 : 200).render('casework-audits/views/template.njk', {
      title: `Change ${template.name}`,
      template,
      audits: await auditsUsingTemplate(database, template.templateId),
      errorSummary: errors.summary,
      errors: errors.fields,
      ...templateForm(
        body ?? {
          name: template.name,
          scale: template.scale,
          threshold: String(template.scale === 'score' ? template.goodThreshold : DEFAULT_SCORE_THRESHOLD),
          domains: template.domains.join('\n'),
          trajectory: template.trajectory.map((point) => `${point.date}: ${point.value}`).join(', '),
        },
      ),
    });
  const currentTemplate = async (id: string) => {
    const template = await getTemplate(database, recordNumber(id) ?? -1);
    return template && !template.retiredAt ? template : undefined;
  };
  const noTemplate = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', {
      title: 'Page not found',
      message: 'There is no current audit template with that number: earlier versions cannot be changed.',
    });

  app.get<{ Params: { id: string } }>('/casework-audits/templates/:id', { config: ASSIGN }, async (request, reply) => {
    const template = await currentTemplate(request.params.id);
    return template ? editPage(reply, template) : noTemplate(reply);
  });

  app.post<{ Params: { id: string } }>('/casework-audits/templates/:id', { config: ASSIGN }, async (request, reply) => {
    const template = await currentTemplate(request.params.id);
    if (!template) return noTemplate(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const fields = readTemplate(body, errors);
    if (!fields) return editPage(reply, template, errors, body);
    const { templateId, newVersion } = await changeTemplate(database, template, fields);
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'audit_template',
      subjectId: String(templateId),
      details: newVersion ? { new_version_of: template.templateId } : { changed: true },
    });
    return reply.code(303).redirect('/casework-audits/templates');
  });
}
