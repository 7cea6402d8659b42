/**
 * Conducting casework audits: the user's own audits, grading an audit, moderating it and raising an
 * improvement-plan action from a finding. Every view of an audit is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { allows } from '../../core/auth/access.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { accessToChild, accessToChildren } from '../../core/children/access.ts';
import { todayInEngland } from '../../core/dates.ts';
import { pageHref, paged } from '../../core/http/paging.ts';
import { Errors, dateItems, readDate, recordNumber, sentTwice, text, type Body } from '../../core/http/form.ts';
import { addAction, addEvidence, listPlans, loadPlan } from '../../improvement/plan.ts';
import { gradesOf, gradeText } from '../rules.ts';
import { auditsFor, completeAudit, getAudit, moderateAudit, qaAuditors, type AuditDetail } from '../store.ts';

const CONDUCT = { access: { permission: 'audits.conduct' as const } };
type IdParams = { Params: { id: string } };

export function conductRoutes(app: FastifyInstance, { database }: AppDeps) {
  const notAvailable = (reply: FastifyReply) =>
    reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no audit with that number that you can open.' });

  app.get('/casework-audits/mine', { config: CONDUCT }, async (request, reply) => {
    const user = request.user!;
    const today = todayInEngland();
    const audits = await auditsFor(database, user.userId);
    const access = await accessToChildren(database, user, [...new Set(audits.map((audit) => audit.personId))], today);
    // 50 audits a page (GOV.UK pagination): the trail records the children this page names.
    const page = paged(audits, (request.query as { page?: unknown }).page, (number) => pageHref('/casework-audits/mine', {}, number));
    const shown = page.items.filter((audit) => access.get(audit.personId) === 'full');
    await recordAudit(database, actorFrom(request), {
      action: 'child.list',
      subjectType: 'casework_audits',
      subjectId: 'mine',
      childIds: [...new Set(shown.map((audit) => audit.personId))],
    });
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
    const items = (selected: string | number | null) => [
      { value: '', text: 'Choose a grade' },
      ...grades.map((grade) => ({ value: String(grade.value), text: grade.text, selected: String(selected ?? '') === String(grade.value) })),
    ];
    await recordAudit(database, actorFrom(request), {
      action: 'child.view',
      subjectType: 'casework_audit',
      subjectId: String(audit.auditId),
      childIds: [audit.personId],
    });
    const plans = allows('audits.conduct', user.roles) && audit.completedOn ? await listPlans(database) : [];
    const lines = [];
    for (const plan of plans)
      for (const line of (await loadPlan(database, plan.planId))!.lines)
        lines.push({
          value: String(line.lineId),
          text: `${plan.title}: ${line.position}. ${line.text.slice(0, 90)}`,
          selected: text(body, 'lineId') === String(line.lineId),
        });
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
      moderatorItems: [
        { value: '', text: 'No moderation' },
        ...(await qaAuditors(database))
          .filter((entry) => entry.userId !== audit.auditorId)
          .map((entry) => ({ value: String(entry.userId), text: entry.name, selected: text(body, 'moderatorId') === String(entry.userId) })),
      ],
      completedItems: dateItems('completedOn', Object.keys(body).length ? body : todayInEngland(), errors),
      lineItems: [{ value: '', text: 'Choose a plan line' }, ...lines],
      dueItems: dateItems('due', body, errors),
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
    const completedOn = readDate(body, 'completedOn', 'the date the audit was completed', errors, {
      required: true,
      earliest: audit.auditDate,
      latest: todayInEngland(),
    });
    const moderatorText = text(body, 'moderatorId');
    const moderatorId = moderatorText ? recordNumber(moderatorText) : null;
    if (sentTwice(body, 'moderatorId')) errors.add('moderatorId', 'Choose one moderator, or No moderation');
    else if (
      moderatorText &&
      (moderatorId === undefined || moderatorId === audit.auditorId || !(await qaAuditors(database)).some((entry) => entry.userId === moderatorId))
    )
      errors.add('moderatorId', 'Choose a moderator other than the auditor');
    if (errors.any || !completedOn || moderatorId === undefined) return auditPage(request, reply, audit, errors, body);
    await completeAudit(database, audit.auditId, { grades, overall, findings: text(body, 'findings'), completedOn, moderatorId });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'casework_audit',
      subjectId: String(audit.auditId),
      childIds: [audit.personId],
      details: { completed: completedOn },
    });
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
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'casework_audit',
      subjectId: String(audit.auditId),
      childIds: [audit.personId],
      details: { moderated: true },
    });
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
    await addEvidence(
      database,
      actionId,
      { note: `Raised from casework audit ${audit.auditId} (${audit.template.name}, ${audit.auditDate}).`, link: null },
      { userId: request.user!.userId, name: request.user!.displayName, today: todayInEngland() },
    );
    await recordAudit(database, actorFrom(request), {
      action: 'data.change',
      subjectType: 'plan_action',
      subjectId: String(actionId),
      details: { from_audit: audit.auditId },
    });
    return reply.code(303).redirect(`/improvement/actions/${actionId}`);
  });
}
