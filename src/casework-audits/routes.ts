/**
 * Casework audit pages: results (aggregates: share good or better by month against the
 * trajectory, by team and domain, and how often moderation lowers a grade; suppressed for people
 * who cannot see children, such as elected members), the user's own audits, assigning an audit of
 * a child in one's scope, grading it, moderating it, raising an improvement-plan action from a
 * finding, and templates. Child IDs are posted, never put in URLs; every view of an audit is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { accessToChild, accessToChildren } from '../core/children/access.ts';
import { suppressCount, suppressRate, type Published } from '../core/outputs/suppression.ts';
import { longDate, monthEnd, monthEnds, todayInEngland } from '../core/dates.ts';
import { targetOn } from '../indicators/spc.ts';
import { monthlyLineChartSvg } from '../core/charts.ts';
import { pageHref, paged } from '../core/http/paging.ts';
import { Errors, dateItems, readDate, recordNumber, text, type Body } from '../core/http/form.ts';
import { addAction, addEvidence, listPlans, loadPlan } from '../improvement/plan.ts';
import { parseTrajectory } from '../improvement/routes.ts';
import { auditResults, DEFAULT_DOMAINS, DEFAULT_SCORE_THRESHOLD, gradesOf, gradeText, OFSTED_GOOD, type ShareRow } from './rules.ts';
import {
  auditRecords, auditsFor, auditsUsingTemplate, changeTemplate, completeAudit, defaultTemplate, getAudit, getTemplate, listTemplates, moderateAudit, openAudit, qaAuditors, saveTemplate,
  type AuditDetail, type Template, type TemplateFields,
} from './store.ts';

const RESULTS = { access: { permission: 'audits.results' as const } };
const CONDUCT = { access: { permission: 'audits.conduct' as const } };
const ASSIGN = { access: { permission: 'audits.assign' as const } };
type IdParams = { Params: { id: string } };

/** Figures as a member may see them: counts 1–5 as c, and rates from them. */
const round1 = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const monthName = (key: string) => new Date(`${key}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The latest month's share against its trajectory, in words; undefined without a trajectory or a share. */
function againstTrajectory(row: ShareRow): string | undefined {
  if (row.goodPct === null || row.target === null || row.target === undefined) return undefined;
  const target = Math.round(row.target * 10) / 10;
  const gap = Math.round((row.goodPct - target) * 10) / 10;
  return gap >= 0 ? `at or above the trajectory of ${target}%` : `${Math.abs(gap)} percentage points below the trajectory of ${target}%`;
}

function published(row: ShareRow, suppress: boolean): { audits: Published; good: Published; goodPct: Published | null } {
  if (!suppress) return { audits: row.audits, good: row.good, goodPct: row.goodPct };
  return { audits: suppressCount(row.audits), good: suppressCount(row.good), goodPct: suppressRate(row.goodPct, row.good, row.audits) };
}

async function templatesOrDefault(database: AppDeps['database']) {
  const templates = await listTemplates(database, { currentOnly: true });
  if (templates.length) return templates;
  await saveTemplate(database, defaultTemplate('ofsted'));
  return listTemplates(database, { currentOnly: true });
}

export function caseworkAuditRoutes(app: FastifyInstance, { database }: AppDeps) {
  const notAvailable = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no audit with that number that you can open.' });

  app.get<{ Querystring: { template?: string } }>('/casework-audits', { config: RESULTS }, async (request, reply) => {
    const user = request.user!;
    const templates = await listTemplates(database);
    const template = templates.find((entry) => String(entry.templateId) === request.query.template) ?? templates[0];
    const suppress = !allows('children.view', user.roles);
    const results = template ? auditResults(await auditRecords(database, template.templateId), template.trajectory) : undefined;
    const months = results?.byMonth ?? [];
    // The chart runs through every month from the first audit to the last; the headline is the latest month against its trajectory.
    const byKey = new Map(months.map((row) => [row.key, row]));
    const calendar = months.length ? monthEnds(monthEnd(`${months[0]!.key}-01`), monthEnd(`${months[months.length - 1]!.key}-01`)) : [];
    const targetOf = (date: string) => (template?.trajectory.length ? round1(targetOn(date, null, template.trajectory)) : null);
    const latest = months.at(-1);
    return reply.render('casework-audits/views/results.njk', {
      title: 'Casework audits',
      template,
      templates: templates.map((entry) => ({ value: entry.templateId, text: entry.retiredAt ? `${entry.name} (earlier version, replaced ${longDate(entry.retiredAt.slice(0, 10))})` : entry.name, selected: entry.templateId === template?.templateId })),
      results,
      suppress,
      overall: results ? published({ key: 'all', audits: results.completed, good: results.good, goodPct: results.goodPct }, suppress) : undefined,
      byMonth: months.map((row) => ({ ...row, label: monthName(row.key), shown: published(row, suppress) })),
      byTeam: (results?.byTeam ?? []).map((row) => ({ ...row, shown: published(row, suppress) })),
      byDomain: (results?.byDomain ?? []).map((row) => ({ ...row, shown: published(row, suppress) })),
      moderation: results && {
        moderated: suppress ? suppressCount(results.moderation.moderated) : results.moderation.moderated,
        lowered: suppress ? suppressCount(results.moderation.lowered) : results.moderation.lowered,
        loweredPct: suppress ? suppressRate(results.moderation.loweredPct, results.moderation.lowered, results.moderation.moderated) : results.moderation.loweredPct,
        byDomain: results.moderation.byDomain.map((row) => ({
          domain: row.domain,
          moderated: suppress ? suppressCount(row.moderated) : row.moderated,
          lowered: suppress ? suppressCount(row.lowered) : row.lowered,
          loweredPct: suppress ? suppressRate(row.loweredPct, row.lowered, row.moderated) : row.loweredPct,
        })),
      },
      latest: latest && { ...latest, month: monthName(latest.key), shown: published(latest, suppress), againstTrajectory: againstTrajectory(latest) },
      chart:
        months.length > 1 && !suppress
          ? monthlyLineChartSvg({
              id: 'chart-good',
              title: 'Casework audits graded good or better, by month of the audit, against the trajectory',
              description: 'Line chart of the percentage of completed audits graded good or better each month (months without audits are gaps), with the trajectory as a dashed red line. The figures and the trajectory are in the table below.',
              points: calendar.map((date) => ({ monthEnd: date, value: byKey.get(date.slice(0, 7))?.goodPct ?? null })),
              yAxisLabel: 'Good or better',
              format: (value) => `${value}%`,
              percent: true,
              ...(calendar.some((date) => targetOf(date) !== null)
                ? { trajectory: { label: 'Trajectory', values: calendar.map((date) => targetOf(date)) } }
                : {}),
            })
          : undefined,
      canConduct: allows('audits.conduct', user.roles),
      canAssign: allows('audits.assign', user.roles),
    });
  });

  app.get('/casework-audits/mine', { config: CONDUCT }, async (request, reply) => {
    const user = request.user!;
    const today = todayInEngland();
    const audits = await auditsFor(database, user.userId);
    const access = await accessToChildren(database, user, [...new Set(audits.map((audit) => audit.personId))], today);
    // 50 audits a page (GOV.UK pagination): the trail records the children this page names.
    const page = paged(audits, (request.query as { page?: unknown }).page, (number) => pageHref('/casework-audits/mine', {}, number));
    const shown = page.items.filter((audit) => access.get(audit.personId) === 'full');
    await recordAudit(database, actorFrom(request), { action: 'child.list', subjectType: 'casework_audits', subjectId: 'mine', childIds: [...new Set(shown.map((audit) => audit.personId))] });
    return reply.render('casework-audits/views/mine.njk', {
      title: 'Your casework audits',
      pagination: page.pagination,
      showing: page.showing,
      audits: page.items.map((audit) => ({
        ...audit,
        childName: access.get(audit.personId) === 'full' ? audit.childName : null,
        role: audit.auditorId === user.userId ? 'Auditor' : audit.moderatorId === user.userId ? 'Moderator' : 'Assigned by you',
        status: audit.moderatedOn ? 'Moderated' : audit.completedOn ? (audit.moderatorId ? 'Awaiting moderation' : 'Completed') : 'Open',
      })),
    });
  });

  // Assigning an audit: the child must be in the assigner's own scope on the audit date.
  const assignPage = async (request: FastifyRequest, reply: FastifyReply, errors = new Errors(), body: Body = {}, assigned?: { auditId: number; auditor: string }) => {
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
        ...(allows('audits.conduct', user.roles) ? [{ value: String(user.userId), text: `${user.displayName} (you)`, selected: text(body, 'auditorId') === String(user.userId) }] : []),
        ...auditorList.filter((entry) => entry.userId !== user.userId).map((entry) => ({ value: String(entry.userId), text: entry.name, selected: text(body, 'auditorId') === String(entry.userId) })),
      ],
      dateItems: dateItems('auditDate', Object.keys(body).length ? body : todayInEngland(), errors.byField.has('auditDate')),
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
    const auditId = await openAudit(database, { templateId: template.templateId, personId: childId, auditDate, auditorId, assignedBy: user.userId });
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'casework_audit', subjectId: String(auditId), childIds: [childId], details: { assigned_to: auditorId } });
    const auditorName = selfAllowed ? user.displayName : auditors.find((entry) => entry.userId === auditorId)!.name;
    return assignPage(request, reply, new Errors(), {}, { auditId, auditor: auditorName });
  });

  /** The audit, if the user may open it: auditor, moderator or assigner, with the child in their scope today. */
  const openable = async (request: FastifyRequest<IdParams>): Promise<AuditDetail | undefined> => {
    const id = recordNumber(request.params.id);
    const audit = id === undefined ? undefined : await getAudit(database, id);
    const user = request.user!;
    if (!audit || ![audit.auditorId, audit.moderatorId].includes(user.userId)) return undefined;
    return (await accessToChild(database, user, audit.personId, todayInEngland())) === 'full' ? audit : undefined;
  };

  const auditPage = async (request: FastifyRequest<IdParams>, reply: FastifyReply, audit: AuditDetail, errors = new Errors(), body: Body = {}) => {
    const user = request.user!;
    const isAuditor = audit.auditorId === user.userId && !audit.completedOn;
    const isModerator = audit.moderatorId === user.userId && !!audit.completedOn && !audit.moderatedOn;
    const grades = gradesOf(audit.template.scale);
    const items = (selected: string | number | null) => [{ value: '', text: 'Choose a grade' }, ...grades.map((grade) => ({ value: String(grade.value), text: grade.text, selected: String(selected ?? '') === String(grade.value) }))];
    await recordAudit(database, actorFrom(request), { action: 'child.view', subjectType: 'casework_audit', subjectId: String(audit.auditId), childIds: [audit.personId] });
    const plans = allows('audits.conduct', user.roles) && audit.completedOn ? await listPlans(database) : [];
    const lines = [];
    for (const plan of plans) for (const line of (await loadPlan(database, plan.planId))!.lines) lines.push({ value: String(line.lineId), text: `${plan.title}: ${line.position}. ${line.text.slice(0, 90)}`, selected: text(body, 'lineId') === String(line.lineId) });
    return reply.code(errors.any ? 400 : 200).render('casework-audits/views/audit.njk', {
      title: `Casework audit ${audit.auditId}`,
      audit,
      isAuditor,
      isModerator,
      gradeText: (grade: number | null) => gradeText(audit.template.scale, grade),
      domainRows: audit.template.domains.map((domain, index) => ({
        index: index + 1,
        domain,
        grade: audit.domains[index]?.grade ?? null,
        moderatedGrade: audit.domains[index]?.moderatedGrade ?? null,
        items: items(text(body, `grade-${index + 1}`) || (isModerator ? (audit.domains[index]?.grade ?? null) : null)),
      })),
      overallItems: items(text(body, 'overall') || (isModerator ? audit.grade : null)),
      moderatorItems: [{ value: '', text: 'No moderation' }, ...(await qaAuditors(database)).filter((entry) => entry.userId !== audit.auditorId).map((entry) => ({ value: String(entry.userId), text: entry.name, selected: text(body, 'moderatorId') === String(entry.userId) }))],
      completedItems: dateItems('completedOn', Object.keys(body).length ? body : todayInEngland(), errors.byField.has('completedOn')),
      lineItems: [{ value: '', text: 'Choose a plan line' }, ...lines],
      dueItems: dateItems('due', body, errors.byField.has('due')),
      errorSummary: errors.summary,
      errors: errors.fields,
      values: body,
    });
  };

  app.get<IdParams>('/casework-audits/:id', { config: CONDUCT }, async (request, reply) => {
    const audit = await openable(request);
    return audit ? auditPage(request, reply, audit) : notAvailable(reply);
  });

  /** Each domain's grade and the overall grade from the form, checked against the template's scale. */
  const readGrades = (audit: AuditDetail, body: Body, errors: Errors) => {
    const allowed = new Set(gradesOf(audit.template.scale).map((grade) => String(grade.value)));
    const grades: Record<string, number> = {};
    audit.template.domains.forEach((domain, index) => {
      const value = text(body, `grade-${index + 1}`);
      if (!allowed.has(value)) errors.add(`grade-${index + 1}`, `Choose a grade for ${domain.toLowerCase()}`);
      else grades[domain] = Number(value);
    });
    const overall = text(body, 'overall');
    if (!allowed.has(overall)) errors.add('overall', 'Choose the overall grade');
    return { grades, overall: Number(overall) };
  };

  app.post<IdParams>('/casework-audits/:id/grades', { config: CONDUCT }, async (request, reply) => {
    const audit = await openable(request);
    if (!audit || audit.auditorId !== request.user!.userId || audit.completedOn) return notAvailable(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const { grades, overall } = readGrades(audit, body, errors);
    const completedOn = readDate(body, 'completedOn', 'the date the audit was completed', errors, { required: true, earliest: audit.auditDate, latest: todayInEngland() });
    const moderatorText = text(body, 'moderatorId');
    const moderatorId = moderatorText ? recordNumber(moderatorText) : null;
    if (moderatorText && (moderatorId === undefined || moderatorId === audit.auditorId || !(await qaAuditors(database)).some((entry) => entry.userId === moderatorId))) errors.add('moderatorId', 'Choose a moderator other than the auditor');
    if (errors.any || !completedOn || moderatorId === undefined) return auditPage(request, reply, audit, errors, body);
    await completeAudit(database, audit.auditId, { grades, overall, findings: text(body, 'findings'), completedOn, moderatorId });
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'casework_audit', subjectId: String(audit.auditId), childIds: [audit.personId], details: { completed: completedOn } });
    return reply.code(303).redirect('/casework-audits/mine');
  });

  app.post<IdParams>('/casework-audits/:id/moderation', { config: CONDUCT }, async (request, reply) => {
    const audit = await openable(request);
    if (!audit || audit.moderatorId !== request.user!.userId || !audit.completedOn || audit.moderatedOn) return notAvailable(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const { grades, overall } = readGrades(audit, body, errors);
    const note = text(body, 'note');
    if (!note) errors.add('note', 'Say what moderation found');
    if (errors.any) return auditPage(request, reply, audit, errors, body);
    await moderateAudit(database, audit.auditId, { grades, overall, note, moderatedOn: todayInEngland() });
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'casework_audit', subjectId: String(audit.auditId), childIds: [audit.personId], details: { moderated: true } });
    return reply.code(303).redirect('/casework-audits/mine');
  });

  // A finding raises an action on a plan line. The action names no child: it links to the audit.
  app.post<IdParams>('/casework-audits/:id/action', { config: CONDUCT }, async (request, reply) => {
    const audit = await openable(request);
    if (!audit || !audit.completedOn) return notAvailable(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const lineId = recordNumber(text(body, 'lineId'));
    if (lineId === undefined) errors.add('lineId', 'Choose the plan line the action belongs to');
    const actionText = text(body, 'actionText');
    if (!actionText) errors.add('actionText', 'Enter what will be done (do not name the child)');
    const owner = text(body, 'owner');
    if (!owner) errors.add('owner', 'Enter who owns the action');
    const dueDate = readDate(body, 'due', 'the due date', errors, { required: true });
    const plans = await listPlans(database);
    let found = false;
    for (const plan of plans) if ((await loadPlan(database, plan.planId))!.lines.some((line) => line.lineId === lineId)) found = true;
    if (lineId !== undefined && !found) errors.add('lineId', 'Choose the plan line the action belongs to');
    if (errors.any || !dueDate || lineId === undefined) return auditPage(request, reply, audit, errors, body);
    const actionId = await addAction(database, lineId, { text: actionText, owner, dueDate, sourceAuditId: audit.auditId });
    await addEvidence(database, actionId, { note: `Raised from casework audit ${audit.auditId} (${audit.template.name}, ${audit.auditDate}).`, link: null }, { userId: request.user!.userId, name: request.user!.displayName, today: todayInEngland() });
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'plan_action', subjectId: String(actionId), details: { from_audit: audit.auditId } });
    return reply.code(303).redirect(`/improvement/actions/${actionId}`);
  });

  const scaleText = (template: Template) => (template.scale === 'ofsted' ? 'Ofsted grades (good or better counts)' : `Scored 0 to 10 (${template.goodThreshold} and above counts)`);
  const templateForm = (body: Body) => ({
    values: { domains: DEFAULT_DOMAINS.join('\n'), trajectory: '2017-03-31: 61, 2018-03-31: 80, 2019-03-31: 90', threshold: String(DEFAULT_SCORE_THRESHOLD), ...body },
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
    if (!name) errors.add('name', 'Enter a name for the template');
    const scale = text(body, 'scale') === 'score' ? 'score' : 'ofsted';
    const threshold = scale === 'ofsted' ? OFSTED_GOOD : Number(text(body, 'threshold'));
    if (scale === 'score' && !(Number.isInteger(threshold) && threshold >= 0 && threshold <= 10)) errors.add('threshold', 'Enter the lowest score that counts as good, from 0 to 10');
    const domains = [...new Set(text(body, 'domains').split(/\r?\n/).map((line) => line.trim()).filter(Boolean))];
    if (domains.length === 0) errors.add('domains', 'Enter at least one domain, one a line');
    const trajectory = parseTrajectory(text(body, 'trajectory'));
    if (!trajectory) errors.add('trajectory', 'Write the trajectory as dates and percentages, for example 2018-03-31: 80, 2019-03-31: 90');
    return errors.any || !trajectory ? undefined : { name, scale, goodThreshold: threshold, domains, trajectory };
  };

  app.get('/casework-audits/templates', { config: ASSIGN }, (_request, reply) => templatesPage(reply));

  app.post('/casework-audits/templates', { config: ASSIGN }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const fields = readTemplate(body, errors);
    if (!fields) return templatesPage(reply, errors, body);
    const templateId = await saveTemplate(database, fields);
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'audit_template', subjectId: String(templateId) });
    return reply.code(303).redirect('/casework-audits/templates');
  });

  // Changing a template: versioned by changeTemplate (store.ts) so finished audits keep their grading.
  const editPage = async (reply: FastifyReply, template: Template, errors = new Errors(), body?: Body) =>
    reply.code(errors.any ? 400 : 200).render('casework-audits/views/template.njk', {
      title: `Change ${template.name}`,
      template,
      audits: await auditsUsingTemplate(database, template.templateId),
      errorSummary: errors.summary,
      errors: errors.fields,
      ...templateForm(body ?? {
        name: template.name, scale: template.scale, threshold: String(template.scale === 'score' ? template.goodThreshold : DEFAULT_SCORE_THRESHOLD),
        domains: template.domains.join('\n'), trajectory: template.trajectory.map((point) => `${point.date}: ${point.value}`).join(', '),
      }),
    });
  const currentTemplate = async (id: string) => {
    const template = await getTemplate(database, recordNumber(id) ?? -1);
    return template && !template.retiredAt ? template : undefined;
  };
  const noTemplate = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no current audit template with that number: earlier versions cannot be changed.' });

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
      action: 'data.change', subjectType: 'audit_template', subjectId: String(templateId),
      details: newVersion ? { new_version_of: template.templateId } : { changed: true },
    });
    return reply.code(303).redirect('/casework-audits/templates');
  });
}
