/**
 * Inspection pages: the register and timeline, one inspection (grades, findings, the statutory
 * deadline for the plan), recording an inspection by hand or from an uploaded Ofsted report PDF
 * (parsed by ofsted-report/, pre-filling the form for a person to confirm), and the national picture.
 * Uploads are read by core/http/upload.ts, limited in size and checked to be PDFs (name and signature).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { readIndicatorSettings } from '../indicators/settings.ts';
import { todayInEngland, longDate } from '../core/dates.ts';
import { dateItems, Errors, readDate, recordNumber, text, type Body } from '../core/http/form.ts';
import { OfstedReportError, parseOfstedReport, JUDGEMENTS, GRADES } from './ofsted-report/parse.ts';
import {
  entryFromReport, FINDING_KINDS, FRAMEWORKS, getInspection, GRADE_NAMES, headline, INSPECTION_TYPES, isFindingKind, isFramework, isGrade, isInspectionType,
  inspectionChanges, JUDGEMENT_NAMES, listInspections, planDeadline, saveInspection, updateInspection, type Inspection, type InspectionChange, type InspectionInput,
} from './register.ts';
import { loadNationalData, nationalPicture, NATIONAL_AREAS, ofstedDataFolder } from './national.ts';
import { listPlans } from '../improvement/plan.ts';
import { acceptMultipart, fileTypeOf, multipartOf, uploadedFile } from '../core/http/upload.ts';

export const MAX_REPORT_BYTES = 20 * 1024 * 1024;
const VIEW = { access: { permission: 'inspections.view' as const } };
const MANAGE = { access: { permission: 'inspections.manage' as const } };
const EXTRA_FINDING_ROWS = 3;

type FormValues = Omit<InspectionInput, 'startDate' | 'endDate' | 'publishedDate'> & { dates: Body | Record<string, string | null> };

/** The form's select items and finding rows, from values parsed or typed. */
function formContext(values: FormValues, errors: Errors, extra: Record<string, unknown> = {}) {
  const findingRows = [...values.findings, ...Array.from({ length: EXTRA_FINDING_ROWS }, () => ({ kind: values.findings[0]?.kind ?? 'improvement_point', text: '' }))];
  const dateSource = (prefix: string) => {
    const source = values.dates;
    return typeof source[prefix] === 'string' || source[prefix] === null ? ((source[prefix] as string | null) ?? null) : (source as Body);
  };
  return {
    title: 'Record an inspection',
    errorSummary: errors.summary,
    errors: errors.fields,
    frameworkItems: Object.entries(FRAMEWORKS).map(([value, label]) => ({ value, text: label, selected: value === values.framework })),
    typeItems: Object.entries(INSPECTION_TYPES).map(([value, label]) => ({ value, text: label, selected: value === values.inspectionType })),
    startItems: dateItems('start', dateSource('start'), errors.byField.has('start')),
    endItems: dateItems('end', dateSource('end'), errors.byField.has('end')),
    publishedItems: dateItems('published', dateSource('published'), errors.byField.has('published')),
    judgements: JUDGEMENTS.map((judgement) => ({
      name: judgement,
      label: JUDGEMENT_NAMES[judgement],
      items: [{ value: '', text: 'Not graded' }, ...GRADES.map((grade) => ({ value: grade, text: GRADE_NAMES[grade], selected: values.grades[judgement] === grade }))],
    })),
    findingRows: findingRows.map((finding, index) => ({
      number: index + 1,
      findingId: 'findingId' in finding ? finding.findingId : undefined,
      text: finding.text,
      kindItems: Object.entries(FINDING_KINDS).map(([value, label]) => ({ value, text: label, selected: value === finding.kind })),
    })),
    findingCount: findingRows.length,
    reportUrl: values.reportUrl ?? '',
    summary: values.summary ?? '',
    formAction: '/inspections',
    ...extra,
  };
}

function readForm(body: Body): { values: FormValues; errors: Errors; input?: InspectionInput } {
  const errors = new Errors();
  const framework = text(body, 'framework');
  const inspectionType = text(body, 'inspectionType');
  if (!isFramework(framework)) errors.add('framework', 'Select the framework');
  if (!isInspectionType(inspectionType)) errors.add('inspectionType', 'Select the type of inspection or visit');
  const startDate = readDate(body, 'start', 'the first day of the inspection', errors, { required: true });
  const endDate = readDate(body, 'end', 'the last day of the inspection', errors, { required: true });
  const publishedDate = readDate(body, 'published', 'the date the report was published', errors, { required: false });
  if (startDate && endDate && endDate < startDate) errors.add('end', 'The last day must be the same as or after the first day', 'end-day');
  if (endDate && publishedDate && publishedDate < endDate) errors.add('published', 'The report must be published on or after the last day of the inspection', 'published-day');
  const reportUrl = text(body, 'reportUrl');
  if (reportUrl && !/^https:\/\/\S+$/.test(reportUrl)) errors.add('reportUrl', 'Enter the report’s web address starting https://');
  const grades: InspectionInput['grades'] = {};
  for (const judgement of JUDGEMENTS) {
    const grade = text(body, `grade-${judgement}`);
    if (isGrade(grade)) grades[judgement] = grade;
  }
  const count = Math.min(Number(text(body, 'findingCount')) || 0, 200);
  const findings: InspectionInput['findings'] = [];
  for (let index = 1; index <= count; index++) {
    const findingText = text(body, `finding-${index}`);
    const kind = text(body, `findingKind-${index}`);
    const findingId = recordNumber(text(body, `findingId-${index}`));
    if (findingText) findings.push({ kind: isFindingKind(kind) ? kind : 'improvement_point', text: findingText, ...(findingId === undefined ? {} : { findingId }) });
  }
  const values: FormValues = {
    framework: isFramework(framework) ? framework : 'ilacs',
    inspectionType: isInspectionType(inspectionType) ? inspectionType : 'standard',
    grades,
    findings,
    reportUrl: reportUrl || null,
    summary: text(body, 'summary') || null,
    dates: body,
  };
  if (errors.any) return { values, errors };
  return { values, errors, input: { ...values, startDate: startDate!, endDate: endDate!, publishedDate } };
}

