/**
 * Improvement plan pages: plans with their RAG summary, each recommendation (line) and action with
 * Keystone's suggested rating beside the person's, the forms that rate, move due dates, complete,
 * and add evidence and success measures (every change kept with who, when and why), and the
 * progress report (printable; Word download). Plans hold no child data: elected members read them.
 * Evidence files (evidence-files.ts) are uploaded as multipart forms and downloaded as attachments.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { todayInEngland } from '../core/dates.ts';
import { monthlyLineChartSvg } from '../core/charts.ts';
import { CATALOGUE } from '../indicators/catalogue/index.ts';
import { caseloadThreshold, readIndicatorSettings } from '../indicators/settings.ts';
import { sql } from 'kysely';
import { getInspection, planDeadline } from '../inspections/register.ts';
import { dateItems, Errors, readDate, recordNumber, text, type Body } from '../core/http/form.ts';
import { addAction, addEvidence, addLine, addMeasure, closePlan, createPlan, listPlans, loadPlan, planOfAction, planOfLine, rateLine, updateAction, type Editor } from './plan.ts';
import { AUDIT_MEASURE, evaluatePlan, measureSource, type EvaluatedPlan } from './evaluate.ts';
import { isRag, RAGS } from './rag.ts';
import { formatMeasure, RAG_NAMES, RAG_TAG_CLASSES } from './present.ts';
import { progressDocx } from './progress-docx.ts';
import { attachmentDisposition, evidenceFileProblem, evidenceFileWithContent, EVIDENCE_FILE_TYPES, fileSizeText, MAX_EVIDENCE_FILE_BYTES, saveEvidenceFile } from './evidence-files.ts';
import { acceptMultipart, fileTypeNames, multipartOf, uploadedFile } from '../core/http/upload.ts';

const VIEW = { access: { permission: 'improvement.view' as const } };
const MANAGE = { access: { permission: 'improvement.manage' as const } };

type IdParams = { Params: { id: string } };

const notFound = (reply: FastifyReply, what = 'plan') => reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: `There is no ${what} with that number.` });

function editorFrom(request: FastifyRequest): Editor {
  return { userId: request.user!.userId, name: request.user!.displayName, today: todayInEngland() };
}

async function ragDefinitions(database: AppDeps['database']) {
  const rows = await sql<{ rag: string; label: string; meaning: string }>`SELECT rag, label, meaning FROM ks_rag_definition`.execute(database.db);
  return RAGS.map((rag) => rows.rows.find((row) => row.rag === rag) ?? { rag, label: RAG_NAMES[rag], meaning: '' });
}

/** Trajectory text "2024-03-31: 80, 2025-03-31: 90" → points; undefined when unreadable. */
export function parseTrajectory(value: string): { date: string; value: number }[] | undefined {
  if (!value.trim()) return [];
  const points = value.split(/[,;\n]+/).map((part) => /^\s*(\d{4}-\d{2}-\d{2})\s*[:=]\s*(-?\d+(?:\.\d+)?)\s*$/.exec(part));
  if (points.some((match) => !match)) return undefined;
  return points.map((match) => ({ date: match![1]!, value: Number(match![2]) })).sort((a, b) => (a.date < b.date ? -1 : 1));
}

const planItems = (plans: { planId: number; title: string }[], selected?: number) =>
  plans.map((plan) => ({ value: String(plan.planId), text: plan.title, selected: plan.planId === selected }));

