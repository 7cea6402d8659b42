/**
 * Inspection pages: the register and timeline, one inspection (grades, findings, the statutory
 * deadline for the plan), recording an inspection by hand or from an uploaded Ofsted report PDF
 * (parsed by ofsted-report/, pre-filling the form for a person to confirm), and the national picture.
 * Uploads are multipart forms read with Node's own parser (Response.formData), limited in size and
 * checked to be PDFs (name and the %PDF- signature).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../core/http/app.ts';
import { allows } from '../core/auth/access.ts';
import { actorFrom, recordAudit } from '../core/audit/trail.ts';
import { readIndicatorSettings } from '../indicators/settings.ts';
import { todayInEngland } from '../caseloads/routes.ts';
import { dateItems, Errors, readDate, recordNumber, text, type Body } from '../improvement/form.ts';
import { OfstedReportError, parseOfstedReport, JUDGEMENTS, GRADES } from './ofsted-report/parse.ts';
import {
  entryFromReport, FINDING_KINDS, FRAMEWORKS, getInspection, GRADE_NAMES, headline, INSPECTION_TYPES, isFindingKind, isFramework, isGrade, isInspectionType,
  JUDGEMENT_NAMES, listInspections, planDeadline, saveInspection, type InspectionInput,
} from './register.ts';
import { loadNationalData, nationalPicture, NATIONAL_AREAS, ofstedDataFolder } from './national.ts';
import { listPlans } from '../improvement/plan.ts';

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
      text: finding.text,
      kindItems: Object.entries(FINDING_KINDS).map(([value, label]) => ({ value, text: label, selected: value === finding.kind })),
    })),
    findingCount: findingRows.length,
    reportUrl: values.reportUrl ?? '',
    summary: values.summary ?? '',
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
    if (findingText) findings.push({ kind: isFindingKind(kind) ? kind : 'improvement_point', text: findingText });
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

interface UploadBody {
  _csrf?: string;
  report?: { name: string; bytes: Uint8Array };
  _uploadError?: string;
}

async function parseUpload(contentType: string, body: Buffer): Promise<UploadBody> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { _uploadError: 'The upload could not be read. Choose the report again.' };
  }
  const result: UploadBody = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      if (name === '_csrf') result._csrf = value;
      continue;
    }
    if (name !== 'report' || value.size === 0) continue;
    const bytes = new Uint8Array(await value.arrayBuffer());
    const signature = new TextDecoder('latin1').decode(bytes.subarray(0, 5));
    if (!/\.pdf$/i.test(value.name) || signature !== '%PDF-') result._uploadError = `${value.name} is not a PDF: download the report from Ofsted’s website as a PDF.`;
    else result.report = { name: value.name.replace(/^.*[\\/]/, ''), bytes };
  }
  return result;
}

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
    const picture = data ? nationalPicture(data, settings.laCode) : null;
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
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_REPORT_BYTES }, async (request: FastifyRequest, body: Buffer) =>
      parseUpload(String(request.headers['content-type']), body),
    );
    scope.post('/inspections/upload', { config: MANAGE, bodyLimit: MAX_REPORT_BYTES }, async (request, reply) => {
      const body = (request.body ?? {}) as UploadBody;
      if (body._uploadError || !body.report) return uploadPage(reply, body._uploadError ?? 'Choose the Ofsted report (a PDF).');
      try {
        const report = await parseOfstedReport(body.report.bytes);
        const entry = entryFromReport(report);
        await recordAudit(database, actorFrom(request), { action: 'import', subjectType: 'ofsted_report', subjectId: body.report.name, details: { framework: report.framework, local_authority: report.local_authority } });
        return reply.render(
          'inspections/views/form.njk',
          formContext({ ...entry, dates: { start: entry.startDate, end: entry.endDate, published: null } }, new Errors(), {
            title: 'Check the inspection read from the report',
            parsed: { fileName: body.report.name, localAuthority: report.local_authority, findings: report.improvement_points.length, grades: Object.keys(report.grades).length },
          }),
        );
      } catch (error) {
        if (error instanceof OfstedReportError) return uploadPage(reply, `${body.report.name} could not be read as an Ofsted report: ${error.message}`);
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
      canStartPlan: allows('improvement.manage', request.user!.roles),
    });
  });
}