const HISTORY_FIELDS: Record<string, string> = {
  framework: 'Framework', inspection_type: 'Type', start_date: 'First day on site', end_date: 'Last day on site', published_date: 'Published',
  report_url: 'Link to the report', summary: 'Summary', grades: 'Judgements', findings: 'Findings',
};

/** An edit as rows a person reads: each changed field, as it was and as it became. */
function describeChange(change: InspectionChange) {
  const shown = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return 'none';
    if (field === 'framework') return FRAMEWORKS[value as keyof typeof FRAMEWORKS] ?? String(value);
    if (field.endsWith('_date')) return longDate(String(value));
    if (field === 'inspection_type') return INSPECTION_TYPES[value as keyof typeof INSPECTION_TYPES] ?? String(value);
    if (field === 'grades') {
      const grades = Object.entries(value as Record<string, string>);
      return grades.length ? grades.map(([judgement, grade]) => `${JUDGEMENT_NAMES[judgement as keyof typeof JUDGEMENT_NAMES] ?? judgement}: ${GRADE_NAMES[grade as keyof typeof GRADE_NAMES] ?? grade}`).join('; ') : 'none';
    }
    if (field === 'findings') {
      const findings = value as string[];
      return findings.length ? findings.map((finding, index) => `${index + 1}. ${finding.replace(/^(\w+): /, (_match, kind: string) => `${FINDING_KINDS[kind as keyof typeof FINDING_KINDS] ?? kind}: `)}`).join(' ') : 'none';
    }
    return String(value);
  };
  return {
    ...change,
    fields: Object.keys(change.after).map((field) => ({ label: HISTORY_FIELDS[field] ?? field, before: shown(field, change.before[field]), after: shown(field, change.after[field]) })),
  };
}

/** The form's values for an inspection already recorded. */
const valuesOf = (inspection: Inspection): FormValues => ({
  framework: inspection.framework,
  inspectionType: inspection.inspectionType,
  grades: inspection.grades,
  findings: inspection.findings.map((finding) => ({ kind: finding.kind, text: finding.text, findingId: finding.findingId })),
  reportUrl: inspection.reportUrl,
  summary: inspection.summary,
  dates: { start: inspection.startDate, end: inspection.endDate, published: inspection.publishedDate },
});