export function improvementRoutes(app: FastifyInstance, { database, config }: AppDeps) {
  const evaluate = async (planId: number): Promise<EvaluatedPlan | undefined> => {
    const plan = await loadPlan(database, planId);
    if (!plan) return undefined;
    // A closed or superseded plan is judged as it stood on the day it closed: nothing falls overdue after.
    const today = todayInEngland();
    const asOf = plan.closedOn && plan.closedOn < today ? plan.closedOn : today;
    return evaluatePlan(database, plan, asOf, await caseloadThreshold(database, config));
  };
  const common = (request: FastifyRequest) => ({ ragNames: RAG_NAMES, ragClasses: RAG_TAG_CLASSES, canManage: allows('improvement.manage', request.user!.roles) });
  const deadlineOf = async (plan: { inspectionId: number | null }) => {
    const inspection = plan.inspectionId === null ? undefined : await getInspection(database, plan.inspectionId);
    return inspection ? { inspection, deadline: planDeadline(inspection) } : undefined;
  };

  app.get('/improvement/print.css', { config: { access: { public: true } } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'max-age=3600').send(await readFile(new URL('./views/print.css', import.meta.url), 'utf8')),
  );

  app.get('/improvement', { config: VIEW }, async (request, reply) => {
    const plans = await listPlans(database);
    const summaries = [];
    for (const plan of plans) {
      const loaded = (await loadPlan(database, plan.planId))!;
      const counts = Object.fromEntries([...RAGS, 'unrated'].map((rag) => [rag, loaded.lines.filter((line) => (line.rag ?? 'unrated') === rag).length]));
      summaries.push({ ...plan, counts });
    }
    return reply.render('improvement/views/plans.njk', { title: 'Improvement plans', plans: summaries, definitions: await ragDefinitions(database), ...common(request) });
  });

  // The council's own wording of what each rating means. The names stay the colours (as on every
  // tag and in the Word report); the meaning is the council's, shown wherever ratings are explained.
  const definitionsPage = async (reply: FastifyReply, errors = new Errors(), body?: Body) => {
    const definitions = await ragDefinitions(database);
    return reply.code(errors.any ? 400 : 200).render('improvement/views/rag-definitions.njk', {
      title: 'What the ratings mean',
      errorSummary: errors.summary,
      errors: errors.fields,
      definitions: definitions.map((definition) => ({ ...definition, value: body ? text(body, `meaning-${definition.rag}`) : definition.meaning })),
      ragClasses: RAG_TAG_CLASSES,
    });
  };
  app.get('/improvement/rag-definitions', { config: MANAGE }, (_request, reply) => definitionsPage(reply));
  app.post('/improvement/rag-definitions', { config: MANAGE }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const before = await ragDefinitions(database);
    const meanings = RAGS.map((rag) => ({ rag, meaning: text(body, `meaning-${rag}`) }));
    for (const { rag, meaning } of meanings) {
      if (!meaning) errors.add(`meaning-${rag}`, `Say what ${RAG_NAMES[rag].toLowerCase()} means`);
      else if (meaning.length > 500) errors.add(`meaning-${rag}`, `The meaning of ${RAG_NAMES[rag].toLowerCase()} must be 500 characters or fewer`);
    }
    if (errors.any) return definitionsPage(reply, errors, body);
    const changed = meanings.filter(({ rag, meaning }) => before.find((definition) => definition.rag === rag)?.meaning !== meaning);
    if (changed.length) {
      await database.db.transaction().execute(async (trx) => {
        for (const { rag, meaning } of changed) {
          await sql`INSERT INTO ks_rag_definition (rag, label, meaning) VALUES (${rag}, ${RAG_NAMES[rag]}, ${meaning}) ON CONFLICT (rag) DO UPDATE SET meaning = excluded.meaning`.execute(trx);
        }
      });
      await recordAudit(database, actorFrom(request), {
        action: 'data.change', subjectType: 'rag_definitions',
        details: Object.fromEntries(changed.map(({ rag, meaning }) => [rag, { from: before.find((definition) => definition.rag === rag)?.meaning ?? null, to: meaning }])),
      });
    }
    return reply.code(303).redirect('/improvement#rag-definitions');
  });

  app.post('/improvement/plans', { config: MANAGE }, async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    const inspectionId = recordNumber(text(body, 'inspectionId'));
    const inspection = inspectionId === undefined ? undefined : await getInspection(database, inspectionId);
    const title = text(body, 'title') || (inspection ? `Improvement plan ${inspection.startDate.slice(0, 4)}` : '');
    if (!title) {
      const plans = await listPlans(database);
      return reply.code(400).render('improvement/views/plans.njk', {
        title: 'Improvement plans', plans, definitions: await ragDefinitions(database), ...common(request),
        errorSummary: [{ text: 'Enter a title for the plan', href: '#title' }], titleError: { text: 'Enter a title for the plan' },
      });
    }
    const planId = await createPlan(database, { title, inspectionId: inspection?.inspectionId ?? null, publishedDate: null }, editorFrom(request));
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'improvement_plan', subjectId: String(planId), details: { created: true } });
    return reply.code(303).redirect(`/improvement/plans/${planId}`);
  });

  app.get<IdParams>('/improvement/plans/:id', { config: VIEW }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const plan = id === undefined ? undefined : await evaluate(id);
    if (!plan) return notFound(reply);
    const openPlans = (await listPlans(database)).filter((other) => other.status === 'open' && other.planId !== plan.planId);
    return reply.render('improvement/views/plan.njk', { title: plan.title, plan, openPlans, openPlansItems: planItems(openPlans), closeErrors: {}, closeValues: {}, ...(await deadlineOf(plan)), ...common(request) });
  });

  app.post<IdParams>('/improvement/plans/:id/close', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const plan = id === undefined ? undefined : await evaluate(id);
    if (!plan) return notFound(reply);
    const body = (request.body ?? {}) as Body;
    const errors = new Errors();
    const outcome = text(body, 'outcome');
    const reason = text(body, 'reason');
    const supersededBy = recordNumber(text(body, 'supersededBy'));
    const openPlans = (await listPlans(database)).filter((other) => other.status === 'open' && other.planId !== plan.planId);
    if (plan.status !== 'open') errors.add('outcome', 'The plan is already closed');
    else if (outcome !== 'closed' && outcome !== 'superseded') errors.add('outcome', 'Select whether the plan is complete or carried on by another plan');
    if (outcome === 'superseded' && !openPlans.some((other) => other.planId === supersededBy)) errors.add('supersededBy', 'Select the open plan that carries the work on');
    if (!reason) errors.add('reason', 'Say why the plan is closed');
    else if (reason.length > 1000) errors.add('reason', 'The reason must be 1,000 characters or fewer');
    if (errors.any) {
      return reply.code(400).render('improvement/views/plan.njk', {
        title: plan.title, plan, openPlans, openPlansItems: planItems(openPlans, supersededBy), ...(await deadlineOf(plan)), ...common(request),
        errorSummary: errors.summary, closeErrors: errors.fields, closeValues: { outcome, reason, supersededBy },
      });
    }
    const status = outcome as 'closed' | 'superseded';
    const closedOn = todayInEngland();
    await closePlan(database, plan.planId, { status, closedOn, reason, supersededBy: status === 'superseded' ? supersededBy! : null });
    await recordAudit(database, actorFrom(request), {
      action: 'data.change', subjectType: 'improvement_plan', subjectId: String(plan.planId),
      details: { status: { from: 'open', to: status }, closed_on: closedOn, reason, ...(status === 'superseded' ? { superseded_by: supersededBy } : {}) },
    });
    return reply.code(303).redirect(`/improvement/plans/${plan.planId}`);
  });

  app.post<IdParams>('/improvement/plans/:id/lines', { config: MANAGE }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const plan = id === undefined ? undefined : await evaluate(id);
    if (!plan) return notFound(reply);
    const body = (request.body ?? {}) as Body;
    const lineText = text(body, 'lineText');
    if (!lineText) {
      return reply.code(400).render('improvement/views/plan.njk', {
        title: plan.title, plan, ...(await deadlineOf(plan)), ...common(request),
        errorSummary: [{ text: 'Enter the recommendation or improvement point', href: '#lineText' }], lineTextError: { text: 'Enter the recommendation or improvement point' },
      });
    }
    await addLine(database, plan.planId, { text: lineText, lead: text(body, 'lead') || null });
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'improvement_plan', subjectId: String(plan.planId), details: { line_added: true } });
    return reply.code(303).redirect(`/improvement/plans/${plan.planId}`);
  });

  // A line (recommendation): its actions, rating and history; forms to rate it and add actions.
  const linePage = async (request: FastifyRequest, reply: FastifyReply, lineId: number | undefined, errors = new Errors(), body: Body = {}) => {
    const planId = lineId === undefined ? undefined : await planOfLine(database, lineId);
    const plan = planId === undefined ? undefined : await evaluate(planId);
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
      dueItems: dateItems('due', body, errors.byField.has('due')),
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
    if (!reason) errors.add('reason', 'Give the reason for the rating');
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
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'plan_action', subjectId: String(actionId), details: { created: true } });
    return reply.code(303).redirect(`/improvement/actions/${actionId}`);
  });

  // An action: rating, due date, completion, evidence and success measures, with its history.
  const actionPage = async (request: FastifyRequest, reply: FastifyReply, actionId: number | undefined, errors = new Errors(), body: Body = {}) => {
    const planId = actionId === undefined ? undefined : await planOfAction(database, actionId);
    const plan = planId === undefined ? undefined : await evaluate(planId);
    const line = plan?.lines.find((entry) => entry.actions.some((action) => action.actionId === actionId));
    const action = line?.actions.find((entry) => entry.actionId === actionId);
    if (!plan || !line || !action) return notFound(reply, 'action');
    return reply.code(errors.any ? 400 : 200).render('improvement/views/action.njk', {
      title: 'Action',
      plan,
      line,
      action,
      errorSummary: errors.summary,
      errors: errors.fields,
      values: body,
      ragItems: RAGS.map((rag) => ({ value: rag, text: RAG_NAMES[rag], checked: (text(body, 'rag') || action.rag) === rag })),
      dueItems: dateItems('due', errors.byField.has('due') ? body : action.dueDate, errors.byField.has('due')),
      completedItems: dateItems('completed', errors.byField.has('completed') ? body : (action.completedOn ?? todayInEngland()), errors.byField.has('completed')),
      indicatorItems: [
        { value: '', text: 'Choose a measure' },
        { value: AUDIT_MEASURE, text: 'Casework audits graded good or better (%)', selected: text(body, 'indicatorId') === AUDIT_MEASURE },
        ...CATALOGUE.map((indicator) => ({ value: indicator.id, text: `${indicator.title} (${indicator.unit})`, selected: text(body, 'indicatorId') === indicator.id })),
      ],
      charts: action.measures.map((measure) =>
        monthlyLineChartSvg({
          id: `measure-${measure.measureId}`,
          title: measure.description,
          description: `Line chart of ${measure.title} at each month end, with a dashed line at today’s target. The figures are in the table below.`,
          points: measure.trend.map((point) => ({ monthEnd: point.asOf, value: point.value })),
          yAxisLabel: measure.title,
          format: (value) => formatMeasure(value, measure.unit),
          percent: measure.unit === '%',
          ...(measure.targetNow !== null ? { referenceLine: { value: measure.targetNow, label: `Target: ${formatMeasure(measure.targetNow, measure.unit)}` } } : {}),
        }),
      ),
      formatMeasure,
      fileSizeText,
      evidenceFileTypes: fileTypeNames(EVIDENCE_FILE_TYPES),
      maxEvidenceMegabytes: MAX_EVIDENCE_FILE_BYTES / 1024 / 1024,
      ...common(request),
    });
  };

  app.get<IdParams>('/improvement/actions/:id', { config: VIEW }, (request, reply) => actionPage(request, reply, recordNumber(request.params.id)));

  /** One POST per form on the action page; each validates, changes and records the change. */
  const actionForm = (path: string, handle: (actionId: number, body: Body, errors: Errors, request: FastifyRequest) => Promise<Record<string, unknown> | undefined>) =>
    app.post<IdParams>(`/improvement/actions/:id/${path}`, { config: MANAGE }, async (request, reply) => {
      const actionId = recordNumber(request.params.id);
      const body = (request.body ?? {}) as Body;
      if (actionId === undefined || (await planOfAction(database, actionId)) === undefined) return notFound(reply, 'action');
      const errors = new Errors();
      const details = await handle(actionId, body, errors, request);
      if (errors.any || !details) return actionPage(request, reply, actionId, errors, body);
      await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'plan_action', subjectId: String(actionId), details });
      return reply.code(303).redirect(`/improvement/actions/${actionId}`);
    });

  const reasonOf = (body: Body, errors: Errors, field: string, message: string) => {
    const reason = text(body, field);
    if (!reason) errors.add(field, message);
    return reason;
  };

  actionForm('rating', async (actionId, body, errors, request) => {
    const rag = text(body, 'rag');
    if (!isRag(rag)) errors.add('rag', 'Select a rating', 'rag');
    const reason = reasonOf(body, errors, 'reason', 'Give the reason for the rating');
    if (errors.any || !isRag(rag)) return undefined;
    await updateAction(database, actionId, { rag }, reason, editorFrom(request));
    return { rag };
  });

  actionForm('due', async (actionId, body, errors, request) => {
    const dueDate = readDate(body, 'due', 'the new due date', errors, { required: true });
    const reason = reasonOf(body, errors, 'dueReason', 'Give the reason the due date moves');
    if (errors.any || !dueDate) return undefined;
    await updateAction(database, actionId, { dueDate }, reason, editorFrom(request));
    return { due_date: dueDate };
  });

  actionForm('complete', async (actionId, body, errors, request) => {
    const completedOn = readDate(body, 'completed', 'the date it was completed', errors, { required: true, latest: todayInEngland() });
    const reason = reasonOf(body, errors, 'completedNote', 'Say what was done');
    if (errors.any || !completedOn) return undefined;
    await updateAction(database, actionId, { completedOn }, reason, editorFrom(request));
    return { completed_on: completedOn };
  });

  actionForm('evidence', async (actionId, body, errors, request) => {
    const note = reasonOf(body, errors, 'note', 'Describe the evidence');
    const link = text(body, 'link');
    if (link && !/^https?:\/\/\S+$/.test(link)) errors.add('link', 'Enter a web address starting http:// or https://');
    if (errors.any) return undefined;
    await addEvidence(database, actionId, { note, link: link || null }, editorFrom(request));
    return { evidence_added: true };
  });

  actionForm('measures', async (actionId, body, errors) => {
    const indicatorId = text(body, 'indicatorId');
    const source = measureSource(indicatorId);
    if (!source) errors.add('indicatorId', 'Choose what is measured');
    const description = text(body, 'description') || (source ? `${source.title}` : '');
    const target = Number(text(body, 'target'));
    if (!text(body, 'target') || !Number.isFinite(target)) errors.add('target', 'Enter the target as a number, for example 80');
    const trajectory = parseTrajectory(text(body, 'trajectory'));
    if (!trajectory || trajectory.some((point) => !/^\d{4}-\d{2}-\d{2}$/.test(point.date))) errors.add('trajectory', 'Write the trajectory as dates and values, for example 2025-03-31: 80, 2026-03-31: 90');
    if (errors.any || !source || !trajectory) return undefined;
    await addMeasure(database, actionId, { indicatorId, description, target, trajectory });
    return { measure_added: indicatorId };
  });

  // Evidence files: the scope's body limit leaves room for the form around the largest file, so
  // a file just over the limit gets the page's error message rather than a bare refusal.
  void app.register(async (scope) => {
    const bodyLimit = MAX_EVIDENCE_FILE_BYTES + 1024 * 1024;
    acceptMultipart(scope, { maxBytes: bodyLimit });
    scope.post<IdParams>('/improvement/actions/:id/files', { config: MANAGE, bodyLimit }, async (request, reply) => {
      const actionId = recordNumber(request.params.id);
      if (actionId === undefined || (await planOfAction(database, actionId)) === undefined) return notFound(reply, 'action');
      const body = multipartOf(request);
      const file = await uploadedFile(request, 'file');
      const errors = new Errors();
      const problem = body.problem ? body.problem : !file ? 'Choose the file to add as evidence' : evidenceFileProblem(file);
      if (problem || !file) {
        errors.add('file', problem ?? 'Choose the file to add as evidence');
        return actionPage(request, reply, actionId, errors);
      }
      const saved = await saveEvidenceFile(database, actionId, file, editorFrom(request));
      await recordAudit(database, actorFrom(request), {
        action: 'data.change', subjectType: 'plan_evidence_file', subjectId: String(saved.fileId),
        details: { action_id: actionId, file_name: saved.name, media_type: saved.mediaType, size_bytes: saved.sizeBytes, sha256: saved.sha256 },
      });
      return reply.code(303).redirect(`/improvement/actions/${actionId}#evidence-files`);
    });
  });

  app.get<IdParams>('/improvement/evidence-files/:id', { config: VIEW }, async (request, reply) => {
    const fileId = recordNumber(request.params.id);
    const file = fileId === undefined ? undefined : await evidenceFileWithContent(database, fileId);
    if (!file) return notFound(reply, 'evidence file');
    await recordAudit(database, actorFrom(request), { action: 'export', subjectType: 'plan_evidence_file', subjectId: String(file.fileId), details: { action_id: file.actionId, file_name: file.name, sha256: file.sha256 } });
    return reply
      .type(file.mediaType)
      .header('content-disposition', attachmentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });

  const progress = async (request: FastifyRequest<IdParams>) => {
    const id = recordNumber(request.params.id);
    return id === undefined ? undefined : evaluate(id);
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
