/**
 * An action (/improvement/actions/ID): rating, due date, completion, evidence (notes, links and
 * files) and success measures, each change kept with who, when and why; evidence files are
 * uploaded as multipart forms and downloaded as attachments (evidence-files.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../core/http/app.ts';
import { actorFrom, recordAudit } from '../../core/audit/trail.ts';
import { todayInEngland } from '../../core/dates.ts';
import { monthlyLineChartSvg } from '../../core/charts.ts';
import { CATALOGUE } from '../../indicators/catalogue/index.ts';
import { dateItems, Errors, MAX_LENGTH, readDate, recordNumber, text, tooLong, type Body } from '../../core/http/form.ts';
import { addEvidence, addMeasure, planOfAction, updateAction } from '../plan.ts';
import { AUDIT_MEASURE, measureSource } from '../evaluate.ts';
import { GOOD_SHARE_TITLE } from '../../casework-audits/rules.ts';
import { isRag, RAGS } from '../rag.ts';
import { formatMeasure, RAG_NAMES } from '../present.ts';
import {
  attachmentDisposition,
  evidenceFileProblem,
  evidenceFileWithContent,
  EVIDENCE_FILE_TYPES,
  fileSizeText,
  MAX_EVIDENCE_FILE_BYTES,
  saveEvidenceFile,
} from '../evidence-files.ts';
import { acceptMultipart, fileTypeNames, multipartOf, uploadedFile } from '../../core/http/upload.ts';
import { parseTrajectory } from '../trajectory.ts';
import { editorFrom, MANAGE, notFound, planPages, VIEW, type IdParams } from './common.ts';

export function actionRoutes(app: FastifyInstance, deps: AppDeps) {
  const { database } = deps;
  const { evaluate, common } = planPages(deps);

  // An action: rating, due date, completion, evidence and success measures, with its history.
  const actionPage = async (request: FastifyRequest, reply: FastifyReply, actionId: number | undefined, errors = new Errors(), body: Body = {}) => {
    const planId = actionId === undefined ? undefined : await planOfAction(database, actionId);
    const plan = planId === undefined ? undefined : await evaluate(planId, request);
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
      dueItems: dateItems('due', errors.byField.has('due') ? body : action.dueDate, errors),
      completedItems: dateItems('completed', errors.byField.has('completed') ? body : (action.completedOn ?? todayInEngland()), errors),
      indicatorItems: [
        { value: '', text: 'Choose a measure' },
        { value: AUDIT_MEASURE, text: `${GOOD_SHARE_TITLE} (%)`, selected: text(body, 'indicatorId') === AUDIT_MEASURE },
        ...CATALOGUE.map((indicator) => ({
          value: indicator.id,
          text: `${indicator.title} (${indicator.unit})`,
          selected: text(body, 'indicatorId') === indicator.id,
        })),
      ],
      charts: action.measures.map((measure) =>
        monthlyLineChartSvg({
          id: `measure-${measure.measureId}`,
          title: measure.description,
          description: `Line chart of ${measure.title} at each month end, with a dashed line at today’s target. The figures are in the table below.`,
          points: measure.trend.map((point) => ({ monthEnd: point.asOf, value: point.value === 'c' ? null : point.value })),
          yAxisLabel: measure.title,
          format: (value) => formatMeasure(value, measure.unit),
          percent: measure.unit === '%',
          ...(measure.targetNow !== null
            ? { referenceLine: { value: measure.targetNow, label: `Target: ${formatMeasure(measure.targetNow, measure.unit)}` } }
            : {}),
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
  const actionForm = (
    path: string,
    handle: (actionId: number, body: Body, errors: Errors, request: FastifyRequest) => Promise<Record<string, unknown> | undefined>,
  ) =>
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
    const reasonTooLong = tooLong(reason, MAX_LENGTH.reason, 'The reason');
    if (!reason) errors.add(field, message);
    else if (reasonTooLong) errors.add(field, reasonTooLong);
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
    if (!trajectory || trajectory.some((point) => !/^\d{4}-\d{2}-\d{2}$/.test(point.date)))
      errors.add('trajectory', 'Write the trajectory as dates and values, for example 2025-03-31: 80, 2026-03-31: 90');
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
        action: 'data.change',
        subjectType: 'plan_evidence_file',
        subjectId: String(saved.fileId),
        details: { action_id: actionId, file_name: saved.name, media_type: saved.mediaType, size_bytes: saved.sizeBytes, sha256: saved.sha256 },
      });
      return reply.code(303).redirect(`/improvement/actions/${actionId}#evidence-files`);
    });
  });

  app.get<IdParams>('/improvement/evidence-files/:id', { config: VIEW }, async (request, reply) => {
    const fileId = recordNumber(request.params.id);
    const file = fileId === undefined ? undefined : await evidenceFileWithContent(database, fileId);
    if (!file) return notFound(reply, 'evidence file');
    await recordAudit(database, actorFrom(request), {
      action: 'export',
      subjectType: 'plan_evidence_file',
      subjectId: String(file.fileId),
      details: { action_id: file.actionId, file_name: file.name, sha256: file.sha256 },
    });
    return reply
      .type(file.mediaType)
      .header('content-disposition', attachmentDisposition(file.name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.content);
  });
}