export function inspectionRoutes(app: FastifyInstance, { database }: AppDeps) {
  const blank: FormValues = { framework: 'ilacs_2023', inspectionType: 'standard', grades: {}, findings: [], reportUrl: null, summary: null, dates: {} };
  const uploadPage = (reply: FastifyReply, error?: string) =>
    reply.code(error ? 400 : 200).render('inspections/views/upload.njk', {
      title: 'Read an Ofsted report',
      maxMegabytes: MAX_REPORT_BYTES / 1024 / 1024,
      errorSummary: error ? [{ text: error, href: '#report' }] : undefined,
      reportError: error ? { text: error } : undefined,
    });

  app.get('/inspections', { config: VIEW }, async (request, reply) => {
    const inspections = await listInspections(database);
    return reply.render('inspections/views/register.njk', {
      title: 'Inspections',
      canManage: allows('inspections.manage', request.user!.roles),
      timeline: [...inspections].reverse().map((inspection) => ({
        ...inspection,
        headline: headline(inspection),
        typeName: INSPECTION_TYPES[inspection.inspectionType],
        frameworkName: FRAMEWORKS[inspection.framework],
      })),
    });
  });

  app.get('/inspections/national', { config: VIEW }, async (_request, reply) => {
    const settings = await readIndicatorSettings(database);
    const data = await loadNationalData();
    const picture = data ? nationalPicture(data, settings.comparison) : null;
    return reply.render('inspections/views/national.njk', {
      title: 'National picture',
      folder: ofstedDataFolder(),
      laCode: settings.laCode,
      picture,
      areas: Object.entries(NATIONAL_AREAS).map(([key, label]) => ({ key, label })),
      grades: GRADES.map((grade) => ({ key: grade, label: GRADE_NAMES[grade] })),
      gradeNames: GRADE_NAMES,
    });
  });

  app.get('/inspections/new', { config: MANAGE }, (_request, reply) => reply.render('inspections/views/form.njk', formContext(blank, new Errors())));
  app.get('/inspections/upload', { config: MANAGE }, (_request, reply) => uploadPage(reply));

  void app.register(async (scope) => {
    acceptMultipart(scope, { maxBytes: MAX_REPORT_BYTES });
    scope.post('/inspections/upload', { config: MANAGE, bodyLimit: MAX_REPORT_BYTES }, async (request, reply) => {
      const body = multipartOf(request);
      const file = await uploadedFile(request, 'report');
      if (body.problem) return uploadPage(reply, body.problem);
      if (!file) return uploadPage(reply, 'Choose the Ofsted report (a PDF).');
      if (!fileTypeOf(file, ['pdf'])) return uploadPage(reply, `${file.name} is not a PDF: download the report from Ofsted’s website as a PDF.`);
      try {
        const parsed = await parseOfstedReport(file.bytes);
        const entry = entryFromReport(parsed);
        await recordAudit(database, actorFrom(request), { action: 'import', subjectType: 'ofsted_report', subjectId: file.name, details: { framework: parsed.framework, local_authority: parsed.local_authority } });
        return reply.render(
          'inspections/views/form.njk',
          formContext({ ...entry, dates: { start: entry.startDate, end: entry.endDate, published: null } }, new Errors(), {
            title: 'Check the inspection read from the report',
            parsed: { fileName: file.name, localAuthority: parsed.local_authority, findings: parsed.improvement_points.length, grades: Object.keys(parsed.grades).length },
          }),
        );
      } catch (error) {
        if (error instanceof OfstedReportError) return uploadPage(reply, `${file.name} could not be read as an Ofsted report: ${error.message}`);
        throw error;
      }
    });
  });

  app.post('/inspections', { config: MANAGE }, async (request, reply) => {
    const { values, errors, input } = readForm((request.body ?? {}) as Body);
    if (!input) return reply.code(400).render('inspections/views/form.njk', formContext(values, errors));
    const inspectionId = await saveInspection(database, input, request.user!.userId);
    await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'inspection', subjectId: String(inspectionId), details: { created: true } });
    return reply.code(303).redirect(`/inspections/${inspectionId}`);
  });

  const editPage = (reply: FastifyReply, inspection: Inspection, values: FormValues, errors: Errors, reason = '') =>
    reply.code(errors.any ? 400 : 200).render('inspections/views/form.njk', formContext(values, errors, {
      title: `Change the ${INSPECTION_TYPES[inspection.inspectionType].toLowerCase()} of ${inspection.startDate.slice(0, 4)}`,
      formAction: `/inspections/${inspection.inspectionId}`,
      backLink: `/inspections/${inspection.inspectionId}`,
      editing: true,
      reason,
    }));

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
    const changed = await updateInspection(database, inspection.inspectionId, input, { reason, userId: user.userId, name: user.displayName, today: todayInEngland() });
    if (changed) await recordAudit(database, actorFrom(request), { action: 'data.change', subjectType: 'inspection', subjectId: String(inspection.inspectionId), details: { edited: true, reason } });
    return reply.code(303).redirect(`/inspections/${inspection.inspectionId}`);
  });

  app.get<{ Params: { id: string } }>('/inspections/:id', { config: VIEW }, async (request, reply) => {
    const id = recordNumber(request.params.id);
    const inspection = id === undefined ? undefined : await getInspection(database, id);
    if (!inspection) return reply.code(404).render('core/views/error.njk', { title: 'Page not found', message: 'There is no inspection with that number.' });
    const plans = (await listPlans(database)).filter((plan) => plan.inspectionId === inspection.inspectionId);
    const deadline = planDeadline(inspection);
    return reply.render('inspections/views/inspection.njk', {
      title: `${INSPECTION_TYPES[inspection.inspectionType]}, ${inspection.startDate.slice(0, 4)}`,
      inspection,
      headline: headline(inspection),
      typeName: INSPECTION_TYPES[inspection.inspectionType],
      frameworkName: FRAMEWORKS[inspection.framework],
      grades: JUDGEMENTS.filter((judgement) => inspection.grades[judgement]).map((judgement) => ({ label: JUDGEMENT_NAMES[judgement], grade: GRADE_NAMES[inspection.grades[judgement]!] })),
      findings: inspection.findings.map((finding) => ({ ...finding, kindName: FINDING_KINDS[finding.kind] })),
      deadline,
      deadlinePassed: deadline?.due ? deadline.due < todayInEngland() : false,
      plans,
      changes: (await inspectionChanges(database, inspection.inspectionId)).map(describeChange),
      canManage: allows('inspections.manage', request.user!.roles),
      canStartPlan: allows('improvement.manage', request.user!.roles),
    });
  });
}
